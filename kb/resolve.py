"""Resolving what a user typed to a document: an id, a document number or a title fragment.

Matching is script- and vocabulary-insensitive and ignores spaces, brackets and quotes, so
`京科發〔2022〕19號`, `京科发[2022]19号` and `标杆孵化器培育行动方案` all find seed 000.
"""

from __future__ import annotations

from collections.abc import Iterable

from kb.errors import AmbiguousDocument, DocumentNotFound
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
