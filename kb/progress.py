"""Progress of a long `kb index`, as a person sees it.

On a terminal, a bar counting documents against the documents to read, reaching 100 %,
with the input read and documents per second; when stderr is not a terminal (a log, a
cron job), a plain line every KB_PROGRESS_SECONDS seconds (10 by default) on runs longer
than that: `indexed 1,200/4,850 documents (24/89 MB)`. Nothing at all with --quiet.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

ENV = "KB_PROGRESS_SECONDS"
INTERVAL = 10.0  # seconds between lines when stderr is not a terminal
_SHOW_AFTER = 0.5  # seconds before a bar appears (a run shorter than that shows none)
_REDRAW = 0.1  # seconds between redraws of the bar
_WIDTH = 24


@dataclass(frozen=True, slots=True)
class Progress:
    """How far an indexing run is: documents and bytes of input read, out of how many."""

    documents: int
    total: int  # documents to read (a .jsonl counts its lines: an estimate until `finished`)
    bytes: int
    total_bytes: int
    finished: bool = False


class ProgressView:
    """Shows `Progress` on a stream: a bar on a terminal, a line every `interval` s otherwise."""

    def __init__(
        self, stream: TextIO, *, quiet: bool = False, interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:  # fmt: skip
        self.stream, self.quiet, self.clock = stream, quiet, clock
        self.terminal = stream.isatty()
        self.interval = interval if interval is not None else _interval()
        self.started = clock()
        self._last = self.started  # last line (log) or redraw (bar)
        self._drawn = False

    def update(self, p: Progress) -> None:
        if self.quiet:
            return
        now = self.clock()
        if self.terminal:
            long = now - self.started >= _SHOW_AFTER
            if p.finished:
                if self._drawn or long:
                    self._bar(p, now, final=True)
            elif long and (not self._drawn or now - self._last >= _REDRAW):
                self._bar(p, now)
        elif not p.finished and now - self._last >= self.interval:
            self._last = now
            self.stream.write(f"indexed {_counts(p)}\n")
            self.stream.flush()

    def _bar(self, p: Progress, now: float, final: bool = False) -> None:
        total = max(p.total, p.documents, 1)
        done = total if final else min(p.documents, total)
        filled = _WIDTH * done // total
        rate = done / max(now - self.started, 1e-9)
        shown = Progress(done, total, p.total_bytes if final else p.bytes, p.total_bytes)
        line = (
            f"\rindexing [{'#' * filled}{'-' * (_WIDTH - filled)}] {100 * done // total:3d}%  "
            f"{_counts(shown)}  {rate:,.0f} documents/s"
        )
        self.stream.write(line + ("\n" if final else ""))
        self.stream.flush()
        self._last, self._drawn = now, True

    def close(self) -> None:
        """End a bar that was drawn but never finished (an error stopped the run)."""
        if self._drawn and self.terminal:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def _counts(p: Progress) -> str:
    """`1,200/4,850 documents (24/89 MB)`."""
    return f"{p.documents:,}/{p.total:,} documents ({_mb(p.bytes)}/{_mb(p.total_bytes)} MB)"


def _mb(n: int) -> str:
    return f"{n / 1e6:,.0f}" if n >= 10e6 else f"{n / 1e6:,.1f}"


def _interval() -> float:
    try:
        return max(0.0, float(os.environ.get(ENV, INTERVAL)))
    except ValueError:
        return INTERVAL
