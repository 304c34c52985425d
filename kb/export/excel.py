"""Excel (.xlsx) writer: the only module of `kb` that imports openpyxl (`indexer.spreadsheet` reads).

Each sheet: the title (row 1) and subtitle (row 2) above the table, the header in row 3
(bold, filled, frozen, repeated on every printed page), wrapped text, set column widths,
group and document rows merged across the table, bold and filled; matrix marks centred,
lead and support cells in different colours; the legend below.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kb.export.sheets import MARK_COLOURS, Row, Sheet

HEADER_ROW = 3
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_GROUP_FILLS = ("BDD7EE", "DDEBF7", "F2F2F2")  # by depth
_DOCUMENT_FILL = PatternFill("solid", fgColor="FCE4D6")


def write(sheets: list[Sheet], path: Path) -> None:
    """Write `sheets` to the workbook `path`."""
    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    for sheet in sheets:
        _sheet(book.create_sheet(sheet.name), sheet)
    book.save(path)


def _sheet(ws: Worksheet, sheet: Sheet) -> None:
    columns = len(sheet.header)
    ws.cell(1, 1, sheet.title).font = Font(bold=True, size=14)
    ws.cell(2, 1, sheet.subtitle or None)
    for r in (1, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=columns)
    _header(ws, sheet)
    for offset, row in enumerate(sheet.rows, HEADER_ROW + 1):
        if row.kind == "item":
            _item(ws, offset, row, sheet)
        else:
            _across(ws, offset, row, columns)
    end = HEADER_ROW + len(sheet.rows)
    for i, line in enumerate(sheet.legend, end + 2):
        ws.cell(i, 1, line)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=columns)
    for i, width in enumerate(sheet.widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    frozen_column = get_column_letter((sheet.marks_from or 0) + 1)
    ws.freeze_panes = f"{frozen_column}{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _header(ws: Worksheet, sheet: Sheet) -> None:
    vertical = Alignment(horizontal="center", vertical="bottom", text_rotation=255, wrap_text=True)
    for i, text in enumerate(sheet.header, 1):
        cell = ws.cell(HEADER_ROW, i, text)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        marks = sheet.marks_from is not None and i > sheet.marks_from
        cell.alignment = vertical if marks else _CENTRE
    if sheet.marks_from is not None and len(sheet.header) > sheet.marks_from:
        longest = max(len(h) for h in sheet.header[sheet.marks_from :])
        ws.row_dimensions[HEADER_ROW].height = min(15 * longest + 6, 409)  # vertical names


def _item(ws: Worksheet, row: int, item: Row, sheet: Sheet) -> None:
    for i, text in enumerate(item.cells):
        # A plain number (序号 12) is written as a number: Excel flags numbers stored as text.
        value: str | int | None = int(text) if text.isdigit() and len(text) < 10 else text or None
        cell = ws.cell(row, i + 1, value)
        cell.border = _BORDER
        marks = sheet.marks_from is not None and i >= sheet.marks_from
        cell.alignment = _CENTRE if marks or i in sheet.centred else _WRAP
        if marks and text in MARK_COLOURS:
            cell.fill = PatternFill("solid", fgColor=MARK_COLOURS[text])


def _across(ws: Worksheet, row: int, group: Row, columns: int) -> None:
    cell = ws.cell(row, 1, group.cells[0])
    cell.font = Font(bold=True)
    cell.alignment = Alignment(vertical="center", indent=group.depth)
    fill = _DOCUMENT_FILL if group.kind == "document" else None
    cell.fill = fill or PatternFill("solid", fgColor=_GROUP_FILLS[min(group.depth, len(_GROUP_FILLS) - 1)])
    for i in range(1, columns + 1):
        ws.cell(row, i).border = _BORDER
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
