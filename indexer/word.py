"""The text of a Word (.docx) document, streamed: paragraphs and tables of the body in order,
a table as one line per row with its cells joined by tabs.

The document part is read with lxml's iterparse, and each paragraph and table row of the
body is dropped once its text is taken, so memory follows the largest row, not the
document (python-docx holds the whole XML tree: a 190 MB document part took 1.9 GB). The
text is what python-docx gives (a test compares them): the body's own paragraphs and tables
(not those wrapped in content controls or tracked insertions), runs and hyperlinks, line
breaks, tabs and non-breaking hyphens; a cell spanning columns given once, a cell merged
down (vMerge) given again in each row it covers.
"""

from __future__ import annotations

import itertools
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
BODY, P, TBL, TR, TC = (f"{_W}{n}" for n in ("body", "p", "tbl", "tr", "tc"))
_RUN_TEXT = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


class NotWord(ValueError):
    """A zip archive that is not a Word document."""


def text(archive: zipfile.ZipFile) -> str:
    """The document's text (raises NotWord, or lxml's XMLSyntaxError for broken XML)."""
    with archive.open(_main_part(archive)) as part:
        return "\n".join(_blocks(part))


def _main_part(archive: zipfile.ZipFile) -> str:
    """The name of the main document part, as the package's relationships give it."""
    try:
        rels = etree.fromstring(archive.read("_rels/.rels"))
    except KeyError:
        raise NotWord("no _rels/.rels: not a Word document") from None
    for rel in rels.iter(f"{_PACKAGE}Relationship"):
        if rel.get("Type") == _MAIN:
            name = posixpath.normpath(rel.get("Target", "").lstrip("/"))
            if name in archive.namelist():
                return name
    raise NotWord("no main document part: not a Word document")


def _blocks(part: IO[bytes]) -> Iterator[str]:
    """Each paragraph of the body, and each table as its rows, freed once read."""
    rows: list[str] = []
    above: dict[int, tuple[int, str]] = {}  # grid column -> (cell number, text) of the previous row
    number = itertools.count().__next__  # cells are told apart by number: elements are freed
    events = etree.iterparse(part, events=("end",), tag=(P, TR, TBL), huge_tree=True, resolve_entities=False)
    for _, elem in events:
        parent = elem.getparent()
        if parent is None:
            continue
        if elem.tag == P and parent.tag == BODY:
            yield _paragraph(elem)
            _free(elem)
        elif elem.tag == TR and parent.tag == TBL and _is_body(parent):
            rows.append(_row(elem, above, number))
            _free(elem)
        elif elem.tag == TBL and parent.tag == BODY:
            yield "\n".join(rows)
            rows, above = [], {}
            _free(elem)


def _is_body(element: Any) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag == BODY


def _free(elem: Any) -> None:
    """Drop an element read, and what came before it in its parent."""
    elem.clear()
    parent = elem.getparent()
    while elem.getprevious() is not None:
        del parent[0]


def _row(tr: Any, above: dict[int, tuple[int, str]], number: Callable[[], int]) -> str:
    """A table row as its cells' texts joined by tabs (updating `above` for the next row)."""
    column = _val(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
    cells: list[tuple[int, str]] = []
    grid: dict[int, tuple[int, str]] = {}
    for tc in tr.iterchildren(TC):
        props = tc.find(f"{_W}tcPr")
        span = max(1, _val(props.find(f"{_W}gridSpan") if props is not None else None, 1))
        merge = props.find(f"{_W}vMerge") if props is not None else None
        if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
            cell = above.get(column) or (number(), "")  # merged down: the cell above, as it was
        else:
            texts = (_paragraph(p) for p in tc.iterchildren(P))
            cell = (number(), " ".join(texts).replace("\t", " "))
        if not cells or cells[-1][0] != cell[0]:
            cells.append(cell)
        for offset in range(span):
            grid[column + offset] = cell
        column += span
    above.clear()
    above.update(grid)
    return "\t".join(t for _, t in cells)


def _paragraph(p: Any) -> str:
    """A paragraph's text: its runs, and the runs of its hyperlinks."""
    out = []
    for child in p:
        if child.tag == f"{_W}r":
            out.append(_run(child))
        elif child.tag == f"{_W}hyperlink":
            out.extend(_run(r) for r in child.iterchildren(f"{_W}r"))
    return "".join(out)


def _run(r: Any) -> str:
    out = []
    for child in r:
        tag = child.tag
        if tag == f"{_W}t":
            out.append(child.text or "")
        elif tag == f"{_W}br":
            out.append("\n" if child.get(f"{_W}type", "textWrapping") == "textWrapping" else "")
        else:
            out.append(_RUN_TEXT.get(tag, ""))
    return "".join(out)


def _val(element: Any, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(f"{_W}val", default))
    except ValueError:
        return default
