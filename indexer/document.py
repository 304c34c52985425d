"""Parsing one source text into a Document: clean, normalise, parts, metadata, structure, tasks."""

from __future__ import annotations

from dataclasses import replace

from indexer import clean, metadata, parts, structure
from indexer.extract import extract
from indexer.source import Source
from kb.agencies import registry
from kb.model import Document
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
        script=detect_script(source.text, views.simplified),
        meta=meta,
        residue=views.residue,
        parts=lay.parts,
        sections=sections,
        encoding=source.encoding,
    )
    agencies = registry().for_document(meta.issuers, meta.jurisdiction)
    filled = source.format in _CELL_FORMATS
    return replace(doc, tasks=extract(source.id, views, lay.parts, sections, agencies, doc.quote, filled))


# Containers whose tables are cells: a merged cell is given in every row it covers.
_CELL_FORMATS = frozenset({"docx", "xlsx", "csv", "html"})
