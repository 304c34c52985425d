"""Tasks the documents give no responsible unit: 哪些任务没有明确责任单位, 有几项任务未列牵头单位,
`Which tasks have no responsible unit?`.

An official checks a plan for gaps before a meeting: the answer lists each item that names no
unit (its label and title, quoted), per document, or counts them. Never an owner: these are the
items the reader found no marker for (DOMAIN.md: a task without a marker has no owner).
Asked for the lead (没有明确牵头单位, `no lead agency`), an item is listed when no unit leads it:
none named, or only units that support (配合单位 alone); a unit listed as responsible, or a
guide with no other unit, answers for the task and counts as its lead.
"""

from __future__ import annotations

import re

from kb.citation import for_task, title_of
from kb.model import Document, Role, Task
from kb.qa.result import Answer, Asked
from kb.qa.wording import say

KIND = "unowned_tasks"

# a negation, maybe a verb of stating, then the kind of unit (normal form: simplified, lower case)
_UNOWNED = re.compile(
    r"(?:没有|没|未|无|尚未|还没有?|不)(?:明确|列明|列出|列|写明|写|注明|规定|指定|落实|标明|确定)?(?:的)?"
    r"(?:责任单位|责任部门|牵头单位|牵头部门|负责单位|负责部门|主办机关|主办单位|承办单位|责任主体|责任机关)"
    r"|\b(?:no|without(?: an?| any)?)\s+(?:responsible|lead(?:ing)?|owning|named)?\s*"
    r"(?:units?|agenc(?:y|ies)|departments?|owners?|bodies|body|bureaus?)\b"
    r"|\b(?:unassigned|unowned)\b"
)


def asks_unowned(norm: str) -> bool:
    """Whether a question (in normal form) asks for the tasks that name no responsible unit."""
    return bool(_UNOWNED.search(norm))


def answer(a: Asked) -> Answer:
    """The tasks of the documents named (every document when none is) that name no unit."""
    records = a.res.records or list(a.base.catalog.values())
    docs = [a.base.cached(r.id) for r in records]
    lead = a.q.role == Role.LEAD
    found = [(doc, [t for t in doc.tasks if _lacks(t, lead)]) for doc in docs]
    found = [(doc, tasks) for doc, tasks in found if tasks or len(docs) == 1]
    total = sum(len(tasks) for _, tasks in found)
    lines: list[str] = []
    citations = []
    for doc, tasks in found:
        lines.append(_heading(doc, len(tasks), a.english, lead))
        for task in tasks:
            lines.append(f"  {_label(task)}  {task.title or task.text[:40]}")
            citations.append(for_task(doc, task))
    if not found:
        lines.append(say("unowned_nowhere" + ("_lead" if lead else ""), a.english))
    listed = tuple(t for _, tasks in found for t in tasks)
    count = total if a.q.counted == "tasks" else None
    return Answer(a.q.question, KIND, a.text("\n".join(lines)), tasks=listed, citations=tuple(citations),
                  script=a.script, count=count)  # fmt: skip


def _lacks(task: Task, lead: bool) -> bool:
    """Whether `task` names no unit (`lead`: no unit that leads or answers for it)."""
    if not lead:
        return not task.responsibilities
    return all(r.role is Role.SUPPORT for r in task.responsibilities)


def _heading(doc: Document, n: int, english: bool, lead: bool) -> str:
    which = "_lead" if lead else ""
    if n == 0:
        return say("unowned_none" + which, english, title=title_of(doc))
    return say("unowned_some" + which, english, title=title_of(doc), n=n, s="s" if n != 1 else "")


def _label(task: Task) -> str:
    return task.path_text or str(task.seq)
