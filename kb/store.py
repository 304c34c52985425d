"""The embedded store: a knowledge base in a folder, and how it changes safely.

The backend of `kb.backends.base` for a folder; it owns the folder's whole layout (no module
outside it names a file or directory in it). This module is its entry, `Store`; its parts are
in `kb/backends/embedded/`: `layout` (the names below), `generation` (reading one),
`writer` (building the next), `damage` (what makes one damaged)::

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
import json
import os
import pickle
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kb.backends import base
from kb.backends.embedded import damage
from kb.backends.embedded.generation import Generation
from kb.backends.embedded.layout import DOCS, GEN_NAME, GEN_PREFIX, SEARCH, atomic_write, close_fd
from kb.backends.embedded.layout import pin as pin_generation
from kb.backends.embedded.writer import EmbeddedSink, GenerationWriter  # noqa: F401 (kb.store's names)
from kb.corrections import CorrectionLog
from kb.errors import StoreError, StoreVersionError
from kb.errors import store_damaged as damaged
from kb.errors import store_unwritable as unwritable
from kb.lock import WriterLock
from kb.records import DocumentRecord, doc_key, record_of  # noqa: F401 (kb.store's names before kb.records)
from kb.search.engine import ENGINES

SCHEMA = 5  # 2: graph fragments as node and edge lists; long tasks searched in pieces; 3: label bits;
# 4: tasks carry the correction an official made (kb.corrections); 5: responsibilities carry their
# role word (verb) and whether a standing rule implies them
ENV = "KB_HOME"
BACKEND = "embedded"
_OPEN_ATTEMPTS = 20


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
            live = self.root / damage.current_name(self.root)
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
            last, name = name, damage.current_name(self.root)
            path = self.root / name
            pin = pin_generation(path)
            if pin is None:  # replaced and removed since CURRENT was read: read it again
                if name == last and not path.exists():
                    raise damaged(self.root, f"CURRENT names {name!r}, which is missing")
                continue
            try:
                with open(path / "catalog.pkl", "rb") as f:
                    catalog = pickle.load(f)
            except FileNotFoundError:
                close_fd(pin)
                continue
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError) as e:
                close_fd(pin)
                raise damaged(self.root, f"{name}/catalog.pkl is unreadable: {e}") from e
            try:
                damage.check_parts(self.root, path, catalog)
            except BaseException:
                close_fd(pin)
                raise
            return Generation(path, catalog, pin, self.engine_name)
        raise StoreError(f"the store at {self.root} changes too fast to be read; run the command again")

    # -- writing ---------------------------------------------------------------------------

    def writer(self, rebuild: bool = False, wait: bool = False) -> GenerationWriter:
        """Start the next generation (as a context manager); one writer at a time."""
        return GenerationWriter(self, rebuild, wait)

    def write_meta(self, engine_name: str) -> None:
        meta = {
            "schema": SCHEMA, "backend": BACKEND, "engine": engine_name,
            "updated": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }  # fmt: skip
        atomic_write(self.root / "store.json", json.dumps(meta).encode())

    def generations(self) -> list[Path]:
        return sorted(
            p for p in self.root.glob(f"{GEN_PREFIX}*") if GEN_NAME.fullmatch(p.name) and p.is_dir()
        )
