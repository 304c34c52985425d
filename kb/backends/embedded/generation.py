"""One generation of an embedded store: a complete, immutable knowledge base, for reading.

A `Generation` is the embedded backend's `Snapshot`: its catalogue, each document's pickled
`Document` and graph fragment, what reading each file reported, what `kb remove` took out,
and its search index. A reader pins it (a shared flock on its folder) while it holds it.
"""

from __future__ import annotations

import json
import pickle
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.backends import base
from kb.backends.embedded import damage
from kb.backends.embedded.layout import DOCS, GRAPH, PROBLEMS, REMOVED, SEARCH, Removed, close_fd
from kb.errors import StoreError
from kb.errors import store_damaged as damaged
from kb.model import Document
from kb.records import DocumentRecord
from kb.search.engine import SearchEngine, SearchIndex, engine

if TYPE_CHECKING:
    import networkx as nx


@dataclass(eq=False)
class Generation(base.Snapshot):
    """One complete, immutable knowledge base inside a store.

    A reader pins the generation it opened (a shared flock on its directory) for as long as
    it holds it: a writer removes old generations only when no reader pins them.
    """

    path: Path
    catalog: dict[str, DocumentRecord] = field(default_factory=dict)
    pin: int | None = None  # descriptor of the directory, shared-locked while in use
    engine_name: str = "whoosh"  # the search engine the store records

    def __post_init__(self) -> None:
        # Closes the pin once: on close(), when the object is collected, or at exit.
        self._unpin = weakref.finalize(self, close_fd, self.pin) if self.pin is not None else None
        self._search: SearchEngine | None = None

    def close(self) -> None:
        """Unpin the generation: writers may then remove it once it is no longer live."""
        if self._unpin is not None:
            self._unpin()

    def load(self, doc_id: str) -> Document:
        doc: Document = self._unpickle(DOCS, doc_id)
        return doc

    def _unpickle(self, kind: str, doc_id: str) -> Any:
        """A document's file of one kind, loaded; a missing or damaged one is named."""
        path = self.path / kind / f"{self.catalog[doc_id].key}.pkl"
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except FileNotFoundError as e:
            if not self.path.is_dir():
                raise StoreError(f"{self.path} changed while it was read; run the command again") from e
            raise damaged(self.path.parent, f"the file of document {doc_id} is missing") from e
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError) as e:
            raise damaged(self.path.parent, f"the file of document {doc_id} is unreadable: {e}") from e

    def search_index(self) -> SearchIndex:
        if self._search is None:
            self._search = engine(self.engine_name, self.path / SEARCH)
        return self._search

    def graph(self, without: frozenset[str] = frozenset()) -> nx.DiGraph:
        from kb import graph

        return graph.build(fragment for doc_id, fragment in self.extras(GRAPH) if doc_id not in without)

    def problems(self) -> dict[str, dict[str, Any]]:
        """What reading each file reported when it was last read: {file: {"hash", "errors", "notes"}}.

        A file kept unchanged is not read again; its problems are still true and are said again.
        """
        try:
            found: dict[str, dict[str, Any]] = json.loads((self.path / PROBLEMS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found

    def extras(self, kind: str) -> Iterator[tuple[str, Any]]:
        """The per-document objects of one kind (e.g. graph fragments) by document id, in
        catalogue order; a missing or damaged one is named."""
        for doc_id in self.catalog:
            yield doc_id, self._unpickle(kind, doc_id)

    def indexed_on(self, doc_id: str) -> str:
        """The day a document's version in this generation was indexed (its file is never
        rewritten while the document is unchanged: hard links keep the date)."""
        try:
            written = (self.path / DOCS / f"{self.catalog[doc_id].key}.pkl").stat().st_mtime
        except (KeyError, OSError):
            return "an earlier run"
        return time.strftime("%Y-%m-%d", time.localtime(written))

    def removed(self) -> set[Removed]:
        """The documents `kb remove` took out: (file, id, whether it is a line of the file)."""
        try:
            found = json.loads((self.path / REMOVED).read_text(encoding="utf-8"))
            return {(str(f), str(i), bool(line)) for f, i, line in found}
        except FileNotFoundError:
            return set()
        except (OSError, ValueError, TypeError) as e:
            raise damaged(self.path.parent, f"{self.path.name}/{REMOVED} is unreadable: {e}") from e

    def verify(self) -> None:
        """Raise a StoreError naming the damage when a part of this generation is missing,
        cut short or unreadable (kb.backends.embedded.damage.verify)."""
        damage.verify(self)
