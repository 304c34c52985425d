"""Facets: the document list and an agency's tasks narrowed by values, with the count of each value.

Like Datasette's facets: every facet lists the values the rows *left after filtering* take,
with how many rows take each, so a person sees how to narrow further. A filter keeps the
rows whose facet holds exactly the value chosen; filters on several facets must all hold.
Answered from the catalogue alone: no document is loaded.

Document facets: `jurisdiction`, `year` (of the document's main date), `issuer` (each issuer
of a joint document counts), `doc_script` (simplified, traditional, mixed) and `owners`
(`yes` when some task names a responsible agency). Agency task facets: `role`, `doc` and
`deadline` (the year a deadline names, `other` for a deadline without a year, `none`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from kb.errors import QueryError
from kb.responsibilities import AgencyTasks, Assignment
from kb.store import DocumentRecord

DOCUMENT_FACETS = ("jurisdiction", "year", "issuer", "doc_script", "owners")
TASK_FACETS = ("role", "doc", "deadline")
SHOWN = 30  # values listed per facet, most frequent first
_YEAR = re.compile(r"(?:19|20)\d\d")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    count: int
    selected: bool


@dataclass(frozen=True, slots=True)
class Facet:
    """One facet: its most frequent values among the rows kept, and how many more there are."""

    name: str
    values: tuple[FacetValue, ...]
    hidden: int  # values not listed (beyond SHOWN)


@dataclass(frozen=True, slots=True)
class DocumentList:
    """Documents kept by the filters (in id order), the facets over them, and the store's total."""

    total: int
    records: tuple[DocumentRecord, ...]
    facets: tuple[Facet, ...]
    filters: dict[str, str]


@dataclass(frozen=True, slots=True)
class TaskList:
    """An agency's tasks kept by the filters, and the facets over them."""

    found: AgencyTasks  # with only the assignments kept
    total: int  # before filtering
    facets: tuple[Facet, ...]
    filters: dict[str, str]


def document_values(record: DocumentRecord, facet: str) -> list[str]:
    """The values a document takes in one facet (an issuer facet may take several)."""
    if facet == "jurisdiction":
        return [record.jurisdiction] if record.jurisdiction else []
    if facet == "year":
        return [record.date[:4]] if record.date else []
    if facet == "issuer":
        return list(dict.fromkeys(record.issuers))
    if facet == "doc_script":
        return [record.script]
    if facet == "owners":
        return ["yes" if record.owned else "no"]
    raise QueryError(f"unknown document facet {facet!r}: use {', '.join(DOCUMENT_FACETS)}")


def task_values(a: Assignment, facet: str) -> list[str]:
    """The value an agency's task takes in one facet."""
    if facet == "role":
        return [str(a.responsibility.role)]
    if facet == "doc":
        return [a.record.id]
    if facet == "deadline":
        if not a.task.deadline:
            return ["none"]
        year = _YEAR.search(a.task.deadline)
        return [year.group() if year else "other"]
    raise QueryError(f"unknown task facet {facet!r}: use {', '.join(TASK_FACETS)}")


def documents(records: Iterable[DocumentRecord], filters: Mapping[str, str | None]) -> DocumentList:
    """The documents every filter keeps, with the facets of DOCUMENT_FACETS over them."""
    chosen = _chosen(filters, DOCUMENT_FACETS)
    every = sorted(records, key=lambda r: r.id)
    kept = _kept(every, chosen, document_values)
    facets = tuple(_facet(name, kept, chosen, document_values) for name in DOCUMENT_FACETS)
    return DocumentList(len(every), tuple(kept), facets, chosen)


def tasks(found: AgencyTasks, filters: Mapping[str, str | None]) -> TaskList:
    """An agency's tasks every filter keeps, with the facets of TASK_FACETS over them."""
    chosen = _chosen(filters, TASK_FACETS)
    kept = _kept(list(found.assignments), chosen, task_values)
    facets = tuple(_facet(name, kept, chosen, task_values) for name in TASK_FACETS)
    return TaskList(replace(found, assignments=tuple(kept)), len(found.assignments), facets, chosen)


def _chosen(filters: Mapping[str, str | None], names: Sequence[str]) -> dict[str, str]:
    unknown = [k for k, v in filters.items() if v and k not in names]
    if unknown:
        raise QueryError(f"unknown filter {unknown[0]!r}: use {', '.join(names)}")
    return {k: v.strip() for k, v in filters.items() if v and v.strip()}


def _kept(rows: list[T], chosen: dict[str, str], values: Callable[[T, str], list[str]]) -> list[T]:
    return [row for row in rows if all(v in values(row, name) for name, v in chosen.items())]


def _facet(name: str, rows: list[T], chosen: dict[str, str], values: Callable[[T, str], list[str]]) -> Facet:
    counts = Counter(v for row in rows for v in values(row, name))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = [FacetValue(v, n, chosen.get(name) == v) for v, n in ranked[:SHOWN]]
    return Facet(name, tuple(shown), max(0, len(ranked) - SHOWN))
