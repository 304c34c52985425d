"""Measuring: latency percentiles, and wall time and peak memory of a process tree.

Peak memory of a command is measured three ways. The tree figures poll /proc every
POLL_SECONDS and sum, over the process and all its descendants (kb index forks worker
processes), their RSS (VmRSS, as counted in smaps_rollup) and their PSS (proportional set
size: a page shared by n processes counts 1/n in each, so pages the forked workers share
with their parent count once), keeping the highest sums; a peak shorter than one interval
can be missed. The
single-process figure is ru_maxrss from wait4 (what getrusage(RUSAGE_CHILDREN) reports,
for this one command): the largest RSS any one process of the tree reached.
"""

from __future__ import annotations

import math
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.05
KB = 1024


@dataclass(frozen=True, slots=True)
class Latency:
    """Percentiles of a set of timings, in milliseconds."""

    p50_ms: float
    p95_ms: float
    samples: int


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p % of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def latency(seconds: list[float]) -> Latency:
    return Latency(percentile(seconds, 50) * 1000, percentile(seconds, 95) * 1000, len(seconds))


def timed_passes(calls: Iterable[Callable[[], object]], passes: int) -> list[float]:
    """Run every call once to warm up, then `passes` more times; the timings after warm-up."""
    calls = list(calls)
    for call in calls:
        call()
    timings = []
    for _ in range(passes):
        for call in calls:
            started = time.perf_counter()
            call()
            timings.append(time.perf_counter() - started)
    return timings


@dataclass(frozen=True, slots=True)
class Run:
    """One command run to completion."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str
    peak_tree_bytes: int  # highest sum of VmRSS over the process tree
    peak_tree_pss_bytes: int  # highest sum of PSS over the process tree
    max_process_bytes: int  # ru_maxrss: the largest single process


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run a command, timing it and watching the memory of its process tree."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=cwd)
        watcher = _TreeWatcher(process.pid)
        watcher.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        watcher.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds=seconds,
            returncode=process.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            peak_tree_bytes=watcher.peak_rss,
            peak_tree_pss_bytes=watcher.peak_pss,
            max_process_bytes=usage.ru_maxrss * KB,  # Linux reports kilobytes
        )


class _TreeWatcher(threading.Thread):
    """Polls the summed RSS and PSS of a process and its descendants, keeping the peaks."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root = root
        self.peak_rss = self.peak_pss = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            usage = [_memory(pid) for pid in _tree(self.root)]
            self.peak_rss = max(self.peak_rss, sum(rss for rss, _ in usage))
            self.peak_pss = max(self.peak_pss, sum(pss for _, pss in usage))
            self._done.wait(POLL_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    """The process and its descendants (by parent pid, read from /proc/*/stat)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:  # gone meanwhile
                continue
            parent = int(stat[stat.rindex(b")") + 2 :].split()[1])  # after "pid (comm) state"
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _memory(pid: int) -> tuple[int, int]:
    """RSS and PSS of a process in bytes, from /proc/PID/smaps_rollup (0 if it is gone)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Rss:"):
                    rss = int(line.split()[1]) * KB
                elif line.startswith(b"Pss:"):
                    pss = int(line.split()[1]) * KB
    except (OSError, ValueError):
        pass
    return rss, pss


@dataclass(frozen=True, slots=True)
class Throughput:
    """How fast some work went through a subset's text."""

    seconds: float
    mb_per_second: float
    docs_per_second: float


def throughput(seconds: float, megabytes: float, docs: int) -> Throughput:
    return Throughput(seconds, megabytes / seconds, docs / seconds)
