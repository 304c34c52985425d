"""Reading a PostgreSQL store: one repeatable-read, read-only transaction per snapshot.

Every statement of a snapshot sees the same committed state, so a reader never sees half of
an indexing run. The catalogue (a `DocumentRecord` per document, with its owned tasks) is
built from the tables once per state and kept by the process for the next snapshot of the
same state (keyed by the store's id and its `state` counter), so a long-running server
pays for it once per indexing run.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from psycopg import IsolationLevel

from kb.backends import base
from kb.backends.postgres import check, give, rows, schema, shown, take
from kb.backends.postgres.failures import failures, guarded
from kb.errors import StoreError
from kb.model import Document, Responsibility, TaskRef
from kb.records import DocumentRecord

if TYPE_CHECKING:
    import networkx as nx

    from kb.backends.postgres import PostgresStore
    from kb.search.engine import SearchIndex

_CATALOGS: OrderedDict[tuple[str, str], dict[str, DocumentRecord]] = OrderedDict()
_CATALOGS_KEPT = 2
_catalogs_lock = threading.Lock()

_DOCUMENT = ", ".join(rows.COLUMNS["documents"])
_RECORD = ", ".join(c for c in rows.COLUMNS["documents"] if c not in ("text", "residue", "parts", "indexed"))
_RESPONSIBILITIES = (
    f"SELECT {rows.RESPONSIBILITY} FROM responsibilities r JOIN agencies a ON a.key = r.agency"
)


class PostgresSnapshot(base.Snapshot):
    """One consistent state of a PostgreSQL store."""

    def __init__(self, url: str, conn: Any, meta: dict[str, str], catalog: dict[str, DocumentRecord],
                 owns: bool = True):  # fmt: skip
        self.url = url
        self.location = shown(url)
        self.conn = conn
        self.meta = meta
        self.catalog = catalog
        # Ends the transaction and gives the connection back once: on close() or when collected.
        self._release = weakref.finalize(self, give, url, conn) if owns else None

    @classmethod
    def open(cls, store: PostgresStore) -> PostgresSnapshot:
        with failures(store.location):
            conn = take(store.url)
            try:
                conn.isolation_level, conn.read_only = IsolationLevel.REPEATABLE_READ, True
                found = schema.version(conn, store.location)
                check(found, store.location)
                meta = metadata(conn)
                schema.check_settings(meta, store.location)
                return cls(store.url, conn, meta, catalog(conn, meta))
            except BaseException:
                give(store.url, conn)
                raise

    def close(self) -> None:
        if self._release is not None:
            self._release()

    def usable(self) -> bool:
        """False once the server ended the connection (a restart, an administrator, a timeout
        on idle transactions): seen without a round trip."""
        from kb.backends.postgres import dropped

        return not dropped(self.conn)

    @guarded
    def load(self, doc_id: str) -> Document:
        if doc_id not in self.catalog:
            raise KeyError(doc_id)
        return load(self.conn, doc_id)

    @guarded
    def problems(self) -> dict[str, dict[str, Any]]:
        found = self.conn.execute("SELECT file, hash, errors, notes FROM problems").fetchall()
        return {rows.read_path(f): {"hash": h, "errors": e, "notes": n} for f, h, e, n in found}

    @guarded
    def indexed_on(self, doc_id: str) -> str:
        """The day the document's version in this state was indexed (its row is written only
        when its text changes); a row from before the day was recorded: "an earlier run"."""
        row = self.conn.execute("SELECT indexed FROM documents WHERE id = %s", (doc_id,)).fetchone()
        return row[0].isoformat() if row is not None and row[0] is not None else "an earlier run"

    @guarded
    def removed(self) -> set[tuple[str, str, bool]]:
        """The documents `kb remove` took out: (file, id, whether it is a line of the file)."""
        found = self.conn.execute("SELECT file, id, line FROM removed").fetchall()
        return {(rows.read_path(f), i, line) for f, i, line in found}

    def search_index(self) -> SearchIndex:
        from kb.backends.postgres.search import PostgresSearch

        return PostgresSearch(self.conn, self.meta, self.location)

    @guarded
    def graph(self, without: frozenset[str] = frozenset()) -> nx.DiGraph:
        from kb.backends.postgres.graph import build

        return build(self.conn, without)


def metadata(conn: Any) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM kb_meta").fetchall())


def catalog(conn: Any, meta: dict[str, str]) -> dict[str, DocumentRecord]:
    """Every document's record, built from the tables (or kept from an earlier snapshot)."""
    key = (meta.get("store_id", ""), meta.get("state", ""))
    with _catalogs_lock:
        kept = _CATALOGS.get(key)
        if kept is not None:
            _CATALOGS.move_to_end(key)
            return kept
    found = read_catalog(conn)
    with _catalogs_lock:
        _CATALOGS[key] = found
        while len(_CATALOGS) > _CATALOGS_KEPT:
            _CATALOGS.popitem(last=False)
    return found


def read_catalog(conn: Any) -> dict[str, DocumentRecord]:
    from psycopg.rows import dict_row

    owners: dict[tuple[str, int], list[Responsibility]] = {}
    for row in conn.execute(_RESPONSIBILITIES + " ORDER BY r.doc_id, r.seq, r.n").fetchall():
        owners.setdefault((row[0], row[1]), []).append(rows.responsibility(row))
    owned: dict[str, list[TaskRef]] = {}
    if owners:
        query = "SELECT doc_id, seq, label, path, title, deadline FROM tasks t WHERE EXISTS "
        query += "(SELECT 1 FROM responsibilities r WHERE (r.doc_id, r.seq) = (t.doc_id, t.seq))"
        for doc_id, seq, label, path, title, deadline in conn.execute(
            query + " ORDER BY doc_id, seq"
        ).fetchall():
            ref = TaskRef(doc_id, seq, label, tuple(path), title, deadline, tuple(owners[(doc_id, seq)]))
            owned.setdefault(doc_id, []).append(ref)
    with conn.cursor(row_factory=dict_row) as cur:
        found = {}
        for row in cur.execute(f"SELECT {_RECORD} FROM documents ORDER BY id"):
            found[row["id"]] = rows.record(row, tuple(owned.get(row["id"], ())))
    return found


def load(conn: Any, doc_id: str) -> Document:
    """One document from its rows."""
    from psycopg.rows import dict_row

    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(f"SELECT {_DOCUMENT} FROM documents WHERE id = %s", (doc_id,)).fetchone()
        if row is None:
            raise StoreError(f"document {doc_id!r} is gone from the database; run the command again")
        sections = cur.execute("SELECT * FROM sections WHERE doc_id = %s ORDER BY idx", (doc_id,)).fetchall()
        tasks = cur.execute("SELECT * FROM tasks WHERE doc_id = %s ORDER BY seq", (doc_id,)).fetchall()
        owners: dict[int, list[Responsibility]] = {}
        for r in conn.execute(_RESPONSIBILITIES + " WHERE r.doc_id = %s ORDER BY r.seq, r.n", (doc_id,)):
            owners.setdefault(r[1], []).append(rows.responsibility(r))
    return rows.document(row, sections, tasks, owners)
