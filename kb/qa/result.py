"""What `kb ask` returns: an answer with the facts, quotes and candidates it rests on."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.citation import Citation, title_of
from kb.model import Document, Responsibility, SectionIndex, Task
from kb.qa import phrasing

NOT_FOUND, NO_OWNER, AMBIGUOUS = "not_found", "no_owner", "ambiguous"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One of the things an ambiguous question may mean: a document, or a task in one."""

    doc: str
    doc_title: str
    path: str = ""  # the task's path (二（一）1); empty for a document
    title: str = ""  # the task's (or heading's) title; empty for a document
    heading: bool = False  # a heading that shares the label, not a task


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer with the facts and quotes it rests on."""

    question: str
    kind: str
    answer: str
    agencies: tuple[Responsibility, ...] = ()
    tasks: tuple[Task, ...] = ()
    citations: tuple[Citation, ...] = ()
    candidates: tuple[Candidate, ...] = ()  # when the question is ambiguous
    flagged: tuple[int, ...] = ()  # citation numbers an LLM gave that match no passage
    script: str = "simplified"
    notes: tuple[str, ...] = field(default_factory=tuple)


def not_found(question: str, script: str, what: str) -> Answer:
    """Nothing in the knowledge base answers `question`; `what` says what was looked for."""
    text = phrasing.not_found(what, script == "english")
    return Answer(question, NOT_FOUND, phrasing.in_script(text, script), script=script)


def ambiguous(question: str, script: str, message: str, candidates: list[Candidate]) -> Answer:
    """The question names several things; `message` (in the answer's language) says which."""
    return Answer(
        question, AMBIGUOUS, phrasing.in_script(message, script), candidates=tuple(candidates), script=script
    )


def citation_at(doc: Document, start: int, seq: int | None, quote: str) -> Citation:
    """The citation of a quote starting at `start`: the task's place, else its headings'."""
    if seq:
        task = doc.tasks[seq - 1]
        title = title_of(doc, task.span.start)
        return Citation(doc.id, doc.meta.doc_number, title, task.path, task.headings, seq, quote)
    chain = SectionIndex(doc.sections).chain(start)
    path, headings = tuple(s.label for s in chain), tuple(s.title for s in chain)
    return Citation(doc.id, doc.meta.doc_number, title_of(doc, start), path, headings, None, quote)
