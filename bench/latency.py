"""Warm, in-process latency of `KnowledgeBase.search` and of structured `KnowledgeBase.ask`.

One `KnowledgeBase` is opened on the store; every query is run once to warm up (dictionaries,
the search index's files, cached documents), then `passes` more times; p50 and p95 are over
all timed calls. Questions must be ones the structured path answers (no llama-index, no LLM):
`kb.qa.answer.understand` must not classify any as free, else the run stops.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.measure import Latency, latency, timed_passes


@dataclass(frozen=True, slots=True)
class WarmResult:
    """Latency of one kind of call, and what the calls returned (a sanity check)."""

    latency: Latency
    outcomes: dict[str, int]  # search: queries with/without hits; ask: answers by kind


def read_lines(path: Path) -> list[str]:
    """Non-blank lines of a file, without `#` comments."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def search(store: Path, queries: list[str], passes: int) -> WarmResult:
    """`KnowledgeBase.search(query, limit=10)` for each query."""
    from kb import KnowledgeBase

    base = KnowledgeBase.open(store)
    hits = Counter("with hits" if base.search(q, limit=10).hits else "no hits" for q in queries)
    timings = timed_passes([partial(base.search, q, limit=10) for q in queries], passes)
    return WarmResult(latency(timings), dict(hits))


def ask(store: Path, questions: list[str], passes: int) -> WarmResult:
    """Structured `KnowledgeBase.ask(question)` for each question."""
    from kb import KnowledgeBase
    from kb.qa import intents
    from kb.qa.answer import understand

    free = [q for q in questions if understand(q)[1].kind == intents.FREE]
    if free:
        raise SystemExit(
            "error: these questions would take the free (llama-index) path:\n  " + "\n  ".join(free)
        )
    base = KnowledgeBase.open(store)
    kinds = Counter(base.ask(q).kind for q in questions)
    timings = timed_passes([partial(base.ask, q) for q in questions], passes)
    return WarmResult(latency(timings), dict(kinds))
