"""Parsing one source text into a Document: clean, normalise, parts, metadata, structure, tasks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from indexer import clean, metadata, parts, structure, tasks
from indexer.load import Source
from kb.model import Document, Section, Span, Task
from kb.normalize import detect_script


def parse(source: Source) -> Document:
    """Everything the knowledge base knows about one document."""
    views = clean.prepare(source.text)
    lay = parts.layout(views)
    meta = metadata.metadata(views, lay, source.title, source.fields)
    sections = structure.sections(views, lay.parts)
    doc = Document(
        id=source.id,
        source=source.path if source.line is None else f"{source.path}#{source.line}",
        text=source.text,
        script=detect_script(source.text),
        meta=meta,
        residue=views.residue,
        parts=lay.parts,
        sections=sections,
        encoding=source.encoding,
    )
    chosen = tasks.task_sections(sections)
    return replace(doc, tasks=tuple(_task(doc, s, sections, seq) for seq, s in enumerate(chosen, 1)))


def _task(doc: Document, section: Section, sections: Sequence[Section], seq: int) -> Task:
    chain = [section]
    while chain[-1].parent is not None:
        chain.append(sections[chain[-1].parent])
    chain.reverse()
    return Task(
        doc=doc.id,
        seq=seq,
        label=section.label,
        path=tuple(s.label for s in chain),
        headings=tuple(s.title for s in chain),
        title=section.title,
        text=doc.quote(section.span).strip(),
        span=Span(section.span.start, section.span.end),
    )
