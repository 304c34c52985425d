"""Downloads: the CLI's exports (kb.export), written to a private temporary folder and sent as a file.

The file name on the server is always our own (`export.xlsx` in a fresh folder), never a
name from the request; the name the browser saves is made from the document's number or
the agency's name and sent RFC 6266-encoded. The folder is removed once the file is sent.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kb import export
from kb.errors import ExportError, QueryError
from kb.knowledge import KnowledgeBase

KINDS = {"tasks": "任务分工表", "matrix": "责任矩阵", "agency": "部门任务清单"}
MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}
MAX_DOCS = 50  # documents in one download
_UNSAFE = str.maketrans({c: "_" for c in '\\/:*?"<>|\r\n\t\0'})


@dataclass(frozen=True, slots=True)
class Download:
    """A written export: the file, the folder to remove after sending, the name to save it as."""

    path: Path
    folder: Path
    filename: str
    media_type: str
    summary: str

    def disposition(self) -> str:
        fallback = f"{self.path.stem}{self.path.suffix}"
        return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(self.filename)}"

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def write(
    base: KnowledgeBase, kind: str, fmt: str, docs: list[str], name: str | None, script: str
) -> Download:  # fmt: skip
    """Write one export as `kb export KIND` would, into a fresh temporary folder."""
    if fmt not in export.FORMATS.get(kind, ()):
        known = ", ".join(f"{kind}.{f}" for f in export.FORMATS.get(kind, ()))
        raise ExportError(f"there is no {kind}.{fmt} export: use {known}")
    label = _label(base, kind, docs, name)
    folder = Path(tempfile.mkdtemp(prefix="kb-export-"))
    path = folder / f"{kind}.{fmt}"
    try:
        if kind == "tasks":
            done = export.export_tasks(base, docs, path, fmt=fmt, script=script)
        elif kind == "matrix":
            done = export.export_matrix(base, docs, path, fmt=fmt, script=script)
        else:
            assert name is not None
            done = export.export_agency(base, name, path, fmt=fmt, script=script)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    filename = f"{KINDS[kind]}-{label}.{fmt}".translate(_UNSAFE)
    return Download(done.path, folder, filename, MEDIA[fmt], done.summary)


def _label(base: KnowledgeBase, kind: str, docs: list[str], name: str | None) -> str:
    """What the saved file is named after: the document's number (else id), or the agency's name."""
    if kind == "agency":
        if not name or not name.strip():
            raise QueryError("name the agency: /export/agency.xlsx?name=市科委")
        return name.strip()[:60]
    if not docs:
        raise QueryError(
            f"name the document: /export/{kind}.xlsx?doc=京科发〔2022〕19号 (several: doc=…&doc=…)"
        )
    if len(docs) > MAX_DOCS:
        raise QueryError(
            f"{len(docs)} documents asked at once; at most {MAX_DOCS}, or use `kb export` on the server"
        )
    records = [base.record(d) for d in docs]
    first = records[0]
    label = first.doc_number or first.id.rsplit("/", 1)[-1]
    return (label if len(records) == 1 else f"{label}等{len(records)}份")[:60]
