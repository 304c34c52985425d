"""The writer lock of a store: one `kb index` at a time.

An advisory `flock` on `<store>/lock`. The kernel drops it when its process dies, however it
dies, so a lock left by a killed process clears itself; the file keeps the holder's pid and
start time for the message a second writer gets.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import sys
import time
from pathlib import Path

from kb.errors import StoreLocked

_HELD: set[int] = set()  # descriptors of the locks this process holds


def _forget_in_child() -> None:
    """A forked child (an indexing worker) must not keep its parent's lock alive.

    flock belongs to the open file, shared by every descriptor forked from it: a worker
    outliving a killed parent would hold the lock forever. Closing the child's copy (never
    unlocking, which would unlock the parent too) leaves the lock to the parent alone.
    """
    for fd in _HELD:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_forget_in_child)


class WriterLock:
    """Exclusive lock on a store for the duration of one write."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None
        self.stale_holder: dict[str, object] | None = None  # a dead writer's record, if any

    def acquire(self, wait: bool = False) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            raise StoreLocked(
                f"another kb index (pid {holder.get('pid', '?')} on {holder.get('host', '?')}, "
                f"started {holder.get('started', '?')}) is writing to {self.path.parent}; "
                "wait for it to finish or use --wait"
            ) from None
        previous = _read(fd)
        if previous:  # the last holder did not release: it was killed
            self.stale_holder = previous
        os.ftruncate(fd, 0)
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": time.strftime("%Y-%m-%d %H:%M:%S"),
            "command": " ".join(sys.argv[:3]),
        }
        os.pwrite(fd, json.dumps(record).encode(), 0)
        self._fd = fd
        _HELD.add(fd)

    def release(self) -> None:
        if self._fd is None:
            return
        _HELD.discard(self._fd)
        os.ftruncate(self._fd, 0)  # an empty file marks a clean release
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None


def _read(fd: int) -> dict[str, object]:
    try:
        data = os.pread(fd, 4096, 0)
        value = json.loads(data) if data.strip() else {}
        return value if isinstance(value, dict) else {}
    except (OSError, ValueError):
        return {}
