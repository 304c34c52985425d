"""Resolving what a user typed: a document (id, number, title fragment) and a task in it.

Matching is script- and vocabulary-insensitive and ignores spaces, brackets and quotes, so
`京科發〔2022〕19號`, `京科发[2022]19号` and `标杆孵化器培育行动方案` all find seed 000.
"""

from __future__ import annotations

from collections.abc import Iterable

from kb.errors import AmbiguousDocument, AmbiguousTask, DocumentNotFound, TaskNotFound
from kb.labels import reference
from kb.model import Document, Section, Task
from kb.normalize import match_key, number_key
from kb.store import DocumentRecord


def find_document(catalog: dict[str, DocumentRecord], query: str) -> DocumentRecord:
    """The one document `query` names, or a clear error listing the candidates."""
    query = query.strip()
    if query in catalog:
        return catalog[query]
    found = candidates(catalog.values(), query)
    if len(found) == 1:
        return found[0]
    if not found:
        raise DocumentNotFound(f"no document matches {query!r}: `kb docs` lists ids, numbers and titles")
    raise AmbiguousDocument(
        f"{query!r} matches {len(found)} documents; give an id or a longer title",
        [(r.id, r.title) for r in found],
    )


def candidates(records: Iterable[DocumentRecord], query: str) -> list[DocumentRecord]:
    """Documents whose id prefix, number or title matches `query`, best kind of match first."""
    records = list(records)
    number = number_key(query)
    by_number = [r for r in records if r.number_key == number]
    if by_number:
        return by_number
    by_id = [r for r in records if r.id.startswith(query)]
    if by_id:
        return by_id
    key = match_key(query)
    if not key:
        return []
    exact = [r for r in records if key in r.title_keys]
    if exact:
        return exact
    return [r for r in records if any(key in t for t in r.title_keys)]


def find_task(doc: Document, ref: str) -> Task:
    """The one task `ref` names: a label (12, 十二, （三）), a path (二（三）2) or #12.

    Never a silent guess: a label several tasks (or headings) share raises AmbiguousTask
    with the candidates' paths.
    """
    ref = ref.strip()
    if ref.startswith("#"):
        return _by_seq(doc, ref)
    options = reference(ref)
    if options is None:
        raise TaskNotFound(
            f"{ref!r} is not a task label or path: give a label (12, 十二, （三）), "
            "a path (二（三）2) or #12 for the 12th task"
        )
    found = [t for t in doc.tasks if _matches(t.path, options)]
    headings = [s for s in doc.sections if _matches(section_path(doc, s), options)]
    others = [s for s in headings if not any(t.span.start == s.span.start for t in found)]
    if len(found) == 1 and not others:
        return found[0]
    if found:
        candidates = [("".join(t.path), t.title) for t in found]
        candidates += [("".join(section_path(doc, s)), f"{s.title} (a heading)") for s in others]
        raise AmbiguousTask(f"{ref!r} names {len(candidates)} items of {doc.id}; give a path", candidates)
    clauses = [t for t in doc.tasks if len(t.path) > 1 and "-" in t.label and _matches(t.path[:-1], options)]
    if clauses:
        raise AmbiguousTask(
            f"item {ref} of {doc.id} has {len(clauses)} clauses with their own responsible units; give one",
            [("".join(t.path), t.title) for t in clauses],
        )
    if headings:
        within = [t for t in doc.tasks for s in headings if s.span.start <= t.span.start < s.span.end]
        raise TaskNotFound(
            f"{ref} in {doc.id} is a heading, not a task; its tasks: "
            + (", ".join("".join(t.path) for t in within) or "none")
        )
    raise TaskNotFound(f"no task {ref!r} in {doc.id}: `kb tasks {doc.id}` lists them")


def section_path(doc: Document, section: Section) -> tuple[str, ...]:
    chain = [section.label]
    while section.parent is not None:
        section = doc.sections[section.parent]
        chain.insert(0, section.label)
    return tuple(chain)


def _matches(path: tuple[str, ...], options: list[set[str]]) -> bool:
    if len(options) > len(path):
        return False
    return all(label in allowed for label, allowed in zip(path[-len(options) :], options, strict=True))


def _by_seq(doc: Document, ref: str) -> Task:
    number = ref[1:].strip()
    if number.isdigit() and 1 <= int(number) <= len(doc.tasks):
        return doc.tasks[int(number) - 1]
    raise TaskNotFound(f"{doc.id} has {len(doc.tasks)} tasks; {ref} is not one of them")
