"""Uploads: files sent from the browser, indexed like `kb index FILE...`, with a result per file.

Each file is written under a fresh temporary folder (its own subfolder, under its own base
name: nothing of the name the browser sent can leave that folder), then the whole batch goes
through `indexer.pipeline.index`, so the refusal rules are `kb index`'s: unsupported formats,
unreadable encodings, duplicate ids, oversized texts. Messages name the file as it was sent,
not the temporary path. The folder is removed afterwards: the store keeps the text.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from indexer.pipeline import index
from kb.backends.factory import open_store
from kb.errors import KbError

MAX_BYTES = 50 * 1024 * 1024  # one upload request, every file together
MAX_FILES = 20
_NAME_BYTES = 200


@dataclass(frozen=True, slots=True)
class Received:
    name: str  # the safe base name the file was saved under
    path: Path


@dataclass(frozen=True, slots=True)
class FileResult:
    """What became of one uploaded file: indexed (with its documents), unchanged, or failed (why)."""

    name: str
    status: str  # indexed | unchanged | failed
    documents: tuple[dict[str, str], ...] = ()  # {"id", "title"}
    errors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def json(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "documents": list(self.documents),
                "errors": list(self.errors), "notes": list(self.notes)}  # fmt: skip


def safe_name(sent: str) -> str | None:
    """The base name of what the browser sent, without folders, control characters or leading dots."""
    name = sent.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip().lstrip(".").strip()
    if not name:
        return None
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    while len((stem + dot + suffix).encode("utf-8", "surrogatepass")) > _NAME_BYTES and stem:
        stem = stem[:-1]
    return (stem + dot + suffix) if stem else None


def run(root: str | Path, files: Iterable[tuple[str, BinaryIO]]) -> dict[str, Any]:
    """Save the files, index them into the store at `root`, and say what became of each."""
    folder = Path(tempfile.mkdtemp(prefix="kb-upload-"))
    try:
        received, refused = _save(files, folder)
        if not received:
            return {"files": [r.json() for r in refused], "documents": None}
        report = index([r.path for r in received], root, workers=1)
        changed = set(report.added + report.updated)
        results = refused + _results(root, received, report.errors, report.notes, changed)
        return {"files": [r.json() for r in results], "documents": report.documents}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _save(files: Iterable[tuple[str, BinaryIO]], folder: Path) -> tuple[list[Received], list[FileResult]]:
    received, refused = [], []
    for i, (sent, stream) in enumerate(files):
        name = safe_name(sent)
        if name is None:
            refused.append(FileResult(sent or "(no name)", "failed", errors=("the file has no usable name",)))
            continue
        target = folder / str(i) / name
        target.parent.mkdir()
        with open(target, "wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
        received.append(Received(name, target))
    return received, refused


def _results(
    root: str | Path, received: list[Received], errors: list[str], notes: list[str], changed: set[str]
) -> list[FileResult]:
    """One result per file: its documents in the new generation, its errors and notes."""
    by_file = _documents_by_file(root)
    out = []
    for r in received:
        own_errors = tuple(_named(e, r) for e in errors if e.startswith(str(r.path)))
        own_notes = tuple(_named(n, r) for n in notes if n.startswith(str(r.path)))
        docs = tuple(by_file.get(str(r.path), ()))
        status = (
            "indexed" if any(d["id"] in changed for d in docs) else "failed" if own_errors else "unchanged"
        )
        out.append(FileResult(r.name, status, docs, own_errors, own_notes))
    return out


def _documents_by_file(root: str | Path) -> dict[str, list[dict[str, str]]]:
    try:
        generation = open_store(root).current()
    except KbError:
        return {}
    try:
        found: dict[str, list[dict[str, str]]] = {}
        for record in generation.catalog.values():
            found.setdefault(record.source.split("#", 1)[0], []).append(
                {"id": record.id, "title": record.title}
            )
        return found
    finally:
        generation.close()


def _named(message: str, r: Received) -> str:
    return r.name + message[len(str(r.path)) :]
