"""Exports officials take to meetings: task allocation table, responsibility matrix, agency task list.

    from kb import KnowledgeBase
    from kb.export import export_tasks
    export_tasks(KnowledgeBase.open(), ["京科发〔2022〕19号"], "beijing.xlsx")

The format comes from the file's extension or `fmt`; an existing file is kept unless
`force`; the file is written beside the target and renamed over it, so a failed export never
leaves a half-written file, and never through a symbolic link or over a device (kb.atomic).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb import atomic
from kb.errors import ExportError
from kb.export import sheets as layout
from kb.export import tables
from kb.export.sheets import Sheet
from kb.export.tables import SCRIPTS
from kb.model import Document, Role

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase

FORMATS: dict[str, tuple[str, ...]] = {
    "tasks": ("xlsx", "docx", "csv", "md", "html", "json"),
    "matrix": ("xlsx", "csv", "md", "html", "json"),
    "agency": ("xlsx", "docx", "csv", "md", "html", "json"),
}
_WHAT = {"tasks": "task allocation table", "matrix": "responsibility matrix", "agency": "agency task list"}
_EXTENSIONS = {".xlsx": "xlsx", ".docx": "docx", ".csv": "csv", ".md": "md", ".markdown": "md",
               ".html": "html", ".htm": "html", ".json": "json"}  # fmt: skip

__all__ = ["FORMATS", "SCRIPTS", "Exported", "export_agency", "export_matrix", "export_tasks", "matrix_of"]


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote."""

    path: Path
    format: str
    summary: str  # "1 sheet, 26 tasks"


def export_tasks(
    base: KnowledgeBase, refs: Sequence[str], path: str | os.PathLike[str], fmt: str | None = None,
    script: str = "simplified", force: bool = False,
) -> Exported:  # fmt: skip
    """The task allocation table (任务分工表) of the documents `refs` name, or of all with tasks."""
    target, fmt = _target(path, fmt, "tasks", script, force)
    docs = _documents(base, refs, _has_tasks, "has no numbered tasks", "`kb show {}` shows its outline")
    found = tables.task_sheets(docs, script)
    laid = partial(layout.task_sheets, found, script)
    _save(target, fmt, script, laid, partial(layout.tasks_json, found, script))
    n, count = len(found), sum(s.tasks for s in found)
    return Exported(target, fmt, f"{_count(n, 'sheet')}, {_count(count, 'task')}")


def export_matrix(
    base: KnowledgeBase, refs: Sequence[str], path: str | os.PathLike[str], fmt: str | None = None,
    script: str = "simplified", force: bool = False,
) -> Exported:  # fmt: skip
    """The responsibility matrix (tasks × agencies) of the documents `refs` name, or of all with owners."""
    target, fmt = _target(path, fmt, "matrix", script, force)
    m = _matrix(base, refs, script)
    sheet = partial(layout.matrix_sheet, m, script)
    _save(target, fmt, script, lambda: [sheet()], partial(layout.matrix_json, m, script))
    return Exported(
        target, fmt, f"{_count(len(m.rows), 'task')} × {_count(len(m.agencies), 'agency', 'agencies')}"
    )


def matrix_of(base: KnowledgeBase, refs: Sequence[str], script: str = "simplified") -> dict[str, Any]:
    """The responsibility matrix as the .json export writes it (for a page that shows it)."""
    if script not in SCRIPTS:
        raise ExportError(f"unknown script {script!r}: use {', '.join(SCRIPTS)}")
    return layout.matrix_json(_matrix(base, refs, script), script)


def _matrix(base: KnowledgeBase, refs: Sequence[str], script: str) -> tables.Matrix:
    docs = _documents(
        base, refs, _has_owners, "names no responsible agencies", "`kb export tasks {}` lists its tasks"
    )
    m = tables.matrix(docs, script)
    if not m.agencies:
        raise ExportError("no task of these documents names a responsible agency: nothing to put in a matrix")
    return m


def export_agency(
    base: KnowledgeBase, name: str, path: str | os.PathLike[str], fmt: str | None = None,
    script: str = "simplified", force: bool = False,
) -> Exported:  # fmt: skip
    """The task list (部门任务清单) of the agency `name`: its tasks across documents, with roles."""
    target, fmt = _target(path, fmt, "agency", script, force)
    found = tables.agency_list(base.agency(name), base.cached, script)
    sheet = partial(layout.agency_sheet, found, script)
    _save(target, fmt, script, lambda: [sheet()], partial(layout.agency_json, found, script))
    roles = ", ".join(f"{found.count(r)} {r}" for r in Role if found.count(r))
    return Exported(
        target, fmt, f"{_count(len(found.rows), 'task')} of {'；'.join(found.agencies)} ({roles})"
    )


def _count(n: int, word: str, plural: str | None = None) -> str:
    """`1 task`, `26 tasks` (kb.render.count, which this package does not import)."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def format_of(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The format `fmt`, else the one the file's extension names (the two must agree)."""
    named = _EXTENSIONS.get(Path(path).suffix.lower())
    if fmt and named and fmt != named:
        raise ExportError(
            f"{os.fspath(path)} is named as {named} but the format asked is {fmt}: "
            f"name the file .{fmt} or leave out --format"
        )
    found = fmt or named
    if found is None:
        raise ExportError(
            f"cannot tell the format of {os.fspath(path)}: "
            "name the file .xlsx, .docx, .csv, .md, .html or .json, or give --format"
        )
    return found


def _target(
    path: str | os.PathLike[str], fmt: str | None, kind: str, script: str, force: bool
) -> tuple[Path, str]:
    """The file to write and its format, or an error saying what to do."""
    target, fmt = Path(path), format_of(path, fmt)
    if fmt not in FORMATS[kind]:
        raise ExportError(f"a {_WHAT[kind]} cannot be written as {fmt}: use {', '.join(FORMATS[kind])}")
    if script not in SCRIPTS:
        raise ExportError(f"unknown script {script!r}: use {', '.join(SCRIPTS)}")
    return atomic.check(target, force), fmt


def write_file(path: str | os.PathLike[str], text: str, force: bool = False) -> Path:
    """Write `text` (UTF-8) to `path` the way exports are written: never half a file (kb.atomic)."""
    target = atomic.check(path, force)
    atomic.write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return target


def _documents(
    base: KnowledgeBase, refs: Sequence[str], wanted: Callable[[Document], bool], missing: str, hint: str
) -> list[Document]:
    """The documents `refs` name (each must be `wanted`), else every `wanted` document.

    `missing` says what an unwanted document lacks; `hint` what to do instead ({} is its id).
    """
    if refs:
        ids = list(dict.fromkeys(base.record(ref).id for ref in refs))
        docs = [base.cached(i) for i in ids]
        for doc in docs:
            if not wanted(doc):
                raise ExportError(f"{doc.meta.title} ({doc.id}) {missing}: {hint.format(doc.id)}")
        return docs
    docs = [d for d in (base.cached(r.id) for r in base.docs()) if wanted(d)]
    if not docs:
        raise ExportError(f"every document in the store {missing}: index some with `kb index PATH`")
    return docs


def _has_tasks(doc: Document) -> bool:
    return bool(doc.tasks)


def _has_owners(doc: Document) -> bool:
    return any(t.owned for t in doc.tasks)


def _save(
    target: Path, fmt: str, script: str, sheets: Callable[[], list[Sheet]], data: Callable[[], dict[str, Any]]
) -> None:
    """Write beside `target` under a hidden name, then rename it over `target` (kb.atomic)."""
    atomic.write(target, lambda tmp: _write(tmp, fmt, script, sheets, data, target.stem))


def _write(
    path: Path, fmt: str, script: str, sheets: Callable[[], list[Sheet]], data: Callable[[], dict[str, Any]],
    name: str,
) -> None:  # fmt: skip
    from kb.export import text

    if fmt == "json":
        text.write_json(data(), path)
    elif fmt == "csv":
        text.write_csv(sheets(), path, script)
    elif fmt == "md":
        text.write_markdown(sheets(), path)
    elif fmt == "html":
        laid = sheets()
        text.write_html(laid, path, laid[0].title if len(laid) == 1 else name)
    elif fmt == "xlsx":
        from kb.export import excel

        excel.write(sheets(), path)
    else:
        from kb.export import word

        word.write(sheets(), path)
