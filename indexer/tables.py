"""Tables of tasks: rows flattened to tab-separated lines, with a responsible-unit column.

A header row names the columns (序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 ...); every row
below it is a task. A unit given only on the first row of a group applies to the rows after
it until the next one, and a row with a single cell (`一、…`) starts a new group.

Tables flattened one cell per line (a web page's table as text) are read too: see
`cell_rows`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from indexer import responsibility as rsp
from indexer.names import split_names, split_plain
from kb.labels import cn_number
from kb.model import Role, Span

_ROLE_COLUMN = re.compile(rf"^(?:{rsp.LABEL_WORDS}|(?P<bare>{rsp.ROLE_WORDS}))$")  # 牵头单位, or 牵头
_TASK_COLUMN = re.compile(r"任务|措施|事项|工作|内容|举措|项目|要点")
_INDEX_COLUMN = re.compile(r"^(?:序号|编号|序|No\.?)$", re.IGNORECASE)
_DEADLINE_COLUMN = re.compile(r"时限|时间|期限|节点|进度")
_LABEL_CELL = re.compile(r"（[一二三四五六七八九十]+）|\d+-\d+|第[一二三四五六七八九十百零]+条")
# A unit cell that names no one: 无, —, /, （未明确） (what `kb export` writes for a task without).
_NONE_CELL = re.compile(r"[/／—\-－无]+|[（(]?未明确[）)]?")
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


@dataclass(frozen=True, slots=True)
class _Columns:
    index: int | None
    task: int
    deadline: int | None
    roles: tuple[tuple[int, Role], ...]


def rows(
    view: str, start: int, end: int, seps: rsp.Separators, conv: rsp.Convention, complete: bool = False
) -> Iterator[Row]:
    """Task rows of every table with a responsible-unit column in view[start:end].

    `complete`: the tables come from cells (.docx, .xlsx, .csv, HTML), merged cells already given
    in every row they cover, so an empty cell is empty, not "as above".
    """
    columns: _Columns | None = None
    table_seps = seps
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
        header = _header(cells)
        if header is not None:
            columns, group, inherited, count = header, None, {}, 0
            lists = _lists_bodies(view, line_start + len(line) + 1, end, header)
            table_seps = rsp.Separators(seps.comma or lists)
            continue
        if columns is None:
            continue
        filled = [c for c in cells if c]
        if len(filled) == 1 and _GROUP.match(filled[0]):
            group, inherited = (_group_label(filled[0]), line_start), {}
            continue
        count += 1
        kept = {} if complete else inherited
        yield _row(view, line_start, line, cells, columns, group, kept, count, table_seps, conv)


def _lists_bodies(view: str, start: int, end: int, columns: _Columns) -> bool:
    """Whether a table's unit cells put `，` or `；` between bodies (as `kb export` writes them),
    so that `、` joins the two names of one body (市科委、中关村管委会) in all its cells."""
    for _, line in itertools.islice(_lines(view, start, end), 2000):
        cells = line.split("\t")
        if not line.strip():
            break  # the table ended
        for i, _ in columns.roles:
            if i < len(cells) and len(split_plain(cells[i], "，；")) >= 2:
                return True
    return False


# -- tables flattened one cell per line ------------------------------------------------------------

# A header cell naming a responsible-unit column, on a line of its own.
_ROLE_LINE = re.compile(
    rf"^[ \t\u3000]*(?:{rsp.LABEL_WORDS}|(?:{rsp.ROLE_WORDS}))[ \t\u3000]*$",
    re.MULTILINE,
)
_HEADER_CELL = re.compile(r"[^。，；：！？\d]{1,14}")  # a column name: short, no sentence, no number
_NAME_CELL = re.compile(r"[^。！？]{1,120}")  # units: no sentence end
_EMPTY_CELL = re.compile(r"[/／—\-－无]+")  # an empty cell written as / or —
_SEQ_CELL = re.compile(r"\d{1,3}")
_MAX_HEADER_CELLS = 12


def may_have_cell_tables(view: str) -> bool:
    return _ROLE_LINE.search(view) is not None


def cell_rows(view: str, start: int, end: int, seps: rsp.Separators, conv: rsp.Convention) -> Iterator[Row]:
    """Task rows of tables flattened one cell per line (blank lines between cells or not).

    The header is a run of short cells naming the columns, a responsible-unit column among
    them. Each row then gives its leading cells (序号, 任务, 内容 ...) and one cell per column
    from the first responsible-unit column on; a row without a 序号 continues the group above
    (the merged cells of a web table are given once), with only its last leading cell. A cell
    that does not fit (a sentence where units belong, a number out of sequence) ends the table:
    nothing is read by guesswork. A group with several rows labels them 1-1, 1-2 ...
    """
    pos = start
    while (hit := _ROLE_LINE.search(view, pos, end)) is not None:
        found = _cell_table(view, hit.start(), start, end, seps, conv)
        if found is None:
            pos = hit.end()
            continue
        rows_, table_end = found
        yield from rows_
        pos = max(table_end, hit.end())


def _cells(view: str, pos: int, end: int) -> Iterator[Span]:
    """The non-blank lines from `pos` on, stripped, as spans."""
    while pos < end:
        line_end = view.find("\n", pos, end)
        line_end = end if line_end == -1 else line_end
        a, b = pos, line_end
        while a < b and view[a] in " \t\u3000":
            a += 1
        while b > a and view[b - 1] in " \t\u3000\r":
            b -= 1
        if b > a:
            yield Span(a, b)
        pos = line_end + 1


def _header_start(view: str, hit: int, start: int) -> int:
    """Where the run of column names around a responsible-unit column starts."""
    first, pos, seen = hit, hit, 0
    while pos > start and seen < _MAX_HEADER_CELLS:
        line_end = view.rfind("\n", start, pos)  # end of the line before
        if line_end == -1:
            break
        line_start = view.rfind("\n", start, line_end) + 1
        line_start = max(line_start, start)
        text = view[line_start:line_end].strip(" \t\u3000\r")
        if text:
            if not _HEADER_CELL.fullmatch(text):
                break
            first, seen = line_start, seen + 1
            if _INDEX_COLUMN.match(text):  # 序号 is the first column: a short title above is not
                break
        pos = line_start
        if pos <= start:
            break
    return first


def _cell_table(
    view: str, hit: int, start: int, end: int, seps: rsp.Separators, conv: rsp.Convention
) -> tuple[list[Row], int] | None:
    cells = _cells(view, _header_start(view, hit, start), end)
    header: list[Span] = []
    for span in cells:
        text = span.slice(view)
        if not _HEADER_CELL.fullmatch(text) or len(header) == _MAX_HEADER_CELLS:
            break
        header.append(span)
    else:
        return None
    names = [h.slice(view) for h in header]
    columns = _header(names) if len(names) >= 3 else None
    if columns is None or (columns.index is None and not _TASK_COLUMN.search(names[columns.task])):
        return None
    first_role = min(i for i, _ in columns.roles)
    if first_role <= columns.task:
        return None
    rest = [span] + list(itertools.islice(cells, 1_000_000))  # the cell after the header, then the others
    groups = _cell_groups(view, rest, columns, len(names), first_role)
    if not groups:
        return None
    out: list[Row] = []
    for seq, group in groups:
        for k, row in enumerate(group, 1):
            label = seq if len(group) == 1 else f"{seq}-{k}"
            out.append(_cell_row(view, row, label, columns, first_role, seps, conv))
    return out, out[-1].span.end


def _cell_groups(
    view: str, cells: list[Span], columns: _Columns, width: int, first_role: int
) -> list[tuple[str, list[list[Span | None]]]]:
    """Rows as full-width lists of cells (None for a merged cell), grouped under their 序号."""
    trailing = width - first_role
    groups: list[tuple[str, list[list[Span | None]]]] = []
    i, expected = 0, 1
    while i < len(cells):
        text = cells[i].slice(view)
        if _SEQ_CELL.fullmatch(text) and (columns.index is not None) and int(text) == expected:
            leading: list[Span | None] = list(cells[i : i + first_role])
            new_group = True
        elif groups and not _NAME_CELL.fullmatch(text) or groups and len(text) > 30:
            leading = [None] * (first_role - 1) + [cells[i]]  # a continuation row: merged cells above
            new_group = False
        elif not groups and columns.index is None:
            leading = list(cells[i : i + first_role])
            new_group = True
        else:
            break
        n_leading = sum(c is not None for c in leading)
        tail = cells[i + n_leading : i + n_leading + trailing]
        if len(leading) < first_role or len(tail) < trailing or not _fits(view, tail, columns, first_role):
            break
        row = leading + list(tail)
        if new_group:
            label = text if columns.index is not None else str(len(groups) + 1)
            groups.append((label, [row]))
            expected += 1
        else:
            groups[-1][1].append(row)
        i += n_leading + trailing
    return groups


def _fits(view: str, tail: list[Span], columns: _Columns, first_role: int) -> bool:
    """Every responsible-unit cell of a row holds names (or is marked empty)."""
    for i, _ in columns.roles:
        text = tail[i - first_role].slice(view)
        if not (_EMPTY_CELL.fullmatch(text) or _NAME_CELL.fullmatch(text)):
            return False
    return True


def _cell_row(
    view: str, row: list[Span | None], label: str, columns: _Columns, first_role: int,
    seps: rsp.Separators, conv: rsp.Convention,
) -> Row:  # fmt: skip
    present = [c for c in row if c is not None]
    span = Span(present[0].start, present[-1].end)

    def text(i: int | None) -> str:
        cell = row[i] if i is not None and i < len(row) else None
        return "" if cell is None else cell.slice(view)

    groups: list[tuple[Role, list[str]]] = []
    for i, role in columns.roles:
        value = text(i)
        names = [] if not value or _EMPTY_CELL.fullmatch(value) else split_names(value, seps.comma)
        if names:
            groups.append((role, names))
    task_cell = row[columns.task] if row[columns.task] is not None else row[first_role - 1]
    assert task_cell is not None
    marker = rsp.Marker(span, rsp.assign(groups, conv), text(columns.deadline) or None) if groups else None
    return Row(span, label, None, None, task_cell, marker)


def _lines(view: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    pos = start
    for line in view[start:end].split("\n"):
        yield pos, line
        pos += len(line) + 1


def _header(cells: list[str]) -> _Columns | None:
    names = [re.sub(r"\s+", "", c) for c in cells]
    roles = tuple(
        (i, rsp.LABEL_ROLES[m.group("bare")] if m.group("bare") else rsp.label_role(m))
        for i, n in enumerate(names)
        if (m := _ROLE_COLUMN.match(n))
    )
    if not roles:
        return None
    role_columns = {i for i, _ in roles}
    index = next((i for i, n in enumerate(names) if _INDEX_COLUMN.match(n)), None)
    task = next((i for i, n in enumerate(names) if i not in role_columns and _TASK_COLUMN.search(n)), None)
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
    return _Columns(index, task, deadline, roles)


def _row(
    view: str,
    line_start: int,
    line: str,
    cells: list[str],
    columns: _Columns,
    group: tuple[str, int] | None,
    inherited: dict[int, str],
    count: int,
    seps: rsp.Separators,
    conv: rsp.Convention,
) -> Row:
    def cell(i: int | None) -> str:
        return cells[i] if i is not None and i < len(cells) else ""

    groups: list[tuple[Role, list[str]]] = []
    for i, role in columns.roles:
        value = cell(i) or inherited.get(i, "")
        if cell(i):
            inherited[i] = cell(i)
        names = split_names(value, seps.comma) if value and not _NONE_CELL.fullmatch(value) else []
        if names:
            groups.append((role, names))
    label = cell(columns.index)
    if re.fullmatch(r"\d+|[一二三四五六七八九十]+", label):
        label = str(cn_number(label))
    elif not _LABEL_CELL.fullmatch(label):  # （一）, 5-1 (a clause), 第三条 stay as printed
        label = str(count)
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
