"""What makes an embedded store damaged, found before it misleads: each check raises a
StoreError naming the damage and the remedy (`kb index --rebuild`), never "no results".

A generation needs its catalogue (a dict of records) and its folders; each document's files
must be there at the size the generation's manifest recorded (a file cut short is named);
its search index must open; CURRENT may name only a generation folder of the store (no
`../`, no symbolic link). A writer checks a generation whole (`verify`) before building on it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from kb.backends.embedded.layout import DOCS, EXTRAS, GEN_NAME, MANIFEST, SEARCH
from kb.errors import EmptyStore
from kb.errors import store_damaged as damaged

if TYPE_CHECKING:
    from kb.backends.embedded.generation import Generation


def check_parts(root: Path, path: Path, catalog: object) -> None:
    """A generation has a catalogue (a dict of records) and its folders."""
    if not isinstance(catalog, dict):
        raise damaged(root, f"{path.name}/catalog.pkl holds no catalogue")
    for part in [DOCS, *EXTRAS, SEARCH]:
        if not (path / part).is_dir():
            raise damaged(root, f"{path.name}/{part} is missing")


def verify(generation: Generation) -> None:
    """Raise a StoreError naming the damage if a document's file is missing or not the size
    it was written with, or the search index cannot be opened: what a writer checks before
    building on a generation."""
    path = generation.path
    sizes = manifest(path)
    for doc_id, record in generation.catalog.items():
        for kind in [DOCS, *EXTRAS]:
            name = f"{kind}/{record.key}.pkl"
            try:
                size = (path / name).stat().st_size
            except FileNotFoundError:
                raise damaged(path.parent, f"the file of document {doc_id} is missing") from None
            if name in sizes and sizes[name] != size:
                cut = "cut short" if size < sizes[name] else "not the size it was written with"
                raise damaged(path.parent, f"the file of document {doc_id} is {cut}")
    generation.search_index().count()  # a damaged index is named, never carried


def manifest(path: Path) -> dict[str, int]:
    """The size of each document's file when the generation at `path` was written."""
    try:
        found = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}  # a generation written before manifests
    except (OSError, ValueError) as e:
        raise damaged(path.parent, f"{path.name}/{MANIFEST} is unreadable: {e}") from e
    if not isinstance(found, dict):
        raise damaged(path.parent, f"{path.name}/{MANIFEST} is not an object")
    return found


def current_name(root: Path) -> str:
    """The name CURRENT gives: only a generation folder of this store."""
    try:
        raw = (root / "CURRENT").read_bytes()
    except FileNotFoundError:
        raise EmptyStore(f"no documents indexed in {root} yet: run `kb index PATH` first") from None
    name = raw.decode("utf-8", "replace").strip()
    if not name:
        raise damaged(root, "CURRENT is empty")
    if not GEN_NAME.fullmatch(name):
        raise damaged(root, f"CURRENT names {name[:40]!r}, not a generation of this store")
    path = root / name
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise damaged(root, f"{name} is not a folder of the store")
    return name
