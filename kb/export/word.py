"""Word (.docx) writer: the only module that imports python-docx.

Each sheet becomes a heading (the title), a line with the subtitle (the document number) and
a real Word table: a bold header row repeated on every page, then the rows; group and
document rows are one cell merged across the table, bold and shaded. Pages are landscape;
each further sheet starts on a new page.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table, _Cell, _Row

from kb.export.sheets import Row, Sheet

_GROUP_SHADES = ("BDD7EE", "DDEBF7", "F2F2F2")  # by depth
_DOCUMENT_SHADE = "FCE4D6"
_HEADER_SHADE = "D9D9D9"
_USABLE_WIDTH_CM = 25.0  # A4 landscape (29.7 cm) less 2 cm margins, a little to spare


def write(sheets: list[Sheet], path: Path) -> None:
    """Write `sheets` to the Word document `path`."""
    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)  # A4 (python-docx starts on Letter)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2))
    for i, sheet in enumerate(sheets):
        if i:
            doc.add_page_break()
        heading = doc.add_heading(sheet.title, level=1)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for run in heading.runs:  # black, as on a printed document, not the theme's blue
            run.font.color.rgb = RGBColor(0, 0, 0)
        if sheet.subtitle:
            doc.add_paragraph(sheet.subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
        _table(doc.add_table(rows=1, cols=len(sheet.header)), sheet)
        for line in sheet.legend:
            doc.add_paragraph(line)
    doc.save(str(path))


def _table(table: Table, sheet: Sheet) -> None:
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(sheet.widths)
    widths = [Cm(_USABLE_WIDTH_CM * w / total) for w in sheet.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, text, width in zip(header.cells, sheet.header, widths, strict=True):
        _text(cell, text, width, bold=True, centred=True)
        _shade(cell, _HEADER_SHADE)
    for row in sheet.rows:
        cells = table.add_row().cells
        if row.kind == "item":
            for i, (cell, text, width) in enumerate(zip(cells, row.cells, widths, strict=True)):
                _text(cell, text, width, centred=i in sheet.centred)
        else:
            _across(cells, row, Cm(_USABLE_WIDTH_CM))


def _across(cells: tuple[_Cell, ...], row: Row, width: Length) -> None:
    merged = cells[0].merge(cells[-1])
    _text(merged, row.cells[0], width, bold=True)
    depth = min(row.depth, len(_GROUP_SHADES) - 1)
    _shade(merged, _DOCUMENT_SHADE if row.kind == "document" else _GROUP_SHADES[depth])


def _text(cell: _Cell, text: str, width: Length, *, bold: bool = False, centred: bool = False) -> None:
    cell.width = width
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(10.5)
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _shade(cell: _Cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_as_header(row: _Row) -> None:
    """Mark a row as the table's header, repeated at the top of every page."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)
