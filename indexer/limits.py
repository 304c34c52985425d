"""Time limits: no one file holds the store's writer lock for minutes.

Reading and parsing are linear in the size of a file, but a file built to be slow (or a
pattern nobody has met yet) must not stop every other `kb index` on the store: each file's
reading, and each document's parsing, gets a budget of BASE_SECONDS plus PER_MB seconds per
megabyte, after which it is refused with one line and the run goes on.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

BASE_SECONDS = 30.0
PER_MB = 2.0  # a 50 MB page on one line reads and parses in about 10 s


class TooSlow(BaseException):
    """A file or document that took longer than its budget.

    Not an Exception: raised by a timer anywhere in the reading or parsing code, it must not
    be taken for the error of a parser that catches everything (`except Exception`).
    """


def budget(size: int) -> float:
    """Seconds allowed for `size` bytes (or characters) of input."""
    return BASE_SECONDS + PER_MB * size / 1e6


@contextmanager
def time_limit(seconds: float, doing: str) -> Iterator[None]:
    """Raise TooSlow in the block after `seconds` ("reading it took more than 30 s …").

    A timer signal, so only in the main thread of a process (a worker process is one);
    elsewhere the block runs without a limit.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TooSlow(
            f"refused: {doing} it took more than {seconds:.0f} s (a file built to be slow?); "
            "the other files are indexed"
        )

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
