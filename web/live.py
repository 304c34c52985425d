"""The knowledge base a server process answers from: the live generation, pinned, followed as it changes.

A request leases the KnowledgeBase of the generation that is live when it starts, with the
officials' corrections (kb.corrections) applied. CURRENT (a few bytes) is read and the
corrections file stat-ed on every lease; when either changed, the knowledge base is opened
again (the new generation pinned) and the previous generation unpinned, so that a writer may
remove it. A `kb index` or `kb correct` beside the server never shows a mix, and the next
request sees its work.

One request at a time uses a process's KnowledgeBase (its caches are not made for threads,
and the work is CPU-bound under the GIL anyway): `kb serve --workers N` runs N processes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.errors import EmptyStore
from kb.knowledge import KnowledgeBase
from kb.store import Store


class LiveBase:
    """The pinned KnowledgeBase of one store, reopened when the store's live generation changes."""

    def __init__(self, root: Path):
        self.store = Store(root)
        self._lock = threading.Lock()
        self._base: KnowledgeBase | None = None
        self._seen: tuple[object, ...] = ()  # what the open knowledge base was opened from

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
        seen = (self._live_name(), self._corrections_stamp())
        if self._base is None or seen != self._seen:
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

    def _corrections_stamp(self) -> tuple[int, int, int] | None:
        """Which corrections file is there (it is replaced whole, by a rename), if any."""
        try:
            st = os.stat(self.store.corrections().path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _live_name(self) -> str | None:
        try:
            return (self.store.root / "CURRENT").read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (OSError, UnicodeDecodeError):
            return None  # Store.current() says what is wrong
