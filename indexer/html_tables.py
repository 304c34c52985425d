"""The tables of a page, found in one walk: each table's own rows (not a nested table's),
the cells their spans cover, and which cells lay out the page rather than hold a value.

Linear in the page, whatever the nesting: tables nested 20,000 deep are read, where finding
each row's table by its parents took minutes. A cell spanning rows or columns is given in
each row and column it covers, capped at the table's real size (its rows, its widest row)
and at _EXTRA_CELLS added cells per real cell, so `rowspan=1000 colspan=1000` in a small
table adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from bs4 import NavigableString, Tag

CELLS = ("td", "th")
_MAX_SPAN = 1000  # rowspan="100000" in a broken page must not make a huge table
_COPY_TEXT = 2000  # characters of a spanning cell given again in the rows it covers
_COPY_NODES = 5000  # nodes of a spanning cell read for that text
_EXTRA_CELLS = 10  # cells spans may add to a table, per cell it really has (and 1,000 more)


@dataclass(frozen=True, slots=True)
class Copy:
    """A place a span covers: the spanning cell's text (or nothing, for a column it spans)."""

    text: str
    table: int  # id of its table


@dataclass
class Tables:
    """What the walk found, by id of the element."""

    rows: dict[int, list[object]] = field(default_factory=dict)  # a row's children, spans filled
    single: set[int] = field(default_factory=set)  # tables of one cell a row
    table_of: dict[int, int] = field(default_factory=dict)  # cell -> its table
    holding: set[int] = field(default_factory=set)  # cells holding a table

    def children(self, node: Tag) -> list[Any]:
        """A node's children as the text is made of them (a row's with its spans filled)."""
        planned = self.rows.get(id(node)) if node.name == "tr" else None
        return list(node.contents) if planned is None else planned

    def lays_out(self, cell: Tag) -> bool:
        """Whether a cell lays out a page rather than holding a value: it holds a table, or its
        table has one cell a row (a portal's text in one big <td>). Its paragraphs are lines."""
        table = self.table_of.get(id(cell))
        return table is None or table in self.single or id(cell) in self.holding


def tables(root: Tag) -> Tables:
    """The tables under `root`, their rows' spans filled, in one walk of the page."""
    found = Tables()
    own: list[tuple[int, list[Tag]]] = []  # each table (id) with its own rows, in page order
    rows_of: dict[int, list[Tag]] = {}
    open_cells: list[int] = []
    stack: list[tuple[Tag, int | None, bool]] = [(root, None, False)]  # node, its table, leaving
    while stack:
        node, table, leaving = stack.pop()
        if leaving:  # a cell ends: a cell holding a table is held by the cell around it too
            done = open_cells.pop()
            if done in found.holding and open_cells:
                found.holding.add(open_cells[-1])
            continue
        inner = table
        if node.name == "table":
            inner = id(node)
            rows_of[inner] = []
            own.append((inner, rows_of[inner]))
            if open_cells:
                found.holding.add(open_cells[-1])
        elif node.name == "tr" and table is not None:
            rows_of[table].append(node)
        elif node.name in CELLS:
            if table is not None:
                found.table_of[id(node)] = table
            open_cells.append(id(node))
            stack.append((node, table, True))
        stack.extend((child, inner, False) for child in reversed(node.contents) if isinstance(child, Tag))
    for table, rows in own:
        _unspan(table, rows, found)
    return found


def _unspan(table: int, rows: list[Tag], found: Tables) -> None:
    """Fill the places each row's spans cover; note a table of one cell a row."""
    cells = [[c for c in row.children if isinstance(c, Tag) and c.name in CELLS] for row in rows]
    spans = _Spans(
        table, len(rows), max(map(len, cells), default=0), _EXTRA_CELLS * sum(map(len, cells)) + 1000
    )
    widest = 0
    for i, row in enumerate(rows):
        if spans.below or any(c.get("rowspan") or c.get("colspan") for c in cells[i]):
            planned = found.rows[id(row)] = spans.fill(row, i, len(cells[i]))
            widest = max(
                widest, sum(isinstance(c, Copy) or (isinstance(c, Tag) and c.name in CELLS) for c in planned)
            )
        else:
            widest = max(widest, len(cells[i]))
    if widest <= 1:
        found.single.add(table)


class _Spans:
    """The cells spanning into the rows below, as a table's rows are read in order."""

    def __init__(self, table: int, rows: int, width: int, budget: int):
        self.table, self.rows, self.width, self.budget = table, rows, width, budget
        self.below: dict[int, list[Any]] = {}  # column -> [rows still covered, text]

    def fill(self, row: Tag, index: int, count: int) -> list[object]:
        """The children of row `index` (with `count` real cells), covered places filled."""
        out: list[object] = []
        column = seen = 0
        for child in row.contents:
            if not (isinstance(child, Tag) and child.name in CELLS):
                out.append(child)
                continue
            column = self._covered(column, out)
            out.append(child)
            seen += 1
            room = self.width - column - (count - seen)  # columns the row's other cells leave
            rowspan = min(_span(child, "rowspan"), self.rows - index) if self.budget > 0 else 1
            colspan = min(_span(child, "colspan"), max(1, room)) if self.budget > 0 else 1
            if rowspan > 1:
                text = _text(child)
                for extra in range(colspan):
                    self.below[column + extra] = [rowspan - 1, text if extra == 0 else ""]
            out.extend(Copy("", self.table) for _ in range(colspan - 1))
            self.budget -= colspan - 1
            column += colspan
        self._covered(column, out)
        return out

    def _covered(self, column: int, out: list[object]) -> int:
        """Give the text of the cells above that cover `column` onwards; the next free column."""
        while column in self.below:
            entry = self.below[column]
            out.append(Copy(entry[1], self.table))
            self.budget -= 1
            entry[0] -= 1
            if entry[0] <= 0 or self.budget <= 0:
                del self.below[column]
            column += 1
        return column


def _text(cell: Tag) -> str:
    """A cell's text, as far as _COPY_NODES nodes and _COPY_TEXT characters go."""
    wanted = cell.interesting_string_types or NavigableString
    types = (wanted,) if isinstance(wanted, type) else tuple(wanted)
    parts, size = [], 0
    for node in islice(cell.descendants, _COPY_NODES):
        if isinstance(node, NavigableString) and type(node) in types:
            parts.append(str(node))
            size += len(node)
            if size >= _COPY_TEXT:
                break
    from indexer.html import squeeze  # html uses this module: imported when first needed

    return squeeze("".join(parts))[:_COPY_TEXT]


def _span(cell: Tag, attribute: str) -> int:
    value = cell.get(attribute)
    try:
        return max(1, min(int(str(value).strip()), _MAX_SPAN)) if value else 1
    except ValueError:
        return 1
