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


def html_text(root: Tag) -> str:
    """Visible text: one line per block, table cells joined by tabs, page chrome left out.

    <header> and <footer> are page chrome, except inside an <article>, where they hold the
    article's own title and signature.
    """
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
            stack.extend(reversed(node.contents))
    lines = (_CELL_GAP.sub("\t", line).strip(" \t") for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line.strip())


def squeeze(text: str) -> str:
    return _SPACES.sub(" ", _CJK_BREAK.sub("", text)).strip()
