"""Typed errors of the knowledge base; each message says what to do next."""

from __future__ import annotations

import errno
import os


class KbError(Exception):
    """Base class: a problem the user can act on. The CLI prints it as one line."""


class StoreError(KbError):
    """The store cannot be used as it is."""


def store_damaged(location: str | os.PathLike[str], what: str) -> StoreError:
    """The error for a damaged store: what is wrong, and the remedy."""
    return StoreError(
        f"the store at {os.fspath(location)} is damaged ({what}); rebuild it with `kb index --rebuild`"
    )


def store_unwritable(location: str | os.PathLike[str], error: OSError) -> StoreError:
    """The error for a store that cannot be written (read-only, full, not permitted)."""
    cause = (error.strerror or str(error)).lower()
    full = " (free some space and run kb index again)" if error.errno in (errno.ENOSPC, errno.EDQUOT) else ""
    return StoreError(
        f"cannot write to the store at {os.fspath(location)}: {cause}; the store is unchanged{full}"
    )


class StoreVersionError(StoreError):
    """The store was built by an incompatible version of policykb."""


class StoreLocked(StoreError):
    """Another process is writing to the store."""


class EmptyStore(StoreError):
    """The store holds no documents yet."""


class InputError(KbError):
    """An input file or line that cannot be read."""


class DocumentNotFound(KbError):
    """No document matches what the user typed."""


class AmbiguousDocument(KbError):
    """Several documents match; the user must choose."""

    def __init__(self, message: str, candidates: list[tuple[str, str]]):
        super().__init__(message)
        self.candidates = candidates  # (id, title)


class TaskNotFound(KbError):
    """The document has no task with that label, path or number."""


class AmbiguousTask(KbError):
    """A label names several tasks of one document; the user must give a path."""

    def __init__(self, message: str, candidates: list[tuple[str, str]]):
        super().__init__(message)
        self.candidates = candidates  # (path, title)


class AgencyNotFound(KbError):
    """No agency in the registry matches what the user typed."""


class QueryError(KbError):
    """A search query or question that cannot be used."""


class ExportError(KbError):
    """An export that cannot be written."""


class LlmError(KbError):
    """The configured LLM endpoint failed."""
