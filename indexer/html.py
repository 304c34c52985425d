"""HTML to text: what a reader sees, without scripts, styles, navigation or forms.

Block elements become line breaks so paragraphs stay apart; table cells are joined by tabs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import Any

from bs4 import NavigableString, Tag
from bs4.element import PreformattedString

_DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "form",
    "input",
    "select",
    "textarea",
    "button",
    "iframe",
    "svg",
    "object",
    "embed",
    "head",
}
_BLOCK = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
}
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
# A source line break between two CJK characters is not a space (CSS Text 3 segment breaks).
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\f]*[\r\n][ \t\r\n\f]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f]+")
_CELL_GAP = re.compile(r" *\t *")


def html_text(root: Tag) -> str:
    """Visible text: one line per block, table cells joined by tabs, page chrome left out.

    <header> and <footer> are page chrome, except inside an <article>, where they hold the
    article's own title and signature. A cell spanning rows or columns is given in each row
    and column it covers, so every row has its cells in their columns.
    """
    rows = _spanned_rows(root)
    out: list[str] = []
    stack: list[object] = [root]  # nodes, and (name,) where an element ends
    pre = article = 0
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            name = node[0]
            pre -= name == "pre"
            article -= name == "article"
            out.append("\t" if name in ("td", "th") else "\n" if name in _BLOCK else "")
        elif isinstance(node, _Copy):
            out.append(node.text + "\t")
        elif isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctype, CDATA
                out.append(str(node) if pre else _SPACES.sub(" ", _CJK_BREAK.sub("", node)))
        elif isinstance(node, Tag) and node.name not in _DROP:
            if node.name in ("header", "footer") and not article:
                continue
            if node.name == "br":
                out.append("\n")
                continue
            out.append("\n" if node.name in _BLOCK else "")
            pre += node.name == "pre"
            article += node.name == "article"
            stack.append((node.name,))
            children = rows.get(id(node)) if node.name == "tr" else None
            stack.extend(reversed(node.contents if children is None else children))
    lines = (_CELL_GAP.sub("\t", line).strip(" \t") for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line.strip())


_MAX_SPAN = 1000  # rowspan="100000" in a broken page must not make a huge table
_COPY_TEXT = 2000  # characters of a spanning cell given again in the rows it covers
_COPY_NODES = 5000  # nodes of a spanning cell read for that text
_EXTRA_CELLS = 10  # cells spans may add to a table, per cell it really has (and 1,000 more)


@dataclass(frozen=True, slots=True)
class _Copy:
    """A cell a span covers: the spanning cell's text (or nothing, for a column it spans)."""

    text: str


def _spanned_rows(root: Tag) -> dict[int, list[object]]:
    """The children of every table row whose cells span rows or columns, with the covered
    places filled (`_Copy`), by id of the row. One walk, whatever the nesting."""
    tables: list[list[Tag]] = []  # the rows of each table, its own (not a nested table's)
    stack: list[tuple[Tag, list[Tag] | None]] = [(root, None)]
    while stack:
        node, rows = stack.pop()
        for child in reversed(node.contents):
            if not isinstance(child, Tag):
                continue
            inner = rows
            if child.name == "table":
                inner = []
                tables.append(inner)
            elif child.name == "tr" and rows is not None:
                rows.append(child)
            stack.append((child, inner))
    planned: dict[int, list[object]] = {}
    for rows in tables:
        rows.reverse()  # the walk saw the rows of a table last to first
        _unspan(rows, planned)
    return planned


def _unspan(rows: list[Tag], planned: dict[int, list[object]]) -> None:
    """Give each row the cells spans cover: a cell's text in each row its rowspan covers,
    empty cells for the columns its colspan covers. Spans are capped at the table's real
    size (its rows, its widest row) and the cells they add at _EXTRA_CELLS per real cell."""
    cells = [[c for c in row.children if isinstance(c, Tag) and c.name in ("td", "th")] for row in rows]
    spans = _Spans(len(rows), max(map(len, cells), default=0), _EXTRA_CELLS * sum(map(len, cells)) + 1000)
    for i, row in enumerate(rows):
        if spans.below or any(c.get("rowspan") or c.get("colspan") for c in cells[i]):
            planned[id(row)] = spans.fill(row, i, len(cells[i]))


class _Spans:
    """The cells spanning into the rows below, as a table's rows are read in order."""

    def __init__(self, rows: int, width: int, budget: int):
        self.rows, self.width, self.budget = rows, width, budget
        self.below: dict[int, list[Any]] = {}  # column -> [rows still covered, text]

    def fill(self, row: Tag, index: int, count: int) -> list[object]:
        """The children of row `index` (with `count` real cells), covered places filled."""
        out: list[object] = []
        column = seen = 0
        for child in row.contents:
            if not (isinstance(child, Tag) and child.name in ("td", "th")):
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
            out.extend(_Copy("") for _ in range(colspan - 1))
            self.budget -= colspan - 1
            column += colspan
        self._covered(column, out)
        return out

    def _covered(self, column: int, out: list[object]) -> int:
        """Give the text of the cells above that cover `column` onwards; the next free column."""
        while column in self.below:
            entry = self.below[column]
            out.append(_Copy(entry[1]))
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
    return squeeze("".join(parts))[:_COPY_TEXT]


def _span(cell: Tag, attribute: str) -> int:
    value = cell.get(attribute)
    try:
        return max(1, min(int(str(value).strip()), _MAX_SPAN)) if value else 1
    except ValueError:
        return 1


def squeeze(text: str) -> str:
    return _SPACES.sub(" ", _CJK_BREAK.sub("", text)).strip()
