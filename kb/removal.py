"""Removing documents from a store, without touching their files.

    from kb import remove
    remove(["a/通知", "京科发〔2022〕19号"])       # --store / $KB_HOME / default location

Each DOC is resolved as everywhere else (an id, a number, a title fragment); every one must
resolve before anything is removed. The store remembers what was removed: indexing the
document's folder again leaves it out, indexing its file by name brings it back.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from kb.errors import EmptyStore
from kb.resolve import CatalogIndex, find_document
from kb.search.engine import engine
from kb.store import SEARCH, DocumentRecord, Store, resolve_root, unwritable


@dataclass(frozen=True, slots=True)
class Removal:
    """What `remove` did: the documents taken out, and how many the store holds now."""

    removed: tuple[DocumentRecord, ...]
    documents: int


def remove(
    refs: Sequence[str], store: str | os.PathLike[str] | None = None, *, wait: bool = False
) -> Removal:
    """Take the documents `refs` name out of the store (a new generation without them)."""
    root = resolve_root(store)
    where = Store(root)
    where.check_root()
    if not where.exists():
        raise EmptyStore(f"no documents indexed in {root} yet: nothing to remove")
    try:
        with where.writer(wait=wait) as writer:
            assert writer.previous is not None
            found = CatalogIndex(writer.catalog)
            records = list({r.id: r for r in (find_document(found, ref) for ref in refs)}.values())
            search, directory = engine(), writer.path / SEARCH
            search.count(writer.previous.file(SEARCH))  # a damaged index is named, never carried
            search.carry(writer.previous.file(SEARCH), directory)
            index = search.writer(directory)
            try:
                for record in records:
                    writer.remove(record.id)
                    index.drop(record.id)
            except BaseException:
                index.cancel()
                raise
            index.commit()
            writer.commit()
            return Removal(tuple(records), len(writer.catalog))
    except OSError as e:
        raise unwritable(root, e) from e
