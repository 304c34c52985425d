"""The floor: the project's own analysis alone, in one process, over the subset's text.

What an indexing worker does to text for search (`kb.search.whoosh_engine`, through
`kb.search.analysis.counted_positions`): normalise (`kb.normalize.normalize`: OpenCC t2s,
the Taiwan-vocabulary pass, lower case) and cut with rjieba in search mode, giving each word
its positions. Units are paragraphs, so the text is analysed a line at a time, with each
title once. Parsing, storing and index writing are not included. Dictionaries are loaded
before the clock starts, and the cyclic garbage collector is off, as in the workers.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

from bench.corpus import Subset
from bench.measure import Throughput, throughput


def normalisation(subset: Subset) -> Throughput:
    """`kb.normalize.normalize` alone over every line."""
    from kb.normalize import normalize

    return _over_lines(subset, normalize)


def segmentation(subset: Subset) -> Throughput:
    """Normalisation and segmentation with positions (`counted_positions`) over every line."""
    from kb.search.analysis import counted_positions

    return _over_lines(subset, counted_positions)


def _over_lines(subset: Subset, analyse: Callable[[str], Any]) -> Throughput:
    lines = [line for d in subset.docs for line in (d.title, *d.text.split("\n")) if line.strip()]
    analyse("預熱 warm-up 预热")  # loads OpenCC and the rjieba dictionary
    enabled = gc.isenabled()
    gc.disable()
    try:
        started = time.perf_counter()
        for line in lines:
            analyse(line)
        seconds = time.perf_counter() - started
    finally:
        if enabled:
            gc.enable()
    return throughput(seconds, subset.megabytes, len(subset.docs))
