"""A document as rows of the PostgreSQL tables, and back; COPY text and tsvector literals.

Encoding runs in the indexing workers (no connection there): `encode` gives, per table, the
lines of COPY's text format, which the writer sends as they are. Decoding rebuilds the
`Document` the indexer parsed, field for field. Full text: each unit becomes a `tsvector`
literal made of the project's own tokens (`kb.search.analysis`), never parsed by a text
search configuration (the lexemes are cast as they are, as PostgreSQL's 'simple' configuration
would keep them: no stemming, no stop words). Weights carry the field: A the document unit's
titles, B agency names, C headings, D the text.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import quote, unquote_to_bytes

from kb.model import (
    Dates,
    Document,
    Metadata,
    Part,
    PartKind,
    Responsibility,
    Role,
    Script,
    Section,
    SectionIndex,
    Span,
    Task,
)
from kb.records import DocumentRecord
from kb.search import analysis
from kb.search.units import Unit, iter_units

TABLES = ("documents", "sections", "tasks", "agencies", "responsibilities", "units")
COLUMNS = {
    "documents": (
        "id", "source", "line", "file_hash", "text_hash", "title", "title_original", "part_titles",
        "doc_number", "issuers", "date", "written", "published", "effective", "repealed",
        "jurisdiction", "addressees", "script", "encoding", "text", "residue", "parts", "items",
        "chars", "title_keys", "number_key", "label_bits", "indexed",
    ),
    "sections": (
        "doc_id", "idx", "parent", "level", "label", "number", "title", "start", "stop",
        "heading_start", "heading_stop", "part",
    ),
    "tasks": (
        "doc_id", "seq", "label", "path", "headings", "title", "title_original", "text", "start",
        "stop", "deadline", "section",
    ),
    "agencies": ("key", "canonical", "jurisdiction", "collective", "aliases"),
    "responsibilities": (
        "doc_id", "seq", "n", "agency", "name", "written", "role", "jurisdiction", "start", "stop",
        "implied", "verb",
    ),
    "units": (
        "doc_id", "ord", "id", "kind", "seq", "label", "path", "start", "stop", "agencies", "words",
        "content_len", "title_len", "names_len",
    ),
}  # fmt: skip

# Where each field's words sit in a unit's tsvector (positions 1..16383): headings well after
# the text (as whoosh's HEADING_GAP), agency names after those, so no phrase spans two fields.
HEADING_GAP = 1000
NAMES_AT = 12000
MAX_POSITION = 16383
MAX_POSITIONS = 256  # per lexeme, PostgreSQL's limit
MAX_LEXEME_BYTES = 2046  # a longer "word" (a blob of Latin letters) cannot be a lexeme: not indexed
# What PostgreSQL text cannot hold (NUL, lone surrogates): stored as U+FFFD, one character for
# one, so every offset still points at the same place of the original.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_UNDECODED = re.compile("[\udc80-\udcff]")  # a byte of a file name that was not UTF-8 (surrogateescape)


# -- COPY text format ----------------------------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _array(values: Iterable[object]) -> str:
    out = []
    for v in values:
        if v is None:
            out.append("NULL")
        else:
            text = str(v).replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'"{text}"')
    return "{" + ",".join(out) + "}"


def _field(value: object) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (list, tuple)):
        return _array(value).translate(_ESCAPES)
    return str(value).translate(_ESCAPES)


def copy_line(row: Sequence[object]) -> str:
    """One row in COPY's text format (tab-separated, \\N for NULL, arrays as literals)."""
    line = "\t".join(_field(v) for v in row) + "\n"
    return _UNSTORABLE.sub("\ufffd", line) if _UNSTORABLE.search(line) else line


def storable(text: str) -> str:
    """Text as PostgreSQL can hold it: NUL and lone surrogates as U+FFFD, one for one."""
    return _UNSTORABLE.sub("\ufffd", text) if _UNSTORABLE.search(text) else text


def fits(word: str) -> bool:
    """Whether a word can be a lexeme."""
    return len(word) * 4 <= MAX_LEXEME_BYTES or len(word.encode("utf-8", "surrogatepass")) <= MAX_LEXEME_BYTES


# -- file paths ----------------------------------------------------------------------------------

_FS = "fs:"  # a path holding bytes that are not UTF-8, percent-encoded (absolute paths never start so)


def stored_path(path: str) -> str:
    """A file's path (or `path#line`) as PostgreSQL text can hold it, losslessly: a name that
    is not UTF-8 (a GBK name from a Windows zip file) keeps its bytes, so the file is found again."""
    if _UNDECODED.search(path) or path.startswith(_FS):
        return _FS + quote(os.fsencode(path), safe="/#")
    return path


def read_path(stored: str) -> str:
    """The path `stored_path` stored."""
    return os.fsdecode(unquote_to_bytes(stored[len(_FS) :])) if stored.startswith(_FS) else stored


# -- tsvector and tsquery literals ---------------------------------------------------------------


def quote_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector(unit: Unit) -> tuple[str, int, int, int]:
    """A unit's words with positions and field weights, as a tsvector literal; and the length
    (words counted with repeats) of its text with headings, of its titles, of its names."""
    found: dict[str, list[str]] = {}

    def add(words: dict[str, list[int]], offset: int, weight: str) -> int:
        length = 0
        for word, where in words.items():
            length += len(where)
            if not fits(word):
                continue
            entry = found.setdefault(word, [])
            for p in where:
                if len(entry) < MAX_POSITIONS:
                    entry.append(f"{min(offset + p + 1, MAX_POSITION)}{weight}")
        return length

    lengths = [0, 0, 0]
    if unit.content or unit.heading:
        words, count = analysis.counted_positions(unit.content)
        lengths[0] = add(words, 0, "")  # D, the default weight, is written without a letter
        if unit.heading:
            lengths[0] += add(analysis.heading_positions(unit.heading), count + HEADING_GAP, "C")
    if unit.title:
        lengths[1] = add(analysis.heading_positions(unit.title), 0, "A")
    if unit.names:
        lengths[2] = add(analysis.heading_positions(unit.names), NAMES_AT, "B")
    literal = " ".join(f"{quote_lexeme(w)}:{','.join(p)}" for w, p in found.items())
    return literal, lengths[0], lengths[1], lengths[2]


# -- encoding ------------------------------------------------------------------------------------


def encode(doc: Document, record: DocumentRecord) -> dict[str, str]:
    """COPY text of every row of one document, by table."""
    from kb.agencies import registry

    meta, dates = doc.meta, doc.meta.dates
    residue = [n for s in doc.residue for n in s]
    parts = [[str(p.kind), p.title, *p.span, *(p.heading or ())] for p in doc.parts]
    out = {table: [] for table in TABLES}  # type: dict[str, list[str]]
    out["documents"].append(copy_line([
        doc.id, stored_path(record.source), record.line, record.file_hash, record.text_hash, meta.title,
        meta.title_original, record.part_titles, meta.doc_number, meta.issuers, dates.main,
        dates.written, dates.published, dates.effective, dates.repealed, meta.jurisdiction,
        meta.addressees, str(doc.script), doc.encoding, doc.text, residue,
        json.dumps(parts, ensure_ascii=False), record.items, record.chars, record.title_keys,
        record.number_key, json.dumps(record.label_bits), time.strftime("%Y-%m-%d"),
    ]))  # fmt: skip
    for s in doc.sections:
        out["sections"].append(copy_line([
            doc.id, s.index, s.parent, s.level, s.label, s.number, s.title, *s.span, *s.heading, s.part,
        ]))  # fmt: skip
    sections = SectionIndex(doc.sections)
    agencies: dict[str, Responsibility] = {}
    for t in doc.tasks:
        holder = sections.deepest(t.span.start)
        text = None if t.text == doc.quote(t.span).strip() else t.text  # stored only if not the span's
        out["tasks"].append(copy_line([
            doc.id, t.seq, t.label, t.path, t.headings, t.title, t.title_original, text, *t.span,
            t.deadline, None if holder is None else holder.index,
        ]))  # fmt: skip
        for n, r in enumerate(t.responsibilities):
            agencies.setdefault(r.key, r)
            out["responsibilities"].append(copy_line([
                doc.id, t.seq, n, r.key, r.name, r.written, str(r.role), r.jurisdiction, *r.span,
                r.implied, r.verb,
            ]))  # fmt: skip
    for key, r in agencies.items():
        aliases = sorted(registry().aliases(r.canonical))
        out["agencies"].append(copy_line([key, r.canonical, r.jurisdiction, r.collective, aliases]))
    for ord_, u in enumerate(iter_units(doc)):
        out["units"].append(copy_line([
            doc.id, ord_, u.id, u.kind, u.seq, u.label, u.path, *u.span, u.agencies, *tsvector(u),
        ]))  # fmt: skip
    return {table: "".join(lines) for table, lines in out.items() if lines}


# -- decoding ------------------------------------------------------------------------------------


def record(row: dict[str, Any], owned: tuple[Any, ...]) -> DocumentRecord:
    """The catalogue record of a `documents` row (see `COLUMNS`), with its owned tasks."""
    from kb.records import doc_key

    return DocumentRecord(
        id=row["id"], key=doc_key(row["id"]), source=read_path(row["source"]), line=row["line"],
        file_hash=row["file_hash"], text_hash=row["text_hash"], title=row["title"],
        title_original=row["title_original"], part_titles=tuple(row["part_titles"]),
        doc_number=row["doc_number"], issuers=tuple(row["issuers"]), date=row["date"],
        jurisdiction=row["jurisdiction"], script=row["script"], items=row["items"], chars=row["chars"],
        title_keys=tuple(row["title_keys"]), number_key=row["number_key"], owned=owned,
        label_bits=tuple((shape, bits) for shape, bits in row["label_bits"]),
    )  # fmt: skip


# The columns `responsibility` reads, in order (a row of responsibilities joined with agencies).
RESPONSIBILITY = (
    "r.doc_id, r.seq, r.name, r.written, r.role, r.jurisdiction, r.agency, r.start, r.stop, r.implied, "
    "r.verb, a.canonical, a.collective"
)
_ROLES = {str(r): r for r in Role}


def responsibility(row: tuple[Any, ...]) -> Responsibility:
    """A `responsibilities` row joined with its agency (the columns of RESPONSIBILITY)."""
    _, _, name, written, role, jurisdiction, key, start, stop, implied, verb, canonical, collective = row
    return Responsibility(
        name=name, canonical=canonical, role=_ROLES[role], collective=collective, span=Span(start, stop),
        jurisdiction=jurisdiction, key=key, written=written, verb=verb, implied=implied,
    )  # fmt: skip


def document(
    row: dict[str, Any], sections: list[dict[str, Any]], tasks: list[dict[str, Any]],
    responsibilities: dict[int, list[Responsibility]],
) -> Document:  # fmt: skip
    """The parsed document, from its rows."""
    meta = Metadata(
        title=row["title"], title_original=row["title_original"], doc_number=row["doc_number"],
        issuers=tuple(row["issuers"]),
        dates=Dates(row["written"], row["published"], row["effective"], row["repealed"]),
        jurisdiction=row["jurisdiction"], addressees=tuple(row["addressees"]),
    )  # fmt: skip
    residue = row["residue"]
    parts = tuple(
        Part(PartKind(p[0]), p[1], Span(p[2], p[3]), Span(p[4], p[5]) if len(p) > 4 else None)
        for p in row["parts"]
    )
    doc = Document(
        id=row["id"], source=read_path(row["source"]), text=row["text"], script=Script(row["script"]),
        meta=meta,
        residue=tuple(Span(residue[i], residue[i + 1]) for i in range(0, len(residue), 2)),
        parts=parts, sections=tuple(_section(s) for s in sections), encoding=row["encoding"],
    )  # fmt: skip
    return replace(doc, tasks=tuple(_task(doc, t, responsibilities.get(t["seq"], [])) for t in tasks))


def _section(s: dict[str, Any]) -> Section:
    return Section(
        index=s["idx"], parent=s["parent"], level=s["level"], label=s["label"], number=s["number"],
        title=s["title"], span=Span(s["start"], s["stop"]),
        heading=Span(s["heading_start"], s["heading_stop"]), part=s["part"],
    )  # fmt: skip


def _task(doc: Document, t: dict[str, Any], owners: list[Responsibility]) -> Task:
    span = Span(t["start"], t["stop"])
    text = t["text"] if t["text"] is not None else doc.quote(span).strip()
    return Task(
        doc=doc.id, seq=t["seq"], label=t["label"], path=tuple(t["path"]), headings=tuple(t["headings"]),
        title=t["title"], text=text, span=span, deadline=t["deadline"],
        responsibilities=tuple(owners), title_original=t["title_original"],
    )  # fmt: skip
