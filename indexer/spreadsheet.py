"""Spreadsheets (.xlsx, .csv) to text: each sheet a table, each row one tab-separated line.

The text is what the .docx and HTML readers make of a table, so the table reader
(`indexer.tables`) finds the tasks and units in it: cells joined by tabs, line breaks inside a
cell as blanks, a merged cell given in every cell it covers (rows and columns) as `rowspan` is,
except a title or group row merged across the table, trailing empty
cells dropped, a blank line between sheets. A sheet's or a CSV file's title
rows give its title and document number a line each (`_title_rows`). Numbers are written as Excel
shows them (1, not 1.0), dates as 2024-06-30.

.xlsx is read with openpyxl in read-only (streaming) mode, which does not read merged cells:
their ranges are taken from the sheet's XML in a pass of their own. A CSV row whose first
cell says what it is (标题, 分组, 文件, 图例: the rows `kb export` writes) gives that row's
text on a line of its own, so a heading stays a heading.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from indexer.order_notes import ORDER_NOTE
from kb.normalize import DOC_NUMBER_MAINLAND

_MAX_SPAN = 1000  # rows a merged cell is copied into: a broken file must not make a huge table
_KIND_CELLS = {"标题", "標題", "分组", "分組", "文件", "图例", "圖例"}


class TooLarge(ValueError):
    """The text of a spreadsheet would pass the size limit."""


def xlsx_text(path: str, limit: int) -> str:
    """The text of every visible sheet of a workbook, sheets separated by a blank line.

    Raises:
        TooLarge: the text would be longer than `limit` characters.
        Exception: whatever openpyxl raises for a broken workbook.
    """
    from openpyxl import load_workbook  # not on the path of a store that holds no spreadsheet

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        out: list[str] = []
        size = 0
        for ws in book.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            merged = _merged_ranges(ws)
            ws.reset_dimensions()  # rows as stored: a wrong <dimension> must not pad every row
            lines = _title_rows(list(_capped(_lines(ws.iter_rows(values_only=True), merged), limit - size)))
            size += sum(len(line) + 1 for line in lines)
            if lines:
                out.append("\n".join(lines))
        return "\n\n".join(out)
    finally:
        book.close()


def csv_text(text: str, limit: int) -> str:
    """The text of a CSV file (already decoded): one line per row."""
    if len(text) > limit:
        raise TooLarge
    dialect = _dialect(text)
    rows = csv.reader(io.StringIO(text, newline=""), dialect)
    out: list[str] = []
    for row in rows:
        cells = [_cell(c) for c in row]
        if cells and cells[0] in _KIND_CELLS:
            out.extend(c for c in cells[1:] if c)  # 标题,title,number: a line each
            continue
        out.append(_joined(cells))
    return "\n".join(_title_rows(out)).strip("\n")


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        return csv.excel


def _merged_ranges(ws: Any) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range of a read-only sheet."""
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.xml.functions import iterparse

    found = []
    with ws._get_source() as source:  # the sheet's XML; <mergeCells> follows the cells
        for _, element in iterparse(source):
            if element.tag.endswith("}mergeCell") and element.get("ref"):
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                found.append((min_row, min_col, min(max_row, min_row + _MAX_SPAN), max_col))
            element.clear()
    return found


def _lines(rows: Iterable[tuple[Any, ...]], merged: list[tuple[int, int, int, int]]) -> Iterator[str]:
    """Rows as lines, each merged cell's text given in every cell it covers (the rows below it
    and the columns beside it), as a unit merged over two indicator rows answers for both; a
    title or group row merged across the table (`_heading`) stays in its first cell alone, so it
    is still read as a title or heading."""
    starts = {(r, c): (r2, c2) for r, c, r2, c2 in merged}
    below: dict[int, dict[int, str]] = {}  # row -> column -> text of a merged cell above
    width = max((c2 for _, _, _, c2 in merged), default=0)  # the sheet's widest row so far
    for number, values in enumerate(rows, 1):
        cells = [_cell(v) for v in values]
        width = max(width, next((i for i in range(len(cells), 0, -1) if cells[i - 1]), 0))
        copied = below.pop(number, {})
        if copied and not any(cells):
            continue  # a row of no text of its own inside a merged cell: not a row of the table
        for column, text in copied.items():
            _put(cells, column, text)
        for column, text in enumerate(list(cells), 1):
            end = starts.get((number, column))
            if end is None or not text or _heading(cells, column, end[1], width):
                continue
            for r in range(number, end[0] + 1):
                for c in range(column, min(end[1], column + _MAX_WIDTH) + 1):
                    if r == number:
                        _put(cells, c, text)
                    else:
                        below.setdefault(r, {})[c] = text
        yield _joined(cells)


_MAX_WIDTH = 64  # columns a merged cell is copied into


def _put(cells: list[str], column: int, text: str) -> None:
    cells.extend([""] * (column - len(cells)))
    cells[column - 1] = text


def _heading(cells: list[str], first: int, last: int, width: int) -> bool:
    """Whether a merged cell over columns first..last is a title or group row: two columns or
    more and the only text of its row, or three or more across half the sheet's width at least
    (`一、经济发展` merged over the table but its score, a title beside its document number)."""
    span = last - first + 1
    if span < 2:
        return False
    alone = not any(c for i, c in enumerate(cells, 1) if c and not first <= i <= last)
    return alone or span >= 3 and 2 * span >= width


# A document number in a title row, in either script: 某政办发〔2025〕3号 (kb.normalize's form).
_NUMBER = re.compile(DOC_NUMBER_MAINLAND.replace("号", "[号號]"))
_ATTACHMENT_LABEL = re.compile(r"^附件[ \t]*(?:\d+|[一二三四五六七八九十]+)?[ \t]*[：:．.、]?$")
_TITLE_ROWS = 4  # a sheet's title, its number and an attachment label stand in its first rows


def _title_rows(lines: list[str]) -> list[str]:
    """A sheet's title rows above its table: the title on a line of its own, then the document
    number (`某市2025年重点工作任务分工表（某政办发〔2025〕3号）`, or in a cell or a row of its own,
    before or after the title), so they are read as the document's title and number, not as a
    row of the table; an attachment label (`附件2`) above the title is dropped, a note row
    (`（责任单位排名不分先后）`) kept as it is, under them. A row is a title row while it holds one
    text, or two of which one is a number."""
    titles: list[str] = []
    numbers: list[str] = []
    notes: list[str] = []  # a note row among them (`（责任单位排名不分先后）`) stays a line as it is
    marked = False  # a number or an attachment label: without one the rows stay as they are
    head = 0
    for line in lines[:_TITLE_ROWS]:
        cells = [c for c in line.split("\t") if c.strip()]
        found = [m for c in cells for m in _NUMBER.finditer(c)]
        if not cells or len(cells) > 2 or len(cells) == 2 and not found:
            break
        head += 1
        if len(cells) == 1 and ORDER_NOTE.search(cells[0]):
            notes.append(cells[0])
            continue
        for cell in cells:
            rest = _NUMBER.sub("\t", cell)
            numbers += [m.group(0) for m in _NUMBER.finditer(cell)]
            for piece in rest.split("\t"):
                piece = piece.strip(" \u3000（）()【】[]")
                if _ATTACHMENT_LABEL.match(piece):
                    marked = True
                elif piece:
                    titles.append(piece)
        marked = marked or bool(found)
    if not marked or not titles:
        return lines
    return titles + numbers + notes + lines[head:]


def _capped(lines: Iterable[str], room: int) -> Iterator[str]:
    for line in lines:
        room -= len(line) + 1
        if room < 0:
            raise TooLarge
        yield line


_BLANKS = re.compile(r"[\t\r\n]+")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _BLANKS.sub(" ", str(value)).strip()


def _joined(cells: list[str]) -> str:
    while cells and not cells[-1]:
        cells.pop()
    return "\t".join(cells)
