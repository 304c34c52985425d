"""Putting the facts of an answer into the sentences of kb.qa.wording, in the question's
language: Chinese (either script) or English.

Only the words around the facts are written here; names come from the documents and quotes
are never converted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kb import lexicon, places
from kb.citation import Citation, title_of
from kb.model import Corrected, Document, PartKind, Responsibility, Role, Task, path_text
from kb.normalize import to_traditional
from kb.qa.wording import say

if TYPE_CHECKING:
    from kb.resolve import Candidate
    from kb.responsibilities import AgencySummary

ROLE_ZH = {Role.LEAD: "牵头", Role.SUPPORT: "配合", Role.RESPONSIBLE: "负责", Role.GUIDE: "指导"}
_VERB_EN = {"lead": "leads", "support": "supports", "responsible": "is responsible for", "guide": "guides"}
_ROLE_EN = {"lead": "lead", "support": "support", "responsible": "responsible", "guide": "guide"}


def in_script(text: str, script: str) -> str:
    """Our own wording in the question's script (quotes are never passed through here)."""
    return to_traditional(text) if script == "traditional" else text


def verb(role: str | None, english: bool) -> str:
    """牵头 / leads for a role; 负责 / is responsible for for any role."""
    if english:
        return _VERB_EN.get(role or "responsible", "is responsible for")
    return ROLE_ZH[Role(role)] if role else "负责"


def names(responsibilities: Sequence[Responsibility], role: Role) -> list[str]:
    return [r.name for r in responsibilities if r.role is role]


def where(cite: Citation, english: bool) -> str:
    return say("where", english, source=cite.source, location=cite.location)


def task_roles(cite: Citation, rs: Sequence[Responsibility], kind: str, english: bool) -> str:
    """One task's agencies, worded for an owner, lead or support question."""
    return where(cite, english) + roles_text(rs, kind, english) + say("end", english)


def roles_text(rs: Sequence[Responsibility], kind: str, english: bool) -> str:
    """牵头单位为…；配合单位为… (the parts a lead or support question asks for first); a body's
    own divisions (its 牵头处室 column) after the units, in their own words: 牵头处室为…."""
    divisions = [r for r in rs if is_division(r)]
    units = [r for r in rs if not is_division(r)]
    parts = [_units_text(units, kind, english)] if units or not divisions else []
    for word in dict.fromkeys(r.verb for r in divisions):
        of = [r for r in divisions if r.verb == word]
        role = str(of[0].role) if english else word
        parts.append(say("division_is", english, role=role, names="、".join(r.name for r in of)))
    return say("parts", english).join(parts)


def is_division(r: Responsibility) -> bool:
    """A division of a body named in a division column (its role word is 牵头处室, 配合科室)."""
    return r.verb.endswith(lexicon.division_words()) and len(r.verb) > 2


def _units_text(rs: Sequence[Responsibility], kind: str, english: bool) -> str:
    lead, support = "、".join(names(rs, Role.LEAD)), "、".join(names(rs, Role.SUPPORT))
    other = [(r.role, r.name) for r in rs if r.role in (Role.RESPONSIBLE, Role.GUIDE)]
    parts: list[str] = []
    guides = names(rs, Role.GUIDE)
    if kind == "lead_of_task" and not lead and guides and len(guides) == len(rs):
        parts.append(say("guide_leads", english, names="、".join(guides)))  # the guide is who leads
        other = []
    elif kind == "lead_of_task":
        parts.append(say("led_by", english, names=lead) if lead else say("no_lead", english))
        if support:
            parts.append(say("support_is", english, names=support))
    elif kind == "support_of_task":
        parts.append(say("support_is", english, names=support) if support else say("no_support", english))
        if lead:
            parts.append(say("lead_is", english, names=lead))
    else:
        if lead:
            parts.append(say("lead_is", english, names=lead))
        if support:
            parts.append(say("support_is", english, names=support))
    for role in dict.fromkeys(r for r, _ in other):  # 指导单位为甲部、乙部 (each role once)
        names_of = "、".join(name for r, name in other if r is role)
        parts.append(say("role_is", english, role=str(role) if english else ROLE_ZH[role], names=names_of))
    return say("parts", english).join(parts)


def corrected(c: Corrected, english: bool) -> str:
    """The mark of a task an official corrected, with the basis given."""
    return say("corrected", english, by=c.by, at=c.at[:10], note=c.note)


def no_owner(cite: Citation, english: bool) -> str:
    return where(cite, english) + say("no_owner", english)


def by_order(label: str, task: Task, english: bool) -> str:
    """The document prints no such label: say which task, in that position, is answered."""
    return say("by_order", english, label=label, n=task.seq, path=path_text(task.path), title=task.title)


# a label asked as printed (第十二条, 第三项): said as it is, not wrapped in 第…项 again
_PRINTED = re.compile(r"第.+[条條项項款]")


def missing_task(ref: str, docs: Sequence[Document], english: bool) -> str:
    """What was not found when a label names no task: the label as asked (第十二条, 第（九）项任务),
    of the document when one document with one body was named."""
    what = say("what_task_printed" if _PRINTED.fullmatch(ref) else "what_task_label", english, ref=ref)
    bodies = [p for p in docs[0].parts if p.kind is PartKind.BODY] if len(docs) == 1 else []
    if len(bodies) <= 1 and len(docs) == 1:
        what = say("task_of_document", english, title=title_of(docs[0]), what=what)
    return what


def not_found(what: str, english: bool) -> str:
    return say("not_found", english, what=what)


def task_entry(task: Task, role: Role | None, english: bool) -> str:
    """One task in a list: its path and title, the role asked about and the deadline."""
    role_text = say("entry_role", english, verb=str(role) if english else ROLE_ZH[role]) if role else ""
    due = say("entry_deadline", english, deadline=task.deadline) if task.deadline else ""
    return f"{''.join(task.path)}  {task.title}{role_text}{due}"


# -- ambiguity ----------------------------------------------------------------------------------


def several_items(ref: str, candidates: Sequence[Candidate], reason: str, english: bool) -> str:
    """Why a task reference is ambiguous, and how to name one of its candidates."""
    docs = len({c.doc for c in candidates})
    example = next((c.path for c in candidates if not c.heading), candidates[0].path)
    if reason == "heading":
        return say("heading_only", english, ref=ref, example=example)
    if reason == "words":
        return say("close_matches", english, ref=ref, n=len(candidates), example=example)
    if reason == "documents":
        return say("label_in_documents", english, ref=ref, n=len(candidates))
    if english:
        scope = say("in_documents", True, n=docs) if docs > 1 else "the document"
    else:
        scope = say("in_documents", False, n=docs) if docs > 1 else ""
    return say("several_items", english, ref=ref, where=scope, n=len(candidates), example=example)


def several_documents(phrase: str, count: int, english: bool) -> str:
    return say("several_documents", english, ref=phrase, n=count)


def in_several_documents(ref: str, count: int, english: bool) -> str:
    return say("in_several_documents", english, ref=ref, n=count)


def candidate_lines(candidates: Sequence[Candidate], script: str) -> list[str]:
    """The candidates of an ambiguous answer, grouped by document, in the answer's script."""
    if all(not c.path for c in candidates):
        return [in_script(f"  {c.doc}  {c.doc_title}", script) for c in candidates]
    mark = say("heading_mark", script == "english")
    several = len({c.doc for c in candidates}) > 1
    lines: list[str] = []
    for i, c in enumerate(candidates):
        if several and (i == 0 or candidates[i - 1].doc != c.doc):
            lines.append(f"  {c.doc}  《{c.doc_title}》")
        indent = "    " if several else "  "
        lines.append(f"{indent}{c.path}  {c.title}{mark if c.heading else ''}")
    return [in_script(line, script) for line in lines]


# -- agencies -----------------------------------------------------------------------------------


def no_agency(name: str, role: str | None, english: bool) -> str:
    """What was looked for when no agency of that name has tasks (in that role)."""
    return say("what_agency_role", english, ref=name, verb=verb(role, False))


def several_agencies(name: str, count: int, english: bool) -> str:
    return say("several_agencies", english, ref=name, n=count)


def agency_head(
    summary: AgencySummary, role: str | None, counts: Counter[str], docs: int, english: bool
) -> str:
    """One agency's line above its tasks: what it does, how often, in how many documents."""
    who, total = display(summary), sum(counts.values())
    if role:
        n = _n(counts[role], "task") if english else counts[role]
        return say("agency_role_head", english, who=who, verb=verb(role, english), n=n, tasks=n,
                   docs=docs, documents=_n(docs, "document"), roles=roles(counts, english))  # fmt: skip
    return say("agency_head", english, who=who, n=total, tasks=_n(total, "task"), docs=docs,
               documents=_n(docs, "document"), roles=roles(counts, english))  # fmt: skip


def agency_has_no_role(
    summary: AgencySummary, role: str, counts: Counter[str], docs: int, listed: bool, english: bool
) -> str:
    """An agency asked about in a role it has in no task: say so, and what it does instead
    (`listed`: its tasks follow)."""
    total = sum(counts.values())
    text = say("agency_no_role", english, who=display(summary), verb=verb(role, english), n=total,
               tasks=_n(total, "task"), docs=docs, documents=_n(docs, "document"),
               roles=roles(counts, english))  # fmt: skip
    return text + (say("listed", english) if listed else say("end", english))


def agency_count(name: str, counts: Counter[str], english: bool) -> str:
    """An agency of a document with its number of tasks per role."""
    return say("agency_count", english, name=name, lead=counts["lead"], support=counts["support"])


def display(summary: AgencySummary) -> str:
    """The agency's full name, with its place when the name does not say it (各区政府（北京市）)."""
    place = summary.jurisdiction or ""
    if not place or places.place_of(summary.canonical) == place:
        return summary.canonical
    return f"{summary.canonical}（{place}）"


def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def roles(counts: Counter[str], english: bool) -> str:
    """牵头3项、配合2项 / 3 lead, 2 support."""
    order = [r for r in ("lead", "support", "responsible", "guide") if counts[r]]
    parts = [say("role_count", english, n=counts[r], verb=_ROLE_EN[r] if english else ROLE_ZH[Role(r)])
             for r in order]  # fmt: skip
    return say("role_counts_sep", english).join(parts)
