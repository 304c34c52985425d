"""What the catalogue of a store knows of each document without loading it (any backend).

`record_of` makes the record of a parsed document; every backend stores and returns these.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kb.labels import label_bits
from kb.model import Document, TaskRef
from kb.normalize import match_key, number_key
from kb.pickled import fast_pickling


@fast_pickling
@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """What the catalogue knows of a document without loading it."""

    id: str
    key: str  # file name of the pickled Document in docs/
    source: str  # the file it came from
    line: int | None  # line of a .jsonl file
    file_hash: str  # hash of the whole source file
    text_hash: str  # hash of the document's own text and title
    title: str
    title_original: str
    part_titles: tuple[str, ...]
    doc_number: str | None
    issuers: tuple[str, ...]
    date: str | None
    jurisdiction: str | None
    script: str
    items: int  # number of tasks
    chars: int
    title_keys: tuple[str, ...] = ()  # titles in matching form (kb.resolve.match_key)
    number_key: str | None = None  # the document number in matching form
    owned: tuple[TaskRef, ...] = ()  # the tasks with responsible agencies
    label_bits: tuple[tuple[str, int], ...] = ()  # the labels it uses (kb.labels.label_bits)


def record_of(doc: Document, file_hash: str, text_hash: str, line: int | None) -> DocumentRecord:
    """The catalogue record of a parsed document."""
    parts = [p.title for p in doc.parts if p.title]
    return DocumentRecord(
        id=doc.id,
        key=doc_key(doc.id),
        source=doc.source,
        line=line,
        file_hash=file_hash,
        text_hash=text_hash,
        title=doc.meta.title,
        title_original=doc.meta.title_original,
        part_titles=tuple(parts),
        doc_number=doc.meta.doc_number,
        issuers=doc.meta.issuers,
        date=doc.meta.dates.main,
        jurisdiction=doc.meta.jurisdiction,
        script=str(doc.script),
        items=len(doc.tasks),
        chars=len(doc.text),
        title_keys=tuple(
            dict.fromkeys(match_key(t) for t in (doc.meta.title, doc.meta.title_original, *parts) if t)
        ),
        number_key=number_key(doc.meta.doc_number) if doc.meta.doc_number else None,
        owned=tuple(t.ref() for t in doc.tasks if t.responsibilities),
        label_bits=label_bits([s.label for s in doc.sections] + [t.label for t in doc.tasks]),
    )


def doc_key(doc_id: str) -> str:
    """A file name for a document id (ids may hold '/' and any character)."""
    return hashlib.blake2b(doc_id.encode("utf-8"), digest_size=12).hexdigest()
