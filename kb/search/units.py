"""Index units: what search finds. Each task, each paragraph outside tasks, and one unit per
document for its title and header facts (kept off the other units, where they would repeat).

Every unit points back to a span of the original text, so hits quote the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kb.model import Document, PartKind, SectionIndex, Span

_CHUNK = 400  # characters: a long line (a page without line breaks) is cut at sentences
_HEADING_MAX = 40  # characters: longer "titles" are a first sentence, not a heading
# A task longer than _TASK_MAX characters is searched in pieces of about _TASK_PIECE: a hit
# then quotes the passage that matched, and no unit is too big to analyse in bounded memory.
_TASK_MAX = 3000
_TASK_PIECE = 1500


@dataclass(frozen=True, slots=True)
class Unit:
    """One searchable piece of a document."""

    id: str
    doc: str
    kind: str  # document, task, paragraph
    span: Span
    content: str  # original text (residue left out)
    heading: str  # titles of the headings above it (and its own), simplified
    title: str = ""  # document units only: titles, number, issuers, jurisdiction
    seq: int | None = None
    label: str | None = None
    path: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()  # agency keys, for the --agency filter
    names: str = ""  # agency names as written and canonical


def units(doc: Document) -> list[Unit]:
    """The units of one document, in order."""
    return list(iter_units(doc))


def iter_units(doc: Document) -> Iterator[Unit]:
    """The units of one document, in order, made as they are asked for."""
    yield _document_unit(doc)
    for t in doc.tasks:
        names = {r.name for r in t.responsibilities} | {r.canonical for r in t.responsibilities}
        # The headings above a task, and its own when it is one (an article's "title" is only
        # its first sentence, already in its text).
        headings = t.headings if _is_heading(t.label, t.title) else t.headings[:-1]
        pieces = [t.span] if len(t.text) <= _TASK_MAX else _cut(doc.text, t.span)
        for k, piece in enumerate(pieces):
            yield Unit(
                id=f"{doc.id}#t{t.seq}" + (f".{k + 1}" if k else ""),
                doc=doc.id,
                kind="task",
                span=piece,
                content=t.text if len(pieces) == 1 else doc.quote(piece),
                heading=" ".join(headings),
                seq=t.seq,
                label=t.label,
                path=t.path,
                agencies=tuple(sorted({r.key for r in t.responsibilities})),
                names=" ".join(sorted(names)),
            )
    yield from _paragraphs(doc)


def _cut(text: str, span: Span) -> list[Span]:
    """A long task in pieces of about _TASK_PIECE, cut after a line or a sentence."""
    out, start = [], span.start
    while span.end - start > _TASK_MAX:
        low, high = start + _TASK_PIECE // 2, start + _TASK_PIECE
        cut = max(text.rfind("\n", low, high), text.rfind("。", low, high))
        cut = cut + 1 if cut != -1 else high
        out.append(Span(start, cut))
        start = cut
    out.append(Span(start, span.end))
    return out


def _is_heading(label: str, title: str) -> bool:
    return not label.endswith("条") and len(title) <= _HEADING_MAX


def _document_unit(doc: Document) -> Unit:
    meta = doc.meta
    titles = [meta.title, meta.title_original, *(p.title for p in doc.parts if p.title)]
    facts = [*dict.fromkeys(titles), meta.doc_number or "", *meta.issuers, meta.jurisdiction or ""]
    return Unit(
        id=f"{doc.id}#d", doc=doc.id, kind="document", span=Span(0, 0), content="",
        heading="", title=" ".join(f for f in facts if f),
    )  # fmt: skip


def _paragraphs(doc: Document) -> list[Unit]:
    """Text outside tasks, header blocks and residue, one unit per paragraph."""
    taken = [t.span for t in doc.tasks] + list(doc.residue)
    taken += [p.span for p in doc.parts if p.kind is PartKind.HEADER]
    taken.sort(key=lambda s: s.start)
    out: list[Unit] = []
    sections = SectionIndex(doc.sections)
    for span in _free(len(doc.text), taken):
        for piece in _pieces(doc.text, span):
            text = doc.quote(piece).strip()
            if len(re.sub(r"\s", "", text)) < 2:
                continue
            heading = " ".join(s.title for s in sections.chain(piece.start))
            out.append(Unit(f"{doc.id}#p{len(out) + 1}", doc.id, "paragraph", piece, text, heading))
    return out


def _free(length: int, taken: list[Span]) -> list[Span]:
    free, pos = [], 0
    for s in taken:
        if s.start > pos:
            free.append(Span(pos, s.start))
        pos = max(pos, s.end)
    if pos < length:
        free.append(Span(pos, length))
    return free


def _pieces(text: str, span: Span) -> list[Span]:
    """Lines of a span; a long line cut after sentences into pieces of about _CHUNK."""
    out = []
    pos = span.start
    for line in text[span.start : span.end].split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        while end - start > _CHUNK * 1.5:
            cut = text.rfind("。", start, start + _CHUNK)
            cut = cut + 1 if cut > start else start + _CHUNK
            out.append(Span(start, cut))
            start = cut
        if end > start:
            out.append(Span(start, end))
    return out
