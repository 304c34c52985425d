"""Standing rules: bodies named once for every later task of a scope (DOMAIN.md s. 3).

`（市甲局指导，以下各项均由各区政府落实，不再一一列出）`, `以下各项均由各区政府落实，不再一一列出。`,
`各地区要结合实际抓好落实，以下不再列出。`, `下列事项均由市甲局牵头。`, Taiwan's `以下各項均由各區公所
辦理。`, or a heading's tail (`一、重点任务：以下各项任务均由…`): the bodies such a rule names are
responsible for every task after it in its scope (`scoped`: the section
whose own text holds it, up to the next heading of that section's level). They are added to each
of those tasks flagged `implied`, after the task's own units: a guide stays a guide; the others
lead a task that names no lead of its own and support one that does. A sentence that only
mentions the words (`有关事项不再一一列出`) names nobody and adds nothing; one about the items
before it (`以上各项…不再一一列出`) is no rule for those after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from indexer import spans
from indexer.names import agency_like
from indexer.responsibility import NOT_LISTED, STANDING_RULE, Bodies, verb_clause
from indexer.roles import VERB_ROLES, VERBS, Convention, Entry, Group, assign
from indexer.tasks import own_text
from kb.model import Role, Section, Span

# `以下各项均由A落实`, `各项任务均由A负责落实`, `以下各项均需A落实`: words of scope, then the bodies.
_EVERY = re.compile(
    r"^(?:以下|下列|本部分|本章|本节|本项|上述)?(?:各项|所有|各条|全部|各)?(?:任务|工作|措施|事项)?"
    rf"(?:均|都|皆|统一|全部|一律)?(?:需|须|要|应)?由?(?P<names>.+?)(?P<verb>{VERBS}|负责办理|办理)$"
)  # 办理 (Taiwan's `由各區公所辦理`) only here: in a task's own text it is a common word
_SCOPE_WORDS = re.compile(r"^(?:以下|下列|本部分|本章|本节)")  # the clause that says which items
BACKWARD = re.compile(r"以上|上述|前述")  # a rule about the items before it
_SUBJECT = re.compile(r"^(?P<names>[^，；。要]{2,40}?)要(?P<rest>.+)$")  # 各地区要结合实际抓好落实
_VERB_IN = re.compile(VERBS)
_SPLIT = re.compile(r"[，；。：]")


@dataclass(frozen=True, slots=True)
class Rule:
    """A standing rule: where it is written, the bodies it names, and where its scope ends."""

    span: Span
    entries: tuple[Entry, ...]
    scope_end: int


def rules(view: str, start: int, end: int, scope_end: int, bodies: Bodies) -> list[Rule]:
    """The standing rules written in view[start:end], each holding until `scope_end`."""
    out: list[Rule] = []
    for m in STANDING_RULE.finditer(view, start, end):
        where = _container(view, m.start(), start, end)
        if out and out[-1].span == where:
            continue
        if not NOT_LISTED.search(view, where.start, where.end) and not _stated(view, where):
            continue
        entries = _read(view[where.start : where.end], bodies)
        if entries:
            out.append(Rule(where, tuple(entries), scope_end))
    return out


def scoped(view: str, sections: Sequence[Section], seps: Bodies) -> list[Rule]:
    """Standing rules (`以下各项均由各区政府落实，不再一一列出`) with the end of their scope: the
    section whose own text holds one, or the document from a rule before the first heading.

    A rule with no heading of its section after it (a paragraph of its own between `（一）…`
    and `（二）…`, which the item above holds) is about the items of the level it stands at:
    the scope is the nearest section above with a heading after the rule, up to the next heading
    of that section's level (the rest of the document at the top level)."""
    if not STANDING_RULE.search(view):
        return []
    found = rules(view, 0, sections[0].span.start if sections else len(view), len(view), seps)
    children: dict[int, list[Section]] = {}
    for s in sections:
        if s.parent is not None:
            children.setdefault(s.parent, []).append(s)
    for s in sections:
        for start, end in own_text(s, children.get(s.index, [])):
            for rule in rules(view, start, end, s.span.end, seps):
                found.append(_widened(view, rule, s, sections, children))
    return found


def _widened(
    view: str, rule: Rule, section: Section, sections: Sequence[Section],
    children: dict[int, list[Section]],
) -> Rule:  # fmt: skip
    """A rule whose section has no heading after it, with the scope of the level it stands at."""
    if BACKWARD.search(view, rule.span.start, rule.span.end):
        return rule
    holder: Section | None = section
    while holder is not None:
        if any(k.span.start >= rule.span.end for k in children.get(holder.index, [])):
            return replace(rule, scope_end=holder.span.end)
        holder = sections[holder.parent] if holder.parent is not None else None
    top_level_after = any(s.parent is None and s.span.start >= rule.span.end for s in sections)
    return replace(rule, scope_end=len(view)) if top_level_after else rule


def _stated(view: str, where: Span) -> bool:
    """Whether a rule naming the items below (`下列事项均由市甲局牵头`) is a statement of its own:
    a sentence ending with `。` or a bracket. One ending with `：` introduces a list (a law's
    `下列事项由审议会办理：一、…`: the duties of a body, no owner of a task)."""
    return view[where.end : where.end + 1] in ("。", "！", "）", "】", "］", "]")


def _container(view: str, pos: int, start: int, end: int) -> Span:
    """The bracket holding `pos` on its line, else its sentence."""
    line_start = max(start, view.rfind("\n", start, pos) + 1)
    line_end = view.find("\n", pos, end)
    line_end = end if line_end == -1 else line_end
    for span in spans.parentheticals(view, line_start, line_end):
        if span.start < pos < span.end:
            return Span(span.start + 1, span.end - 1)
    begin = max(line_start, *(view.rfind(c, line_start, pos) + 1 for c in "。！？"))
    stop = min((i for i in (view.find(c, pos, line_end) for c in "。！？") if i != -1), default=line_end)
    return Span(begin, stop)


def _read(text: str, bodies: Bodies) -> list[Entry]:
    """The bodies a rule names, or none unless every clause of it is a marker clause; words
    before the clause saying which items (a heading's: `重点任务：以下各项…`) name nobody."""
    groups: list[Group] = []
    clauses = [c.strip() for c in _SPLIT.split(text) if c.strip()]
    scope = next((i for i, c in enumerate(clauses) if _SCOPE_WORDS.match(c)), 0)
    for i, clause in enumerate(clauses):
        if NOT_LISTED.search(clause) and not _EVERY.match(clause):
            continue
        found = _clause(clause, bodies)
        if found is None and i < scope and not groups:
            continue
        if found is None:
            return []
        groups.extend(found)
    return [e._replace(implied=True) for e in assign(groups, Convention())] if groups else []


def _clause(clause: str, bodies: Bodies) -> list[Group] | None:
    every = _EVERY.match(clause)
    if every:
        names = bodies.split(every.group("names"))
        if names and all(agency_like(n) for n in names):
            verb = every.group("verb")
            return [Group(VERB_ROLES.get(verb, Role.RESPONSIBLE), names, verb)]
    found = verb_clause(clause, bodies)
    if found is not None:
        return found
    subject = _SUBJECT.match(clause)
    if subject:
        names = bodies.split(subject.group("names"))
        verbs = _VERB_IN.findall(subject.group("rest"))
        if names and all(agency_like(n) for n in names):
            return [Group(Role.RESPONSIBLE, names, verbs[-1] if verbs else "")]
    return None


def apply(own: list[Entry], rule: Rule) -> list[Entry]:
    """A rule's bodies for one task with `own` units: those it does not name, in the role they
    take beside its own (a lead of the rule supports a task that has a lead)."""
    named = {e.name for e in own}
    has_lead = any(e.role is Role.LEAD for e in own)
    out = []
    for e in rule.entries:
        if e.name in named:
            continue
        if has_lead and e.role in (Role.LEAD, Role.RESPONSIBLE):
            e = e._replace(role=Role.SUPPORT)
        out.append(e)
    return out
