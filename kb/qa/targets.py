"""The tasks a question names, in the documents it names or in every document.

A label (`12`, `（三）`) or a path is looked up in each document; a task's own words are
searched for. Nothing is picked silently: when several documents have a task with the label
each is answered (up to MAX_TARGETS), and when a document has several (or the label is only
a heading there) the question is ambiguous and every candidate is listed, with its document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.citation import title_of
from kb.errors import AmbiguousTask, TaskNotFound
from kb.labels import cn_number, may_have_label, reference
from kb.model import Document, Task, path_text
from kb.normalize import match_key
from kb.qa.result import Candidate
from kb.resolve import find_task, section_path
from kb.store import DocumentRecord

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase

MAX_TARGETS = 5  # tasks answered at once; more are listed as candidates
_HEADING_MARK = " (a heading)"  # how kb.resolve marks a heading among the candidates
_QUOTES = re.compile(r"[“”\"「」『』‘’']")


@dataclass(frozen=True, slots=True)
class Target:
    """One task a question names, with its document."""

    record: DocumentRecord
    doc: Document
    task: Task


@dataclass(frozen=True, slots=True)
class Lookup:
    """What a task reference names: the tasks to answer, or the candidates to choose from."""

    found: tuple[Target, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    reason: str = ""  # why there are candidates: label, heading or many


def by_label(base: KnowledgeBase, ref: str, records: list[DocumentRecord] | None) -> Lookup:
    """The tasks a label or path names in `records` (every document when None)."""
    named = records is not None
    if records is not None:
        pool = records
    else:  # every document: only those whose labels can match are loaded
        options = reference(ref.strip()) if not ref.strip().startswith("#") else None
        pool = sorted(
            (
                r
                for r in base.catalog.values()
                if options is None or may_have_label(r.label_bits, options[-1])
            ),
            key=lambda r: r.id,
        )
    found: list[Target] = []
    shared: list[Candidate] = []  # tasks a label names several times in one document
    headings: list[Candidate] = []  # tasks under headings that carry the label
    for record in pool:
        doc = base.cached(record.id)
        try:
            found.append(Target(record, doc, _find(doc, ref, guess=named)))
        except AmbiguousTask as e:
            shared += [_candidate(doc, path, title) for path, title in e.candidates]
        except TaskNotFound:
            headings += _under_headings(doc, ref)
    if shared:
        order = {r.id: i for i, r in enumerate(pool)}
        listed = sorted(
            [_of(t) for t in found] + shared, key=lambda c: order[c.doc]
        )  # stable: paths keep order
        return Lookup(candidates=tuple(listed), reason="label")
    if len(found) > MAX_TARGETS:
        return Lookup(candidates=tuple(_of(t) for t in found), reason="many")
    if found:
        return Lookup(found=tuple(found))
    return Lookup(candidates=tuple(headings), reason="heading" if headings else "")


def by_words(base: KnowledgeBase, words: str, records: list[DocumentRecord] | None) -> Lookup:
    """Tasks whose title is (or contains) the words a question gives for them."""
    key = match_key(words)
    query = _QUOTES.sub(" ", words).strip()
    allowed = {r.id for r in records} if records is not None else None
    found: list[Target] = []
    seen: set[tuple[str, int]] = set()
    for hit in base.search(query, limit=20).hits if key and query else ():
        if hit.kind != "task" or hit.seq is None or (allowed is not None and hit.doc not in allowed):
            continue
        doc = base.cached(hit.doc)
        task = doc.tasks[hit.seq - 1]
        title = match_key(task.title)
        if (key in title or title in key) and (hit.doc, hit.seq) not in seen:
            seen.add((hit.doc, hit.seq))
            found.append(Target(base.catalog[hit.doc], doc, task))
    if len(found) > MAX_TARGETS:
        return Lookup(candidates=tuple(_of(t) for t in found), reason="many")
    return Lookup(found=tuple(found))


def _find(doc: Document, ref: str, guess: bool) -> Task:
    """A task by reference. A question asks about a task: when one task and some headings
    share a label, the task is meant. With `guess` (the document was named), `（十八）` also
    finds item 18 where the document has no （十八）."""
    try:
        return find_task(doc, ref)
    except AmbiguousTask as e:
        tasks = [c for c in e.candidates if not c[1].endswith(_HEADING_MARK)]
        if len(tasks) == 1:
            return next(t for t in doc.tasks if path_text(t.path) == tasks[0][0])
        raise
    except TaskNotFound:
        if guess and ref.startswith("（") and not any(s.label == ref for s in doc.sections):
            return find_task(doc, str(cn_number(ref.strip("（）"))))
        raise


def _under_headings(doc: Document, ref: str) -> list[Candidate]:
    """The tasks under the headings a label names (when the label names no task)."""
    options = reference(ref)
    if options is None:
        return []
    found = []
    for section in doc.sections:
        path = section_path(doc, section)
        if len(options) > len(path) or not all(
            label in allowed for label, allowed in zip(path[-len(options) :], options, strict=True)
        ):
            continue
        inside = section.span.start, section.span.end
        found += [_of_task(doc, t) for t in doc.tasks if inside[0] <= t.span.start < inside[1]]
    return list(dict.fromkeys(found))


def _candidate(doc: Document, path: str, title: str) -> Candidate:
    heading = title.endswith(_HEADING_MARK)
    title = title[: -len(_HEADING_MARK)] if heading else title
    return Candidate(doc.id, title_of(doc), path, title, heading)


def _of_task(doc: Document, task: Task) -> Candidate:
    return Candidate(doc.id, title_of(doc, task.span.start), path_text(task.path), task.title)


def _of(target: Target) -> Candidate:
    return _of_task(target.doc, target.task)
