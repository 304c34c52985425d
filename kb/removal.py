"""Removing documents from a store, without touching their files.

    from kb import remove
    remove(["a/通知", "京科发〔2022〕19号"])       # --store / $KB_STORE / $KB_HOME / default location

Each DOC is resolved as everywhere else (an id, a number, a title fragment); every one must
resolve before anything is removed. The store remembers what was removed (where its backend
can: the folder store does): indexing the document's folder again leaves it out, indexing
its file by name brings it back.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from kb.backends.factory import open_store
from kb.catalog import CatalogIndex
from kb.errors import EmptyStore, store_unwritable
from kb.records import DocumentRecord
from kb.resolve import find_document


@dataclass(frozen=True, slots=True)
class Removal:
    """What `remove` did: the documents taken out, and how many the store holds now."""

    removed: tuple[DocumentRecord, ...]
    documents: int


def remove(
    refs: Sequence[str], store: str | os.PathLike[str] | None = None, *, wait: bool = False
) -> Removal:
    """Take the documents `refs` name out of the store (the next state, without them)."""
    where = open_store(store)
    check_root = getattr(where, "check_root", None)  # a folder store: a file where it should be
    if check_root is not None:
        check_root()
    if not where.exists():
        raise EmptyStore(f"no documents indexed in {where.location} yet: nothing to remove")
    try:
        with where.writer(wait=wait) as writer:
            found = CatalogIndex(writer.catalog)
            records = list({r.id: r for r in (find_document(found, ref) for ref in refs)}.values())
            for record in records:
                writer.remove(record.id)
            writer.commit()
            return Removal(tuple(records), len(writer.catalog))
    except OSError as e:
        raise store_unwritable(where.location, e) from e
