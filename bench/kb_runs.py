"""Measurements of the real `kb` console script, each run a fresh process.

`kb index` end to end (fresh store, again unchanged, at several fractions) and cold-process
latency of single commands. The store is always given with `--store`; nothing reads the
user's store or `KB_HOME`, and no LLM is configured.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import measure
from bench.corpus import MB, Subset


@dataclass(frozen=True, slots=True)
class IndexRun:
    """One `kb index` run."""

    fraction: float
    docs: int
    megabytes: float  # UTF-8 text of the documents
    seconds: float
    peak_tree_mb: float
    peak_tree_pss_mb: float
    max_process_mb: float
    mb_per_second: float
    docs_per_second: float
    added: int
    unchanged: int
    errors: int


@dataclass(frozen=True, slots=True)
class ColdRun:
    """Cold-process latency of one command: the median of several fresh processes."""

    name: str
    command: str
    median_seconds: float
    runs: list[float]


def kb_executable() -> str:
    """The `kb` console script installed beside this interpreter."""
    candidate = Path(sys.executable).parent / "kb"
    if not candidate.exists():
        raise SystemExit(f"error: no kb console script at {candidate}; run `make install` first")
    return str(candidate)


def environment() -> dict[str, str]:
    """This process's environment without anything pointing kb at another store or an LLM."""
    return {k: v for k, v in os.environ.items() if k != "KB_HOME" and not k.startswith("KB_LLM_")}


def index(store: Path, subset: Subset, *extra: Path) -> IndexRun:
    """`kb index --quiet` of a subset (and `extra` paths) into `store`."""
    command = [kb_executable(), "--store", str(store), "index", "--quiet", "--json", str(subset.path)]
    result = measure.run(command + [str(p) for p in extra], env=environment())
    try:  # exit status 1 with a summary: some documents failed, the others are indexed
        summary = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SystemExit(
            f"error: {' '.join(command)} failed ({result.returncode}):\n{result.stderr}"
        ) from None
    if summary["errors"]:
        first = "\n".join(summary["errors"][:5])
        print(f"kb index: {len(summary['errors'])} documents failed, first:\n{first}", file=sys.stderr)
    return IndexRun(
        fraction=subset.fraction,
        docs=len(subset.docs),
        megabytes=subset.megabytes,
        seconds=result.seconds,
        peak_tree_mb=result.peak_tree_bytes / MB,
        peak_tree_pss_mb=result.peak_tree_pss_bytes / MB,
        max_process_mb=result.max_process_bytes / MB,
        mb_per_second=subset.megabytes / result.seconds,
        docs_per_second=len(subset.docs) / result.seconds,
        added=len(summary["added"]),
        unchanged=summary["unchanged"],
        errors=len(summary["errors"]),
    )


def cold(store: Path, name: str, args: list[str], runs: int) -> ColdRun:
    """Median wall time of `kb --store STORE ARGS` in fresh processes, after one untimed run
    (which leaves the store and the installed packages in the page cache)."""
    command = [kb_executable(), "--store", str(store), *args]
    env = environment()
    timings = []
    for attempt in range(runs + 1):
        result = measure.run(command, env=env)
        if result.returncode != 0:
            raise SystemExit(f"error: {' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
        if attempt:
            timings.append(result.seconds)
    return ColdRun(name, "kb " + " ".join(args), statistics.median(timings), timings)
