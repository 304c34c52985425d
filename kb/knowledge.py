"""KnowledgeBase: the library's entry point, one consistent snapshot of a store.

Every method answers one of the questions the CLI commands ask; the CLI only renders.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from kb import corrections as corrections_mod
from kb.agencies import registry
from kb.citation import printed
from kb.corrections import Correction, Placed, apply, place
from kb.model import Document, Part, Responsibility, Role, Script, Section, SectionIndex, Span, Task
from kb.normalize import match_key
from kb.resolve import CatalogIndex, find_document, find_task, pick_task
from kb.responsibilities import AgencyIndex, AgencySummary, AgencyTasks
from kb.search.engine import Match

if TYPE_CHECKING:
    from kb.qa.answer import Answer
    from kb.qa.gazetteer import Gazetteer
    from kb.qa.llm import LlmConfig
from kb.search.results import Hit, SearchResult
from kb.search.snippet import snippet
from kb.store import DocumentRecord

if TYPE_CHECKING:
    from kb.backends.base import Snapshot


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One heading of a document's outline."""

    section: Section
    depth: int
    task_seq: int | None  # the task this heading is, if it is one


@dataclass(frozen=True, slots=True)
class Owners:
    """What `kb owners` answers: a task of a document and its responsible agencies."""

    record: DocumentRecord
    document: Document
    task: Task
    by_order: str = ""  # the label asked for when the document prints none: its task in that position


@dataclass(frozen=True, slots=True)
class DocumentView:
    """What `kb show` shows: the record, its parts and its outline."""

    record: DocumentRecord
    document: Document
    parts: tuple[Part, ...]
    outline: tuple[OutlineEntry, ...]


_CACHED = 256  # documents a KnowledgeBase keeps loaded


class KnowledgeBase:
    """A read-only view of one consistent state of a store (any backend), with the officials'
    corrections applied on top of what extraction read (kb.corrections)."""

    def __init__(self, generation: Snapshot, corrections: Sequence[Correction] = ()):
        self.generation = generation  # the state read: a generation, a database snapshot
        self.corrections = tuple(corrections)
        self._documents: dict[str, Document] = {}

    @classmethod
    def open(cls, store: str | os.PathLike[str] | None = None) -> KnowledgeBase:
        """Open the store at `store` (a folder or a postgresql:// URL), else `$KB_STORE`,
        `$KB_HOME` or the default folder."""
        from kb.backends.factory import open_store

        opened = open_store(store)
        generation = opened.current()
        return cls(generation, opened.corrections().read())

    def close(self) -> None:
        """Let go of the state read (also done when the object is collected)."""
        self.generation.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @cached_property
    def placed(self) -> tuple[Placed, ...]:
        """Where each correction applies in this generation, or why it no longer does."""
        by_hash = {r.text_hash: r.id for r in self.generation.catalog.values()}
        out = []
        for c in self.corrections:
            doc_id = c.doc if c.doc in self.generation.catalog else by_hash.get(c.doc_hash)
            out.append(place(c, self.generation.load(doc_id) if doc_id else None))
        return tuple(out)

    @cached_property
    def _corrected(self) -> dict[str, list[Placed]]:
        out: dict[str, list[Placed]] = {}
        for p in self.placed:
            if p.doc is not None and not p.orphaned:
                out.setdefault(p.doc, []).append(p)
        return out

    @cached_property
    def catalog(self) -> dict[str, DocumentRecord]:
        """The records, those of corrected documents with their corrected tasks."""
        catalog = self.generation.catalog
        if not self._corrected:
            return catalog
        out = dict(catalog)
        for doc_id in self._corrected:
            doc = self.cached(doc_id)
            out[doc_id] = replace(out[doc_id], owned=tuple(t.ref() for t in doc.tasks if t.responsibilities))
        return out

    @cached_property
    def catalog_index(self) -> CatalogIndex:
        """The catalogue searchable by number, title words and place (built on first use)."""
        return CatalogIndex(self.catalog)

    def docs(self) -> list[DocumentRecord]:
        """Every document, in id order."""
        return sorted(self.catalog.values(), key=lambda r: r.id)

    def record(self, ref: str) -> DocumentRecord:
        """The document an id, a document number, a title fragment or a description
        (上海的孵化器方案: a place and words of the title) names (kb.resolve)."""
        return find_document(self.catalog_index, ref)

    def document(self, ref: str) -> Document:
        return self.cached(self.record(ref).id)

    def show(self, ref: str) -> DocumentView:
        """Metadata, parts and outline of one document."""
        record = self.record(ref)
        doc = self.cached(record.id)
        task_of = {t.span.start: t.seq for t in doc.tasks if t.path[-1] == t.label}
        depth: dict[int, int] = {}
        outline = []
        for s in doc.sections:
            depth[s.index] = depth[s.parent] + 1 if s.parent is not None else 0
            outline.append(OutlineEntry(s, depth[s.index], task_of.get(s.span.start)))
        return DocumentView(record, doc, doc.parts, tuple(outline))

    def tasks(self, ref: str, agency: str | None = None) -> tuple[DocumentRecord, list[Task]]:
        """The tasks of a document, optionally only those of one agency."""
        record = self.record(ref)
        doc = self.cached(record.id)
        if agency is None:
            return record, list(doc.tasks)
        keys = set(self.agency_index.require(agency))  # a name no task has is an error, as in search
        return record, [t for t in doc.tasks if any(r.key in keys for r in t.responsibilities)]

    def owners(self, ref: str, task: str) -> Owners:
        """Who is responsible for one task: TASK is a label (12, 十二, 第十二条), a path (二（三）2)
        or #12. A label the document does not print names its task in that position, and says so."""
        record = self.record(ref)
        doc = self.cached(record.id)
        pick = pick_task(doc, task, guess=True)
        if pick.task is not None:
            return Owners(record, doc, pick.task, task.strip() if pick.by_order else "")
        return Owners(record, doc, find_task(doc, task, guess=True))

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """Every agency name a question may use: the shipped registry's and the store's own."""
        from kb.qa.gazetteer import Gazetteer

        return Gazetteer(self.agency_index.all_names())

    @cached_property
    def agency_index(self) -> AgencyIndex:
        return AgencyIndex(self.catalog.values())

    def agency(self, name: str) -> AgencyTasks:
        """Every task, across documents, for which the agency `name` is responsible."""
        return self.agency_index.tasks(name)

    def agencies(self, ref: str | None = None) -> list[AgencySummary]:
        """Agencies with their number of tasks per role (in one document, or all)."""
        doc = self.record(ref).id if ref else None
        return self.agency_index.workloads(doc)

    def search(
        self, query: str, *, doc: str | None = None, agency: str | None = None, issuer: str | None = None,
        year: str | None = None, limit: int = 10, script: str = "original",
    ) -> SearchResult:  # fmt: skip
        """Units matching a query in either script, best first, quoting the original text."""
        from kb.search import query as queries

        parsed = queries.parse(query)
        year = queries.year(year) if year is not None else None
        agencies = frozenset(self.agency_index.require(agency)) if agency else None
        docs, nothing = self._doc_filter(doc, issuer, year)
        request = queries.request(parsed, limit, docs, agencies)
        if nothing:  # a filter that matches no document filters everything out, and says so
            return SearchResult(query, (), (*request.notes, nothing))
        index, count = self.generation.search_index(), len(request.words)
        matches, held = index.search(request), count
        if not matches and count > 1:  # no unit holds every word: those holding the most
            matches, held = index.search_most(request)
        words = queries.terms(parsed)
        hits = tuple(self.hit(m, words, script) for m in matches)
        partial = bool(hits) and held < count
        return SearchResult(query, hits, request.notes, partial, held if hits else 0, count)

    def _doc_filter(
        self, doc: str | None, issuer: str | None, year: str | None
    ) -> tuple[frozenset[str] | None, str]:
        """The documents the filters leave (None: no filter), and which filter matched no
        document ("--year 2099 matched no document"), if one did."""
        given = [(name, value) for name, value in (("doc", doc), ("issuer", issuer), ("year", year)) if value]
        if not given:
            return None, ""
        found = [self._filtered(name, value) for name, value in given]
        for (name, value), ids in zip(given, found, strict=True):
            if not ids:
                return frozenset(), f"--{name} {value} matched no document"
        left = frozenset.intersection(*found)
        if not left:
            names = " and ".join(f"--{name} {value}" for name, value in given)
            return left, f"{names} together matched no document"
        return left, ""

    def _filtered(self, name: str, value: str) -> frozenset[str]:
        """The documents one filter leaves."""
        if name == "doc":
            return frozenset([self.record(value).id])
        if name == "issuer":
            return frozenset(r.id for r in self.catalog.values() if issued_by(r, value))
        return frozenset(r.id for r in self.catalog.values() if (r.date or "").startswith(value))

    def hit(self, m: Match, words: list[str], script: str) -> Hit:
        """A search engine's match as a hit quoting the original text."""
        record = self.catalog[m.doc]
        document = self.cached(m.doc)
        if m.kind == "document":
            text, location = record.title, ""
        else:
            text = document.quote(Span(m.start, m.end)).strip()
            location = _location(document, m)
        return Hit(
            doc=m.doc, title=record.title, doc_number=record.doc_number, kind=m.kind, path=m.path,
            location=location, label=m.label, seq=m.seq, score=m.score, span=Span(m.start, m.end),
            text=text, snippet=snippet(text, words, script, vocabulary=_foreign_words(document)),
        )  # fmt: skip

    def cached(self, doc_id: str) -> Document:
        """A document, kept for the next question (the most recently used _CACHED ones)."""
        doc = self._documents.pop(doc_id, None)
        if doc is None:
            doc = self.generation.load(doc_id)
            if doc_id in self._corrected:
                doc = apply(doc, self._corrected[doc_id], self._agency_for)
            if len(self._documents) >= _CACHED:
                del self._documents[next(iter(self._documents))]  # the least recently used
        self._documents[doc_id] = doc
        return doc

    def ask(
        self,
        question: str,
        *,
        script: str | None = None,
        llm: LlmConfig | None = None,
        limit: int | None = None,
    ) -> Answer:
        """Answer a question (Chinese in either script, or English) with citations."""
        from kb.qa.answer import ask

        return ask(self, question, script=script, llm=llm, limit=limit)

    def graph(self) -> object:
        """The responsibility graph of the whole store (a networkx DiGraph)."""
        from kb import graph

        g = self.generation.graph(without=frozenset(self._corrected))
        for doc_id in self._corrected:  # the corrected documents as the corrections have them
            nodes, edges = graph.fragment(self.cached(doc_id))
            g.add_nodes_from(nodes)
            g.add_edges_from(edges)
        return g

    def _agency_for(self, name: str, role: Role, doc: Document, task: Task) -> Responsibility:
        """The responsibility a correction names, resolved like the document's own names."""
        return corrections_mod.responsibility(name, role, doc, task, self.agency_index_extracted)

    @cached_property
    def agency_index_extracted(self) -> AgencyIndex:
        """The agencies as extraction read them (corrections name agencies from these)."""
        return AgencyIndex(self.generation.catalog.values())


def issued_by(record: DocumentRecord, issuer: str) -> bool:
    """Whether a document's issuers include `issuer` (any name of it, either script)."""
    key = match_key(issuer)
    if any(key in match_key(i) for i in record.issuers):
        return True
    wanted = registry().resolve(issuer, None).canonical
    return any(registry().resolve(i, record.jurisdiction).canonical == wanted for i in record.issuers)


def _location(doc: Document, m: Match) -> str:
    """二、重点任务 › （三）… › 12.强化大企业反向“硬孵化” for a task or a paragraph."""
    if m.kind == "task" and m.seq:
        t = doc.tasks[m.seq - 1]
        return " › ".join(printed(label) + title for label, title in zip(t.path, t.headings, strict=True))
    chain = SectionIndex(doc.sections).chain(m.start)
    return " › ".join(printed(s.label) + s.title for s in chain)


def _foreign_words(doc: Document) -> bool:
    """Whether a document may use Taiwan/Hong Kong vocabulary (it is not in simplified script):
    shown in simplified script, its words become mainland words too."""
    return doc.script is not Script.SIMPLIFIED
