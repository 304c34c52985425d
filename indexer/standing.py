"""Standing rules: bodies named once for every later task of a scope (DOMAIN.md s. 3).

`（市甲局指导，以下各项均由各区政府落实，不再一一列出）`, `以下各项均由各区政府落实，不再一一列出。`,
`各地区要结合实际抓好落实，以下不再列出。`: the bodies such a rule names are responsible for every
task after it in its scope (the section whose own text holds it, or the rest of the document
when it stands before the first heading). They are added to each of those tasks flagged
`implied`, after the task's own units: a guide stays a guide; the others lead a task that names
no lead of its own and support one that does. A sentence that only mentions the words
(`有关事项不再一一列出`) names nobody and adds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer import spans
from indexer.names import agency_like
from indexer.responsibility import STANDING_RULE, Bodies, verb_clause
from indexer.roles import VERB_ROLES, VERBS, Convention, Entry, Group, assign
from kb.model import Role, Span

# `以下各项均由A落实`, `各项任务均由A负责落实`, `以下各项均需A落实`: words of scope, then the bodies.
_EVERY = re.compile(
    r"^(?:以下|下列|本部分|本章|本节|本项|上述)?(?:各项|所有|各条|全部|各)?(?:任务|工作|措施|事项)?"
    rf"(?:均|都|皆|统一|全部|一律)?(?:需|须|要|应)?由?(?P<names>.+?)(?P<verb>{VERBS})$"
)
_SUBJECT = re.compile(r"^(?P<names>[^，；。要]{2,40}?)要(?P<rest>.+)$")  # 各地区要结合实际抓好落实
_VERB_IN = re.compile(VERBS)
_SPLIT = re.compile(r"[，；。]")


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
        entries = _read(view[where.start : where.end], bodies)
        if entries:
            out.append(Rule(where, tuple(entries), scope_end))
    return out


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
    """The bodies a rule names, or none unless every clause of it is a marker clause."""
    groups: list[Group] = []
    for clause in (c.strip() for c in _SPLIT.split(text)):
        if not clause or STANDING_RULE.search(clause) and not _EVERY.match(clause):
            continue
        found = _clause(clause, bodies)
        if found is None:
            return []
        groups.extend(found)
    return [e._replace(implied=True) for e in assign(groups, Convention())] if groups else []


def _clause(clause: str, bodies: Bodies) -> list[Group] | None:
    every = _EVERY.match(clause)
    if every:
        names = bodies.split(every.group("names"))
        if names and all(agency_like(n) for n in names):
            return [Group(VERB_ROLES[every.group("verb")], names, every.group("verb"))]
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
