"""The whoosh engine: the only module that imports whoosh.

Fields: `title` (document units: titles, number, issuers, jurisdiction), `heading` (the
titles of the headings above a unit), `content` (its text, with word positions for
phrases) and `names` (agency names), scored with BM25F and boosts for titles and headings;
`doc`, `kind` and `agency` (agency keys) for filters; offsets into the original stored.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh import index, scoring
from whoosh.analysis import Analyzer, Token
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import And, Or, Phrase, Query, Term

from kb.search import analysis
from kb.search.engine import IndexWriter, Match, Request, SearchEngine
from kb.search.units import Unit

FIELDS = ("content", "heading", "title", "names")


class PolicyAnalyzer(Analyzer):
    """kb.search.analysis as a whoosh analyzer (pre-analysed token lists pass through)."""

    def __call__(  # type: ignore[override]
        self, value: Any, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
        removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
        mode: str = "", **kwargs: Any,
    ) -> Iterator[Token]:  # fmt: skip
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        words = value if isinstance(value, list) else analysis.tokens(value)
        for word in words:
            token.text = word.text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + word.position
            if chars:
                token.startchar, token.endchar = start_char + word.start, start_char + word.end
            yield token


def schema() -> Schema:
    words = PolicyAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        doc=ID(stored=True),
        kind=ID(stored=True),
        agency=KEYWORD(commas=True, lowercase=False),
        title=TEXT(analyzer=words, field_boost=3.0, phrase=False),
        heading=TEXT(analyzer=words, field_boost=2.0, phrase=False),
        content=TEXT(analyzer=words, phrase=True),
        names=TEXT(analyzer=words, field_boost=1.5, phrase=False),
        seq=STORED,
        label=STORED,
        path=STORED,
        start=STORED,
        end=STORED,
    )


def fields(unit: Unit) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": unit.id, "doc": unit.doc, "kind": unit.kind, "seq": unit.seq, "label": unit.label,
        "path": list(unit.path), "start": unit.span.start, "end": unit.span.end,
    }  # fmt: skip
    for name in ("title", "heading", "content", "names"):
        if getattr(unit, name):
            values[name] = getattr(unit, name)
    if unit.agencies:
        values["agency"] = ",".join(unit.agencies)
    return values


class _Writer(IndexWriter):
    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        where = str(directory)
        ix = index.open_dir(where) if index.exists_in(where) else index.create_in(where, schema())
        self._writer = ix.writer(limitmb=256)

    def drop(self, doc: str) -> None:
        self._writer.delete_by_term("doc", doc)

    def add(self, unit: Unit) -> None:
        self._writer.add_document(**fields(unit))

    def commit(self) -> None:
        self._writer.commit()

    def cancel(self) -> None:
        self._writer.cancel()


class WhooshEngine(SearchEngine):
    """Units in a whoosh index directory."""

    def writer(self, directory: Path) -> IndexWriter:
        return _Writer(directory)

    def carry(self, source: Path, target: Path) -> None:
        """Hard links: whoosh writes new segment and TOC files, it never rewrites old ones."""
        target.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            for name in os.listdir(source):
                if "LOCK" not in name:
                    os.link(source / name, target / name)

    def frequencies(self, directory: Path, words: list[str]) -> dict[str, int]:
        if not index.exists_in(str(directory)):
            return {w: 0 for w in words} | {"": 0}
        with index.open_dir(str(directory)).searcher() as searcher:
            out = {w: max(searcher.doc_frequency(f, w) for f in FIELDS) for w in words}
            out[""] = searcher.doc_count()
        return out

    def count(self, directory: Path) -> int:
        if not index.exists_in(str(directory)):
            return 0
        return int(index.open_dir(str(directory)).doc_count())

    def search(self, directory: Path, request: Request) -> list[Match]:
        if not request.required and not request.phrases or not index.exists_in(str(directory)):
            return []
        ix = index.open_dir(str(directory))
        with ix.searcher(weighting=scoring.BM25F()) as searcher:
            results = searcher.search(_query(request), limit=request.limit, filter=_filter(request))
            return [_match(hit.fields(), hit.score) for hit in results]


def _query(request: Request) -> Query:
    parts: list[Query] = []
    for group in request.required:
        parts.extend(Or([Term(f, word) for f in FIELDS]) for word in group)
    if request.any_word:
        return Or(parts)
    for whole, pieces in request.phrases:
        readings = [_phrase(whole), _phrase(pieces)]
        parts.append(Or([r for r in readings if r is not None]))
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
    return Match(
        unit_id=stored["id"], doc=stored["doc"], kind=stored["kind"], score=float(score),
        seq=stored.get("seq"), label=stored.get("label"), path=tuple(stored.get("path") or ()),
        start=stored.get("start", 0), end=stored.get("end", 0),
    )  # fmt: skip
