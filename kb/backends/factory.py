"""The one place that decides which backend serves a store location.

A location is a folder (the embedded store, `kb.store`: the default) or a PostgreSQL URL
(`postgresql://user@host:5432/dbname`, `postgres://…`: `kb.backends.postgres`). It comes
from `--store`, else `$KB_STORE`, else `$KB_HOME`, else `kb.store.default_root()`.
The store itself records which backend and search engine built it, and refuses to be read
as something else.
"""

from __future__ import annotations

import os

from kb.backends.base import Store

ENVS = ("KB_STORE", "KB_HOME")
_URL_SCHEMES = ("postgresql://", "postgres://")


def locate(option: str | os.PathLike[str] | None = None) -> str:
    """The store location: `--store`, else `$KB_STORE`, else `$KB_HOME`, else the default folder."""
    if option:
        return os.fspath(option)
    for name in ENVS:
        if os.environ.get(name):
            return os.environ[name]
    from kb.store import default_root

    return str(default_root())


def is_database(location: str | os.PathLike[str]) -> bool:
    """Whether a location names a database server rather than a folder."""
    return isinstance(location, str) and location.lower().startswith(_URL_SCHEMES)


def open_store(location: str | os.PathLike[str] | None = None) -> Store:
    """The store at a location (see `locate`), of the backend the location's form names."""
    where = locate(location)
    if is_database(where):
        from kb.backends.postgres import PostgresStore  # psycopg only loads here

        return PostgresStore(where)
    from kb.store import Store as EmbeddedStore

    return EmbeddedStore(os.path.expanduser(where))
