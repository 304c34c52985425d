"""HTML to text: what a reader sees, without scripts, styles, navigation or forms.

Block elements become line breaks so paragraphs stay apart; table cells are joined by tabs.
"""

from __future__ import annotations

import re

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
_BLANKS = re.compile(r"  +")  # the blanks a cell's paragraphs leave
_CELLS = ["td", "th"]
_DATA_CELL, _LAYOUT_CELL = "td", " layout"  # end markers: a row's cell, a cell laying out a page


def html_text(root: Tag) -> str:
    """Visible text: one line per block, table cells joined by tabs, page chrome left out.

    <header> and <footer> are page chrome, except inside an <article>, where they hold the
    article's own title and signature. A cell spanning rows or columns is given in each row
    and column it covers, so every row has its cells in their columns. Paragraphs and line
    breaks inside a cell (Word exports put every cell in a <p>) are blanks, as the .docx reader
    joins a cell's paragraphs, so a row stays one line.
    """
    single: set[int] = set()
    for table in root.find_all("table"):
        _unspan(table)
        if _single_column(table):
            single.add(id(table))
    out: list[str] = []
    stack: list[object] = [root]  # nodes, and (name,) where an element ends
    pre = article = cell = 0
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            name = node[0]
            pre -= name == "pre"
            article -= name == "article"
            if name == _DATA_CELL:
                cell -= 1
                out.append(" " if cell else "\t")
            elif name in _BLOCK or name == _LAYOUT_CELL:
                out.append(" " if cell else "\n")
        elif isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctype, CDATA
                out.append(str(node) if pre else _SPACES.sub(" ", _CJK_BREAK.sub("", node)))
        elif isinstance(node, Tag) and node.name not in _DROP:
            if node.name in ("header", "footer") and not article:
                continue
            if node.name == "br":
                out.append(" " if cell else "\n")
                continue
            name = node.name
            if name in _CELLS:
                name = _LAYOUT_CELL if not cell and _lays_out(node, single) else _DATA_CELL
            if name in _BLOCK or name == _LAYOUT_CELL:
                out.append(" " if cell else "\n")
            pre += name == "pre"
            article += name == "article"
            cell += name == _DATA_CELL
            stack.append((name,))
            stack.extend(reversed(node.contents))
    # &nbsp; pads signatures and dates (`国务院&nbsp;&nbsp;…`): blank at a line's ends.
    lines = (_CELL_GAP.sub("\t", _BLANKS.sub(" ", x)).strip(" \t\xa0") for x in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line.strip())


def _lays_out(cell: Tag, single: set[int]) -> bool:
    """Whether a cell lays out a page rather than holding a value: it holds a table, or its
    table has one cell a row (`single`: a portal's text in one big <td>). Its paragraphs are lines."""
    table = cell.find_parent("table")
    return table is None or id(table) in single or cell.find("table") is not None


def _single_column(table: Tag) -> bool:
    rows = [r for r in table.find_all("tr") if r.find_parent("table") is table]
    return all(len(r.find_all(_CELLS, recursive=False)) <= 1 for r in rows)


_MAX_SPAN = 1000  # rowspan="100000" in a broken page must not make a huge table


def _unspan(table: Tag) -> None:
    """Copy each cell with rowspan into the rows below it, and pad colspan with empty cells."""
    below: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text)
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue  # a nested table's rows are its own
        column = 0
        cells = [c for c in row.find_all(["td", "th"], recursive=False)]
        for cell in [*cells, None]:
            while column in below:  # covered by a cell above: give its text here
                left, text = below[column]
                copy = Tag(name="td")
                copy.string = text
                if cell is None:
                    row.append(copy)
                else:
                    cell.insert_before(copy)
                below = {**below, column: (left - 1, text)} if left > 1 else _without(below, column)
                column += 1
            if cell is None:
                break
            rows, cols = _span(cell, "rowspan"), _span(cell, "colspan")
            for extra in range(cols):
                if rows > 1:
                    below[column + extra] = (rows - 1, squeeze(cell.get_text()) if extra == 0 else "")
            for _ in range(cols - 1):
                cell.insert_after(Tag(name="td"))
            column += cols


def _without(d: dict[int, tuple[int, str]], key: int) -> dict[int, tuple[int, str]]:
    return {k: v for k, v in d.items() if k != key}


def _span(cell: Tag, attribute: str) -> int:
    value = cell.get(attribute)
    try:
        return max(1, min(int(str(value).strip()), _MAX_SPAN)) if value else 1
    except ValueError:
        return 1


def squeeze(text: str) -> str:
    return _SPACES.sub(" ", _CJK_BREAK.sub("", text)).strip()
