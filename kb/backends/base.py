"""The seam where a store backend plugs in: the few operations the library and the indexer use.

A backend owns its whole layout (files of a folder, tables of a database): nobody else names
a file or a table. Callers get objects already bound to one consistent state of the store:

- `Store`: where a knowledge base lives; opens a `Snapshot` to read, a `StoreWriter` to change it.
- `Snapshot`: one consistent, read-only state (a generation of the embedded store, a
  repeatable-read transaction of PostgreSQL): the catalogue, documents, search, graph.
- `StoreWriter`: one indexing run, applied all at once by `commit` or not at all.
- `DocumentSink`: where an indexing worker puts the documents it parsed; made by the writer
  in the parent process, used in a worker process, and what it hands back (`payload`) is
  given to `StoreWriter.accept` in the parent.
- `CorrectionStore`: the officials' corrections (kb.corrections), the store's own data outside
  every indexing run; written under `Store.locked()`.

`kb.backends.factory.open_store` chooses the backend for a location.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from kb.corrections import Correction
    from kb.model import Document
    from kb.search.engine import SearchIndex
    from kb.store import DocumentRecord


class Snapshot(ABC):
    """One consistent, read-only state of a store."""

    catalog: dict[str, DocumentRecord]

    @abstractmethod
    def load(self, doc_id: str) -> Document:
        """One document, as it was parsed."""

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        for doc_id in self.catalog if ids is None else ids:
            yield self.load(doc_id)

    @abstractmethod
    def problems(self) -> dict[str, dict[str, Any]]:
        """What reading each file reported when it was last read: {file: {"hash", "errors", "notes"}}."""

    def indexed_on(self, doc_id: str) -> str:
        """The day the document's version in this state was indexed (2026-12-01), for the line
        saying an unreadable file keeps it; a backend that does not know says so."""
        return "an earlier run"

    @abstractmethod
    def search_index(self) -> SearchIndex:
        """The full-text index of this state."""

    @abstractmethod
    def graph(self, without: frozenset[str] = frozenset()) -> nx.DiGraph:
        """The responsibility graph of this state (kb.graph), leaving out the documents `without`."""

    @abstractmethod
    def close(self) -> None:
        """Let go of the state (a writer may then remove it, a connection is returned)."""


class DocumentSink(ABC):
    """Where a worker puts parsed documents; usable in a forked worker process."""

    @abstractmethod
    def add(self, doc: Document, record: DocumentRecord) -> object | None:
        """Store (or prepare) one document; what to hand to `StoreWriter.accept`, if anything."""

    @abstractmethod
    def finish(self) -> object | None:
        """Close what this process wrote; the last payload for `StoreWriter.accept`."""

    @abstractmethod
    def cancel(self) -> None:
        """Discard what this process wrote."""


class StoreWriter(ABC):
    """One indexing run (a context manager holding the store's one writer lock)."""

    previous: Snapshot | None  # the state the run started from (None: a new or rebuilt store)
    catalog: dict[str, DocumentRecord]  # what the store will hold at commit
    problems: dict[str, dict[str, Any]]  # by file, as `Snapshot.problems`
    # The documents `kb remove` took out, (file, id, whether a .jsonl line): indexing their
    # folder leaves them out, indexing their file by name brings them back. A backend that
    # does not remember (the default) leaves this empty: removing is then dropping.
    removed: set[tuple[str, str, bool]] = set()  # noqa: RUF012 (replaced per writer, never mutated here)

    def remove(self, doc_id: str) -> None:
        """Take a document out (`kb remove`), remembering it where the backend can."""
        self.drop(doc_id)

    def restore(self, file: str) -> set[tuple[str, str, bool]]:
        """Forget what `remove` took out of `file`; what it was."""
        return set()

    @property
    @abstractmethod
    def interrupted(self) -> dict[str, object] | None:
        """The holder record of an earlier writer that was killed, if any."""

    @abstractmethod
    def __enter__(self) -> StoreWriter: ...

    @abstractmethod
    def __exit__(self, exc_type: object, exc: object, tb: object) -> None: ...

    @abstractmethod
    def keep(self, record: DocumentRecord) -> None:
        """Carry an unchanged document over (its record may have a new file hash)."""

    @abstractmethod
    def register(self, record: DocumentRecord) -> None:
        """Add or replace a document a sink stored in this run."""

    @abstractmethod
    def drop(self, doc_id: str) -> None:
        """Remove a document."""

    @abstractmethod
    def sink(self) -> DocumentSink:
        """A sink for parsed documents, to use in this process or a forked worker."""

    @abstractmethod
    def accept(self, payload: object) -> None:
        """What a sink handed back, in the parent process."""

    @abstractmethod
    def commit(self) -> None:
        """Make the run's state the live one, at once."""


class CorrectionStore(ABC):
    """The corrections of a store: read whole, replaced whole (under `Store.locked()`)."""

    @abstractmethod
    def read(self) -> list[Correction]: ...

    @abstractmethod
    def write(self, corrections: Sequence[Correction]) -> None:
        """Replace every correction at once (the caller holds the writer lock)."""


class Store(ABC):
    """Where a knowledge base lives."""

    location: str  # as the user gave it (a password in a URL left out)

    @abstractmethod
    def exists(self) -> bool:
        """Whether anything was indexed here yet."""

    @abstractmethod
    def check_schema(self) -> None:
        """Raise StoreVersionError when this policykb cannot read the store."""

    @abstractmethod
    def current(self) -> Snapshot:
        """The live state, for reading. Raises EmptyStore when nothing was indexed yet."""

    @abstractmethod
    def writer(self, rebuild: bool = False, wait: bool = False) -> StoreWriter:
        """The next indexing run (as a context manager); one writer at a time."""

    @abstractmethod
    def revision(self) -> object:
        """A cheap value that changes whenever what readers see changes (an indexing run
        committed, a correction made): a long-running reader reopens when it does."""

    @abstractmethod
    def corrections(self) -> CorrectionStore:
        """The officials' corrections, kept across indexing runs."""

    @abstractmethod
    def locked(self, wait: bool = False) -> AbstractContextManager[None]:
        """Hold the writer lock (as `kb index` does) for a change outside indexing runs."""
