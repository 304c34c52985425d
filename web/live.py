"""The knowledge base a server process answers from: the live generation, pinned, followed as it changes.

A request leases the KnowledgeBase of the generation that is live when it starts, with the
officials' corrections (kb.corrections) applied. The store's revision (`Store.revision()`:
for a folder, CURRENT and the corrections file's identity; for PostgreSQL, its committed state)
is read on every lease; when it changed, the knowledge base is opened again (the new state
pinned) and the previous one let go, so that a writer may remove it. It is opened again too
when its state can no longer be read (`Snapshot.usable()`: the database server ended the
connection, restarting say), so the request after a restart of PostgreSQL is answered. A `kb index` or
`kb correct` beside the server never shows a mix, and the next request sees its work.

One request at a time uses a process's KnowledgeBase (its caches are not made for threads,
and the work is CPU-bound under the GIL anyway): `kb serve --workers N` runs N processes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.backends.factory import open_store
from kb.errors import EmptyStore
from kb.knowledge import KnowledgeBase


class LiveBase:
    """The pinned KnowledgeBase of one store, reopened when the store's live generation changes."""

    def __init__(self, location: str | Path):
        self.store = open_store(location)
        self._lock = threading.Lock()
        self._base: KnowledgeBase | None = None
        self._seen: object = ()  # the revision the open knowledge base was opened at

    @contextmanager
    def lease(self) -> Iterator[KnowledgeBase]:
        """The knowledge base of the live generation, for the length of one request."""
        with self._lock:
            yield self._fresh()

    @contextmanager
    def lease_if_any(self) -> Iterator[KnowledgeBase | None]:
        """Like `lease`, but None while nothing is indexed (the front page and uploads still work)."""
        with self._lock:
            try:
                base = self._fresh()
            except EmptyStore:
                base = None
            yield base

    def warm(self) -> None:
        """Build what every question needs (catalogue indexes), so the first request is not slow."""
        with self.lease_if_any() as base:
            if base is not None:
                base.catalog_index.by_number("")
                base.agency_index.match("x")

    def close(self) -> None:
        with self._lock:
            if self._base is not None:
                self._base.generation.close()
                self._base = None

    def _fresh(self) -> KnowledgeBase:
        seen = self.store.revision()
        if self._base is None or seen != self._seen or not self._base.generation.usable():
            generation = self.store.current()
            try:
                base = KnowledgeBase(generation, self.store.corrections().read())
            except BaseException:
                generation.close()
                raise
            if self._base is not None:
                self._base.generation.close()  # nobody else holds it: leases are one at a time
            self._base, self._seen = base, seen
        return self._base
