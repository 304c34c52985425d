"""The whoosh engine, and its fast segment writer: the one module that imports whoosh.

Fields: `content`, a unit's text and the titles of the headings above it; `title` (document
units: titles, number, issuers, jurisdiction); `names` (agency names); `doc` and `agency`
(agency keys) for filters; `ref`, what a hit needs, stored. Scoring is BM25F: in `content`
a heading's words count HEADING_WEIGHT times (field-weighted frequencies combined before
saturation, as BM25F defines them), titles and names are boosted fields. A heading's words
sit HEADING_GAP positions after the text, so no phrase spans the two.
"""

from __future__ import annotations

import os
import pickle
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index, scoring
from whoosh.analysis import Analyzer, Token
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import And, Or, Phrase, Query, Term
from whoosh.searching import Searcher
from whoosh.system import pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode
from whoosh.writing import NO_MERGE, SegmentWriter

from kb.errors import store_damaged as damaged
from kb.search import analysis
from kb.search.engine import IndexWriter, Match, Request, SearchEngine, SegmentBuilder
from kb.search.most import most_held
from kb.search.units import Unit

FIELDS = ("content", "title", "names")
HEADING_WEIGHT = 2.0
HEADING_GAP = 1000


class Text(str):
    """The value of a unit's `content` field: its text (the string itself) and its headings.

    A string, so that whoosh hands it to the analyzer (it takes lists and tuples as words).
    """

    heading: str

    def __new__(cls, body: str, heading: str) -> Text:
        text = super().__new__(cls, body)
        text.heading = heading
        return text

    @property
    def body(self) -> str:
        return str(self)


def _add_text(table: dict[str, _Postings], value: Text, docnum: int) -> int:
    """Add the postings of a unit's text and headings to `table`; the field length.

    Each word's positions run through the text, then the headings HEADING_GAP later; its
    weight counts a heading's occurrences HEADING_WEIGHT times. One loop, no generators:
    this is the indexer's innermost work, once per word of every unit.
    """
    words, count = analysis.counted_positions(value.body)
    heading = analysis.heading_positions(value.heading) if value.heading else {}
    if heading:
        base = count + HEADING_GAP
        for word, where in heading.items():
            shifted = [base + p for p in where]
            before = words.get(word)
            if before is None:
                words[word] = shifted
            else:
                before.extend(shifted)
    extra, one, get = HEADING_WEIGHT - 1.0, _ONE_POSITION, table.get
    length = 0
    for word, where in words.items():
        n = len(where)
        length += n
        entry = get(word)
        if entry is None:
            entry = table[word] = (array("I"), array("f"), [])
        entry[0].append(docnum)
        in_heading = heading.get(word)
        entry[1].append(n + extra * len(in_heading) if in_heading else n)
        entry[2].append(one[where[0]] if n == 1 else _encode(where))
    return length


class PolicyAnalyzer(Analyzer):
    """kb.search.analysis as a whoosh analyzer (pre-analysed token lists pass through)."""

    def __call__(  # type: ignore[override]
        self, value: Any, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
        removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
        mode: str = "", **kwargs: Any,
    ) -> Iterator[Token]:  # fmt: skip
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if isinstance(value, Text):  # text, then headings: what the segment writer does, token by token
            body, count = analysis.counted_positions(value.body)
            words = [(w, p, 1.0) for w, where in body.items() for p in where]
            if value.heading:
                heading = analysis.heading_positions(value.heading).items()
                words += [(w, count + HEADING_GAP + p, HEADING_WEIGHT) for w, where in heading for p in where]
        else:
            words = [(t.text, t.position, 1.0) for t in analysis.tokens(value)]
        for text, position, boost in words:
            token.text, token.boost, token.stopped = text, boost, False
            if positions:
                token.pos = start_pos + position
            yield token


def schema() -> Schema:
    words = PolicyAnalyzer()
    return Schema(
        doc=ID(stored=True),
        agency=KEYWORD(commas=True, lowercase=False),
        title=TEXT(analyzer=words, field_boost=3.0, phrase=False),
        content=TEXT(analyzer=words, phrase=True),
        names=TEXT(analyzer=words, field_boost=1.5, phrase=False),
        # What a hit needs, in one stored value: id, kind, seq, label, path, start, end.
        ref=STORED,
    )


def fields(unit: Unit) -> dict[str, Any]:
    ref = (unit.id, unit.kind, unit.seq, unit.label, unit.path, unit.span.start, unit.span.end)
    values: dict[str, Any] = {"doc": unit.doc, "ref": ref}
    if unit.content or unit.heading:
        values["content"] = Text(unit.content, unit.heading)
    for name in ("title", "names"):
        if getattr(unit, name):
            values[name] = getattr(unit, name)
    if unit.agencies:
        values["agency"] = ",".join(unit.agencies)
    return values


# A term's postings in a segment being built: docnums, weights, encoded values (positions).
_Postings = tuple["array[int]", "array[float]", list[bytes]]
SEGMENT_UNITS = 250_000  # units per segment a builder writes: bounds a worker's memory


class BatchSegmentWriter(SegmentWriter):
    """A whoosh segment written from units analysed in this process.

    Same files as whoosh's own SegmentWriter (a test compares them), without its posting pool
    and on-disk sort runs: postings collect per term in arrays and are written a block at a
    time, in term order, when the segment is finished.
    """

    def __init__(self, ix: Any):
        # Blocks are not compressed: writing is faster, and whoosh reads the flag per block.
        super().__init__(ix, _lk=False, compound=False, codec=W3Codec(compression=0))
        self._terms: dict[str, dict[str, _Postings]] = {}  # field -> term -> postings
        self._lengths: dict[str, array[int]] = {}  # field -> length of each docnum

    def add_unit(self, unit: Unit) -> None:
        docnum, perdoc, values = self.docnum, self.perdocwriter, fields(unit)
        perdoc.start_doc(docnum)
        for name in sorted(values):
            field, value = self.schema[name], values[name]
            length = self._index(name, field, value, docnum) if field.indexed else 0
            perdoc.add_field(name, field, value if field.stored else None, length)
        perdoc.finish_doc()
        self.docnum += 1
        self._added = True

    def _index(self, name: str, field: Any, value: Any, docnum: int) -> int:
        """Add a field's postings; its length (for scoring) if the field is scorable."""
        table = self._terms.get(name)
        if table is None:
            table = self._terms[name] = {}
        if isinstance(value, Text):
            length = _add_text(table, value, docnum)
        else:
            length = 0
            for word, freq, weight, vbytes in _postings(field, value):
                length += freq
                entry = table.get(word)
                if entry is None:
                    entry = table[word] = (array("I"), array("f"), [])
                entry[0].append(docnum)
                entry[1].append(weight)
                if vbytes:
                    entry[2].append(vbytes)
        if not field.scorable:
            return 0
        lengths = self._lengths.setdefault(name, array("I"))
        lengths.extend([0] * (docnum + 1 - len(lengths)))
        lengths[docnum] = length
        return length

    def finish(self) -> Any:
        return self._finalize_segment()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        for name in sorted(self._terms):
            table, field = self._terms[name], self.schema[name]
            lengths = self._lengths.get(name, array("I"))
            lengths.extend([0] * (self.docnum - len(lengths)))
            fieldwriter.start_field(name, field)
            for word in sorted(table):
                docnums, weights, values = table[word]
                if len(docnums) <= fieldwriter._postwriter._blocklimit:
                    _write_term(fieldwriter, word.encode("utf-8"), docnums, weights, values, lengths)
                    continue
                fieldwriter.start_term(word.encode("utf-8"))
                _fill_blocks(fieldwriter._postwriter, docnums, weights, values, lengths)
                fieldwriter.finish_term()
            fieldwriter.finish_field()
        fieldwriter.close()
        self._terms, self._lengths = {}, {}


def _fill_blocks(writer: Any, docnums: array[int], weights: array[float], values: list[bytes],
                 lengths: array[int]) -> None:  # fmt: skip
    """Give whoosh's postings writer a term's postings a block at a time (what its
    add_posting does one posting at a time); the last block is left for finish_postings."""
    limit = writer._blocklimit
    for start in range(0, len(docnums), limit):
        end = start + limit
        writer._ids = docnums[start:end]
        writer._weights = weights[start:end]
        writer._values = values[start:end] if values else []
        block_lengths = [n for n in map(lengths.__getitem__, writer._ids) if n]
        writer._minlength = min(block_lengths) if block_lengths else None
        writer._maxlength = max(block_lengths) if block_lengths else 0
        writer._maxweight = max(0.0, max(writer._weights))
        if end < len(docnums):
            writer._write_block()


def _postings(field: Any, value: Any) -> Iterator[tuple[str, int, float, bytes]]:
    """(word, frequency, weight, encoded value) of a field value, as whoosh's field.index."""
    if isinstance(field, ID):  # the whole value is the term (whoosh's IDAnalyzer, no lower-casing)
        yield value, 1, field.format.field_boost, b""
        return
    if not isinstance(field.analyzer, PolicyAnalyzer):  # keywords: whoosh's own analysis
        for tbytes, freq, weight, vbytes in field.index(value):
            yield tbytes.decode("utf-8"), freq, weight, vbytes
        return
    boost = field.format.field_boost
    for word, where in analysis.heading_positions(value).items():  # titles and names
        yield word, len(where), len(where) * boost, _COUNT[len(where)]


def _write_term(fieldwriter: Any, tbytes: bytes, docnums: array[int], weights: array[float],
                values: list[bytes], lengths: array[int]) -> None:  # fmt: skip
    """A term whose postings fit one block, written as whoosh's start_term, _write_block and
    finish_term would write it (same bytes), without their calls per posting and per step."""
    postwriter = fieldwriter._postwriter
    postfile = postwriter._postfile
    start = postfile.tell()
    block_lengths = [n for n in map(lengths.__getitem__, docnums) if n]
    minlength = min(block_lengths) if block_lengths else None
    maxlength = max(block_lengths) if block_lengths else 0
    maxweight = max(0.0, max(weights))
    postwriter._format = fieldwriter._format
    postwriter._values = values  # for _mini_values, which knows the format's value size
    mini_weights = (
        None
        if all(w == 1.0 for w in weights)
        else weights[0]
        if all(w == weights[0] for w in weights)
        else tuple(weights)
    )
    databytes = pickle.dumps((tuple(delta_encode(docnums)), mini_weights, postwriter._mini_values()), 2)
    infobytes = pickle.dumps(
        (len(docnums), docnums[-1], maxweight, 0, length_to_byte(minlength), length_to_byte(maxlength)), 2
    )
    postfile.write(WHOOSH3_HEADER_MAGIC)
    postfile.write_int(-(len(infobytes) + len(databytes)))  # negative: the last block
    postfile.write(infobytes)
    postfile.write(databytes)
    info = W3TermInfo(
        weight=sum(weights), df=len(docnums), minlength=minlength, maxlength=maxlength,
        maxweight=maxweight, minid=docnums[0], maxid=docnums[-1],
    )  # fmt: skip
    info.set_extent(start, postfile.tell() - start)
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + tbytes, info.to_bytes())


class _Count(dict[int, bytes]):
    """Encoded frequencies (whoosh's Frequency format), made once."""

    def __missing__(self, freq: int) -> bytes:
        self[freq] = value = pack_uint(freq)
        return value


_COUNT = _Count()


class _OnePosition(dict[int, bytes]):
    """Encodings of a single position: most words occur once in a unit."""

    def __missing__(self, position: int) -> bytes:
        self[position] = value = _encode([position])
        return value


_ONE_POSITION = _OnePosition()


def _encode(positions: list[int]) -> bytes:
    """whoosh's Positions.encode: the count, then the pickled position deltas."""
    deltas, base = [], 0
    for pos in positions:
        deltas.append(pos - base)
        base = pos
    return pack_uint(len(deltas)) + pickle.dumps(deltas, 2)


class _Writer(IndexWriter):
    """The index's one writer: deletes, and attaches the segments workers built."""

    def __init__(self, directory: Path):
        self._writer = index.open_dir(str(directory)).writer()
        self._attached: list[Any] = []

    def drop(self, doc: str) -> None:
        self._writer.delete_by_term("doc", doc)

    def attach(self, segments: list[object]) -> None:
        self._attached.extend(segments)

    def commit(self) -> None:
        # Keep every segment as it is (no merge through whoosh's slow pool), add the new ones.
        w = self._writer
        segments = w._merge_segments(NO_MERGE, False, False) + self._attached
        w._close_segment()
        w._commit_toc(segments)
        w._finish()

    def cancel(self) -> None:
        self._writer.cancel()


class _Builder(SegmentBuilder):
    """Writes analysed units into new segments, a segment per SEGMENT_UNITS units."""

    def __init__(self, directory: Path):
        self._ix = index.open_dir(str(directory))
        self._writer: BatchSegmentWriter | None = None
        self._done: list[Any] = []

    def add(self, unit: Unit) -> None:
        if self._writer is None:
            self._writer = BatchSegmentWriter(self._ix)
        self._writer.add_unit(unit)
        if self._writer.docnum >= SEGMENT_UNITS:
            self._done.append(self._writer.finish())
            self._writer = None

    def finish(self) -> list[object]:
        if self._writer is not None and self._writer.docnum:
            self._done.append(self._writer.finish())
        elif self._writer is not None:
            self._writer.cancel()
        self._writer = None
        done, self._done = self._done, []
        return done

    def cancel(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
        for segment in self._done:
            for name in self._ix.storage.list():
                if name.startswith(f"{segment.indexname}_{segment.segid}"):
                    self._ix.storage.delete_file(name)
        self._done = []


class WhooshEngine(SearchEngine):
    """Units in a whoosh index directory."""

    def create(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if not index.exists_in(str(self.directory)):
            index.create_in(str(self.directory), schema())

    def writer(self) -> IndexWriter:
        return _Writer(self.directory)

    def builder(self) -> SegmentBuilder:
        return _Builder(self.directory)

    def carry(self, source: Path) -> None:
        """Hard links: whoosh writes new segment and TOC files, it never rewrites old ones."""
        self.directory.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            for name in os.listdir(source):
                if "LOCK" not in name:
                    os.link(source / name, self.directory / name)

    def frequencies(self, words: list[str]) -> dict[str, int]:
        searcher = _searcher(self.directory)
        out = {w: max(searcher.doc_frequency(f, w) for f in FIELDS) for w in words}
        out[""] = searcher.doc_count()
        return out

    def count(self) -> int:
        return int(_searcher(self.directory).doc_count())

    def search(self, request: Request) -> list[Match]:
        if not (request.required or request.phrases) or frozenset() in (request.docs, request.agencies):
            return []  # (whoosh would take an empty filter for no filter)
        searcher = _searcher(self.directory)
        query, only = _query(request), _filter(request)
        fetch = request.limit
        while True:
            results = searcher.search(query, limit=fetch, filter=only)
            matches = _distinct(_match(hit.fields(), hit.score) for hit in results)
            if len(matches) >= request.limit or results.scored_length() < fetch:
                return matches[: request.limit]
            fetch *= 2  # pieces of one long task took places: look further

    def search_most(self, request: Request) -> tuple[list[Match], int]:
        if not request.words or frozenset() in (request.docs, request.agencies):
            return [], 0
        searcher = _searcher(self.directory)
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


def _searcher(directory: Path) -> Searcher:
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
