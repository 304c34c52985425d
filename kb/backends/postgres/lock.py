"""The writer lock of a PostgreSQL store: one `kb index` (or correction) at a time.

A session advisory lock (`pg_try_advisory_lock`, scoped to the database) on the writer's
connection: the server drops it when the connection goes, however its process dies. The
holder (pid, host, start, command) is recorded in `kb_writer`, committed at once, so a second
writer can name it; a record found on taking the lock means the last holder was killed.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from typing import Any

from kb.errors import StoreLocked

LOCK_KEY = 0x706F6C6963796B62  # 'policykb'
_DEAD_HOLDER_WAIT = "60s"  # for the server to notice a killed writer of this machine


class WriterLock:
    """The store's writer lock, on a connection in autocommit mode."""

    def __init__(self, conn: Any, location: str):
        self.conn = conn
        self.location = location

    def acquire(self, wait: bool = False) -> dict[str, object] | None:
        """Take the lock; the record of a killed holder, if one was left."""
        conn = self.conn
        if not conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()[0]:
            holder = holder_of(conn)
            if not (wait or _dead_here(holder)):
                raise StoreLocked(
                    f"another kb index (pid {holder.get('pid', '?')} on {holder.get('host', '?')}, "
                    f"started {holder.get('started', '?')}) is writing to {self.location}; "
                    "wait for it to finish or use --wait"
                )
            if not wait:  # its process is gone: the server lets its session go shortly
                conn.execute(f"SET lock_timeout = '{_DEAD_HOLDER_WAIT}'")
            conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
            conn.execute("SET lock_timeout = 0")
        return holder_of(conn) or None

    def record(self) -> None:
        """Name this process as the holder (once the tables exist)."""
        record = {
            "pid": os.getpid(), "host": socket.gethostname(),
            "started": time.strftime("%Y-%m-%d %H:%M:%S"), "command": " ".join(sys.argv[:3]),
        }  # fmt: skip
        self.conn.execute("DELETE FROM kb_writer")
        self.conn.execute(
            "INSERT INTO kb_writer (pid, host, started, command) "
            "VALUES (%(pid)s, %(host)s, %(started)s, %(command)s)",
            record,
        )

    def release(self) -> None:
        """A clean release: the record goes, then the lock."""
        if _has_table(self.conn):
            self.conn.execute("DELETE FROM kb_writer")
        self.conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))


def _has_table(conn: Any) -> bool:
    return bool(conn.execute("SELECT to_regclass('kb_writer') IS NOT NULL").fetchone()[0])


def holder_of(conn: Any) -> dict[str, object]:
    if not _has_table(conn):
        return {}
    row = conn.execute("SELECT pid, host, started, command FROM kb_writer").fetchone()
    return dict(zip(("pid", "host", "started", "command"), row, strict=True)) if row else {}


def _dead_here(holder: dict[str, object]) -> bool:
    """Whether the holder ran on this machine and its process is gone (killed)."""
    pid = holder.get("pid")
    if holder.get("host") != socket.gethostname() or not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
