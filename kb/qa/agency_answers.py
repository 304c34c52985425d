"""Answers about agencies: their tasks (in one document or everywhere, in the role asked, or
those several agencies share), how many, by when, and whether they have any.

All come from the catalogue's responsibilities (kb.responsibilities), without any LLM. A short
name several jurisdictions use (`市科委`) is answered per agency, never merged into one; a
document named keeps the answer to it (and so to its jurisdiction's bodies).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from kb.citation import for_task, title_of
from kb.qa import phrasing
from kb.qa.result import Answer, Asked, not_found
from kb.qa.wording import say
from kb.responsibilities import Assignment

_CJK = ("\u4e00", "\u9fff")


def _groups(a: Asked) -> list[tuple[str, str, list[Assignment]]]:
    """(name asked, agency key, its assignments in the documents named), busiest first."""
    docs = {r.id for r in a.res.records} or None
    index = a.base.agency_index
    out = []
    for match in a.res.agencies:
        for key in match.keys:
            found = [x for x in index.tasks_of(key) if docs is None or x.record.id in docs]
            if found:
                out.append((match.name, key, sorted(found, key=lambda x: (x.record.id, x.task.seq))))
    out.sort(key=lambda g: (-_count(g[2], a.q.role, _assessing(a)), index.summary(g[1]).canonical))
    return out


def _count(assignments: list[Assignment], role: str | None, assessing: bool = False) -> int:
    return sum(1 for x in assignments if _in_role(x, role, assessing))


# 作为牵头考核单位, 负责考核: the department that assesses an indicator (an assessment table's
# column, recorded as guide, kb.model.Responsibility.verb 牵头考核), whatever role it was given
_ASSESSING = re.compile(r"牵头考核|负责考核|考核(?:单位|部门|科室)|assess(?:es|ing|or)?\b")


def _in_role(x: Assignment, role: str | None, assessing: bool = False) -> bool:
    if role is None:
        return True
    if assessing:
        return "考" in x.responsibility.verb
    return str(x.responsibility.role) == role


def _assessing(a: Asked) -> bool:
    return a.q.role is not None and bool(_ASSESSING.search(a.q.norm))


def _missing(a: Asked) -> Answer:
    """No task of the agencies named (in the documents named)."""
    name = "、".join(m.name for m in a.res.agencies) or a.q.subject or a.q.words or ""
    what = phrasing.no_agency(name, a.q.role, a.english)
    if a.res.records and not a.english:
        what = f"《{title_of(a.base.cached(a.res.records[0].id))}》中{what}"
    return not_found(a.q.question, a.script, what)


def tasks_of_agency(a: Asked, only_due: bool = False) -> Answer:
    """Every task of the agencies named, grouped by agency (`only_due`: those with a deadline)."""
    if a.q.joint and len(a.res.agencies) > 1:
        return shared(a)
    groups = _groups(a)
    if only_due:
        groups = [(n, k, [x for x in g if x.task.deadline]) for n, k, g in groups]
        groups = [g for g in groups if g[2]]
    if not groups:
        return _missing(a)
    lines: list[str] = []
    names = {n for n, _k, _g in groups}
    if len(groups) > 1 and len(names) == 1:
        lines.append(phrasing.several_agencies(groups[0][0], len(groups), a.english))
    in_role = any(_count(g, a.q.role, _assessing(a)) for _n, _k, g in groups)
    shown: list[Assignment] = []
    for _name, key, assignments in groups:
        summary = a.base.agency_index.summary(key)
        chosen = [x for x in assignments if _in_role(x, a.q.role, _assessing(a))]
        seats = {x.responsibility.jurisdiction for x in chosen or assignments}  # 工务局 of Macao, of Tainan
        summary = replace(summary, jurisdiction=seats.pop() if len(seats) == 1 else None)
        counts = Counter(str(x.responsibility.role) for x in assignments)
        docs = len({x.record.id for x in (chosen or assignments)})
        if chosen:
            lines.append(phrasing.agency_head(summary, a.q.role, counts, docs, a.english))
        else:  # say so, and list what it does when no agency named has that role
            chosen = [] if in_role else assignments
            lines.append(
                phrasing.agency_has_no_role(summary, a.q.role or "", counts, docs, bool(chosen), a.english)
            )
        lines += _task_lines(a, chosen)
        shown += chosen
    return _answer(a, lines, shown)


def shared(a: Asked) -> Answer:
    """The tasks every agency named is responsible for (共同负责)."""
    docs = {r.id for r in a.res.records} or None
    index = a.base.agency_index
    per_agency = []
    own = dict(zip(a.q.agencies, a.q.agency_roles, strict=False))
    for match in a.res.agencies:
        role = own.get(match.name, a.q.role)
        role = None if role == "any" else role
        found = [x for k in match.keys for x in index.tasks_of(k) if docs is None or x.record.id in docs]
        per_agency.append({(x.record.id, x.task.seq): x for x in found if role is None
                           or str(x.responsibility.role) == role})  # fmt: skip
    common = sorted(set.intersection(*(set(p) for p in per_agency)))
    names = "、".join(m.name for m in a.res.agencies)
    if not common:
        return not_found(a.q.question, a.script, say("joint_none", a.english, names=names))
    if a.q.agency_roles:  # 市科委牵头、市教委配合的任务有9项
        held = [f"{m.name}{phrasing.verb(own.get(m.name), False)}" if not a.english
                else f"{m.name} {phrasing.verb(own.get(m.name), True)}" for m in a.res.agencies]  # fmt: skip
        head = say("roles_head", a.english, names=("、" if not a.english else ", ").join(held), n=len(common),
                   tasks=_n(len(common)))  # fmt: skip
    else:
        head = say("joint_head", a.english, names=names, n=len(common), tasks=_n(len(common)))
    lines = [head]
    chosen = [per_agency[0][c] for c in common]
    lines += _task_lines(a, chosen, with_roles=True)
    shown = [p[c] for p in per_agency for c in common]
    return _answer(a, lines, shown, tasks=chosen)


def _n(count: int) -> str:
    return f"{count} task" + ("" if count == 1 else "s")


def _task_lines(a: Asked, assignments: list[Assignment], with_roles: bool = False) -> list[str]:
    """An agency's tasks under the title of their document."""
    lines: list[str] = []
    for i, x in enumerate(assignments):
        doc = a.base.cached(x.record.id)
        if i == 0 or assignments[i - 1].record.id != x.record.id:
            lines.append("  " + for_task(doc, doc.tasks[0]).source)
        task = doc.tasks[x.task.seq - 1]
        entry = phrasing.task_entry(task, None if with_roles else x.responsibility.role, a.english)
        if with_roles:
            entry += "（" + phrasing.roles_text(task.responsibilities, "owner_of_task", a.english) + "）"
        lines.append("    " + entry)
    return lines


def _answer(
    a: Asked, lines: list[str], shown: list[Assignment], tasks: list[Assignment] | None = None
) -> Answer:
    listed = list(dict.fromkeys((x.record.id, x.task.seq) for x in (tasks if tasks is not None else shown)))
    found = tuple(a.base.cached(doc).tasks[seq - 1] for doc, seq in listed)
    citations = tuple(for_task(a.base.cached(t.doc), t) for t in found)
    unique = {(x.responsibility.key, x.responsibility.role): x.responsibility for x in shown}
    return Answer(a.q.question, a.kind, a.text("\n".join(lines)), tuple(unique.values()), found, citations,
                  script=a.script)  # fmt: skip


def yes_no(a: Asked) -> Answer:
    """Whether the agencies named have tasks (in the documents named, in the role asked)."""
    listed = tasks_of_agency(a)
    found = (
        bool(listed.tasks)
        and listed.kind != "not_found"
        and (a.q.role is None or any(str(r.role) == a.q.role for r in listed.agencies))
    )
    if found:
        head = a.text(say("yes_tasks", a.english, head=""))
        return replace(listed, kind=a.kind, answer=head + listed.answer, verdict=True)
    where = (
        f"《{title_of(a.base.cached(a.res.records[0].id))}》" if a.res.records else say("anywhere", a.english)
    )
    names = "、".join(m.name for m in a.res.agencies)
    text = say("no_tasks", a.english, agency=names, where=where, verb=phrasing.verb(a.q.role, a.english))
    return Answer(a.q.question, a.kind, a.text(text), script=a.script, verdict=False)


def count(a: Asked) -> Answer:
    """How many tasks each agency named has (in the documents named, in the role asked)."""
    groups = _groups(a)
    if not groups:
        return _missing(a)
    where = ""
    if a.res.records:
        title = title_of(a.base.cached(a.res.records[0].id))
        where = say("in_document", a.english, title=title) if len(a.res.records) == 1 else ""
        where = ("在" + where) if where and not a.english else where
    lines, shown, total = [], [], 0
    for _name, key, assignments in groups:
        summary = a.base.agency_index.summary(key)
        chosen = [x for x in assignments if _in_role(x, a.q.role, _assessing(a))]
        seats = {x.responsibility.jurisdiction for x in chosen or assignments}  # 工务局 of Macao, of Tainan
        summary = replace(summary, jurisdiction=seats.pop() if len(seats) == 1 else None)
        counts = Counter(str(x.responsibility.role) for x in assignments)
        verb = phrasing.verb(a.q.role, a.english)
        who = phrasing.display(summary)
        if chosen:
            lines.append(say("count_agency", a.english, who=who, where=where, verb=verb, n=len(chosen),
                             tasks=_n(len(chosen)), roles=phrasing.roles(counts, a.english)))  # fmt: skip
        else:
            lines.append(say("count_agency_none", a.english, who=who, where=where, verb=verb))
        shown += chosen
        total += len(chosen)
    answer = _answer(a, lines, shown)
    return replace(answer, count=total, citations=())  # a number: the tasks are listed, not quoted
