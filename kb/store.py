"""The embedded store: a knowledge base in a folder, and how it changes safely.

The backend of `kb.backends.base` for a folder; it owns the folder's whole layout (no other
module names a file or directory in it)::

    store.json        schema version and the settings the store was built with (backend, engine)
    CURRENT           the name of the live generation, replaced atomically
    lock              held (flock) by the one process writing
    gen-000007/       one complete knowledge base
        catalog.pkl   a DocumentRecord per document
        problems.json what reading each file reported (lines refused, bytes replaced), by file
        removed.json  documents `kb remove` took out: [file, id, whether a .jsonl line]
        manifest.json the size of every per-document file, to tell one cut short
        docs/         one pickled Document per document
        graph/        one pickled graph fragment per document (kb.graph.fragment)
        search/       the full-text index (kb.search.engine, the engine store.json names)

A writer builds the next generation beside the live one (unchanged files are hard-linked,
never rewritten), then switches CURRENT with one `os.replace`. A process killed at any
moment leaves the previous generation live and complete; readers see the old or the new
knowledge base, never a mix. The previous generation is kept for readers still using it.

A damaged store (a part of the live generation missing or cut short, CURRENT empty or naming
anything but a generation folder of the store, store.json of the wrong type) is a StoreError
naming the damage and the remedy, `kb index --rebuild`; a writer never builds on one. A
store that cannot be written (read-only, full, a file where the folder should be) is one
StoreError too, and is left as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pickle
import re
import shutil
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.backends import base
from kb.corrections import CorrectionLog
from kb.errors import EmptyStore, StoreError, StoreVersionError
from kb.errors import store_damaged as damaged
from kb.errors import store_unwritable as unwritable
from kb.lock import WriterLock
from kb.model import Document
from kb.records import DocumentRecord, doc_key, record_of  # noqa: F401 (kb.store's names before kb.records)
from kb.search.engine import ENGINES, SearchEngine, SearchIndex, SegmentBuilder, engine

if TYPE_CHECKING:
    import networkx as nx

SCHEMA = 5  # 2: graph fragments as node and edge lists; long tasks searched in pieces; 3: label bits;
# 4: tasks carry the correction an official made (kb.corrections); 5: responsibilities carry their
# role word (verb) and whether a standing rule implies them
ENV = "KB_HOME"
BACKEND = "embedded"
DOCS, GRAPH, SEARCH = "docs", "graph", "search"  # directories of a generation
EXTRAS = (GRAPH,)  # per-document files beside docs/: graph fragments
PROBLEMS = "problems.json"
REMOVED = "removed.json"
MANIFEST = "manifest.json"
_GEN_PREFIX = "gen-"
_GEN_NAME = re.compile(r"gen-\d{6}")
Removed = tuple[str, str, bool]  # a document kb remove took out: file, id, a .jsonl line


def default_root() -> Path:
    """`$XDG_DATA_HOME/policykb`, else `~/.local/share/policykb`."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "policykb"


def resolve_root(option: str | os.PathLike[str] | None = None) -> Path:
    """The store directory: `--store DIR`, else `$KB_HOME`, else `default_root()`.

    (`kb.backends.factory.locate` is the general form: it also reads `$KB_STORE` and takes URLs.)
    """
    if option:
        return Path(option).expanduser()
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser()
    return default_root()


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
        self._unpin = weakref.finalize(self, _close, self.pin) if self.pin is not None else None
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
        """Raise a StoreError naming the damage if a document's file is missing or not the
        size it was written with, or the search index cannot be opened: what a writer checks
        before building on this generation."""
        sizes = self._manifest()
        for doc_id, record in self.catalog.items():
            for kind in [DOCS, *EXTRAS]:
                name = f"{kind}/{record.key}.pkl"
                try:
                    size = (self.path / name).stat().st_size
                except FileNotFoundError:
                    raise damaged(self.path.parent, f"the file of document {doc_id} is missing") from None
                if name in sizes and sizes[name] != size:
                    cut = "cut short" if size < sizes[name] else "not the size it was written with"
                    raise damaged(self.path.parent, f"the file of document {doc_id} is {cut}")
        self.search_index().count()  # a damaged index is named, never carried

    def _manifest(self) -> dict[str, int]:
        try:
            found = json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}  # a generation written before manifests
        except (OSError, ValueError) as e:
            raise damaged(self.path.parent, f"{self.path.name}/{MANIFEST} is unreadable: {e}") from e
        if not isinstance(found, dict):
            raise damaged(self.path.parent, f"{self.path.name}/{MANIFEST} is not an object")
        return found


class Store(base.Store):
    """A store directory: opens the live generation, and makes the next one."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        self.location = str(self.root)

    # -- reading ---------------------------------------------------------------------------

    def exists(self) -> bool:
        return (self.root / "CURRENT").exists()

    def foreign_owner(self) -> int | None:
        """The user id owning the store's files when it is not this process's user, else None.

        A store's files are pickles (ours and whoosh's segment files): opening a store runs
        what its files say, so a store from someone else is trusted as a program would be.
        """
        me = os.geteuid()
        paths = [self.root, self.root / "store.json", self.root / "CURRENT"]
        with contextlib.suppress(OSError, StoreError):
            live = self.root / self._current_name()
            paths += [live, live / "catalog.pkl", live / DOCS, live / SEARCH]
        for path in paths:
            with contextlib.suppress(OSError):
                owner = path.stat().st_uid
                if owner != me:
                    return owner
        return None

    def check_root(self) -> None:
        """Raise a StoreError when the store's path is a file, or inside one."""
        if self.root.is_dir():
            return
        if self.root.exists():
            raise StoreError(
                f"{self.root} is a file, not a store folder: point --store or KB_HOME at a folder"
            )
        for parent in self.root.parents:
            if parent.exists():
                if not parent.is_dir():
                    raise StoreError(f"{self.root} cannot be a store folder: {parent} is a file")
                return

    def corrections(self) -> CorrectionLog:
        """The officials' corrections, kept beside the generations (kb.corrections)."""
        return CorrectionLog(self.root)

    def revision(self) -> object:
        """The live generation's name and the corrections file's identity."""
        try:
            current = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except OSError:
            current = None
        try:
            st = os.stat(self.corrections().path)
            corrections: object = (st.st_ino, st.st_mtime_ns, st.st_size)
        except OSError:
            corrections = None
        return (current, corrections)

    @contextlib.contextmanager
    def locked(self, wait: bool = False) -> Iterator[None]:
        """Hold the writer lock (as `kb index` does) for a change outside generations."""
        self.check_root()
        lock = WriterLock(self.root / "lock")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            lock.acquire(wait=wait)
        except OSError as e:  # a read-only store, or one not ours to write
            raise unwritable(self.root, e) from e
        try:
            yield
        finally:
            lock.release()

    def settings(self) -> dict[str, Any]:
        """What store.json records ({} for a store not written yet)."""
        meta = self.root / "store.json"
        if not meta.exists():
            return {}
        try:
            found = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise damaged(self.root, f"store.json is unreadable: {e}") from e
        if not isinstance(found, dict) or not isinstance(found.get("schema"), int) or found["schema"] is True:
            raise damaged(self.root, "store.json gives no schema number")
        return found

    @property
    def engine_name(self) -> str:
        return str(self.settings().get("engine", "whoosh"))

    def check_schema(self) -> None:
        settings = self.settings()
        if not settings:
            return
        schema = settings.get("schema")
        if settings.get("backend", BACKEND) != BACKEND or settings.get("engine", "whoosh") not in ENGINES:
            raise StoreVersionError(
                f"the store at {self.root} was built for {settings.get('backend')}/{settings.get('engine')}, "
                "which this policykb cannot read: rebuild it with `kb index --rebuild`"
            )
        if schema != SCHEMA:
            raise StoreVersionError(
                f"the store at {self.root} has schema {schema}, this policykb needs {SCHEMA}: "
                "rebuild it with `kb index --rebuild`"
            )

    def current(self) -> Generation:
        """The live generation, pinned. Raises EmptyStore when nothing was indexed yet, and a
        StoreError naming the damage when the store is damaged."""
        self.check_root()
        self.check_schema()
        name = None
        for _ in range(_OPEN_ATTEMPTS):
            last, name = name, self._current_name()
            path = self.root / name
            pin = _pin(path)
            if pin is None:  # replaced and removed since CURRENT was read: read it again
                if name == last and not path.exists():
                    raise damaged(self.root, f"CURRENT names {name!r}, which is missing")
                continue
            try:
                with open(path / "catalog.pkl", "rb") as f:
                    catalog = pickle.load(f)
            except FileNotFoundError:
                _close(pin)
                continue
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError) as e:
                _close(pin)
                raise damaged(self.root, f"{name}/catalog.pkl is unreadable: {e}") from e
            try:
                _check_parts(self.root, path, catalog)
            except BaseException:
                _close(pin)
                raise
            return Generation(path, catalog, pin, self.engine_name)
        raise StoreError(f"the store at {self.root} changes too fast to be read; run the command again")

    def _current_name(self) -> str:
        """The name CURRENT gives: only a generation folder of this store."""
        try:
            raw = (self.root / "CURRENT").read_bytes()
        except FileNotFoundError:
            raise EmptyStore(f"no documents indexed in {self.root} yet: run `kb index PATH` first") from None
        name = raw.decode("utf-8", "replace").strip()
        if not name:
            raise damaged(self.root, "CURRENT is empty")
        if not _GEN_NAME.fullmatch(name):
            raise damaged(self.root, f"CURRENT names {name[:40]!r}, not a generation of this store")
        path = self.root / name
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            raise damaged(self.root, f"{name} is not a folder of the store")
        return name

    # -- writing ---------------------------------------------------------------------------

    def writer(self, rebuild: bool = False, wait: bool = False) -> GenerationWriter:
        """Start the next generation (as a context manager); one writer at a time."""
        return GenerationWriter(self, rebuild, wait)

    def _write_meta(self, engine_name: str) -> None:
        meta = {
            "schema": SCHEMA, "backend": BACKEND, "engine": engine_name,
            "updated": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }  # fmt: skip
        _atomic_write(self.root / "store.json", json.dumps(meta).encode())

    def _generations(self) -> list[Path]:
        return sorted(
            p for p in self.root.glob(f"{_GEN_PREFIX}*") if _GEN_NAME.fullmatch(p.name) and p.is_dir()
        )


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
        gens = self.store._generations()
        number = int(gens[-1].name[len(_GEN_PREFIX) :]) + 1 if gens else 1
        self.name = f"{_GEN_PREFIX}{number:06d}"
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
        self.store._write_meta(self.engine_name)
        _atomic_write(self.store.root / "CURRENT", f"{self.name}\n".encode())
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
        for old in self.store._generations():
            if old == self.path:
                continue
            fd = _open_dir(old)
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


_OPEN_ATTEMPTS = 20


def _check_parts(root: Path, path: Path, catalog: object) -> None:
    """A generation has a catalogue (a dict of records) and its folders."""
    if not isinstance(catalog, dict):
        raise damaged(root, f"{path.name}/catalog.pkl holds no catalogue")
    for part in [DOCS, *EXTRAS, SEARCH]:
        if not (path / part).is_dir():
            raise damaged(root, f"{path.name}/{part} is missing")


def _open_dir(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _pin(path: Path) -> int | None:
    """A shared lock on a generation directory; None if it is gone or being removed."""
    fd = _open_dir(path)
    if fd is None:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:  # a writer is removing it
        os.close(fd)
        return None
    return fd


def _close(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
