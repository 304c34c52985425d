"""The whoosh engine: the one package that imports whoosh.

Scoring is BM25F: in `content` a heading's words count HEADING_WEIGHT times (field-weighted
frequencies combined before saturation, as BM25F defines them), titles and names are boosted
fields. `schema` holds the fields and the analyzer, `segments` the fast segment writer,
`searching` the searchers and queries; this module the engine, its writer and its builder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.writing import NO_MERGE

from kb.search.engine import IndexWriter, Match, Request, SearchEngine, SegmentBuilder
from kb.search.units import Unit
from kb.search.whoosh_engine import searching
from kb.search.whoosh_engine.schema import (
    FIELDS,
    HEADING_GAP,
    HEADING_WEIGHT,
    PolicyAnalyzer,
    Text,
    fields,
    schema,
)
from kb.search.whoosh_engine.segments import BatchSegmentWriter

__all__ = [
    "FIELDS", "HEADING_GAP", "HEADING_WEIGHT", "SEGMENT_UNITS", "BatchSegmentWriter", "PolicyAnalyzer",
    "Text", "WhooshEngine", "fields", "schema",
]  # fmt: skip

SEGMENT_UNITS = 250_000  # units per segment a builder writes: bounds a worker's memory


class _Writer(IndexWriter):
    """The index's one writer: deletes, and attaches the segments workers built."""

    def __init__(self, directory: Path):
        self._writer = index.open_dir(str(directory)).writer()
        self._attached: list[Any] = []

    def drop(self, doc: str) -> None:
        self._writer.delete_by_term("doc", doc)

    def attach(self, segments: list[object]) -> None:
        self._attached.extend(segments)

    def commit(self) -> None:
        # Keep every segment as it is (no merge through whoosh's slow pool), add the new ones.
        w = self._writer
        segments = w._merge_segments(NO_MERGE, False, False) + self._attached
        w._close_segment()
        w._commit_toc(segments)
        w._finish()

    def cancel(self) -> None:
        self._writer.cancel()


class _Builder(SegmentBuilder):
    """Writes analysed units into new segments, a segment per SEGMENT_UNITS units."""

    def __init__(self, directory: Path):
        self._ix = index.open_dir(str(directory))
        self._writer: BatchSegmentWriter | None = None
        self._done: list[Any] = []

    def add(self, unit: Unit) -> None:
        if self._writer is None:
            self._writer = BatchSegmentWriter(self._ix)
        self._writer.add_unit(unit)
        if self._writer.docnum >= SEGMENT_UNITS:
            self._done.append(self._writer.finish())
            self._writer = None

    def finish(self) -> list[object]:
        if self._writer is not None and self._writer.docnum:
            self._done.append(self._writer.finish())
        elif self._writer is not None:
            self._writer.cancel()
        self._writer = None
        done, self._done = self._done, []
        return done

    def cancel(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
        for segment in self._done:
            for name in self._ix.storage.list():
                if name.startswith(f"{segment.indexname}_{segment.segid}"):
                    self._ix.storage.delete_file(name)
        self._done = []


class WhooshEngine(SearchEngine):
    """Units in a whoosh index directory."""

    def create(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if not index.exists_in(str(self.directory)):
            index.create_in(str(self.directory), schema())

    def writer(self) -> IndexWriter:
        return _Writer(self.directory)

    def builder(self) -> SegmentBuilder:
        return _Builder(self.directory)

    def carry(self, source: Path) -> None:
        """Hard links: whoosh writes new segment and TOC files, it never rewrites old ones."""
        self.directory.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            for name in os.listdir(source):
                if "LOCK" not in name:
                    os.link(source / name, self.directory / name)

    def frequencies(self, words: list[str]) -> dict[str, int]:
        searcher = searching.searcher_for(self.directory)
        out = {w: max(searcher.doc_frequency(f, w) for f in FIELDS) for w in words}
        out[""] = searcher.doc_count()
        return out

    def count(self) -> int:
        return int(searching.searcher_for(self.directory).doc_count())

    def search(self, request: Request) -> list[Match]:
        return searching.search(self.directory, request)

    def search_most(self, request: Request) -> tuple[list[Match], int]:
        return searching.search_most(self.directory, request)
