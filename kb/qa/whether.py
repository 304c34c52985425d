"""Yes or no about a named task without a known agency: whether it has a unit in a role
(第3项有没有配合单位, Does task 3 have a supporting agency?), and whether a body the store does
not know is responsible for it (市丁局是第3项的责任单位吗): no, with the task's real units; and
whether an agency is responsible for tasks several words name (the ones that name it).

A task that resolves is always answered with its citation, never with not_found.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from kb.citation import Citation
from kb.model import path_text
from kb.qa import phrasing
from kb.qa.result import Answer, Asked
from kb.qa.wording import say
from kb.resolve import AMBIGUOUS, Resolution, Target

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase

_BODY_END = re.compile(
    r"(?:[局委办厅部处院会署队所站]|中心|政府|公司)$"
)  # 市丁局: the shape of a body's name
_ROLE_ZH = {"lead": "牵头", "support": "配合", "guide": "指导"}


def body_asked(a: Asked) -> str | None:
    """The name of a body no store knows the question asks about: its subject, or the words left
    beside a task's label (市丁局 in 市丁局是第3项的责任单位吗)."""
    words = a.q.words if a.q.task else None
    return a.q.subject or (words if words and _BODY_END.search(words) else None)


def answer(a: Asked) -> Answer:
    """Yes or no for each task named, with its units and its citation."""
    from kb.qa.task_answers import _per_task

    body = body_asked(a)
    verdicts: list[bool] = []

    def line(target: Target, cite: Citation) -> str:
        task = target.task
        if body:
            verdict, text = False, say("no_agency_in_task", a.english, agency=body) + say("end", a.english)
        else:
            units = [r for r in task.responsibilities if a.q.role is None or str(r.role) == a.q.role]
            role = _role(a)
            verdict = bool(units)
            text = say("has_role" if verdict else "has_no_role", a.english, role=role)
        verdicts.append(verdict)
        evidence = phrasing.where(cite, a.english)
        evidence += phrasing.roles_text(task.responsibilities, "owner_of_task", a.english) or say(
            "no_owner", a.english
        ).rstrip("。.")
        return text + evidence + say("end", a.english)

    out = _per_task(a, line, kind=a.kind)
    return replace(out, verdict=bool(verdicts) and all(verdicts))


def _role(a: Asked) -> str:
    if a.english:
        words = {"lead": "lead", "support": "supporting", "guide": "guiding"}
        return words.get(a.q.role or "", "responsible")
    return _ROLE_ZH.get(a.q.role or "", "责任")


def among_candidates(base: KnowledgeBase, res: Resolution) -> Resolution | None:
    """Words naming several tasks, asked whether an agency is responsible (Does X support shore
    power tasks?): the tasks among them that name the agency (yes), else all of them (no)."""
    p = res.problem
    if p is None or p.status != AMBIGUOUS or p.what != "words" or not res.agencies or not p.candidates:
        return None
    keys = {k for match in res.agencies for k in match.keys}
    found = [Target(base.catalog[c.doc], doc, t) for c in p.candidates for doc in [base.cached(c.doc)]
             for t in doc.tasks if path_text(t.path) == c.path]  # fmt: skip
    mine = [t for t in found if any(r.key in keys for r in t.task.responsibilities)]
    return replace(res, targets=tuple(mine or found), problem=None) if found else None
