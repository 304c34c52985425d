"""What a run ran on: machine, Python, package versions, the project's commit, the load."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from importlib import metadata
from pathlib import Path

PACKAGES = (
    "policykb",
    "OpenCC",
    "rjieba",
    "Whoosh-Reloaded",
    "jieba",
    "llama-index-core",
    "llama-index-retrievers-bm25",
    "bm25s",
    "PyStemmer",
    "numpy",
    "pyinstrument",
)


def describe(root: Path) -> dict[str, object]:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "memory_mb": _mem_total_kb() * 1024 / 1_000_000,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {name: _version(name) for name in PACKAGES},
        "commit": _commit(root),
    }


def settle(idle: float = 0.9, quiet_seconds: int = 3, limit: float = 120.0) -> tuple[float, float]:
    """Wait until the CPUs are at least `idle` idle for `quiet_seconds` one-second windows in a
    row (the install step before a run, a test suite just finished), at most `limit` seconds.

    Returns the seconds waited and the idle share of the last window, which the report shows.
    """
    start = time.monotonic()
    quiet, share = 0, 0.0
    while time.monotonic() - start < limit:
        before = _cpu_times()
        time.sleep(1.0)
        after = _cpu_times()
        busy, idle_ticks = (a - b for a, b in zip(after, before, strict=True))
        share = idle_ticks / max(busy + idle_ticks, 1)
        quiet = quiet + 1 if share >= idle else 0
        if quiet >= quiet_seconds:
            break
    return time.monotonic() - start, share


def _cpu_times() -> tuple[int, int]:
    """(busy, idle) clock ticks of all CPUs since boot, from /proc/stat (steal counts as busy)."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return sum(ticks[:8]) - idle, idle


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: how busy the machine was."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _mem_total_kb() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1])
    return 0


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit(root: Path) -> str:
    """The checkout's commit, marked when kb/, indexer/ or cli.py differ from it."""
    try:
        head = _git(root, "rev-parse", "--short", "HEAD")
        dirty = _git(root, "status", "--porcelain", "--", "kb", "indexer", "cli.py")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (with uncommitted changes in kb/, indexer/ or cli.py)" if dirty else "")


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    ).stdout.strip()
