"""Units holding the most of a query's words, for a query no unit matches whole.

`公租房 申请条件` with no passage holding both falls back to the passages holding one of
them. Which units hold which word is counted from the index's posting lists, a block of
postings at a time (no scoring of every unit that holds any word, which costs seconds for
common words); only the units holding the most words are then scored, BM25F as the engine
scores them. Works on a whoosh searcher it is given (kb.search.whoosh_engine owns whoosh).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import Any

Word = tuple[tuple[str, ...], ...]  # a typed word: its groups of smallest words


def most_held(
    searcher: Any, words: Iterable[Word], fields: tuple[str, ...], allowed: set[int] | None
) -> tuple[list[tuple[float, int]], int]:
    """(score, docnum) of the units holding the most `words`, best first, and how many they
    hold. A word is held when each of its groups is, all of a group's words in one field;
    `allowed` limits the units (filters, required phrases)."""
    counts: Counter[int] = Counter()
    holding: list[tuple[Word, set[int]]] = []
    for word in words:
        holders = _holding(searcher, word, fields)
        if allowed is not None:
            holders &= allowed
        counts.update(holders)
        holding.append((word, holders))
    most = max(counts.values(), default=0)
    best = sorted(d for d, n in counts.items() if n == most)
    if not best:
        return [], 0
    scores = dict.fromkeys(best, 0.0)
    held = [word for word, holders in holding if not holders.isdisjoint(best)]
    terms = {(f, w) for word in held for group in word for w in group for f in fields}
    for field, text in sorted(terms):
        _add_scores(searcher, field, text, best, scores)
    return sorted(((s, d) for d, s in scores.items()), key=lambda pair: (-pair[0], pair[1])), most


def _holding(searcher: Any, word: Word, fields: tuple[str, ...]) -> set[int]:
    """The units holding every group of a word (a group: all its words in one field)."""
    found: set[int] | None = None
    for group in word:
        units: set[int] = set()
        for field in fields:
            sets = [_units(searcher, field, w) for w in group]
            units |= set.intersection(*sets) if sets else set()
        found = units if found is None else found & units
        if not found:
            return set()
    return found or set()


def _units(searcher: Any, field: str, text: str) -> set[int]:
    """Docnums of the units whose `field` holds `text`, read a posting block at a time."""
    out: set[int] = set()
    for reader, offset, matcher in _postings(searcher, field, text):
        ids: set[int] = set()
        while matcher.is_active():
            matcher._read_data()
            raw = matcher._data[0]
            ids.update(raw if matcher._byteids else accumulate(raw))  # delta-coded docnums
            matcher._next_block()
        ids -= reader.deleted_docs_set
        out.update(ids if not offset else (i + offset for i in ids))
    return out


def _postings(searcher: Any, field: str, text: str) -> Iterator[tuple[Any, int, Any]]:
    """(segment reader, docnum offset, raw posting matcher) of each segment holding the term."""
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if (field, text) in reader:
            term = reader._text_to_bytes(field, text)
            yield reader, offset, reader._terms.matcher(field, term, reader.schema[field].format)


def _add_scores(searcher: Any, field: str, text: str, docnums: list[int], scores: dict[int, float]) -> None:
    """Add the engine's score of one term (BM25F of its weight and the field's length) to
    the units `docnums` (sorted) that hold it, reading only the blocks that hold them."""
    if (field, text) not in searcher.reader():
        return
    scorer = searcher.weighting.scorer(searcher, field, text)
    for reader, offset, matcher in _postings(searcher, field, text):
        wanted = [d - offset for d in docnums if d >= offset]
        i, deleted = 0, reader.deleted_docs_set
        while matcher.is_active() and i < len(wanted):
            if wanted[i] <= matcher.block_max_id():
                matcher._read_ids()
                matcher._read_weights()
                weights = dict(zip(matcher._ids, matcher._weights, strict=True))
                while i < len(wanted) and wanted[i] <= matcher.block_max_id():
                    local = wanted[i]
                    if local in weights and local not in deleted:
                        length = searcher.doc_field_length(local + offset, field, 1)
                        scores[local + offset] += scorer._score(weights[local], length)
                    i += 1
            matcher._next_block()
