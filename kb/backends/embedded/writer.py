"""An indexing run on an embedded store: the next generation, built beside the live one.

`GenerationWriter` is the embedded backend's `StoreWriter`: it holds the store's writer lock,
builds the next generation in `gen-NNNNNN.tmp` (unchanged documents hard-linked from the
previous one, never rewritten; the search index carried and updated), and `commit` renames it
into place and switches CURRENT with one atomic replace. Killed at any moment, it leaves the
previous generation live. `EmbeddedSink` writes a worker's documents into the new generation.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pickle
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.backends import base
from kb.backends.embedded.generation import Generation
from kb.backends.embedded.layout import (
    DOCS,
    EXTRAS,
    GEN_PREFIX,
    GRAPH,
    MANIFEST,
    PROBLEMS,
    REMOVED,
    SEARCH,
    Removed,
    atomic_write,
    open_dir,
)
from kb.errors import store_unwritable as unwritable
from kb.lock import WriterLock
from kb.model import Document
from kb.records import DocumentRecord
from kb.search.engine import SearchEngine, SegmentBuilder, engine

if TYPE_CHECKING:
    from kb.store import Store


class GenerationWriter(base.StoreWriter):
    """Builds the next generation beside the live one; `commit()` switches to it."""

    def __init__(self, store: Store, rebuild: bool, wait: bool):
        self.store = store
        self.rebuild = rebuild
        self.wait = wait
        self.previous: Generation | None = None
        self.catalog: dict[str, DocumentRecord] = {}
        self.path: Path = Path()
        self._lock: WriterLock | None = None
        self._carried: set[str] = set()
        self._unindexed: set[str] = set()  # documents of the previous generation to drop from search
        self._segments: list[object] = []  # search segments the sinks wrote
        self._search: SearchEngine | None = None
        self.engine_name = "whoosh"
        self.problems: dict[str, dict[str, Any]] = {}  # by file, as `Generation.problems`
        self.removed: set[Removed] = set()  # as `Generation.removed`
        self.committed = False

    def __enter__(self) -> GenerationWriter:
        root = self.store.root
        self.store.check_root()
        try:
            root.mkdir(parents=True, exist_ok=True)
            self._lock = WriterLock(root / "lock")
            self._lock.acquire(wait=self.wait)
        except OSError as e:  # a read-only store, or one not ours to write
            raise unwritable(root, e) from e
        try:
            self._start()
        except BaseException:
            self._lock.release()
            raise
        return self

    @property
    def interrupted(self) -> dict[str, object] | None:
        """The record of a writer that was killed before it released the lock, if any."""
        return self._lock.stale_holder if self._lock else None

    def _start(self) -> None:
        root = self.store.root
        for stale in root.glob("*.tmp"):  # left by a killed writer
            shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink()
        if not self.rebuild and self.store.exists():
            self.store.check_schema()
            self.engine_name = self.store.engine_name
            self.previous = self.store.current()
            self.previous.verify()  # never build on a damaged generation
            self.catalog = dict(self.previous.catalog)
            # Documents this run does not touch (files not named this time) carry over too.
            self._carried = set(self.catalog)
            self.problems = self.previous.problems()
            self.removed = self.previous.removed()
        gens = self.store.generations()
        number = int(gens[-1].name[len(GEN_PREFIX) :]) + 1 if gens else 1
        self.name = f"{GEN_PREFIX}{number:06d}"
        self.path = root / f"{self.name}.tmp"
        for kind in [DOCS, *EXTRAS]:
            (self.path / kind).mkdir(parents=True)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            if not self.committed:
                shutil.rmtree(self.path, ignore_errors=True)
        finally:
            assert self._lock is not None
            self._lock.release()

    def keep(self, record: DocumentRecord) -> None:
        """Carry an unchanged document over from the previous generation (linked at commit)."""
        self.catalog[record.id] = record
        self._carried.add(record.id)

    def register(self, record: DocumentRecord) -> None:
        """Add or replace a document whose files a sink wrote into this generation."""
        if self.previous is not None and record.id in self.previous.catalog:
            self._unindexed.add(record.id)
        self.catalog[record.id] = record
        self._carried.discard(record.id)

    def _link_carried(self) -> None:
        """Hard-link the carried documents' files: nothing unchanged is written again."""
        assert self.previous is not None or not self._carried
        for doc_id in self._carried:
            record = self.catalog.get(doc_id)
            if record is None or self.previous is None:
                continue
            for kind in [DOCS, *EXTRAS]:
                src = self.previous.path / kind / f"{record.key}.pkl"
                if src.exists():
                    os.link(src, self.path / kind / f"{record.key}.pkl")

    def drop(self, doc_id: str) -> None:
        if self.previous is not None and doc_id in self.previous.catalog:
            self._unindexed.add(doc_id)
        self.catalog.pop(doc_id, None)

    def remove(self, doc_id: str) -> None:
        """Take a document out, and remember it was taken out (`kb remove`): indexing its
        folder again leaves it out; indexing its file by name brings it back."""
        record = self.catalog[doc_id]
        self.drop(doc_id)
        self.removed.add((record.source.split("#", 1)[0], record.id, record.line is not None))

    def restore(self, file: str) -> set[Removed]:
        """Forget what `remove` took out of `file` (it is being indexed by name); what it was."""
        back = {entry for entry in self.removed if entry[0] == file}
        self.removed -= back
        return back

    def _engine(self) -> SearchEngine:
        """The new generation's search index, started from the previous one's."""
        if self._search is None:
            self._search = engine(self.engine_name, self.path / SEARCH)
            if self.previous is not None:
                self._search.carry(self.previous.path / SEARCH)
            self._search.create()
        return self._search

    def sink(self) -> EmbeddedSink:
        return EmbeddedSink(self.path, self._engine())

    def accept(self, payload: object) -> None:
        """A sink's finished search segments, attached at commit."""
        if isinstance(payload, list):
            self._segments.extend(payload)

    def _update_search(self) -> None:
        index_writer = self._engine().writer()
        try:
            for doc in sorted(self._unindexed):
                index_writer.drop(doc)
            index_writer.attach(self._segments)
        except BaseException:
            index_writer.cancel()
            raise
        index_writer.commit()

    def commit(self) -> None:
        """Write the catalogue and make this generation the live one."""
        self._update_search()
        self._link_carried()
        files = {record.source.split("#", 1)[0] for record in self.catalog.values()}
        kept = {f: p for f, p in self.problems.items() if f in files}  # files still in the store
        (self.path / PROBLEMS).write_text(json.dumps(kept), encoding="utf-8")  # \u escapes: any file name
        removed = sorted(entry for entry in self.removed if os.path.exists(entry[0]))  # files still there
        (self.path / REMOVED).write_text(json.dumps(removed), encoding="utf-8")
        (self.path / MANIFEST).write_text(json.dumps(self._sizes()), encoding="utf-8")
        with open(self.path / "catalog.pkl", "wb") as f:
            pickle.dump(self.catalog, f, protocol=pickle.HIGHEST_PROTOCOL)
            f.flush()
            os.fsync(f.fileno())
        final = self.store.root / self.name
        os.rename(self.path, final)
        self.path = final
        self.store.write_meta(self.engine_name)
        atomic_write(self.store.root / "CURRENT", f"{self.name}\n".encode())
        self.committed = True
        self._prune()

    def _sizes(self) -> dict[str, int]:
        """The size of each document's files in this generation."""
        sizes = {}
        for record in self.catalog.values():
            for kind in [DOCS, *EXTRAS]:
                name = f"{kind}/{record.key}.pkl"
                with contextlib.suppress(FileNotFoundError):
                    sizes[name] = (self.path / name).stat().st_size
        return sizes

    def _prune(self) -> None:
        """Remove the old generations no reader pins (a later writer retries the others)."""
        if self.previous is not None:
            self.previous.close()  # this writer's own pin
        for old in self.store.generations():
            if old == self.path:
                continue
            fd = open_dir(old)
            if fd is None:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # a reader is using it
                os.close(fd)
                continue
            try:
                shutil.rmtree(old, ignore_errors=True)
            finally:
                os.close(fd)


class EmbeddedSink(base.DocumentSink):
    """Writes a worker's documents and graph fragments into the new generation, and their
    units into search segments of its own (attached by the writer at commit)."""

    def __init__(self, path: Path, search: SearchEngine):
        self.path = path
        self.search = search
        self._builder: SegmentBuilder | None = None  # made in the process that uses it

    def add(self, doc: Document, record: DocumentRecord) -> None:
        from kb import graph
        from kb.search.units import iter_units

        doc_units = list(iter_units(doc))
        self._write(DOCS, record.key, doc)
        self._write(GRAPH, record.key, graph.fragment(doc))
        if self._builder is None:
            self._builder = self.search.builder()
        for unit in doc_units:
            self._builder.add(unit)

    def _write(self, kind: str, key: str, value: object) -> None:
        with open(self.path / kind / f"{key}.pkl", "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)

    def finish(self) -> list[object]:
        return self._builder.finish() if self._builder is not None else []

    def cancel(self) -> None:
        if self._builder is not None:
            self._builder.cancel()
