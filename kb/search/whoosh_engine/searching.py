"""Searching a whoosh index: its searcher kept open, requests as whoosh queries, hits as matches."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import index, scoring
from whoosh.query import And, Or, Phrase, Query, Term
from whoosh.searching import Searcher

from kb.errors import store_damaged as damaged
from kb.search.engine import Match, Request
from kb.search.most import most_held
from kb.search.whoosh_engine.schema import FIELDS


def search(directory: Path, request: Request) -> list[Match]:
    """The best units holding every word of `request` (SearchEngine.search)."""
    if not (request.required or request.phrases) or frozenset() in (request.docs, request.agencies):
        return []  # (whoosh would take an empty filter for no filter)
    searcher = searcher_for(directory)
    query, only = _query(request), _filter(request)
    fetch = request.limit
    while True:
        results = searcher.search(query, limit=fetch, filter=only)
        matches = _distinct(_match(hit.fields(), hit.score) for hit in results)
        if len(matches) >= request.limit or results.scored_length() < fetch:
            return matches[: request.limit]
        fetch *= 2  # pieces of one long task took places: look further


def search_most(directory: Path, request: Request) -> tuple[list[Match], int]:
    """The units holding the most of `request`'s words, and how many (SearchEngine.search_most)."""
    if not request.words or frozenset() in (request.docs, request.agencies):
        return [], 0
    searcher = searcher_for(directory)
    only = _filter(request)
    required = ([only] if only is not None else []) + [_phrase_query(*p) for p in request.phrases]
    allowed = set(searcher.docs_for_query(_all(required))) if required else None
    ranked, held = most_held(searcher, request.words, FIELDS, allowed)
    matches: list[Match] = []
    for score, docnum in ranked:
        matches = _distinct([*matches, _match(searcher.stored_fields(docnum), score)])
        if len(matches) == request.limit:
            break
    return matches, held


# Open searchers, newest last. Opening an index and its searcher costs about as much as a
# search: a generation's index never changes, so its searcher is kept for the next query.
_SEARCHERS: OrderedDict[tuple[str, tuple[tuple[str, int, int], ...]], Searcher] = OrderedDict()
_KEEP = 4


def searcher_for(directory: Path) -> Searcher:
    """A BM25F searcher of the index in `directory`, kept open; a missing or unreadable index
    is a damaged store (StoreError naming it).

    Keyed by the directory and its table of contents (name, inode, mtime), so an index
    written again at the same path is opened again.
    """
    where = f"{directory.parent.name}/{directory.name}"
    try:
        tocs = tuple(
            (e.name, e.inode(), e.stat().st_mtime_ns)
            for e in os.scandir(directory)
            if e.name.endswith(".toc")
        )
    except FileNotFoundError:
        raise damaged(directory.parent.parent, f"{where} is missing") from None
    except OSError as e:
        raise damaged(directory.parent.parent, f"{where} is unreadable: {e.strerror or e}") from e
    if not tocs:
        raise damaged(directory.parent.parent, f"{where} is unreadable: it has no table of contents")
    key = (str(directory), tocs)
    searcher = _SEARCHERS.get(key)
    if searcher is not None:
        _SEARCHERS.move_to_end(key)
        return searcher
    try:
        searcher = index.open_dir(str(directory)).searcher(weighting=scoring.BM25F())
    except Exception as e:  # whoosh raises many types for a damaged index
        raise damaged(directory.parent.parent, f"{where} is unreadable: {type(e).__name__}: {e}") from e
    _SEARCHERS[key] = searcher
    while len(_SEARCHERS) > _KEEP:
        _SEARCHERS.popitem(last=False)[1].close()
    return searcher


def _distinct(matches: Iterable[Match]) -> list[Match]:
    """The best piece of each task (a long task is indexed in pieces), other units as they are."""
    seen: set[tuple[str, int | None]] = set()
    out = []
    for m in matches:
        key = (m.doc, m.seq) if m.kind == "task" else (m.unit_id, None)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _query(request: Request) -> Query:
    """Every word in a unit's text and headings; or, for a document unit, all in its titles;
    or, for a task, all in its agencies' names. Phrases in the text."""
    words = list(dict.fromkeys(word for group in request.required for word in group))  # each once
    if request.any_word:
        return Or([Term(f, word) for word in words for f in FIELDS])
    phrases = [_phrase_query(whole, pieces) for whole, pieces in request.phrases]
    text = _all([Term("content", w) for w in words] + phrases)
    if not words:
        return text
    others = [_all([Term(field, w) for w in words]) for field in ("title", "names")]
    return Or([text, *others])


def _phrase_query(whole: tuple[str, ...], pieces: tuple[str, ...]) -> Query:
    """A phrase in either of its readings: whole words, or the smallest words they are made of."""
    return Or([r for r in (_phrase(whole), _phrase(pieces)) if r is not None])


def _all(parts: list[Query]) -> Query:
    return And(parts) if len(parts) > 1 else parts[0]


def _phrase(words: tuple[str, ...]) -> Query | None:
    if not words:
        return None
    return Term("content", words[0]) if len(words) == 1 else Phrase("content", list(words))


def _filter(request: Request) -> Query | None:
    parts: list[Query] = []
    if request.docs is not None:
        parts.append(Or([Term("doc", d) for d in sorted(request.docs)]))
    if request.agencies is not None:
        parts.append(Or([Term("agency", k) for k in sorted(request.agencies)]))
    if not parts:
        return None
    return And(parts) if len(parts) > 1 else parts[0]


def _match(stored: dict[str, Any], score: float) -> Match:
    unit_id, kind, seq, label, path, start, end = stored["ref"]
    return Match(unit_id, stored["doc"], kind, float(score), seq, label, tuple(path), start, end)
