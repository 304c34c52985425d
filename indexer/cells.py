"""Tables flattened one cell per line (a web page's table pasted as text) with a unit column.

The header is a run of short cells naming the columns, a responsible-unit column among them
(序号 | 工作任务 | 主要工作内容 | 牵头单位 | 配合单位 …). Each row then gives its leading cells, one
cell per unit column and the cells after them. What the pages do to such tables is read too:

* merged cells given once: a row without a 序号 continues the group above, with only its last
  leading cell (a group with several rows labels them 1-1, 1-2 …);
* group rows (`一、…`, `二` then its title, `（一）` rows under them), the header repeated
  mid-table, `——` or `/` for "none given";
* a cell broken over lines: a unit list ending in `、` or `，` or a name cut in two
  (`区土方工作` / `专班`) goes on in the next cell, a reference cut inside `《…》` too.

A cell that fits nowhere (a paragraph where units belong, a run of text with no units after
it) ends the table: nothing is read by guesswork.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from indexer import responsibility as rsp
from indexer.cell_reader import EMPTY_CELL, GROUP_CELL, INDEX_CELL, Layout, Reader, ReadRow
from indexer.columns import INDEX_COLUMN, NOTE, TASK_COLUMN, divisions_of, header
from indexer.order_notes import ORDER_NOTE
from indexer.tables import Row, note
from kb.labels import cn_number
from kb.model import Span

# A header cell naming a responsible-unit column, on a line of its own.
_ROLE_LINE = re.compile(
    rf"^[ \t\u3000]*(?:{rsp.LABEL_WORDS}|(?:{rsp.ROLE_WORDS}))(?:{NOTE.pattern[:-1]})?[ \t\u3000]*$",
    re.MULTILINE,
)
_HEADER_CELL = re.compile(r"[^。，；：！？\d]{1,14}")  # a column name: short, no sentence, no number
_MAX_HEADER_CELLS = 12
_SHORT_CELL = re.compile(r"[^。，；！？]{1,12}")  # a title cut over lines, not a sentence


def may_have_cell_tables(view: str) -> bool:
    return _ROLE_LINE.search(view) is not None


def cell_rows(view: str, start: int, end: int, bodies: rsp.Bodies, conv: rsp.Convention) -> Iterator[Row]:
    """Task rows of tables flattened one cell per line (blank lines between cells or not)."""
    pos = start
    while (hit := _ROLE_LINE.search(view, pos, end)) is not None:
        found = _table(view, hit.start(), start, end, bodies, conv)
        if found is None:
            pos = hit.end()
            continue
        rows_, table_end = found
        yield from rows_
        pos = max(table_end, hit.end())


def _cells(view: str, pos: int, end: int) -> list[Span]:
    """The non-blank lines from `pos` on, stripped, as spans."""
    out = []
    while pos < end:
        line_end = view.find("\n", pos, end)
        line_end = end if line_end == -1 else line_end
        a, b = pos, line_end
        while a < b and view[a] in " \t\u3000":
            a += 1
        while b > a and view[b - 1] in " \t\u3000\r":
            b -= 1
        if b > a:
            out.append(Span(a, b))
        pos = line_end + 1
    return out


def _header_start(view: str, hit: int, start: int) -> int:
    """Where the run of column names around a responsible-unit column starts."""
    first, pos, seen = hit, hit, 0
    while pos > start and seen < _MAX_HEADER_CELLS:
        line_end = view.rfind("\n", start, pos)  # end of the line before
        if line_end == -1:
            break
        line_start = max(view.rfind("\n", start, line_end) + 1, start)
        text = view[line_start:line_end].strip(" \t\u3000\r")
        if text:
            if not _HEADER_CELL.fullmatch(text):
                break
            first, seen = line_start, seen + 1
            if INDEX_COLUMN.match(text):  # 序号 is the first column: a short title above is not
                break
        pos = line_start
        if pos <= start:
            break
    return first


def _layout(view: str, cells: list[Span]) -> tuple[Layout, int] | None:
    """The header at the start of `cells`, and how many cells it takes."""
    names: list[str] = []
    for span in cells[: _MAX_HEADER_CELLS + 1]:
        text = span.slice(view)
        if (
            not _HEADER_CELL.fullmatch(text)
            or ORDER_NOTE.match(text)  # a note row under the header (责任单位排名不分先后), no column
            or INDEX_CELL.fullmatch(text)
            or GROUP_CELL.fullmatch(text)
            or len(names) == _MAX_HEADER_CELLS
        ):
            break  # a 序号 or a group row: the rows have begun
        names.append(text)
    if len(names) == len(cells):
        return None  # nothing after the header
    columns = header(names) if len(names) >= 3 else None
    if columns is None or (columns.index is None and not TASK_COLUMN.search(names[columns.task])):
        return None
    first_role = min(i for i, _, _ in columns.roles)
    last_role = max(i for i, _, _ in columns.roles)
    if first_role <= columns.task:
        return None
    layout = Layout(columns, tuple(names), first_role, last_role - first_role + 1, len(names) - last_role - 1)
    return layout, len(names)


def _table(
    view: str, hit: int, start: int, end: int, bodies: rsp.Bodies, conv: rsp.Convention
) -> tuple[list[Row], int] | None:
    first = _header_start(view, hit, start)
    cells = _cells(view, first, end)
    found = _layout(view, cells)
    if found is None:
        return None
    layout, taken = found
    next_cell = cells[taken].slice(view) if taken < len(cells) else ""
    under = [next_cell] if ORDER_NOTE.match(next_cell) else []  # a note row under the header
    rows = Reader(view, cells, layout, bodies).read(taken + len(under))
    if not rows:
        return None
    conv = conv.within(layout.columns.note, *under, *_notes(view, first, _end(rows), start, end))
    out: list[Row] = []
    for group, seq, members in _numbered(rows, layout):
        for k, row in enumerate(members, 1):
            label = seq if len(members) == 1 else f"{seq}-{k}"
            out.append(_row(view, row, group, label, layout, bodies, conv))
    return out, out[-1].span.end


def _end(rows: list[ReadRow | tuple[str, int]]) -> int:
    """Where the last row read ends."""
    return max(
        c.end
        for r in rows
        if isinstance(r, ReadRow)
        for c in [r.index_cell, *r.leading, *r.units, *r.trailing]
        if c is not None
    )


def _notes(view: str, first: int, last: int, start: int, end: int) -> list[str]:
    """The table's note lines: the two lines with text above its header (a title row and a note
    row), the one after its rows."""
    before = _cells(view, start, first)
    after = _cells(view, last, end)
    lines = before[-2:] + [c for c in after[:1] if c.start >= last]
    return [note(c.slice(view)) for c in lines]


def _numbered(
    items: list[ReadRow | tuple[str, int]], layout: Layout
) -> Iterator[tuple[tuple[str, int] | None, str, list[ReadRow]]]:
    """Rows by their 序号 (a continuation row joins the row above), with the group above them."""
    group: tuple[str, int] | None = None
    current: list[ReadRow] = []
    seq, count = "", 0
    for item in items:
        if isinstance(item, tuple):
            if current:
                yield group, seq, current
                current = []
            group = item
            continue
        if item.index is not None or not current or layout.columns.index is None:
            if current:
                yield group, seq, current
            count += 1
            seq = _printed(item.index) if item.index is not None else str(count)
            current = [item]
        else:
            current.append(item)
    if current:
        yield group, seq, current


def _printed(index: str) -> str:
    m = INDEX_CELL.fullmatch(index)
    if m and m.group("p"):
        return f"（{m.group('p')}）"
    return str(cn_number(index)) if m and m.group("n") else index


def _row(
    view: str, row: ReadRow, group: tuple[str, int] | None, label: str, layout: Layout, bodies: rsp.Bodies,
    conv: rsp.Convention,
) -> Row:  # fmt: skip
    cells = [c for c in [row.index_cell, *row.leading, *row.units, *row.trailing] if c is not None]
    span = Span(min(c.start for c in cells), max(c.end for c in cells))
    groups: list[rsp.Group] = []
    for i, role, word in layout.columns.roles:
        cell = row.units[i - layout.first_role]
        value = "" if cell is None else re.sub(r"\s*\n\s*", "", cell.slice(view))
        body = layout.columns.body_of(i)
        names = [] if not value or EMPTY_CELL.fullmatch(value) else divisions_of(body, value, bodies)
        if names:
            groups.append(rsp.Group(role, names, word))
    deadline = _column(view, row, layout, layout.columns.deadline)
    task = _task_cell(view, row, layout)
    marker = rsp.Marker(span, rsp.assign(groups, conv), deadline) if groups else None
    content = Span(row.leading[0].start, row.leading[-1].end)
    return Row(span, label, group[0] if group else None, group[1] if group else None, task, marker, content)


def _task_cell(view: str, row: ReadRow, layout: Layout) -> Span:
    """The row's task cell: its task column (the leftmost cells merge away first); where a
    leading cell was cut over lines, the short cells from the task column on."""
    columns = layout.first_role - (layout.columns.index is not None)
    task = layout.columns.task - (layout.columns.index is not None)
    cells = row.leading
    if len(cells) > columns:
        k = end = min(max(task, 0), len(cells) - 1)
        while end + 1 < len(cells) - (columns - task - 1) and _SHORT_CELL.fullmatch(
            cells[end + 1].slice(view)
        ):
            end += 1
        return Span(cells[k].start, cells[end].end)
    k = task - (columns - len(cells))
    return cells[k] if k >= 0 else cells[-1]


def _column(view: str, row: ReadRow, layout: Layout, column: int | None) -> str | None:
    """A trailing column's text (完成时限)."""
    if column is None or column < layout.first_role + layout.units:
        return None
    k = column - layout.first_role - layout.units
    return row.trailing[k].slice(view) if k < len(row.trailing) else None
