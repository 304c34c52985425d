"""Tables of tasks: rows flattened to tab-separated lines, with a responsible-unit column.

A header row names the columns (序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 ...); every row
below it is a task. A unit given only on the first row of a group applies to the rows after
it until the next one, and a row with a single cell (`一、…`) starts a new group.

Tables flattened one cell per line (a web page's table as text) are read by `indexer.cells`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from indexer import responsibility as rsp
from indexer.roles import label_word
from kb.labels import cn_number
from kb.model import Role, Span

_ROLE_COLUMN = re.compile(rf"^(?:{rsp.LABEL_WORDS}|(?P<bare>{rsp.ROLE_WORDS}))$")  # 牵头单位, or 牵头
TASK_COLUMN = re.compile(r"任务|措施|事项|工作|内容|举措|项目|要点")
INDEX_COLUMN = re.compile(r"^(?:序号|编号|序|No\.?)$", re.IGNORECASE)
_DEADLINE_COLUMN = re.compile(r"时限|时间|期限|节点|进度")
_GROUP = re.compile(r"^(?P<cn>[一二三四五六七八九十]+)[、.．]|^[（(](?P<pcn>[一二三四五六七八九十]+)[）)]")


@dataclass(frozen=True, slots=True)
class Row:
    """One task row of a table."""

    span: Span  # the row's line
    label: str  # its 序号, or its place in the table
    group: str | None  # the label of the group row above it (二, （三）), if any
    group_start: int | None  # where that group row starts
    task: Span  # the task cell
    marker: rsp.Marker | None
    content: Span | None = None  # the cells before its units (task and content), where they differ


@dataclass(frozen=True, slots=True)
class Columns:
    index: int | None
    task: int
    deadline: int | None
    roles: tuple[tuple[int, Role, str], ...]  # column, role, role word (牵头 of 牵头单位)


def rows(view: str, start: int, end: int, bodies: rsp.Bodies, conv: rsp.Convention) -> Iterator[Row]:
    """Task rows of every table with a responsible-unit column in view[start:end]."""
    columns: Columns | None = None
    group: tuple[str, int] | None = None
    inherited: dict[int, str] = {}
    count = 0
    for line_start, line in _lines(view, start, end):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 2:
            if columns is not None and len([c for c in cells if c]) == 1 and _GROUP.match(cells[0]):
                group, inherited = (_group_label(cells[0]), line_start), {}
                continue
            columns, group, inherited = None, None, {}  # the table ended
            continue
        found = header(cells)
        if found is not None:
            columns, group, inherited, count = found, None, {}, 0
            continue
        if columns is None:
            continue
        filled = [c for c in cells if c]
        if len(filled) == 1 and _GROUP.match(filled[0]):
            group, inherited = (_group_label(filled[0]), line_start), {}
            continue
        count += 1
        yield _row(view, line_start, line, cells, columns, group, inherited, count, bodies, conv)


def _lines(view: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    pos = start
    for line in view[start:end].split("\n"):
        yield pos, line
        pos += len(line) + 1


def header(cells: list[str]) -> Columns | None:
    names = [re.sub(r"\s+", "", c) for c in cells]
    roles = tuple(
        (i, rsp.LABEL_ROLES[bare], bare)
        if (bare := m.group("bare"))
        else (i, rsp.label_role(m), label_word(m))
        for i, n in enumerate(names)
        if (m := _ROLE_COLUMN.match(n))
    )
    if not roles:
        return None
    role_columns = {i for i, _, _ in roles}
    index = next((i for i, n in enumerate(names) if INDEX_COLUMN.match(n)), None)
    task = next((i for i, n in enumerate(names) if i not in role_columns and TASK_COLUMN.search(n)), None)
    if task is None:
        task = next((i for i in range(len(names)) if i not in role_columns and i != index), None)
    if task is None:
        return None
    deadline = next(
        (
            i
            for i, n in enumerate(names)
            if i not in role_columns and i != task and _DEADLINE_COLUMN.search(n)
        ),
        None,
    )
    return Columns(index, task, deadline, roles)


def _row(
    view: str,
    line_start: int,
    line: str,
    cells: list[str],
    columns: Columns,
    group: tuple[str, int] | None,
    inherited: dict[int, str],
    count: int,
    bodies: rsp.Bodies,
    conv: rsp.Convention,
) -> Row:
    def cell(i: int | None) -> str:
        return cells[i] if i is not None and i < len(cells) else ""

    groups: list[rsp.Group] = []
    for i, role, word in columns.roles:
        value = cell(i) or inherited.get(i, "")
        if cell(i):
            inherited[i] = cell(i)
        names = bodies.split(value) if value else []
        if names:
            groups.append(rsp.Group(role, names, word))
    label = cell(columns.index)
    label = str(cn_number(label)) if re.fullmatch(r"\d+|[一二三四五六七八九十]+", label) else str(count)
    starts = [line_start]
    for raw in line.split("\t"):
        starts.append(starts[-1] + len(raw) + 1)
    task = (
        Span(starts[columns.task], starts[columns.task + 1] - 1)
        if columns.task < len(cells)
        else Span(line_start, line_start)
    )
    span = Span(line_start, line_start + len(line.rstrip()))
    marker = rsp.Marker(span, rsp.assign(groups, conv), cell(columns.deadline) or None) if groups else None
    return Row(span, label, group[0] if group else None, group[1] if group else None, task, marker)


def _group_label(text: str) -> str:
    m = _GROUP.match(text)
    assert m is not None
    return m.group("cn") or f"（{m.group('pcn')}）"
