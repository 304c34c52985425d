"""Corrections officials make to extracted responsibilities, kept across re-indexing.

A correction replaces the agencies and roles (or the deadline) of one task. It is data of the
store's own, outside every generation (`CorrectionLog`), and is applied on top of extraction
on every read, so `kb owners`, `kb tasks`, `kb agency`, `kb ask`, exports and the graph all
say the same. A corrected task keeps what extraction said (`Corrected.extracted`).

A correction names its task by document (id, and the content hash it had) and path, and
remembers the task's words. After a re-index it applies to the task at that path if its
words are unchanged, else to the one task with the same words elsewhere in the document;
failing both it is orphaned: listed, never applied, never dropped silently.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kb.backends.base import CorrectionStore
from kb.errors import StoreError
from kb.model import Corrected, Document, Responsibility, Role, Task, path_text

FILE = "corrections.json"  # in the store's root, beside CURRENT
VERSION = 1


@dataclass(frozen=True, slots=True)
class Correction:
    """One task's corrected agencies and/or deadline, with who made it, when and why."""

    doc: str  # the document's id when the correction was made
    doc_hash: str  # its content hash then (DocumentRecord.text_hash)
    path: str  # the task's path as printed (二（三）12)
    words: str  # hash of the task's words (`words_of`)
    title: str  # the task's title then, to show an orphan by
    agencies: tuple[tuple[str, Role], ...] | None  # (name, role); None: agencies not corrected
    deadline: str | None  # None: deadline not corrected
    note: str
    by: str
    at: str  # ISO time
    extracted: tuple[tuple[str, Role], ...] = ()  # what extraction said
    extracted_deadline: str | None = None

    @property
    def none(self) -> bool:
        """The correction says the task has no responsible unit."""
        return self.agencies == ()

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc, "doc_hash": self.doc_hash, "path": self.path, "words": self.words,
            "title": self.title,
            "agencies": None if self.agencies is None else [[n, str(r)] for n, r in self.agencies],
            "deadline": self.deadline, "note": self.note, "by": self.by, "at": self.at,
            "extracted": [[n, str(r)] for n, r in self.extracted],
            "extracted_deadline": self.extracted_deadline,
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Correction:
        agencies = data.get("agencies")
        return cls(
            doc=data["doc"], doc_hash=data.get("doc_hash", ""), path=data["path"], words=data["words"],
            title=data.get("title", ""),
            agencies=None if agencies is None else tuple((n, Role(r)) for n, r in agencies),
            deadline=data.get("deadline"), note=data.get("note", ""), by=data.get("by", ""),
            at=data.get("at", ""), extracted=tuple((n, Role(r)) for n, r in data.get("extracted", ())),
            extracted_deadline=data.get("extracted_deadline"),
        )  # fmt: skip


def words_of(task: Task) -> str:
    """A hash of a task's words, blind to spacing and line breaks."""
    return hashlib.blake2b("".join(task.text.split()).encode("utf-8"), digest_size=12).hexdigest()


def same_task(a: Correction, b: Correction) -> bool:
    return a.doc == b.doc and a.path == b.path


# -- where corrections live ------------------------------------------------------------------------


class CorrectionLog(CorrectionStore):
    """The corrections of an embedded store: one JSON file in its root, replaced atomically.

    Writers hold the store's writer lock (kb.store.Store.locked); readers read the whole file,
    which a rename replaces at once, so they see the corrections before or after a change.
    """

    def __init__(self, root: str | os.PathLike[str]):
        self.path = Path(root) / FILE

    def read(self) -> list[Correction]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as e:
            raise StoreError(f"cannot read {self.path}: {e.strerror or e}") from e
        try:
            data = json.loads(raw)
            return [Correction.from_json(c) for c in data["corrections"]]
        except (ValueError, KeyError, TypeError) as e:
            raise StoreError(
                f"{self.path} is damaged ({type(e).__name__}: {e}); restore it from a copy, "
                "or remove it to drop every correction"
            ) from e

    def write(self, corrections: Sequence[Correction]) -> None:
        """Replace the file (the caller holds the writer lock)."""
        data = {"version": VERSION, "corrections": [c.to_json() for c in corrections]}
        tmp = self.path.with_name(f".{FILE}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"cannot write {self.path}: {e.strerror or e}; no correction was changed") from e


# -- applying them ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a correction applies in the live store: a task, or nowhere and why."""

    correction: Correction
    doc: str | None = None  # the document it applies to
    seq: int | None = None  # the task it applies to
    reason: str = ""  # why it is orphaned

    @property
    def orphaned(self) -> bool:
        return self.seq is None


def place(correction: Correction, doc: Document | None) -> Placed:
    """The task of `doc` a correction applies to: the same path with the same words, else
    the one task with the same words."""
    if doc is None:
        return Placed(correction, reason="the document is no longer in the store")
    at_path = [t for t in doc.tasks if path_text(t.path) == correction.path]
    if at_path and words_of(at_path[0]) == correction.words:
        return Placed(correction, doc.id, at_path[0].seq)
    same = [t for t in doc.tasks if words_of(t) == correction.words]
    if len(same) == 1:
        return Placed(correction, doc.id, same[0].seq)
    if at_path:
        return Placed(correction, doc.id, reason="the task's words changed")
    return Placed(correction, doc.id, reason="the document no longer has this task")


Resolver = Any  # callable(name, role, doc) -> Responsibility


def apply(doc: Document, placed: Iterable[Placed], agency: Resolver) -> Document:
    """`doc` with the corrections placed on its tasks applied (`agency` builds a responsibility)."""
    mine = {p.seq: p.correction for p in placed if p.doc == doc.id and p.seq is not None}
    if not mine:
        return doc
    tasks = list(doc.tasks)
    for seq, c in mine.items():
        task = tasks[seq - 1]
        tasks[seq - 1] = corrected_task(task, c, [agency(n, r, doc, task) for n, r in c.agencies or ()])
    return replace(doc, tasks=tuple(tasks))


def corrected_task(task: Task, c: Correction, agencies: list[Responsibility]) -> Task:
    """A task as a correction says, marked with it and keeping what extraction said."""
    mark = Corrected(c.by, c.at, c.note, c.extracted, c.extracted_deadline)
    return replace(
        task,
        responsibilities=tuple(agencies) if c.agencies is not None else task.responsibilities,
        deadline=c.deadline if c.deadline is not None else task.deadline,
        corrected=mark,
    )


def extracted_of(task: Task) -> tuple[tuple[str, Role], ...]:
    """A task's agencies as extraction gave them (before any correction)."""
    if task.corrected is not None:
        return task.corrected.extracted
    return tuple((r.name, r.role) for r in task.responsibilities)


def responsibility(name: str, role: Role, doc: Document, task: Task, known: Any) -> Responsibility:
    """The responsibility a correction names: the agency the store already knows by that name in
    the document's place (`known`: a kb.responsibilities.AgencyIndex), else as the registry
    resolves it there."""
    from kb.agencies import registry

    jurisdiction = doc.meta.jurisdiction
    agency = registry().resolve(name, jurisdiction)
    first = known.first(agency.key) or known.only_in(name, jurisdiction)
    if first is not None:
        return Responsibility(
            name=name, canonical=first.canonical, role=role, collective=first.collective, span=task.span,
            jurisdiction=first.jurisdiction, key=first.key, written=name,
        )  # fmt: skip
    return Responsibility(
        name=name, canonical=agency.canonical, role=role, collective=agency.collective, span=task.span,
        jurisdiction=agency.jurisdiction, key=agency.key, written=name,
    )  # fmt: skip
