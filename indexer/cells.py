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
from dataclasses import dataclass

from indexer import responsibility as rsp
from indexer.names import agency_like
from indexer.tables import INDEX_COLUMN, TASK_COLUMN, Columns, Row, header
from kb.labels import cn_number, cn_numeral
from kb.model import Span

# A header cell naming a responsible-unit column, on a line of its own.
_ROLE_LINE = re.compile(
    rf"^[ \t\u3000]*(?:{rsp.LABEL_WORDS}|(?:{rsp.ROLE_WORDS}))[ \t\u3000]*$",
    re.MULTILINE,
)
_HEADER_CELL = re.compile(r"[^。，；：！？\d]{1,14}")  # a column name: short, no sentence, no number
_NAME_CELL = re.compile(r"[^。！？]{1,120}")  # units: no sentence end
EMPTY_CELL = re.compile(r"[/／—\-－无]+")  # an empty cell written as / or —
_INDEX_CELL = re.compile(
    r"(?P<n>\d{1,3})|[（(](?P<p>[一二三四五六七八九十]{1,3})[）)]|(?P<c>[一二三四五六七八九十]{1,3})"
)
_GROUP_CELL = re.compile(r"[一二三四五六七八九十]{1,3}[、.．]\S.*|[—－-]")  # `一、…`, or a dash for 一
_MAX_HEADER_CELLS = 12
_NUMBER_LINE = re.compile(r"[（(][^（）()]*\d+号[）)]")  # `（沪府办发〔2024〕3号）` under a title
_SHORT_CELL = re.compile(r"[^。，；！？]{1,12}")  # a title cut over lines, not a sentence
_SKIP = 20  # how far a 序号 may run ahead of the one expected
_MAX_LEADING = 8  # cells before a row's units beyond its leading columns: the table has ended


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


@dataclass(frozen=True, slots=True)
class _Layout:
    """A table's columns as cells come: leading ones, unit ones, trailing ones."""

    columns: Columns
    names: tuple[str, ...]
    first_role: int
    units: int  # unit columns, from the first to the last
    trailing: int


@dataclass
class _Row:
    index: str | None  # its 序号 as printed, None for a continuation row
    leading: list[Span]
    units: list[Span | None]  # one per unit column (None: merged or missing)
    trailing: list[Span]
    index_cell: Span | None = None


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


def _layout(view: str, cells: list[Span]) -> tuple[_Layout, int] | None:
    """The header at the start of `cells`, and how many cells it takes."""
    names: list[str] = []
    for span in cells[: _MAX_HEADER_CELLS + 1]:
        text = span.slice(view)
        if (
            not _HEADER_CELL.fullmatch(text)
            or _INDEX_CELL.fullmatch(text)
            or _GROUP_CELL.fullmatch(text)
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
    layout = _Layout(
        columns, tuple(names), first_role, last_role - first_role + 1, len(names) - last_role - 1
    )
    return layout, len(names)


def _table(
    view: str, hit: int, start: int, end: int, bodies: rsp.Bodies, conv: rsp.Convention
) -> tuple[list[Row], int] | None:
    cells = _cells(view, _header_start(view, hit, start), end)
    found = _layout(view, cells)
    if found is None:
        return None
    layout, taken = found
    rows = _Reader(view, cells, layout, bodies).read(taken)
    if not rows:
        return None
    out: list[Row] = []
    for group, seq, members in _numbered(rows, layout):
        for k, row in enumerate(members, 1):
            label = seq if len(members) == 1 else f"{seq}-{k}"
            out.append(_row(view, row, group, label, layout, bodies, conv))
    return out, out[-1].span.end


class _Reader:
    """Rows from a stream of cells, and the group rows between them."""

    def __init__(self, view: str, cells: list[Span], layout: _Layout, bodies: rsp.Bodies):
        self.view, self.cells, self.layout, self.bodies = view, cells, layout, bodies
        self.items: list[_Row | tuple[str, int]] = []  # rows, and groups (label, position)
        self.expected = 1  # the next 序号 in Arabic numerals

    def text(self, i: int) -> str:
        return self.cells[i].slice(self.view)

    def read(self, i: int) -> list[_Row | tuple[str, int]]:
        while i < len(self.cells):
            if self._header_again(i):
                i += len(self.layout.names)
                continue
            nxt = self._row(i)
            if nxt is None:
                break
            i = nxt
        return self.items

    def _header_again(self, i: int) -> bool:
        names = self.layout.names
        return tuple(self.text(j) for j in range(i, min(i + len(names), len(self.cells)))) == names

    def _is_units(self, text: str) -> bool:
        if EMPTY_CELL.fullmatch(text):
            return True
        if not _NAME_CELL.fullmatch(text) or len(text) > 120:
            return False
        names = self.bodies.split(text)
        return bool(names) and all(agency_like(n) for n in names)

    def _index(self, text: str, first: bool = False) -> str | None:
        """The 序号 a cell gives, or None: an Arabic one only in sequence, or, as a row's first
        cell, a little ahead (rows cut from an abridged page: `（本文有删减）`)."""
        m = _INDEX_CELL.fullmatch(text)
        if not m or self.layout.columns.index is None:
            return None
        if m.group("n") is not None:
            n = int(text)
            return (
                text
                if n in (self.expected, 1) or first and self.expected < n <= self.expected + _SKIP
                else None
            )
        return text

    def _row(self, i: int) -> int | None:
        """Read the row (and any group rows) from cell i; the next position, None at the table's end."""
        lay = self.layout
        pending: list[int] = []  # cells before the units
        while i < len(self.cells):
            text = self.text(i)
            if self._full(pending) and (
                self._is_units(text) or self._indexed(pending) and _NAME_CELL.fullmatch(text)
            ):
                break  # a row with a 序号 has every column: its next cell is units whatever they are
            if self._header_again(i):
                return i if self._continues(pending) else None
            if len(pending) > lay.first_role + _MAX_LEADING:
                return None
            pending.append(i)
            i += 1
        if i == len(self.cells) or not pending:
            return None
        row_start = self._groups(pending)
        if row_start is None:
            return None
        k = pending.index(row_start)
        index = self._index(self.text(row_start), self._fresh(pending, k))
        leading = [self.cells[j] for j in pending[k + (index is not None) :]]
        if not leading:
            return None
        units, i = self._units(i)
        if units is None:
            return None
        trailing, i = self._trailing(i)
        if index is not None and index.isdigit():
            self.expected = int(index) + 1
        self.items.append(_Row(index, leading, units, trailing, self.cells[row_start] if index else None))
        return i

    def _leading_columns(self) -> int:
        return self.layout.first_role - (self.layout.columns.index is not None)

    def _fresh(self, pending: list[int], k: int) -> bool:
        """Whether cell k of `pending` may start a row whose 序号 runs ahead: the first cell,
        or the one after a group row."""
        return not k or _GROUP_CELL.fullmatch(self.text(pending[k - 1])) is not None

    def _indexed(self, pending: list[int]) -> bool:
        return any(self._index(self.text(j), first=not k) is not None for k, j in enumerate(pending))

    def _full(self, pending: list[int]) -> bool:
        """Whether units may come next: a row with a 序号 fills every leading column first; a
        row without one (merged cells above) has at least one cell."""
        at = [k for k, j in enumerate(pending) if self._index(self.text(j), first=not k) is not None]
        if not at:
            return bool(pending)
        return len(pending) - at[-1] - 1 >= self._leading_columns()

    def _continues(self, pending: list[int]) -> bool:
        """Cells left before a repeated header go on the previous row's last cell."""
        if not pending:
            return True
        last = self.items[-1] if self.items else None
        if isinstance(last, _Row) and last.trailing:
            last.trailing.extend(self.cells[j] for j in pending)
            return True
        return False

    def _groups(self, pending: list[int]) -> int | None:
        """Take the group rows at the head of `pending` (`二`, `构建…体系` before `（一）`); where the
        row itself starts. Cells left of a row's 序号 that name no group go on the previous
        row's last cell (a reference cut over lines)."""
        cut = [
            k
            for k, j in enumerate(pending)
            if k
            and self._index(self.text(j), first=_GROUP_CELL.fullmatch(self.text(pending[k - 1])) is not None)
        ]
        row_at = cut[-1] if cut else 0
        head = pending[:row_at]
        if not head:
            return pending[row_at]
        first = self.text(head[0])
        if not (_GROUP_CELL.fullmatch(first) or self._index(first) is not None and len(head) <= 2):
            return pending[row_at] if self._continues(head) else None
        for k, j in enumerate(
            head
        ):  # `四、…（共6项）` then `五、…`: each a group, the last one holds the row
            text = self.text(j)
            if not k or _GROUP_CELL.fullmatch(text):
                self.items.append((_group_label(text, self.items), self.cells[j].start))
        return pending[row_at]

    def _units(self, i: int) -> tuple[list[Span | None] | None, int]:
        """One cell per unit column, a cell cut over lines joined again."""
        out: list[Span | None] = []
        for _ in range(self.layout.units):
            if i >= len(self.cells):
                return None, i
            span = self.cells[i]
            text = span.slice(self.view)
            if not (EMPTY_CELL.fullmatch(text) or _NAME_CELL.fullmatch(text)):
                return None, i
            i += 1
            while i < len(self.cells) and self._goes_on(text, self.cells[i].slice(self.view)):
                span = Span(span.start, self.cells[i].end)
                text = span.slice(self.view)
                i += 1
            out.append(span)
        return out, i

    def _goes_on(self, text: str, nxt: str) -> bool:
        if EMPTY_CELL.fullmatch(text) or self._index(nxt) is not None or self._header_again_text(nxt):
            return False
        if text.endswith(("、", "，", ",")):
            return self._is_units(nxt)
        last = self.bodies.split(text)[-1:] or [""]
        return not agency_like(last[0]) and len(nxt) <= 6 and agency_like(last[0] + nxt)

    def _header_again_text(self, text: str) -> bool:
        return text == self.layout.names[0]

    def _trailing(self, i: int) -> tuple[list[Span], int]:
        out: list[Span] = []
        while len(out) < self.layout.trailing and i < len(self.cells):
            text = self.text(i)
            if self._index(text) is not None or self._header_again(i):
                break
            span = self.cells[i]
            i += 1
            while (
                i < len(self.cells)
                and self._index(self.text(i)) is None
                and (_open(span.slice(self.view)) or _NUMBER_LINE.fullmatch(self.text(i)))
            ):
                span = Span(span.start, self.cells[i].end)
                i += 1
            out.append(span)
        return out, i


def _open(text: str) -> bool:
    """A cell cut inside brackets: `《本市…海绵` before `城市建设的实施意见》`."""
    return text.count("《") > text.count("》") or text.count("（") > text.count("）")


def _group_label(text: str, items: list[_Row | tuple[str, int]]) -> str:
    m = re.match(r"[一二三四五六七八九十]{1,3}", text)
    if m:
        return m.group()
    return cn_numeral(sum(isinstance(x, tuple) for x in items) + 1)  # a dash where 一 was meant


def _numbered(
    items: list[_Row | tuple[str, int]], layout: _Layout
) -> Iterator[tuple[tuple[str, int] | None, str, list[_Row]]]:
    """Rows by their 序号 (a continuation row joins the row above), with the group above them."""
    group: tuple[str, int] | None = None
    current: list[_Row] = []
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
    m = _INDEX_CELL.fullmatch(index)
    if m and m.group("p"):
        return f"（{m.group('p')}）"
    return str(cn_number(index)) if m and m.group("n") else index


def _row(
    view: str, row: _Row, group: tuple[str, int] | None, label: str, layout: _Layout, bodies: rsp.Bodies,
    conv: rsp.Convention,
) -> Row:  # fmt: skip
    cells = [c for c in [row.index_cell, *row.leading, *row.units, *row.trailing] if c is not None]
    span = Span(min(c.start for c in cells), max(c.end for c in cells))
    groups: list[rsp.Group] = []
    for i, role, word in layout.columns.roles:
        cell = row.units[i - layout.first_role]
        value = "" if cell is None else re.sub(r"\s*\n\s*", "", cell.slice(view))
        names = [] if not value or EMPTY_CELL.fullmatch(value) else bodies.split(value)
        if names:
            groups.append(rsp.Group(role, names, word))
    deadline = _column(view, row, layout, layout.columns.deadline)
    task = _task_cell(view, row, layout)
    marker = rsp.Marker(span, rsp.assign(groups, conv), deadline) if groups else None
    content = Span(row.leading[0].start, row.leading[-1].end)
    return Row(span, label, group[0] if group else None, group[1] if group else None, task, marker, content)


def _task_cell(view: str, row: _Row, layout: _Layout) -> Span:
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


def _column(view: str, row: _Row, layout: _Layout, column: int | None) -> str | None:
    """A trailing column's text (完成时限)."""
    if column is None or column < layout.first_role + layout.units:
        return None
    k = column - layout.first_role - layout.units
    return row.trailing[k].slice(view) if k < len(row.trailing) else None
