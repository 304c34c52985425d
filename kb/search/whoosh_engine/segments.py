"""whoosh segments written from units analysed in this process, without whoosh's posting pool."""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.fields import ID
from whoosh.system import pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode
from whoosh.writing import SegmentWriter

from kb.search import analysis
from kb.search.units import Unit
from kb.search.whoosh_engine.schema import HEADING_GAP, HEADING_WEIGHT, PolicyAnalyzer, Text, fields

# A term's postings in a segment being built: docnums, weights, encoded values (positions).
_Postings = tuple["array[int]", "array[float]", list[bytes]]


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
    one, get = _ONE_POSITION, table.get
    for word, where in words.items():
        entry = get(word)
        if entry is None:
            entry = table[word] = (array("I"), array("f"), [])
        entry[0].append(docnum)
        n = len(where)
        entry[1].append(n)
        entry[2].append(one[where[0]] if n == 1 else _encode(where))
    if heading:  # a heading's words weigh more: the few of them, not a test per word
        extra = HEADING_WEIGHT - 1.0
        for word, where in heading.items():
            table[word][1][-1] += extra * len(where)
    return sum(map(len, words.values()))


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
    same, count = weights.count, len(weights)  # array.count, not a generator per weight
    mini_weights = None if same(1.0) == count else weights[0] if same(weights[0]) == count else tuple(weights)
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
