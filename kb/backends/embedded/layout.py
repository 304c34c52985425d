"""The names in an embedded store's folder (the tree `kb.store` describes) and the file
operations its parts share: pinning a generation, writing a file atomically."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from pathlib import Path

DOCS, GRAPH, SEARCH = "docs", "graph", "search"  # directories of a generation
EXTRAS = (GRAPH,)  # per-document files beside docs/: graph fragments
PROBLEMS = "problems.json"
REMOVED = "removed.json"
MANIFEST = "manifest.json"
GEN_PREFIX = "gen-"
GEN_NAME = re.compile(r"gen-\d{6}")
Removed = tuple[str, str, bool]  # a document kb remove took out: file, id, a .jsonl line


def open_dir(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return None


def pin(path: Path) -> int | None:
    """A shared lock on a generation directory; None if it is gone or being removed."""
    fd = open_dir(path)
    if fd is None:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:  # a writer is removing it
        os.close(fd)
        return None
    return fd


def close_fd(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
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
