"""Forms of issue 14 read on small invented documents in both scripts: a guide beside its
implementers (`（甲部指导，试点城市政府负责落实）`: nobody leads), `排名不分先后` declared beyond a single
marker (a table's header, a note row or line by the table, the text before the tasks), and
assessment tables whose unit cell lists several units."""

from __future__ import annotations

from pathlib import Path

import opencc
import openpyxl
import pytest
from test_reading_tables import per_line, tab

from indexer import load
from indexer.document import parse
from indexer.load import Source
from kb.model import Document

TO_TRAD = opencc.OpenCC("s2t")
BOTH = pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])

Owners = list[tuple[str, str, str]]


def script(text: str, traditional: bool) -> str:
    return TO_TRAD.convert(text) if traditional else text


def document(text: str, traditional: bool = False, kind: str = "txt") -> Document:
    return parse(Source("t", f"t.{kind}", None, script(text, traditional), "utf-8", kind, None))


def owners(doc: Document) -> list[tuple[str, Owners]]:
    """(path, [(agency, role, verb)]) of every task with owners (names in simplified script)."""
    return [
        (t.path_text, [(r.name, str(r.role), r.verb) for r in t.responsibilities])
        for t in doc.tasks
        if t.responsibilities
    ]


def roles(doc: Document) -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(agency, role)]) of every task with owners."""
    return [
        (t.title, [(r.name, str(r.role)) for r in t.responsibilities])
        for t in doc.tasks
        if t.responsibilities
    ]


def _read(path: Path) -> Document:
    (source,) = list(load.read(path))
    assert isinstance(source, Source), source
    return parse(source)


def xlsx(rows: list[list[str]], traditional: bool, tmp_path: Path, sheet: str = "分工表") -> Document:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append([script(c, traditional) or None for c in row])
    path = tmp_path / "t.xlsx"
    book.save(path)
    return _read(path)


def html_page(title: str, rows: list[list[str]], after: str, traditional: bool, tmp_path: Path) -> Document:
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    page = f"<html><body><h1>{title}</h1><p>附件</p><table>{cells}</table>{after}</body></html>"
    path = tmp_path / "t.html"
    path.write_text(script(page, traditional), encoding="utf-8")
    return _read(path)


# -- 1. a guide beside its implementers: the guide guides, the implementers support ------------------

GUIDED = """甲市试点工作方案
一、重点任务
（一）开展甲项试点。（甲部指导，试点城市政府负责落实）
（二）建设乙类园区。（市发展改革委指导，各开发区管委会负责落实）
（三）推广丙项经验。（市丁局指导，各区政府具体实施）
（四）完善丁项机制。（市丁局指导，各区政府组织实施）
（五）健全戊项制度。（市丁局指导，各街道抓好落实）
（六）推进己项改革。（甲部指导，乙局负责）
（七）优化庚项服务。（市丁局指导，乙局牵头，各区政府组织落实）
"""


@BOTH
def test_implementers_beside_a_guide_support_and_nobody_leads(traditional: bool) -> None:
    assert owners(document(GUIDED, traditional)) == [
        ("一（一）", [("甲部", "guide", "指导"), ("试点城市政府", "support", "负责落实")]),
        ("一（二）", [("市发展改革委", "guide", "指导"), ("各开发区管委会", "support", "负责落实")]),
        ("一（三）", [("市丁局", "guide", "指导"), ("各区政府", "support", "具体实施")]),
        ("一（四）", [("市丁局", "guide", "指导"), ("各区政府", "support", "组织实施")]),
        ("一（五）", [("市丁局", "guide", "指导"), ("各街道", "support", "抓好落实")]),
        # 负责 without an implementing verb: the unit leads, as before
        ("一（六）", [("甲部", "guide", "指导"), ("乙局", "lead", "负责")]),
        (
            "一（七）",
            [("市丁局", "guide", "指导"), ("乙局", "lead", "牵头"), ("各区政府", "support", "组织落实")],
        ),
    ]


GUIDED_LABELS = """甲市试点工作方案
一、重点任务
1.开展甲项试点。（指导单位：甲部；实施单位：甲市政府）
2.建设乙类园区。（指导单位：甲部；责任单位：乙局、丙局）
"""


@BOTH
def test_a_guide_label_beside_an_implementing_label(traditional: bool) -> None:
    assert owners(document(GUIDED_LABELS, traditional)) == [
        ("一1", [("甲部", "guide", "指导"), ("甲市政府", "support", "实施")]),
        ("一2", [("甲部", "guide", "指导"), ("乙局", "lead", "责任"), ("丙局", "support", "责任")]),
    ]


@BOTH
def test_implementers_without_a_guide_or_lead_still_lead_first(traditional: bool) -> None:
    text = "甲市方案\n一、任务\n1.推进甲项。（各区政府、各街道组织落实）\n"
    assert owners(document(text, traditional)) == [
        ("一1", [("各区政府", "lead", "组织落实"), ("各街道", "support", "组织落实")]),
    ]


# -- 2. 排名不分先后 declared beyond one marker: for every unit of the tasks in its scope ------------

UNORDERED = [
    ["1", "建设甲项平台", "市甲局、市乙局", "2025年底前"],
    ["2", "完善乙项机制", "市丙局、市丁局、各区政府", "2026年底前"],
    ["3", "推进丙项改革", "市戊局", "2026年底前"],
]
UNORDERED_READ = [
    ("建设甲项平台", [("市甲局", "responsible"), ("市乙局", "responsible")]),
    ("完善乙项机制", [("市丙局", "responsible"), ("市丁局", "responsible"), ("各区政府", "responsible")]),
    ("推进丙项改革", [("市戊局", "lead")]),  # a single unit has no peers: it leads
]
HEAD = ["序号", "重点任务", "责任单位", "完成时限"]
NOTE_HEAD = ["序号", "重点任务", "责任单位（排名不分先后）", "完成时限"]
NOTE = "注：责任单位排名不分先后。"
TITLE = "甲市营商环境提升方案\n附件\n重点任务分工表\n"


def _unordered_shapes() -> list[tuple[str, list[list[str]], str]]:
    """(name, rows, text before the header): the note in the header, under and above the table."""
    return [
        ("header", [NOTE_HEAD, *UNORDERED], ""),
        ("note-under", [HEAD, *UNORDERED, [NOTE]], ""),
        ("note-above", [HEAD, *UNORDERED], NOTE + "\n"),
    ]


@BOTH
@pytest.mark.parametrize("shape", [tab, per_line], ids=["tabs", "cell-per-line"])
@pytest.mark.parametrize("where", ["header", "note-under", "note-above"])
def test_a_tables_note_that_the_order_means_nothing(traditional: bool, shape, where: str) -> None:
    _, rows, before = next(s for s in _unordered_shapes() if s[0] == where)
    assert roles(document(TITLE + before + shape(rows), traditional)) == UNORDERED_READ


@BOTH
@pytest.mark.parametrize("where", ["header", "note-under", "note-above"])
def test_a_workbooks_note_that_the_order_means_nothing(traditional: bool, where: str, tmp_path: Path) -> None:
    _, rows, before = next(s for s in _unordered_shapes() if s[0] == where)
    title = [["甲市营商环境提升方案重点任务分工表"]] + ([[before.strip()]] if before else [])
    assert roles(xlsx(title + rows, traditional, tmp_path)) == UNORDERED_READ


@BOTH
def test_a_title_row_that_says_the_order_means_nothing(traditional: bool, tmp_path: Path) -> None:
    rows = [["甲市营商环境提升方案重点任务分工表（责任单位排名不分先后）"], HEAD, *UNORDERED]
    assert roles(xlsx(rows, traditional, tmp_path)) == UNORDERED_READ


@BOTH
@pytest.mark.parametrize("where", ["header", "note-under"])
def test_a_web_pages_and_a_csv_tables_note(traditional: bool, where: str, tmp_path: Path) -> None:
    _, rows, _ = next(s for s in _unordered_shapes() if s[0] == where)
    table = [r for r in rows if len(r) > 1]
    after = f"<p>{NOTE}</p>" if where == "note-under" else ""
    assert roles(html_page("甲市营商环境提升方案", table, after, traditional, tmp_path)) == UNORDERED_READ
    path = tmp_path / "分工表.csv"
    path.write_text(script("\n".join(",".join(r) for r in rows), traditional), encoding="utf-8")
    assert roles(_read(path)) == UNORDERED_READ


@BOTH
def test_the_other_tables_and_the_body_keep_the_first_listed_leading(traditional: bool) -> None:
    text = (
        "甲市营商环境提升方案\n一、重点任务\n1.推进甲项工作。（责任单位：市甲局、市乙局）\n附件\n"
        + tab([NOTE_HEAD, *UNORDERED[:1]])
        + "\n附件2\n"
        + tab([HEAD, *UNORDERED[1:2]])
    )
    assert roles(document(text, traditional)) == [
        ("推进甲项工作", [("市甲局", "lead"), ("市乙局", "support")]),
        ("建设甲项平台", [("市甲局", "responsible"), ("市乙局", "responsible")]),
        ("完善乙项机制", [("市丙局", "lead"), ("市丁局", "support"), ("各区政府", "support")]),
    ]


PREAMBLE_UNORDERED = """甲市营商环境提升方案
以下各项任务的责任单位排名不分先后。
一、重点任务
1.推进甲项工作。（责任单位：市甲局、市乙局）
2.推进乙项工作。（市丙局、市丁局负责）
3.推进丙项工作。（牵头单位：市甲局；配合单位：市乙局）
4.推进丁项工作。（市戊局牵头，市己局、市庚局配合）
"""


@BOTH
def test_the_text_before_the_tasks_says_the_order_means_nothing(traditional: bool) -> None:
    assert roles(document(PREAMBLE_UNORDERED, traditional)) == [
        ("推进甲项工作", [("市甲局", "responsible"), ("市乙局", "responsible")]),
        ("推进乙项工作", [("市丙局", "responsible"), ("市丁局", "responsible")]),
        ("推进丙项工作", [("市甲局", "lead"), ("市乙局", "support")]),  # a lead named explicitly
        ("推进丁项工作", [("市戊局", "lead"), ("市己局", "support"), ("市庚局", "support")]),
    ]


@BOTH
def test_a_table_note_with_an_explicit_lead_column(traditional: bool) -> None:
    rows = [["序号", "重点任务", "牵头单位", "责任单位"], ["1", "建设甲项平台", "市甲局", "市乙局、市丙局"]]
    text = TITLE + tab(rows) + NOTE + "\n"
    assert roles(document(text, traditional)) == [
        ("建设甲项平台", [("市甲局", "lead"), ("市乙局", "support"), ("市丙局", "support")]),
    ]


@BOTH
@pytest.mark.parametrize("where", ["header", "note-under"])
def test_a_word_tables_note(traditional: bool, where: str, tmp_path: Path) -> None:
    import docx

    _, rows, _ = next(s for s in _unordered_shapes() if s[0] == where)
    table = [r for r in rows if len(r) > 1]
    word = docx.Document()
    word.add_paragraph(script("甲市营商环境提升方案重点任务分工表", traditional))
    grid = word.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = script(value, traditional)
    if where == "note-under":
        word.add_paragraph(script(NOTE, traditional))
    path = tmp_path / "分工表.docx"
    word.save(str(path))
    assert roles(_read(path)) == UNORDERED_READ


# -- 3. assessment tables whose unit cell lists several units --------------------------------------
# (already read so before this branch: these tests keep it; one unit per cell leads)

ASSESS_TITLE = "甲区年度目标考核细则\n附件\n考核评分表\n"


def _assessment(column: str, units: str) -> list[list[str]]:
    return [
        ["序号", "考核项目", "分值", "考核指标", "评分标准", column],
        ["1", "安全生产", "5", "隐患整改到位率", "每低1个百分点扣1分", units],
        ["2", "生态环境", "5", "空气优良天数比例", "完成目标得满分", "区丙局"],
    ]


@BOTH
@pytest.mark.parametrize("column", ["考核单位", "负责考核部门", "责任单位", "被考核单位"])
@pytest.mark.parametrize("units", ["区甲局、区乙局", "区甲局，区乙局"])
def test_several_units_of_an_assessment_column_are_a_plain_list(
    traditional: bool, column: str, units: str, tmp_path: Path
) -> None:
    rows = _assessment(column, units)
    word = {"考核单位": "考核", "负责考核部门": "负责考核", "责任单位": "责任", "被考核单位": "被考核"}[
        column
    ]
    want = [
        ("1", [("区甲局", "lead", word), ("区乙局", "support", word)]),
        ("2", [("区丙局", "lead", word)]),
    ]
    assert owners(document(ASSESS_TITLE + tab(rows), traditional)) == want
    assert owners(document(ASSESS_TITLE + per_line(rows), traditional)) == want
    assert owners(xlsx(rows, traditional, tmp_path)) == want


@BOTH
def test_a_lead_assessing_column_leads_with_its_first_unit(traditional: bool, tmp_path: Path) -> None:
    rows = _assessment("牵头考核单位", "区甲局、区乙局")
    want = [
        ("1", [("区甲局", "lead", "牵头考核"), ("区乙局", "support", "牵头考核")]),  # as a 责任单位 list
        ("2", [("区丙局", "lead", "牵头考核")]),
    ]
    assert owners(document(ASSESS_TITLE + tab(rows), traditional)) == want
    assert owners(xlsx(rows, traditional, tmp_path)) == want


@BOTH
def test_several_assessors_guide_beside_several_assessed_units(traditional: bool) -> None:
    rows = [
        ["序号", "考核内容", "分值", "牵头考核单位", "责任单位"],
        ["1", "落实安全生产责任", "10", "区应急局、区消防救援支队", "区甲局、区乙局"],
    ]
    assert owners(document(ASSESS_TITLE + tab(rows), traditional)) == [
        (
            "1",
            [
                ("区应急局", "guide", "牵头考核"),
                ("区消防救援支队", "guide", "牵头考核"),
                ("区甲局", "lead", "责任"),
                ("区乙局", "support", "责任"),
            ],
        ),
    ]


@BOTH
@pytest.mark.parametrize("shape", [tab, per_line], ids=["tabs", "cell-per-line"])
def test_a_group_row_with_its_score_above_several_units(traditional: bool, shape) -> None:
    rows = [
        ["序号", "考核项目", "分值", "考核指标", "评分标准", "考核单位"],
        ["一", "安全生产", "10"],  # a group row: label, title, score
        ["1", "隐患排查", "5", "隐患整改到位率", "每低1个百分点扣1分", "区甲局、区乙局"],
        ["2", "应急管理", "5", "预案演练覆盖率", "未开展扣5分", "区丙局"],
    ]
    assert owners(document(ASSESS_TITLE + shape(rows), traditional)) == [
        ("一1", [("区甲局", "lead", "考核"), ("区乙局", "support", "考核")]),
        ("一2", [("区丙局", "lead", "考核")]),
    ]
