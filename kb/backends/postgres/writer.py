"""An indexing run on a PostgreSQL store: one transaction, one writer at a time.

The writer's connection holds the store's writer lock (`kb.backends.postgres.lock`). Every
change of the run then goes into one transaction: rows the workers encoded (`PostgresSink`)
are sent with COPY as they come, documents replaced or dropped are deleted first, and
`commit` makes it all visible at once. A writer killed at any moment leaves the previous
state: the server rolls the transaction back and drops the lock when the connection goes
(`client_connection_check_interval` notices it during a long statement).
"""

from __future__ import annotations

import json
import os
import time
from typing import TYPE_CHECKING, Any, cast

from psycopg import IsolationLevel

from kb.backends import base
from kb.backends.postgres import connect, rows, schema
from kb.backends.postgres.failures import failures, guarded
from kb.backends.postgres.lock import WriterLock
from kb.backends.postgres.snapshot import PostgresSnapshot, catalog, metadata
from kb.errors import StoreError
from kb.records import DocumentRecord

if TYPE_CHECKING:
    from kb.backends.postgres import PostgresStore
    from kb.model import Document

_FLUSH_BYTES = 8_000_000  # COPY data kept before it is sent
# In how many units of the documents in `ids` each word is, per field: added to (or, with a
# negative sign, taken from) `terms` at commit.
_TERM_DELTA = """
INSERT INTO term_delta
SELECT t.lexeme, {sign} count(*) FILTER (WHERE t.weights && '{{C,D}}'),
       {sign} count(*) FILTER (WHERE 'A' = ANY(t.weights)),
       {sign} count(*) FILTER (WHERE 'B' = ANY(t.weights))
FROM units u, unnest(u.words) t WHERE u.doc_id = ANY(%s) GROUP BY t.lexeme
"""


class PostgresSink(base.DocumentSink):
    """Encodes a worker's documents as COPY rows for the parent's transaction (no connection)."""

    def add(self, doc: Document, record: DocumentRecord) -> tuple[str, dict[str, str]]:
        return doc.id, rows.encode(doc, record)

    def finish(self) -> None:
        return None

    def cancel(self) -> None:
        return None


class PostgresWriter(base.StoreWriter):
    """One indexing run into a PostgreSQL store, as one transaction."""

    def __init__(self, store: PostgresStore, rebuild: bool, wait: bool):
        self.store = store
        self.rebuild = rebuild
        self.wait = wait
        self.previous: PostgresSnapshot | None = None
        self.catalog: dict[str, DocumentRecord] = {}
        self.problems: dict[str, dict[str, Any]] = {}
        self._stale: dict[str, object] | None = None
        self._conn: Any = None
        self._pending: dict[str, list[str]] = {}  # table -> COPY text not yet sent
        self._pending_ids: list[str] = []
        self._pending_bytes = 0
        self._rehashed: dict[str, DocumentRecord] = {}  # kept documents whose file changed
        self._old_problems: dict[str, dict[str, Any]] = {}
        self.removed: set[tuple[str, str, bool]] = set()  # as `PostgresSnapshot.removed`
        self.location = store.location

    @property
    def interrupted(self) -> dict[str, object] | None:
        return self._stale

    # -- the lock and the transaction ------------------------------------------------------

    def __enter__(self) -> PostgresWriter:
        self._conn = connect(self.store.url, autocommit=True)
        try:
            with failures(self.location):
                self._conn.execute("SET client_connection_check_interval = '1s'")
                self._lock = WriterLock(self._conn, self.store.location)
                self._stale = self._lock.acquire(self.wait)
                schema.migrate(self._conn, self.store.location)
                self._lock.record()
                self._start()
        except BaseException:
            self._conn.close()
            raise
        return self

    def _start(self) -> None:
        conn = self._conn
        conn.autocommit = False
        conn.isolation_level = IsolationLevel.REPEATABLE_READ  # the state the run started from, throughout
        meta = metadata(conn)
        schema.check_settings(meta, self.store.location)
        if self.rebuild:
            for table in ("documents", "agencies", "terms", "problems", "removed"):
                conn.execute(f"DELETE FROM {table}")  # not TRUNCATE: readers go on reading the old state
        elif int(meta.get("state", 0)) > 0:
            self.previous = PostgresSnapshot(self.store.url, conn, meta, catalog(conn, meta), owns=False)
            self.catalog = dict(self.previous.catalog)
            self.problems = self.previous.problems()
            self._old_problems = {f: dict(p) for f, p in self.problems.items()}
            self.removed = self.previous.removed()
        conn.execute(
            "CREATE TEMP TABLE term_delta (word text, content integer, title integer, names integer) "
            "ON COMMIT DROP"
        )

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        """Roll back what was not committed and let the lock go; when the run already failed
        (its connection lost, say), that failure is the one reported: closing the connection
        then ends the transaction and the lock on the server."""
        conn = self._conn
        try:
            with failures(self.location):
                if not conn.closed:
                    conn.rollback()  # nothing if committed
                    conn.autocommit = True
                    self._lock.release()
        except StoreError:
            if exc is None:
                raise
        finally:
            conn.close()

    # -- the run ---------------------------------------------------------------------------

    def keep(self, record: DocumentRecord) -> None:
        old = self.previous.catalog.get(record.id) if self.previous else None
        if old is not None and old != record:
            self._rehashed[record.id] = record
        self.catalog[record.id] = record

    def register(self, record: DocumentRecord) -> None:
        self._rehashed.pop(record.id, None)
        self.catalog[record.id] = record

    @guarded
    def drop(self, doc_id: str) -> None:
        self.catalog.pop(doc_id, None)
        self._rehashed.pop(doc_id, None)
        if self.previous is not None and doc_id in self.previous.catalog:
            self._delete([doc_id])

    def remove(self, doc_id: str) -> None:
        """Take a document out, and remember it was taken out (`kb remove`): indexing its
        folder again leaves it out; indexing its file by name brings it back."""
        record = self.catalog[doc_id]
        self.drop(doc_id)
        self.removed.add((record.source.split("#", 1)[0], record.id, record.line is not None))

    def restore(self, file: str) -> set[tuple[str, str, bool]]:
        """Forget what `remove` took out of `file` (it is being indexed by name); what it was."""
        back = {entry for entry in self.removed if entry[0] == file}
        self.removed -= back
        return back

    def sink(self) -> PostgresSink:
        return PostgresSink()

    @guarded
    def accept(self, payload: object) -> None:
        doc_id, tables = cast(tuple[str, dict[str, str]], payload)
        self._pending_ids.append(doc_id)
        for table, text in tables.items():
            self._pending.setdefault(table, []).append(text)
            self._pending_bytes += len(text)
        if self._pending_bytes >= _FLUSH_BYTES:
            self._flush()

    def _delete(self, ids: list[str]) -> None:
        """Remove documents (their rows go with them), and their words from the statistics."""
        self._conn.execute(_TERM_DELTA.format(sign="-"), (ids,))
        self._conn.execute("DELETE FROM documents WHERE id = ANY(%s)", (ids,))

    def _flush(self) -> None:
        """Send the rows kept so far: replaced documents deleted first, agencies merged."""
        if not self._pending_ids:
            return
        conn, ids = self._conn, self._pending_ids
        if self.previous is not None:
            replaced = [i for i in ids if i in self.previous.catalog]
            if replaced:
                self._delete(replaced)
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS new_agencies (LIKE agencies) ON COMMIT DELETE ROWS")
        self._copy("new_agencies", rows.COLUMNS["agencies"], self._pending.pop("agencies", []))
        conn.execute(
            "INSERT INTO agencies SELECT DISTINCT ON (key) * FROM new_agencies ORDER BY key "
            "ON CONFLICT (key) DO NOTHING"
        )
        conn.execute("DELETE FROM new_agencies")
        for table in ("documents", "sections", "tasks", "responsibilities", "units"):
            self._copy(table, rows.COLUMNS[table], self._pending.pop(table, []))
        conn.execute(_TERM_DELTA.format(sign=""), (ids,))
        self._pending, self._pending_ids, self._pending_bytes = {}, [], 0

    def _copy(self, table: str, columns: tuple[str, ...], chunks: list[str]) -> None:
        if not chunks:
            return
        with self._conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for chunk in chunks:
                copy.write(chunk.encode("utf-8", "surrogatepass"))

    @guarded
    def commit(self) -> None:
        conn = self._conn
        self._flush()
        for record in self._rehashed.values():
            conn.execute(
                "UPDATE documents SET file_hash = %s, source = %s, line = %s WHERE id = %s",
                (record.file_hash, rows.stored_path(record.source), record.line, record.id),
            )
        conn.execute(
            "INSERT INTO terms SELECT word, sum(content), sum(title), sum(names) FROM term_delta "
            "GROUP BY word "
            "ON CONFLICT (word) DO UPDATE SET content = terms.content + excluded.content, "
            "title = terms.title + excluded.title, names = terms.names + excluded.names"
        )
        conn.execute("DELETE FROM terms WHERE content <= 0 AND title <= 0 AND names <= 0")
        conn.execute(
            "DELETE FROM agencies a "
            "WHERE NOT EXISTS (SELECT 1 FROM responsibilities r WHERE r.agency = a.key)"
        )
        self._write_problems()
        self._write_removed()
        conn.execute("UPDATE kb_meta SET value = (value::bigint + 1)::text WHERE key = 'state'")
        conn.execute(
            "UPDATE kb_meta SET value = totals.value FROM (SELECT unnest(ARRAY['units', 'content_len', "
            "'title_len', 'names_len']) AS key, unnest(ARRAY[count(*), coalesce(sum(content_len), 0), "
            "coalesce(sum(title_len), 0), coalesce(sum(names_len), 0)])::text AS value FROM units) totals "
            "WHERE kb_meta.key = totals.key"
        )
        conn.execute(
            "INSERT INTO kb_meta VALUES ('updated', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (time.strftime("%Y-%m-%dT%H:%M:%S"),),
        )
        conn.commit()

    def _write_removed(self) -> None:
        """What `kb remove` took out, as long as its file is there (a file gone takes its
        removals with it, as in a folder store)."""
        kept = sorted(entry for entry in self.removed if os.path.exists(entry[0]))
        self._conn.execute("DELETE FROM removed")
        with self._conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO removed VALUES (%s, %s, %s)",
                [(rows.stored_path(f), rows.storable(i), line) for f, i, line in kept],
            )

    def _write_problems(self) -> None:
        files = {record.source.split("#", 1)[0] for record in self.catalog.values()}
        kept = {f: p for f, p in self.problems.items() if f in files}
        gone = [rows.stored_path(f) for f in self._old_problems if f not in kept]
        if gone:
            self._conn.execute("DELETE FROM problems WHERE file = ANY(%s)", (gone,))
        changed = [(f, p) for f, p in kept.items() if self._old_problems.get(f) != p]
        with self._conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO problems VALUES (%s, %s, %s, %s) ON CONFLICT (file) DO UPDATE SET "
                "hash = excluded.hash, errors = excluded.errors, notes = excluded.notes",
                [(rows.stored_path(f), p.get("hash", ""), _messages(p.get("errors", [])),
                  _messages(p.get("notes", []))) for f, p in changed],
            )  # fmt: skip


def _messages(lines: list[str]) -> str:
    """What reading a file reported, as jsonb can hold it (a name's undecodable bytes as U+FFFD,
    as the messages print them)."""
    return json.dumps([rows.storable(str(line)) for line in lines], ensure_ascii=False)
