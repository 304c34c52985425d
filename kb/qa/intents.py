"""From slots to the kind of answer: a small table of named rules, the first that holds wins.

Each rule reads only the slots (kb.qa.slots), never the question's text, so a phrasing that
fills the same slots gets the same kind whatever words it used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kb.qa import asked as s
from kb.qa import due
from kb.qa.slots import Slots

OWNER, LEAD, SUPPORT = "owner_of_task", "lead_of_task", "support_of_task"
TASKS_OF_AGENCY, AGENCIES_OF_DOCUMENT, DOCUMENTS, FREE = (
    "tasks_of_agency", "agencies_of_document", "documents", "free",
)  # fmt: skip
YES_NO, COUNT, DEADLINE, ISSUER, DATE = "yes_no", "count", "deadline", "issuer", "date"
UNOWNED, TASK_TEXT, DUE, DOC_NUMBER = "unowned_tasks", "task_text", "due_tasks", "doc_number"
KINDS = (OWNER, LEAD, SUPPORT, TASKS_OF_AGENCY, AGENCIES_OF_DOCUMENT, DOCUMENTS, YES_NO, COUNT, DEADLINE,
         ISSUER, DATE, UNOWNED, TASK_TEXT, DUE, DOC_NUMBER, FREE)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    holds: Callable[[Slots], bool]
    kind: str


def _who(aspect: str) -> Callable[[Slots], bool]:
    return lambda q: q.aspect == aspect and bool(q.target)


RULES: tuple[Rule, ...] = (
    Rule("an agency and a task, yes or no", lambda q: q.aspect == s.YES_NO and bool(q.agencies and q.target),
         YES_NO),
    Rule("whether a task has a unit (in a role), or names a body no store knows",
         lambda q: q.aspect == s.YES_NO and bool(q.task) and not q.agencies, YES_NO),
    Rule("an agency's tasks, yes or no", lambda q: q.aspect == s.YES_NO and bool(q.agencies), YES_NO),
    Rule("the number of a task's agencies", lambda q: q.aspect == s.COUNT and q.counted == "agencies"
         and bool(q.target), COUNT),
    Rule("the number of an agency's tasks", lambda q: q.aspect == s.COUNT and bool(q.agencies), COUNT),
    Rule("the number of a document's agencies", lambda q: q.aspect == s.COUNT and q.counted == "agencies"
         and bool(q.doc), COUNT),
    Rule("the number of tasks", lambda q: q.aspect == s.COUNT and q.counted == "tasks", COUNT),
    Rule("the tasks due by a time", lambda q: q.aspect == s.DEADLINE and not (q.task or q.quoted)
         and due.asks_time(q.words), DUE),
    Rule("a task's deadline", lambda q: q.aspect == s.DEADLINE and bool(q.target), DEADLINE),
    Rule("an agency's deadlines", lambda q: q.aspect == s.DEADLINE and bool(q.agencies), DEADLINE),
    Rule("a document's deadlines", lambda q: q.aspect == s.DEADLINE and bool(q.doc), DEADLINE),
    Rule("a document's number", lambda q: q.aspect == s.DOC_NUMBER, DOC_NUMBER),
    Rule("who issued a document", lambda q: q.aspect == s.ISSUER and bool(q.doc) and not q.target, ISSUER),
    Rule("when a document was issued",
         lambda q: q.aspect == s.DATE and bool(q.doc) and not (q.words or q.quoted), DATE),
    Rule("when a task named by its words is due", lambda q: q.aspect == s.DATE and bool(q.words or q.quoted),
         DEADLINE),
    Rule("what a task says", _who(s.CONTENT), TASK_TEXT),
    Rule("who leads a task", _who(s.LEAD), LEAD),
    Rule("who supports a task", _who(s.SUPPORT), SUPPORT),
    Rule("who owns a task", _who(s.OWNERS), OWNER),
    Rule("an agency's tasks", lambda q: q.aspect in (s.TASKS, s.OWNERS, s.LEAD, s.SUPPORT)
         and bool(q.agencies), TASKS_OF_AGENCY),
    Rule("a document's agencies", lambda q: q.aspect in (s.OWNERS, s.LEAD, s.SUPPORT) and bool(q.doc),
         AGENCIES_OF_DOCUMENT),
    Rule("the tasks of a body no store knows", lambda q: q.aspect == s.TASKS and bool(q.subject)
         and (q.words or "").lower() in ("", (q.subject or "").lower()), TASKS_OF_AGENCY),
    Rule("documents on a topic", lambda q: q.aspect == s.DOCUMENTS, DOCUMENTS),
    Rule("the tasks that name no unit", lambda q: q.aspect == s.UNOWNED, UNOWNED),
    Rule("anything else: quote the passages", lambda q: True, FREE),
)  # fmt: skip


def intent(q: Slots) -> Rule:
    """The first rule that holds for the slots."""
    return next(rule for rule in RULES if rule.holds(q))
