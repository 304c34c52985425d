"""Answering questions: structured ones from the graph, free ones from quoted passages.

Structured answers (who owns a task, who leads it, who supports it, an agency's tasks, a
document's agencies, documents on a topic) come straight from the extracted tasks: the
agencies with their roles, the task quoted, a citation 《title》（number） section › item.
No LLM and no llama-index is involved; free questions load them lazily (`kb.qa.free`).
A question the corpus cannot answer gets `not_found`; a task without a marker `no_owner`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.citation import Citation, for_task
from kb.errors import QueryError
from kb.model import Responsibility, Task
from kb.normalize import undecodable
from kb.qa import documents, listing, phrasing, targets
from kb.qa import question as questions
from kb.qa.result import AMBIGUOUS, NO_OWNER, NOT_FOUND, Answer, Candidate, ambiguous, not_found

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase
    from kb.qa.llm import LlmConfig

__all__ = ["AMBIGUOUS", "NOT_FOUND", "NO_OWNER", "Answer", "Candidate", "ask"]


def ask(
    base: KnowledgeBase, text: str, *, script: str | None = None, llm: LlmConfig | None = None,
    limit: int | None = None,
) -> Answer:  # fmt: skip
    """Answer a question in simplified or traditional Chinese or English.

    `limit` is the number of quotes of a free answer (the passages an LLM gets), by default
    3 quotes (5 passages).
    """
    if not text.strip():
        raise QueryError("the question is empty: ask something, e.g. 第12项任务由哪个部门负责？")
    if len(text) > questions.MAX_CHARS:
        raise QueryError(f"the question is too long ({len(text)} characters; at most {questions.MAX_CHARS})")
    if (where := undecodable(text)) is not None:
        raise QueryError(f"the question is not valid text ({where}): is the terminal set to UTF-8?")
    q = questions.parse(text)
    script = script or q.script
    if q.kind in (questions.OWNER, questions.LEAD, questions.SUPPORT):
        return _task_answer(base, q, script)
    if q.kind == questions.TASKS_OF_AGENCY:
        return listing.tasks_of_agency(base, q, script)
    if q.kind == questions.AGENCIES_OF_DOCUMENT:
        return listing.agencies_of_document(base, q, script)
    if q.kind == questions.DOCUMENTS:
        return listing.documents_on(base, q, script)
    from kb.qa import free  # llama-index loads only here

    return free.answer(base, q, script, llm, limit)


# -- one task -----------------------------------------------------------------------------------


def _task_answer(base: KnowledgeBase, q: questions.Question, script: str) -> Answer:
    english = script == "english"
    records = documents.find(base.catalog_index, q.doc) if q.doc else None
    if records == []:
        return not_found(
            q.text, script, f"“{q.doc}”这份文件" if not english else f"no document matches {q.doc!r}"
        )
    if q.task_words:
        lookup = targets.by_words(base, q.task_words, records)
    else:
        assert q.task is not None
        lookup = targets.by_label(base, q.task, records)
    ref = q.task or q.task_words or ""
    if lookup.candidates:
        message = phrasing.several_items(ref, lookup.candidates, lookup.reason, english)
        return ambiguous(q.text, script, message, list(lookup.candidates))
    if not lookup.found:
        what = f"第{q.task}项任务" if q.task else f"“{q.task_words}”这项任务"
        return not_found(q.text, script, what if not english else f"task {ref!r}")
    texts: list[str] = []
    if len({t.record.id for t in lookup.found}) > 1:
        texts.append(phrasing.in_several_documents(ref, len(lookup.found), english))
    citations: list[Citation] = []
    tasks: list[Task] = []
    agencies: list[Responsibility] = []
    for target in lookup.found:
        cite = for_task(target.doc, target.task)
        citations.append(cite)
        tasks.append(target.task)
        agencies.extend(target.task.responsibilities)
        if target.task.responsibilities:
            texts.append(phrasing.task_roles(cite, target.task.responsibilities, q.kind, english))
        else:
            texts.append(phrasing.no_owner(cite, english))
        if target.task.corrected is not None:
            texts[-1] += phrasing.corrected(target.task.corrected, english)
    kind = NO_OWNER if not agencies else q.kind
    answer = phrasing.in_script("\n".join(texts), script)
    return Answer(q.text, kind, answer, tuple(agencies), tuple(tasks), tuple(citations), script=script)
