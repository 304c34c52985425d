"""The PostgreSQL store: one knowledge base in a database many processes and machines share.

The backend of `kb.backends.base` for a `postgresql://` URL; this package is the only code
that imports psycopg or names a table. `schema` owns the tables and their migrations, `rows`
turns documents into rows and back, `snapshot` reads (a repeatable-read transaction: one
consistent state, committed data only), `search` is the full text in SQL (`most`: the units
holding most of a query's words), `writer` an indexing run (one transaction, one writer at a
time by an advisory lock), `failures` what a database error means for the user. No pickles:
the graph is built from the tables.
"""

from __future__ import annotations

import json
import os
import select
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from kb.backends import base
from kb.backends.postgres import schema
from kb.backends.postgres.failures import failures, guarded
from kb.errors import EmptyStore, StoreError, StoreVersionError

if TYPE_CHECKING:
    from kb.corrections import Correction

_IDLE = 4  # connections a process keeps for the next reader, per database
_pool: dict[str, list[Any]] = {}
_pool_lock = threading.Lock()
_inherited: list[Any] = []  # a forked child's copies of its parent's connections


def _forget_in_child() -> None:
    """A forked process (an indexing worker) must not use its parent's connections, nor close
    them: closing sends the server a goodbye on the socket both share. They are kept, unused."""
    _inherited.extend(conn for idle in _pool.values() for conn in idle)
    _pool.clear()


os.register_at_fork(after_in_child=_forget_in_child)


def shown(url: str) -> str:
    """A URL as messages show it: without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def connect(url: str, autocommit: bool = False) -> Any:
    """A new connection, or a clear error naming the server."""
    import psycopg

    try:
        return psycopg.connect(url, autocommit=autocommit, application_name="policykb")
    except psycopg.OperationalError as e:
        reason = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
        raise StoreError(
            f"cannot connect to {shown(url)} ({reason}): check the URL, that the server runs and "
            "that the user may connect"
        ) from None


def take(url: str) -> Any:
    """A connection for a reader: one this process kept idle, else a new one."""
    with _pool_lock:
        idle = _pool.setdefault(url, [])
        conn = idle.pop() if idle else None
    if conn is not None and dropped(conn):
        conn.close()
        conn = None
    return connect(url) if conn is None else conn


def dropped(conn: Any) -> bool:
    """Whether the server ended an idle connection (restarted, or an administrator ended it):
    it then said goodbye on the socket, which an idle connection otherwise never has to read
    (policykb does not LISTEN). Looked at without a round trip to the server."""
    if conn.closed:
        return True
    try:
        readable, _, _ = select.select([conn.fileno()], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def give(url: str, conn: Any) -> None:
    """Give a reader's connection back (its transaction ended), kept for the next reader."""
    try:
        if not conn.closed:
            conn.rollback()
    except Exception:  # a connection the server dropped: nothing to keep
        conn.close()
        return
    with _pool_lock:
        idle = _pool.setdefault(url, [])
        if not conn.closed and len(idle) < _IDLE:
            idle.append(conn)
            return
    conn.close()


@contextmanager
def pooled(url: str) -> Iterator[Any]:
    """A reader's connection for the length of a `with` block."""
    conn = take(url)
    try:
        yield conn
    except BaseException:
        conn.close()
        raise
    give(url, conn)


class PostgresStore(base.Store):
    """A knowledge base in a PostgreSQL database."""

    def __init__(self, url: str):
        self.url = url
        self.location = shown(url)

    @guarded
    def exists(self) -> bool:
        with pooled(self.url) as conn:
            return schema.version(conn, self.location) > 0

    @guarded
    def check_schema(self) -> None:
        with pooled(self.url) as conn:
            found = schema.version(conn, self.location)
        check(found, self.location)

    def current(self) -> base.Snapshot:
        from kb.backends.postgres.snapshot import PostgresSnapshot

        return PostgresSnapshot.open(self)

    def writer(self, rebuild: bool = False, wait: bool = False) -> base.StoreWriter:
        from kb.backends.postgres.writer import PostgresWriter

        return PostgresWriter(self, rebuild, wait)

    def corrections(self) -> PostgresCorrections:
        return PostgresCorrections(self)

    @guarded
    def revision(self) -> object:
        """The store's id, its committed state and its corrections' count of changes."""
        with pooled(self.url) as conn:
            if schema.version(conn, self.location) == 0:
                return None
            found = conn.execute(
                "SELECT key, value FROM kb_meta WHERE key IN ('store_id', 'state', 'corrections') "
                "ORDER BY key"
            ).fetchall()
        return tuple(found)

    @contextmanager
    def locked(self, wait: bool = False) -> Iterator[None]:
        from kb.backends.postgres.lock import WriterLock

        conn = connect(self.url, autocommit=True)
        try:
            lock = WriterLock(conn, self.location)
            with failures(self.location):
                lock.acquire(wait)
            try:
                with failures(self.location):
                    schema.migrate(conn, self.location)
                    lock.record()
                yield
            finally:
                with failures(self.location):
                    lock.release()
        finally:
            conn.close()


class PostgresCorrections(base.CorrectionStore):
    """The corrections of a PostgreSQL store: the `corrections` table, replaced in one transaction."""

    def __init__(self, store: PostgresStore):
        self.store = store
        self.location = store.location

    @guarded
    def read(self) -> list[Correction]:
        from kb.corrections import Correction

        with pooled(self.store.url) as conn:
            if schema.version(conn, self.location) < 2:
                return []
            found = conn.execute("SELECT correction FROM corrections ORDER BY n").fetchall()
        return [Correction.from_json(c) for (c,) in found]

    @guarded
    def write(self, corrections: Sequence[Correction]) -> None:
        with connect(self.store.url) as conn, conn.transaction():
            conn.execute(
                "INSERT INTO kb_meta VALUES ('corrections', '1') "
                "ON CONFLICT (key) DO UPDATE SET value = (kb_meta.value::bigint + 1)::text"
            )
            conn.execute("DELETE FROM corrections")
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO corrections VALUES (%s, %s, %s, %s)",
                    [
                        (n, c.doc, c.path, json.dumps(c.to_json(), ensure_ascii=False))
                        for n, c in enumerate(corrections)
                    ],
                )


def check(found: int, where: str) -> None:
    """Refuse a database this policykb cannot read."""
    if found == 0:
        raise EmptyStore(f"no documents indexed in {where} yet: run `kb --store {where} index PATH` first")
    schema.refuse_newer(found, where)
    if found < schema.SCHEMA:
        raise StoreVersionError(
            f"the database at {where} has schema {found}, this policykb needs {schema.SCHEMA}: "
            "run `kb index` to migrate it"
        )
