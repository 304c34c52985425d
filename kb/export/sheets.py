"""Layout: the export tables as generic sheets every grid format writes, and as JSON values.

A `Sheet` is a title, a subtitle, a header, rows and a legend; a row is an item (one cell per
column), or a group or document row (one text across the row). The writers (kb.export.excel,
kb.export.word, kb.export.text) only decide how each of these looks in their format.
Fixed words (headers, roles, legend) follow the script when it is `traditional`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kb.export.tables import (
    MARKS,
    ROLE_NAMES,
    AgencyList,
    GroupRow,
    Matrix,
    MatrixAgency,
    TaskRow,
    TaskSheet,
)
from kb.model import Role
from kb.normalize import to_traditional

TASK_HEADER = ("序号", "重点任务", "牵头单位", "配合单位", "完成时限")
MATRIX_HEADER = ("#", "序号", "重点任务")
AGENCY_HEADER = ("文件", "文号", "序号", "重点任务", "责任单位", "职责", "完成时限")
COLLECTIVE = "（统称）"  # after the name of a collective agency (各区政府, 有关部门) in a header
MARK_COLOURS = {  # cell colours of the marks (RGB): lead and support stand apart
    MARKS[Role.LEAD]: "F4B183",
    MARKS[Role.SUPPORT]: "C5E0B4",
    MARKS[Role.RESPONSIBLE]: "FFE699",
    MARKS[Role.GUIDE]: "D9D2E9",
}


@dataclass(frozen=True, slots=True)
class Row:
    """A row of a sheet: an item, or one text across the row (a heading, a document)."""

    cells: tuple[str, ...]
    kind: str = "item"  # item | group | document
    depth: int = 0  # of a group row: 0 for 二、, 1 for （三）


@dataclass(frozen=True, slots=True)
class Sheet:
    """One table with what stands above and below it."""

    name: str  # Excel sheet name
    title: str
    subtitle: str
    header: tuple[str, ...]
    widths: tuple[float, ...]  # column widths in characters
    rows: tuple[Row, ...]
    legend: tuple[str, ...] = ()
    marks_from: int | None = None  # first column of role marks (a matrix)
    centred: tuple[int, ...] = ()  # columns (from 0) of short cells: labels, roles, dates


def fixed(text: str, script: str) -> str:
    """A fixed word of the layout in the export's script."""
    return to_traditional(text) if script == "traditional" else text


def _fixed_all(texts: tuple[str, ...], script: str) -> tuple[str, ...]:
    return tuple(fixed(t, script) for t in texts)


def legend(script: str) -> tuple[str, ...]:
    marks = "　".join(f"{MARKS[role]} {ROLE_NAMES[role]}" for role in MARKS)
    return _fixed_all((marks, f"{COLLECTIVE}：泛指的一类单位，如各区政府、有关部门"), script)


def task_sheets(sheets: list[TaskSheet], script: str) -> list[Sheet]:
    """The task allocation tables: a group row for each heading above its tasks."""
    out = []
    for s in sheets:
        rows = [Row((r.text,), "group", r.depth) if isinstance(r, GroupRow) else Row(r.cells) for r in s.rows]
        out.append(Sheet(s.head.sheet, s.head.title, s.head.doc_number, _fixed_all(TASK_HEADER, script),
                         (8, 40, 26, 40, 14), tuple(rows), centred=(0, 4)))  # fmt: skip
    return out


def header_name(agency: MatrixAgency, script: str) -> str:
    return agency.name + (fixed(COLLECTIVE, script) if agency.collective else "")


def matrix_sheet(m: Matrix, script: str) -> Sheet:
    """Tasks × agencies; a document row before each document's tasks when there are several."""
    several = len(m.documents) > 1
    sources = {d.id: d.source for d in m.documents}
    rows: list[Row] = []
    for i, r in enumerate(m.rows):
        if several and (i == 0 or m.rows[i - 1].doc != r.doc):
            rows.append(Row((sources[r.doc],), "document"))
        rows.append(Row((str(r.seq), r.label, r.title, *(r.marks.get(a.key, "") for a in m.agencies))))
    if several:
        title, subtitle = fixed(f"任务责任矩阵（{len(m.documents)}份文件）", script), ""
    else:
        title = m.documents[0].title if m.documents else ""
        subtitle = m.documents[0].doc_number if m.documents else ""
    header = _fixed_all(MATRIX_HEADER, script) + tuple(header_name(a, script) for a in m.agencies)
    widths = (5, 8, 36) + (4.5,) * len(m.agencies)
    return Sheet(fixed("责任矩阵", script), title, subtitle, header, widths, tuple(rows), legend(script), 3,
                 centred=(0, 1))  # fmt: skip


def agency_sheet(a: AgencyList, script: str) -> Sheet:
    """One agency's tasks across documents."""
    rows = tuple(
        Row((r.title, r.doc_number, r.path, r.task, r.agency, fixed(ROLE_NAMES[r.role], script), r.deadline))
        for r in a.rows
    )
    counts = "，".join(f"{ROLE_NAMES[role]} {a.count(role)} 项" for role in ROLE_NAMES if a.count(role))
    title = fixed("部门任务清单：", script) + "；".join(a.agencies)
    header = _fixed_all(AGENCY_HEADER, script)
    widths = (30, 16, 12, 40, 24, 6, 14)
    return Sheet(
        fixed("部门任务清单", script),
        title,
        fixed(counts, script),
        header,
        widths,
        rows,
        centred=(1, 2, 5, 6),
    )


# -- JSON -----------------------------------------------------------------------------------------


def tasks_json(sheets: list[TaskSheet], script: str) -> dict[str, Any]:
    return {
        "script": script,
        "documents": [
            {
                "id": s.head.id,
                "title": s.head.title,
                "doc_number": s.head.doc_number or None,
                "rows": [_task_row_json(r) for r in s.rows],
            }
            for s in sheets
        ],
    }


def _task_row_json(r: GroupRow | TaskRow) -> dict[str, Any]:
    if isinstance(r, GroupRow):
        return {"type": "group", "label": r.label, "title": r.title, "depth": r.depth}
    return {"type": "task", "seq": r.seq, "label": r.label, "title": r.title, "lead": list(r.lead),
            "support": list(r.support), "deadline": r.deadline or None}  # fmt: skip


def matrix_json(m: Matrix, script: str) -> dict[str, Any]:
    """{"legend", "documents", "agencies", "rows": [{"doc","seq","label","path","title","cells"}]}."""
    return {
        "script": script,
        "legend": {MARKS[role]: str(role) for role in MARKS},
        "documents": [
            {"id": d.id, "title": d.title, "doc_number": d.doc_number or None} for d in m.documents
        ],
        "agencies": [
            {
                "name": a.name,
                "canonical": a.canonical,
                "jurisdiction": a.jurisdiction or None,
                "collective": a.collective,
                **{str(role): a.counts.get(str(role), 0) for role in Role},
            }
            for a in m.agencies
        ],  # fmt: skip
        "rows": [
            {
                "doc": r.doc,
                "seq": r.seq,
                "label": r.label,
                "path": r.path,
                "title": r.title,
                "cells": {a.name: r.marks[a.key] for a in m.agencies if a.key in r.marks},
            }
            for r in m.rows
        ],  # fmt: skip
    }


def agency_json(a: AgencyList, script: str) -> dict[str, Any]:
    return {
        "script": script,
        "query": a.query,
        "agencies": list(a.agencies),
        "rows": [
            {
                "doc": r.doc,
                "title": r.title,
                "doc_number": r.doc_number or None,
                "seq": r.seq,
                "path": r.path,
                "task": r.task,
                "agency": r.agency,
                "role": str(r.role),
                "deadline": r.deadline or None,
            }
            for r in a.rows
        ],  # fmt: skip
    }
