"""HTML to text: what a reader sees, without scripts, styles, navigation or forms.

Block elements become line breaks so paragraphs stay apart; table cells are joined by tabs.
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag
from bs4.element import PreformattedString

from indexer.html_tables import CELLS, Copy, tables

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
_DATA_CELL, _LAYOUT_CELL = "td", " layout"  # end markers: a row's cell, a cell laying out a page


def html_text(root: Tag) -> str:
    """Visible text: one line per block, table cells joined by tabs, page chrome left out.

    <header> and <footer> are page chrome, except inside an <article>, where they hold the
    article's own title and signature. A cell spanning rows or columns is given in each row
    and column it covers, so every row has its cells in their columns. Paragraphs and line
    breaks inside a cell (Word exports put every cell in a <p>) are blanks, as the .docx reader
    joins a cell's paragraphs, so a row stays one line.
    """
    found = tables(root)  # one walk: rows, spans, layout cells (indexer.html_tables)
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
        elif isinstance(node, Copy):  # a place a span covers, given the spanning cell's text
            if not cell and node.table in found.single:
                out.append(f"\n{node.text}\n")  # a cell laying out the page
            else:
                out.append(node.text + (" " if cell else "\t"))
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
            if name in CELLS:
                name = _LAYOUT_CELL if not cell and found.lays_out(node) else _DATA_CELL
            if name in _BLOCK or name == _LAYOUT_CELL:
                out.append(" " if cell else "\n")
            pre += name == "pre"
            article += name == "article"
            cell += name == _DATA_CELL
            stack.append((name,))
            stack.extend(reversed(found.children(node)))
    # &nbsp; pads signatures and dates (`国务院&nbsp;&nbsp;…`): blank at a line's ends.
    lines = (_CELL_GAP.sub("\t", _BLANKS.sub(" ", x)).strip(" \t\xa0") for x in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line.strip())


def squeeze(text: str) -> str:
    return _SPACES.sub(" ", _CJK_BREAK.sub("", text)).strip()
