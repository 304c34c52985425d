"""Forms of issue 14 read on small invented documents in both scripts: a table's note that the
order of its units means nothing (`（责任单位排名不分先后）`, `以上单位排名不分先后`) wherever it stands:
a row of its own above the header (under the title row, or above it), a row right under the
header, a footnote line after the table, the end of a title row; in brackets or not; in every
format (.xlsx, .csv, tab-separated and one-cell-per-line text, .docx, .html). Every unit listed is
then `responsible`; a single unit still leads."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from test_reading_forms4 import BOTH, _read, document, roles, script
from test_reading_forms4 import xlsx as forms4_xlsx
from test_reading_tables import per_line, tab

from indexer.order_notes import order_note
from kb.model import Document


def xlsx(rows: list[list[str]], traditional: bool, tmp_path: Path) -> Document:
    return forms4_xlsx(rows, traditional, tmp_path, sheet="计划表")


def csv_file(rows: list[list[str]], traditional: bool, tmp_path: Path) -> Document:
    path = tmp_path / "计划表.csv"
    path.write_text(script("\n".join(",".join(r) for r in rows), traditional), encoding="utf-8")
    return _read(path)


def word(
    before: list[str], table: list[list[str]], after: list[str], traditional: bool, tmp_path: Path
) -> Document:
    import docx

    book = docx.Document()
    for line in before:
        book.add_paragraph(script(line, traditional))
    grid = book.add_table(rows=len(table), cols=max(map(len, table)))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = script(value, traditional)
    for line in after:
        book.add_paragraph(script(line, traditional))
    path = tmp_path / "计划表.docx"
    book.save(str(path))
    return _read(path)


def html(
    before: list[str], table: list[list[str]], after: list[str], traditional: bool, tmp_path: Path
) -> Document:
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in table)
    paragraphs = "".join(f"<p>{p}</p>" for p in before[1:])
    tail = "".join(f"<p>{p}</p>" for p in after)
    page = f"<html><body><h1>{before[0]}</h1>{paragraphs}<table>{cells}</table>{tail}</body></html>"
    path = tmp_path / "t.html"
    path.write_text(script(page, traditional), encoding="utf-8")
    return _read(path)


TITLE = "乙市2025年重点项目计划表"
HEAD = ["序号", "项目名称", "目标任务", "责任单位", "完成时限"]
ROWS = [
    ["1", "甲河治理工程", "完成甲河两岸整治", "市水务局、市生态环境局", "2025年底"],
    ["2", "乙路改造工程", "建成乙路快速通道", "市交通局、市住建局、丙区政府", "2025年10月"],
    ["3", "丙园建设工程", "建成丙园一期", "市园林局", "2025年12月"],
]
READ = [
    ("甲河治理工程", [("市水务局", "responsible"), ("市生态环境局", "responsible")]),
    ("乙路改造工程", [("市交通局", "responsible"), ("市住建局", "responsible"), ("丙区政府", "responsible")]),
    ("丙园建设工程", [("市园林局", "lead")]),  # a single unit has no peers: it leads
]
ORDERED = [  # the same rows without a note: the first listed leads
    ("甲河治理工程", [("市水务局", "lead"), ("市生态环境局", "support")]),
    ("乙路改造工程", [("市交通局", "lead"), ("市住建局", "support"), ("丙区政府", "support")]),
    ("丙园建设工程", [("市园林局", "lead")]),
]
NOTES = [
    "（责任单位排名不分先后）",
    "责任单位排名不分先后",
    "(以上单位排名不分先后)",
    "注：责任单位排名不分先后。",
]


def _shapes(note: str) -> dict[str, tuple[list[str], list[list[str]], list[str]]]:
    """(lines above the table, the table's rows, lines after it) per place of the note."""
    return {
        "under-title": ([TITLE, note], [HEAD, *ROWS], []),
        "above-title": ([note, TITLE], [HEAD, *ROWS], []),
        "under-header": ([TITLE], [HEAD, [note], *ROWS], []),
        "after-table": ([TITLE], [HEAD, *ROWS], [note]),
        "in-title": ([TITLE + note], [HEAD, *ROWS], []),  # only a note in brackets ends a title
    }


PLACES = ["under-title", "above-title", "under-header", "after-table", "in-title"]
# Every note in every place; only a note in brackets ends a title row.
PLACED = [(p, n) for p in PLACES for n in NOTES if p != "in-title" or n.startswith(("（", "("))]


def _rows(place: str, note: str) -> list[list[str]]:
    before, table, after = _shapes(note)[place]
    return [[line] for line in before] + table + [[line] for line in after]


@BOTH
@pytest.mark.parametrize(("place", "note"), PLACED)
def test_a_workbooks_note_row(traditional: bool, place: str, note: str, tmp_path: Path) -> None:
    assert roles(xlsx(_rows(place, note), traditional, tmp_path)) == READ


@BOTH
@pytest.mark.parametrize("place", ["under-title", "under-header", "after-table"])
def test_a_workbooks_note_in_the_unit_column(traditional: bool, place: str, tmp_path: Path) -> None:
    before, table, after = _shapes("（责任单位排名不分先后）")[place]
    rows = [[line] for line in before] + table + [[line] for line in after]
    rows = [["", "", "", r[0]] if r and r[0] == "（责任单位排名不分先后）" else r for r in rows]
    assert roles(xlsx(rows, traditional, tmp_path)) == READ


MERGED = "（责任单位排名不分先后）"


def _with_merged_note(at: str) -> list[list[str]]:
    """The table with a note row of one cell spanning every column, under its header or last."""
    table = [HEAD, *ROWS]
    k = 1 if at == "under-header" else len(table)
    return table[:k] + [[MERGED]] + table[k:]


@BOTH
@pytest.mark.parametrize("at", ["under-header", "last"])
def test_a_note_row_merged_across_the_table(traditional: bool, at: str, tmp_path: Path) -> None:
    import docx

    table = _with_merged_note(at)
    book = docx.Document()
    book.add_paragraph(script(TITLE, traditional))
    grid = book.add_table(rows=len(table), cols=len(HEAD))
    for r, row in enumerate(table):
        if len(row) == 1:
            grid.cell(r, 0).merge(grid.cell(r, len(HEAD) - 1)).text = script(row[0], traditional)
            continue
        for c, value in enumerate(row):
            grid.cell(r, c).text = script(value, traditional)
    book.save(str(tmp_path / "t.docx"))
    assert roles(_read(tmp_path / "t.docx")) == READ

    cells = "".join(
        "<tr>"
        + ("".join(f"<td>{c}</td>" for c in r) if len(r) > 1 else f'<td colspan="{len(HEAD)}">{r[0]}</td>')
        + "</tr>"
        for r in table
    )
    page = f"<html><body><h1>{TITLE}</h1><table>{cells}</table></body></html>"
    (tmp_path / "t.html").write_text(script(page, traditional), encoding="utf-8")
    assert roles(_read(tmp_path / "t.html")) == READ

    sheet = openpyxl.Workbook()
    ws = sheet.active
    ws.append([script(TITLE, traditional)])
    for row in table:
        ws.append([script(c, traditional) for c in row])
    note_row = 2 + table.index([MERGED])
    ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=len(HEAD))
    sheet.save(tmp_path / "t.xlsx")
    assert roles(_read(tmp_path / "t.xlsx")) == READ


@BOTH
@pytest.mark.parametrize(
    "title_row",
    [[TITLE, "", "", MERGED], [TITLE + " 责任单位排名不分先后"]],
    ids=["note-in-the-last-cell", "after-a-space"],
)
def test_a_title_row_with_the_note_beside_the_title(
    traditional: bool, title_row: list[str], tmp_path: Path
) -> None:
    assert roles(xlsx([title_row, HEAD, *ROWS], traditional, tmp_path)) == READ
    assert roles(document("乙市方案\n附件\n" + tab([title_row, HEAD, *ROWS]), traditional)) == READ


@BOTH
def test_a_workbooks_note_row_between_title_number_and_header(traditional: bool, tmp_path: Path) -> None:
    rows = [[TITLE], ["乙政办发〔2025〕7号"], ["（责任单位排名不分先后）"], HEAD, *ROWS]
    doc = xlsx(rows, traditional, tmp_path)
    assert (doc.title, doc.meta.doc_number) == (TITLE, "乙政办发〔2025〕7号")  # the note is no title
    assert roles(doc) == READ


@BOTH
@pytest.mark.parametrize("place", PLACES)
def test_a_csv_files_note_row(traditional: bool, place: str, tmp_path: Path) -> None:
    assert roles(csv_file(_rows(place, "（责任单位排名不分先后）"), traditional, tmp_path)) == READ


@BOTH
@pytest.mark.parametrize("shape", [tab, per_line], ids=["tabs", "cell-per-line"])
@pytest.mark.parametrize(("place", "note"), [(p, n) for p, n in PLACED if p != "under-header"])
def test_a_text_tables_note_line(traditional: bool, shape, place: str, note: str) -> None:
    before, table, after = _shapes(note)[place]
    text = (
        "乙市方案\n附件\n"
        + "".join(b + "\n" for b in before)
        + shape(table)
        + "".join(a + "\n" for a in after)
    )
    assert roles(document(text, traditional)) == READ


@BOTH
@pytest.mark.parametrize("shape", [tab, per_line], ids=["tabs", "cell-per-line"])
@pytest.mark.parametrize("note", NOTES)
def test_a_text_tables_note_row_under_its_header(traditional: bool, shape, note: str) -> None:
    text = "乙市方案\n附件\n" + TITLE + "\n" + shape([HEAD, [note], *ROWS])
    assert roles(document(text, traditional)) == READ


@BOTH
@pytest.mark.parametrize("place", PLACES)
def test_a_word_tables_note_paragraph(traditional: bool, place: str, tmp_path: Path) -> None:
    before, table, after = _shapes("（责任单位排名不分先后）")[place]
    assert roles(word(before, table, after, traditional, tmp_path)) == READ


@BOTH
@pytest.mark.parametrize("place", PLACES)
def test_a_web_pages_note_paragraph(traditional: bool, place: str, tmp_path: Path) -> None:
    before, table, after = _shapes(
        "以上单位排名不分先后。" if place == "after-table" else "（责任单位排名不分先后）"
    )[place]
    assert roles(html(before, table, after, traditional, tmp_path)) == READ


@BOTH
def test_without_a_note_the_first_listed_leads(traditional: bool, tmp_path: Path) -> None:
    assert roles(xlsx([[TITLE], HEAD, *ROWS], traditional, tmp_path)) == ORDERED
    assert roles(document("乙市方案\n附件\n" + TITLE + "\n" + tab([HEAD, *ROWS]), traditional)) == ORDERED


@BOTH
@pytest.mark.parametrize("note", ["（责任单位排名不分先后）", "以上单位排名不分先后。"])
@pytest.mark.parametrize("where", ["above", "after", "after-a-blank-line"])
def test_one_tables_note_is_not_the_next_tables_nor_the_bodys(
    traditional: bool, note: str, where: str
) -> None:
    first = tab([HEAD, *ROWS[:1]])
    if where == "above":
        first = note + "\n" + first
    else:
        first += ("\n" if where == "after-a-blank-line" else "") + note + "\n"
    text = (
        "乙市方案\n一、重点任务\n1.推进甲项工作。（责任单位：市甲局、市乙局）\n附件1\n甲表\n"
        + first
        + "乙表\n"  # within two lines of the first table's note
        + tab([HEAD, *ROWS[1:2]])
    )
    assert roles(document(text, traditional)) == [
        ("推进甲项工作", [("市甲局", "lead"), ("市乙局", "support")]),
        READ[0],
        ORDERED[1],
    ]


@BOTH
@pytest.mark.parametrize("gap", ["", "\n"], ids=["next-line", "after-a-blank-line"])
def test_a_tables_header_note_is_not_the_table_above_its(traditional: bool, gap: str) -> None:
    text = (
        "乙市方案\n附件\n"
        + tab([HEAD, *ROWS[:1]])
        + gap
        + tab([["序号", "项目名称", "目标任务", "责任单位（排名不分先后）", "完成时限"], *ROWS[1:2]])
    )
    assert roles(document(text, traditional)) == [ORDERED[0], READ[1]]


NOTE_LINES = [
    ("（责任单位排名不分先后）", True),
    ("以上单位排名不分先后。", True),
    ("注：责任单位排名不分先后", True),
    ("说明：表中各项任务的责任单位排名不分先后，下同。", True),
    ("乙市2025年重点项目计划表（责任单位排名不分先后）", True),  # the end of a title row
    ("1.推进甲项工作。（责任单位：市甲局、市乙局，排名不分先后）", False),  # a task's own marker
    ("（市甲局、市乙局负责，排名不分先后）", False),
    ("责任单位：市甲局、市乙局（排名不分先后）", False),
    ("各地区要统筹推进，不分先后，同步实施各项改革任务，确保取得实效。", False),  # prose
]


@BOTH
@pytest.mark.parametrize(("line", "is_note"), NOTE_LINES)
def test_which_lines_are_a_tables_note_on_order(traditional: bool, line: str, is_note: bool) -> None:
    assert order_note(script(line, traditional)) is is_note


@BOTH
def test_a_single_unit_of_an_unordered_marker_leads(traditional: bool) -> None:
    text = (
        "乙市方案\n以下各项任务的责任单位排名不分先后。\n一、重点任务\n"
        "1.推进甲项工作。（责任单位：市甲局、市乙局）\n2.推进乙项工作。（责任单位：市丙局）\n"
        "3.推进丙项工作。（市丁局负责）\n4.推进丁项工作。（责任单位：市戊局；配合单位：市己局）\n"
    )
    assert roles(document(text, traditional)) == [
        ("推进甲项工作", [("市甲局", "responsible"), ("市乙局", "responsible")]),
        ("推进乙项工作", [("市丙局", "lead")]),
        ("推进丙项工作", [("市丁局", "lead")]),
        ("推进丁项工作", [("市戊局", "lead"), ("市己局", "support")]),
    ]
