"""Reading the rows of a flattened table (indexer.cells) out of its stream of cells.

A row is its 序号 (if any), its leading cells, one cell per unit column and its trailing cells;
the cells before a row's 序号 that are no row are group rows (`二` and its title) or, where the
row above has trailing cells, the rest of its last cell. Units are found by what they are
(names of bodies, `——`) and, in a row with a 序号, by their place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer import responsibility as rsp
from indexer.columns import Columns
from indexer.names import agency_like
from kb.labels import cn_numeral
from kb.model import Span

_NAME_CELL = re.compile(r"[^。！？]{1,120}")  # units: no sentence end
EMPTY_CELL = re.compile(r"[/／—\-－无]+")  # an empty cell written as / or —
INDEX_CELL = re.compile(
    r"(?P<n>\d{1,3})|[（(](?P<p>[一二三四五六七八九十]{1,3})[）)]|(?P<c>[一二三四五六七八九十]{1,3})"
)
# `一、…`, `（一）…` (a title after it), or a dash for 一.
GROUP_CELL = re.compile(
    r"[一二三四五六七八九十]{1,3}[、.．]\S.*|[（(][一二三四五六七八九十]{1,3}[）)]\S.*|[—－-]"
)
_NUMBER_LINE = re.compile(r"[（(][^（）()]*\d+号[）)]")  # `（沪府办发〔2024〕3号）` under a title
_SCORE = re.compile(r"\d{1,3}(?:\.\d)?分?")  # a group row's score in an assessment table
_SKIP = 20  # how far a 序号 may run ahead of the one expected
_MAX_LEADING = 8  # cells before a row's units beyond its leading columns: the table has ended


@dataclass(frozen=True, slots=True)
class Layout:
    """A table's columns as cells come: leading ones, unit ones, trailing ones."""

    columns: Columns
    names: tuple[str, ...]
    first_role: int
    units: int  # unit columns, from the first to the last
    trailing: int


@dataclass
class ReadRow:
    index: str | None  # its 序号 as printed, None for a continuation row
    leading: list[Span]
    units: list[Span | None]  # one per unit column (None: merged or missing)
    trailing: list[Span]
    index_cell: Span | None = None


class Reader:
    """Rows from a stream of cells, and the group rows between them."""

    def __init__(self, view: str, cells: list[Span], layout: Layout, bodies: rsp.Bodies):
        self.view, self.cells, self.layout, self.bodies = view, cells, layout, bodies
        self.items: list[ReadRow | tuple[str, int]] = []  # rows, and groups (label, position)
        self.expected = 1  # the next 序号 in Arabic numerals

    def text(self, i: int) -> str:
        return self.cells[i].slice(self.view)

    def read(self, i: int) -> list[ReadRow | tuple[str, int]]:
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
        m = INDEX_CELL.fullmatch(text)
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
        self.items.append(ReadRow(index, leading, units, trailing, self.cells[row_start] if index else None))
        return i

    def _leading_columns(self) -> int:
        return self.layout.first_role - (self.layout.columns.index is not None)

    def _fresh(self, pending: list[int], k: int) -> bool:
        """Whether cell k of `pending` may start a row whose 序号 runs ahead: the first cell,
        or the one after a group row."""
        return not k or GROUP_CELL.fullmatch(self.text(pending[k - 1])) is not None

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
        if isinstance(last, ReadRow) and last.trailing:
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
            and self._index(self.text(j), first=GROUP_CELL.fullmatch(self.text(pending[k - 1])) is not None)
        ]
        row_at = cut[-1] if cut else 0
        head = pending[:row_at]
        if not head:
            return pending[row_at]
        first = self.text(head[0])
        if not (GROUP_CELL.fullmatch(first) or self._index(first) is not None and self._group_row(head)):
            return pending[row_at] if self._continues(head) else None
        for k, j in enumerate(
            head
        ):  # `四、…（共6项）` then `五、…`: each a group, the last one holds the row
            text = self.text(j)
            if not k or GROUP_CELL.fullmatch(text):
                self.items.append((_group_label(text, self.items), self.cells[j].start))
        return pending[row_at]

    def _group_row(self, head: list[int]) -> bool:
        """`二` then its title, and an assessment table's score for the group (`一` | `安全生产` | `10`)."""
        return len(head) <= 2 or len(head) == 3 and _SCORE.fullmatch(self.text(head[2])) is not None

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


def _group_label(text: str, items: list[ReadRow | tuple[str, int]]) -> str:
    m = re.match(r"[一二三四五六七八九十]{1,3}|[（(]([一二三四五六七八九十]{1,3})[）)]", text)
    if m:
        return f"（{m.group(1)}）" if m.group(1) else m.group()
    return cn_numeral(sum(isinstance(x, tuple) for x in items) + 1)  # a dash where 一 was meant
