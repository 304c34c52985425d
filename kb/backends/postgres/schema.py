"""The tables of a PostgreSQL store, and their migrations (versioned in the database).

`kb_meta` holds the schema version (the number of migrations applied), the backend and search
engine that wrote the store, a store id (new for each new database) and `state`, a counter
every committed indexing run increases (and, for ranking, the number of units and the total
length of each field): readers key what they cache by (store id, state).
Only a writer (holding the advisory lock) migrates; a store newer than this policykb is
refused, by readers and writers alike, with a message to upgrade.
"""

from __future__ import annotations

from typing import Any

from kb.backends.postgres.failures import damaged
from kb.errors import StoreVersionError

BACKEND = "postgresql"
ENGINE = "postgresql-fts"  # tsvector + GIN, ranked by ts_rank_cd (kb.backends.postgres.search)

MIGRATIONS: tuple[str, ...] = (
    # 1: documents and what was read from them, full text, term statistics.
    """
    CREATE TABLE kb_meta (key text PRIMARY KEY, value text NOT NULL);
    CREATE TABLE kb_writer (
        only_one boolean PRIMARY KEY DEFAULT true CHECK (only_one),
        pid integer, host text, started text, command text
    );
    CREATE TABLE documents (
        id text PRIMARY KEY,
        source text NOT NULL, line integer, file_hash text NOT NULL,
        text_hash text NOT NULL,                  -- the content hash: unchanged documents are skipped
        title text NOT NULL, title_original text NOT NULL, part_titles text[] NOT NULL,
        doc_number text, issuers text[] NOT NULL,
        date text, written text, published text, effective text, repealed text,
        jurisdiction text, addressees text[] NOT NULL,
        script text NOT NULL, encoding text NOT NULL,
        text text NOT NULL,                       -- the original text, character for character
        residue integer[] NOT NULL,               -- portal residue spans, start and stop in turn
        parts jsonb NOT NULL,                     -- [kind, title, start, stop, heading start, stop]
        items integer NOT NULL, chars integer NOT NULL,
        title_keys text[] NOT NULL, number_key text, label_bits jsonb NOT NULL
    );
    CREATE INDEX documents_jurisdiction ON documents (jurisdiction);
    CREATE INDEX documents_date ON documents (date);
    CREATE INDEX documents_source ON documents (source);
    CREATE TABLE sections (
        doc_id text NOT NULL REFERENCES documents ON DELETE CASCADE,
        idx integer NOT NULL, parent integer, level integer NOT NULL,
        label text NOT NULL, number integer NOT NULL, title text NOT NULL,
        start integer NOT NULL, stop integer NOT NULL,
        heading_start integer NOT NULL, heading_stop integer NOT NULL, part integer NOT NULL,
        PRIMARY KEY (doc_id, idx),
        FOREIGN KEY (doc_id, parent) REFERENCES sections (doc_id, idx) ON DELETE CASCADE
    );
    CREATE TABLE tasks (
        doc_id text NOT NULL REFERENCES documents ON DELETE CASCADE,
        seq integer NOT NULL, label text NOT NULL, path text[] NOT NULL, headings text[] NOT NULL,
        title text NOT NULL, title_original text NOT NULL,
        text text,                                -- NULL: the document's text of the span, stripped
        start integer NOT NULL, stop integer NOT NULL, deadline text,
        section integer,                          -- the deepest section holding the task
        PRIMARY KEY (doc_id, seq),
        FOREIGN KEY (doc_id, section) REFERENCES sections (doc_id, idx) ON DELETE CASCADE
    );
    CREATE TABLE agencies (
        key text PRIMARY KEY,                     -- kb.agencies.Agency.key
        canonical text NOT NULL, jurisdiction text, collective boolean NOT NULL,
        aliases text[] NOT NULL                   -- the names the shipped registry knows it by
    );
    CREATE TABLE responsibilities (
        doc_id text NOT NULL, seq integer NOT NULL, n integer NOT NULL,
        agency text NOT NULL REFERENCES agencies,
        name text NOT NULL, written text NOT NULL,
        role text NOT NULL CHECK (role IN ('lead', 'support', 'responsible', 'guide')),
        jurisdiction text,
        start integer NOT NULL, stop integer NOT NULL,   -- the marker it was read from
        implied boolean NOT NULL DEFAULT false,   -- given by a standing rule, not the task's marker
        verb text NOT NULL DEFAULT '',            -- the role word as written (牵头, 组织落实 …)
        PRIMARY KEY (doc_id, seq, n),
        FOREIGN KEY (doc_id, seq) REFERENCES tasks ON DELETE CASCADE
    );
    CREATE INDEX responsibilities_agency ON responsibilities (agency);
    CREATE TABLE units (
        doc_id text NOT NULL REFERENCES documents ON DELETE CASCADE,
        ord integer NOT NULL, id text NOT NULL, kind text NOT NULL,
        seq integer, label text, path text[] NOT NULL,
        start integer NOT NULL, stop integer NOT NULL,
        agencies text[] NOT NULL,                 -- agency keys, for the --agency filter
        words tsvector NOT NULL,                  -- the project's tokens, weighted by field
        content_len integer NOT NULL, title_len integer NOT NULL, names_len integer NOT NULL,
        PRIMARY KEY (doc_id, ord)
    );
    CREATE INDEX units_words ON units USING gin (words);
    CREATE INDEX units_agencies ON units USING gin (agencies);
    CREATE TABLE terms (                          -- in how many units each word is, per field
        word text PRIMARY KEY,
        content integer NOT NULL, title integer NOT NULL, names integer NOT NULL
    );
    CREATE TABLE problems (                       -- what reading each file reported
        file text PRIMARY KEY, hash text NOT NULL, errors jsonb NOT NULL, notes jsonb NOT NULL
    );
    """,
    # 2: the officials' corrections (kb.corrections), kept across indexing runs.
    """
    CREATE TABLE corrections (
        n integer PRIMARY KEY,                    -- the order they were made in
        doc text NOT NULL, path text NOT NULL,    -- the task they name (no foreign key: a
        correction jsonb NOT NULL,                -- correction outlives its task, orphaned)
        UNIQUE (doc, path)
    );
    """,
    # 3: what `kb remove` took out (indexing its folder again leaves it out), and the day each
    # document's version was indexed (an unreadable file keeps it: "keeping the version indexed on …").
    """
    CREATE TABLE removed (
        file text NOT NULL,                       -- the file (kb.backends.postgres.rows.stored_path)
        id text NOT NULL,
        line boolean NOT NULL,                    -- a line of a .jsonl file, not the whole file
        PRIMARY KEY (file, id, line)
    );
    ALTER TABLE documents ADD COLUMN indexed date;   -- NULL: indexed before policykb recorded the day
    """,
)
SCHEMA = len(MIGRATIONS)


def version(conn: Any, where: str) -> int:
    """The schema version of the database (0: no policykb tables yet); a `kb_meta` that gives
    no version is a damaged store."""
    found = conn.execute("SELECT to_regclass('kb_meta') IS NOT NULL").fetchone()[0]
    if not found:
        return 0
    row = conn.execute("SELECT value FROM kb_meta WHERE key = 'schema'").fetchone()
    if row is None or not str(row[0]).isdigit() or int(row[0]) == 0:
        raise damaged(where, "kb_meta gives no schema version")
    return int(row[0])


def refuse_newer(found: int, where: str) -> None:
    if found > SCHEMA:
        raise StoreVersionError(
            f"the database at {where} has schema {found}, newer than this policykb knows ({SCHEMA}): "
            "upgrade policykb to use it"
        )


def check_settings(meta: dict[str, str], where: str) -> None:
    """Refuse a database another backend or search engine wrote (as the store records them)."""
    if (meta.get("backend"), meta.get("engine")) != (BACKEND, ENGINE):
        raise StoreVersionError(
            f"the database at {where} was written for {meta.get('backend')}/{meta.get('engine')}, "
            "which this policykb cannot read: upgrade policykb"
        )


def migrate(conn: Any, where: str) -> None:
    """Apply the migrations the database lacks, each in its own transaction (the caller holds
    the writer lock, so no other policykb migrates at the same time)."""
    found = version(conn, where)
    refuse_newer(found, where)
    for number in range(found + 1, SCHEMA + 1):
        with conn.transaction():
            conn.execute(MIGRATIONS[number - 1])
            if number == 1:
                conn.execute(
                    "INSERT INTO kb_meta VALUES ('backend', %s), ('engine', %s), "
                    "('store_id', md5(random()::text || clock_timestamp()::text)), ('state', '0'), "
                    "('units', '0'), ('content_len', '0'), ('title_len', '0'), ('names_len', '0')",
                    (BACKEND, ENGINE),
                )
            conn.execute(
                "INSERT INTO kb_meta VALUES ('schema', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(number),),
            )
