"""The textbook baseline: whoosh with jieba's stock ChineseAnalyzer, as jieba's own
whoosh example builds it.

Schema: `id` (ID, stored), `title` and `content` (TEXT, stored, ChineseAnalyzer: jieba in
search mode, lower case, jieba's stop words, Porter stemming). One writer with whoosh's
defaults, one `add_document` per document, one commit. Queries go through whoosh's
QueryParser on `content` (terms ANDed), ten hits. jieba's dictionary is loaded before the
clock starts.
"""

from __future__ import annotations

import logging
import time
from functools import partial
from pathlib import Path
from typing import Any

from bench.corpus import Subset
from bench.measure import Throughput, throughput


def _analyzer() -> Any:
    import jieba
    from jieba.analyse import ChineseAnalyzer

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return ChineseAnalyzer()


def build(subset: Subset, directory: Path) -> Throughput:
    """Index the subset into a new whoosh index in `directory`."""
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema

    analyzer = _analyzer()
    schema = Schema(
        id=ID(stored=True),
        title=TEXT(stored=True, analyzer=analyzer),
        content=TEXT(stored=True, analyzer=analyzer),
    )
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    ix = index.create_in(str(directory), schema)
    writer = ix.writer()
    for doc in subset.docs:
        writer.add_document(id=doc.id, title=doc.title, content=doc.text)
    writer.commit()
    return throughput(time.perf_counter() - started, subset.megabytes, len(subset.docs))


def search_timings(directory: Path, queries: list[str], passes: int) -> list[float]:
    """Seconds per query (ten hits, documents' stored fields read), after a warm-up pass."""
    from whoosh import index
    from whoosh.qparser import QueryParser

    from bench.measure import timed_passes

    _analyzer()
    ix = index.open_dir(str(directory))
    parser = QueryParser("content", ix.schema)
    with ix.searcher() as searcher:

        def search(query: str) -> Any:
            return [hit.fields() for hit in searcher.search(parser.parse(query), limit=10)]

        return timed_passes([partial(search, q) for q in queries], passes)
