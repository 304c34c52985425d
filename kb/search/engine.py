"""The seam where a full-text engine plugs in: the few operations policykb uses.

Text reaches an engine already analysed (`kb.search.analysis`), so swapping the engine
cannot change what matches. Readers use a `SearchIndex` bound to the state they read (the
store backend hands it out); the embedded store builds its index with a `SearchEngine` bound to
a generation's directory, chosen by the engine name the store records (`engine(name, directory)`,
the one factory; `whoosh` is the default).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kb.search.units import Unit


@dataclass(frozen=True, slots=True)
class Request:
    """A search, in analysed terms.

    Every group of `required` must match somewhere in a unit (title, headings, text or
    agency names); each phrase must match as consecutive words in the text, in one of its
    two readings (whole words, or the smallest words that make them up).
    """

    required: tuple[tuple[str, ...], ...]
    phrases: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    docs: frozenset[str] | None = None  # only these documents
    agencies: frozenset[str] | None = None  # only units of these agency keys
    limit: int = 10
    any_word: bool = False  # rank units by the words they have, instead of requiring all
    notes: tuple[str, ...] = ()  # what the query left out (kb.search.query), for the answer
    # The words as the user typed them (blank-separated, else the query's whole words), each as
    # the groups of `required` it is made of: what `search_most` counts.
    words: tuple[tuple[tuple[str, ...], ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """A unit the engine found, with what it stored of it."""

    unit_id: str
    doc: str
    kind: str
    score: float
    seq: int | None
    label: str | None
    path: tuple[str, ...]
    start: int
    end: int
    extra: dict[str, object] = field(default_factory=dict)


class SegmentBuilder(ABC):
    """Units analysed and written by one process, as segments the index writer attaches.

    Worker processes build segments in parallel without taking the index lock; the one
    `IndexWriter` (holding the lock) attaches them when it commits.
    """

    @abstractmethod
    def add(self, unit: Unit) -> None: ...

    @abstractmethod
    def finish(self) -> list[object]:
        """Close the segments written so far; what `IndexWriter.attach` takes."""

    @abstractmethod
    def cancel(self) -> None: ...


class IndexWriter(ABC):
    """Changes to an index, applied together by `commit`."""

    @abstractmethod
    def drop(self, doc: str) -> None:
        """Remove every unit of a document."""

    @abstractmethod
    def attach(self, segments: list[object]) -> None:
        """Segments a `SegmentBuilder` finished, to become part of the index at commit."""

    @abstractmethod
    def commit(self) -> None: ...

    @abstractmethod
    def cancel(self) -> None: ...


class SearchIndex(ABC):
    """A full-text index of units, bound to one consistent state of a store: what readers use."""

    @abstractmethod
    def search(self, request: Request) -> list[Match]:
        """The best units for a request, best first."""

    @abstractmethod
    def count(self) -> int:
        """Number of units in the index."""

    @abstractmethod
    def frequencies(self, words: list[str]) -> dict[str, int]:
        """In how many units each word occurs (the most of any field), and the number of units under ''."""

    def search_most(self, request: Request) -> tuple[list[Match], int]:
        """For a request no unit matches whole: the best units holding the most of its
        `words` (each phrase still required), and how many words they hold (0: none).
        An index that cannot tell gives none (the answer is then no results)."""
        return [], 0


class SearchEngine(SearchIndex):
    """An index of units in one directory of a store generation, bound to it."""

    def __init__(self, directory: Path):
        self.directory = directory

    @abstractmethod
    def create(self) -> None:
        """Make an empty index in the directory unless there is one."""

    @abstractmethod
    def writer(self) -> IndexWriter:
        """The writer of the index (one at a time)."""

    @abstractmethod
    def builder(self) -> SegmentBuilder:
        """A segment builder for the index (any number, in any process)."""

    @abstractmethod
    def carry(self, source: Path) -> None:
        """Start this (new generation's) index from the one in `source`, cheaply."""

    def update(self, drop: Iterable[str], add: Iterable[Unit]) -> None:
        """Remove the units of documents `drop`, then add `add`."""
        self.create()
        builder = self.builder()
        writer = self.writer()
        try:
            for doc in drop:
                writer.drop(doc)
            for unit in add:
                builder.add(unit)
            writer.attach(builder.finish())
        except BaseException:
            builder.cancel()
            writer.cancel()
            raise
        writer.commit()


ENGINES = ("whoosh",)


def engine(name: str, directory: Path) -> SearchEngine:
    """The engine a configuration string names, bound to an index directory."""
    if name == "whoosh":
        from kb.search.whoosh_engine import WhooshEngine

        return WhooshEngine(directory)
    raise ValueError(f"unknown search engine {name!r}: the only one is 'whoosh'")
