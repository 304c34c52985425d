"""What can go wrong between policykb and its database, each as one line saying what to do.

A database error reaches the user as a `StoreError` (one line, exit status 1), never as a
traceback or as "no results": a damaged store (a table or column missing, `kb_meta` unreadable,
a row breaking a constraint) names the damage and the remedy; a connection lost, a server
shutting down, a read-only standby, a full disk, a permission refused each say what happened
and what to do. An error that is policykb's own (a statement it got wrong) is left as it is,
to be reported. `guarded` wraps the backend's methods that talk to the server.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Concatenate, ParamSpec, TypeVar

from kb.errors import StoreError, store_damaged

RESTORE = "restore the database from a backup (pg_restore), or index into a new, empty database"
_P = ParamSpec("_P")
_R = TypeVar("_R")

# SQLSTATEs that mean the tables are not what policykb made them: a damaged store.
_DAMAGE = ("42P01", "42703", "42804", "42883", "22P02", "22003")  # undefined table, column, …; bad values


def damaged(where: str, what: str) -> StoreError:
    return store_damaged(where, what, RESTORE)


def translated(error: Exception, where: str) -> StoreError | None:
    """The StoreError a database error means for the user, or None for policykb's own mistakes."""
    import psycopg

    if not isinstance(error, psycopg.Error):
        return None
    state = error.sqlstate or ""
    reason = _reason(error)
    if state.startswith(_DAMAGE):
        return damaged(where, reason)
    if state == "42501":
        return StoreError(
            f"the database at {where} refused the user ({reason}): ask its administrator to grant "
            "the user the tables (kb index needs to create and write them)"
        )
    if state == "25006":
        return StoreError(
            f"cannot write to the store at {where}: it is read-only (a standby?); the store is unchanged "
            "(kb index and kb correct go to the primary)"
        )
    if state.startswith("53"):  # disk full, out of memory, too many connections
        return StoreError(
            f"cannot use the store at {where}: the database server is short of resources ({reason}); "
            "the store is unchanged (free some space or ask its administrator, then run the command again)"
        )
    if state == "57014":
        return StoreError(f"the database at {where} cancelled the command ({reason}); run it again")
    if state in ("40001", "40P01"):
        return StoreError(f"the database at {where} could not finish the command ({reason}); run it again")
    if isinstance(error, psycopg.OperationalError):  # the connection went (server stopped, network)
        return StoreError(
            f"lost the connection to {where} ({reason}): "
            "check that the server runs, then run the command again"
        )
    return None


def _reason(error: Exception) -> str:
    diag = getattr(error, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    text = primary or str(error).strip() or type(error).__name__
    return text.strip().splitlines()[0]


@contextmanager
def failures(where: str) -> Iterator[None]:
    """Database errors inside the block as the StoreError they mean."""
    try:
        yield
    except Exception as e:
        found = translated(e, where)
        if found is None:
            raise
        raise found from None


def guarded(method: Callable[Concatenate[Any, _P], _R]) -> Callable[Concatenate[Any, _P], _R]:
    """A method of an object with a `location` whose database errors are StoreErrors."""

    @functools.wraps(method)
    def run(self: Any, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with failures(self.location):
            return method(self, *args, **kwargs)

    return run
