"""kb export: the seeds' task allocation tables, matrices and agency lists, read back from real files."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import BEIJING, SHANGHAI, ZGC

from cli import main
from indexer.pipeline import index
from kb.errors import ExportError
from kb.export import excel, export_agency, export_matrix, export_tasks
from kb.export.sheets import MARK_COLOURS, Row, Sheet
from kb.export.tables import sheet_name
from kb.export.text import write_html
from kb.knowledge import KnowledgeBase

BJ_NUMBER = "京科发〔2022〕19号"
BJ_TITLE = "中关村世界领先科技园区·创新创业引领工程——标杆孵化器培育行动方案(2022-2025年)"
SH_TITLE = "上海市高质量孵化器培育实施方案"
TASK_HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
ROW_12 = [
    "12",
    "强化大企业反向“硬孵化”",
    "市科委、中关村管委会",
    "市经济和信息化局；市国资委；人民银行营业管理部；市金融监管局；北京证监局",
    "",
]
BJ_GROUPS = [
    "二、重点任务",
    "（一）标杆孵化器引领工程",
    "（二）未来产业孵育工程",
    "（三）硬科技孵化能力提升工程",
    "（四）硬科技孵化人才培育工程",
    "（五）金融赋能助力工程",
    "（六）创新创业国际化提升工程",
    "（七）硬科技孵化支撑园区高质量发展工程",  # 高品質, machine-converted for Taiwan readers
    "三、保障措施",
]
BJ_AGENCIES = [
    "市科委、中关村管委会", "北京经济技术开发区管委会", "市教委", "市科协", "市金融监管局", "北京证监局",
    "市人才工作局", "市国资委", "市经济和信息化局", "人民银行营业管理部", "大兴区政府", "市人力资源社会保障局",
    "市发展改革委", "市市场监管局", "市政府外办", "市财政局", "朝阳区政府", "海淀区政府", "顺义区政府",
    "北京市税务局", "北京海关", "北京银保监局", "市卫生健康委", "市政务服务局", "市生态环境局", "市知识产权局",
    "各区政府（统称）", "各综保区管理机构（统称）", "市级应用场景建设统筹联席会成员单位（统称）", "市级相关部门（统称）",
]  # fmt: skip
ROW_12_MARKS = {
    "市科委、中关村管委会": "●",
    "市经济和信息化局": "○",
    "市国资委": "○",
    "人民银行营业管理部": "○",
    "市金融监管局": "○",
    "北京证监局": "○",
}
LEGEND = ["● 牵头　○ 配合　◆ 负责　△ 指导", "（统称）：泛指的一类单位，如各区政府、有关部门"]


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def values(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[list[object]]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


# -- task allocation table ----------------------------------------------------------------------


def test_task_table_xlsx_of_the_beijing_plan(seeds: KnowledgeBase, tmp_path: Path) -> None:
    done = export_tasks(seeds, [BJ_NUMBER], tmp_path / "beijing.xlsx")
    assert done.summary == "1 sheet, 26 tasks" and done.format == "xlsx"
    book = openpyxl.load_workbook(tmp_path / "beijing.xlsx")
    assert book.sheetnames == [BJ_NUMBER]
    ws = book[BJ_NUMBER]
    rows = values(ws)
    assert rows[0] == [BJ_TITLE, None, None, None, None]
    assert rows[1] == [BJ_NUMBER, None, None, None, None]
    assert rows[2] == TASK_HEADER
    assert [r[0] for r in rows[3:] if r[1] is None] == BJ_GROUPS
    tasks = [r for r in rows[3:] if r[1] is not None]
    assert [r[0] for r in tasks] == list(range(1, 27))  # numbers, not numbers stored as text
    assert tasks[11] == [12] + ROW_12[1:4] + [None]  # an empty cell for no deadline
    assert rows[3:7] == [
        ["二、重点任务", None, None, None, None],
        ["（一）标杆孵化器引领工程", None, None, None, None],
        [
            1,
            "甄选全球资源建设标杆孵化器",
            "市科委、中关村管委会",
            "市人才工作局；北京经济技术开发区管委会；各区政府",
            None,
        ],
        [
            2,
            "强化标杆孵化器梯次培育",
            "市科委、中关村管委会",
            "市国资委；北京经济技术开发区管委会；各区政府",
            None,
        ],
    ]
    # the looks: frozen header, bold header, widths, wrapped text, group rows merged, bold and filled
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert all(ws.cell(3, c).font.b for c in range(1, 6))
    assert [ws.column_dimensions[c].width for c in "ABCDE"] == [8, 40, 26, 40, 14]
    assert ws["B6"].value == "甄选全球资源建设标杆孵化器" and ws["B6"].alignment.wrap_text
    assert {"A1:E1", "A2:E2", "A4:E4", "A5:E5"} <= {str(r) for r in ws.merged_cells.ranges}
    assert ws["A4"].font.b and ws["A4"].fill.fgColor.rgb == "00BDD7EE"
    assert ws["A5"].font.b and ws["A5"].fill.fgColor.rgb == "00DDEBF7"
    assert ws["A1"].font.b and ws["A1"].font.sz == 14


def test_shanghai_keeps_its_headings_above_restarting_items(seeds: KnowledgeBase, tmp_path: Path) -> None:
    export_tasks(seeds, ["上海市高质量孵化器"], tmp_path / "shanghai.csv")
    rows = read_csv(tmp_path / "shanghai.csv")
    assert rows[0] == ["标题", SH_TITLE, ""]
    assert rows[1] == TASK_HEADER
    assert [r[0] if r[0] != "分组" else r[1] for r in rows[2:]] == [
        "二、重点任务",
        "（一）实施“硬科技”孵化提升行动", "1", "2", "3", "4", "5", "6",
        "（二）实施孵化人才培育行动", "1", "2", "3",
        "（三）实施金融赋能助力行动", "1", "2", "3",
        "（四）实施全球创新网络融入行动", "1", "2",  # 網路: the mainland word in simplified
        "（五）实施区域创新发展增能行动", "1", "2", "3", "4", "5",
        "三、培育方式", "（一）", "（二）",
        "四、保障措施", "（一）", "（二）", "（三）",
    ]  # fmt: skip
    start = rows.index(["分组", "（三）实施金融赋能助力行动"])
    assert rows[start : start + 4] == [
        ["分组", "（三）实施金融赋能助力行动"],
        ["1", "强化对投孵联动的引导", "市科委", "市发展改革委；市财政局；市地方金融监管局", ""],
        [
            "2",
            "加大科技金融产品供给力度",
            "市科委",
            "市财政局；市市场监管局；市地方金融监管局；相关区政府",
            "",
        ],
        ["3", "激发国资投资孵化活力", "市国资委", "上海科创办；相关区政府", ""],
    ]


def test_task_table_csv_has_a_bom_and_one_block_per_document(seeds: KnowledgeBase, tmp_path: Path) -> None:
    done = export_tasks(seeds, [BJ_NUMBER, SHANGHAI], tmp_path / "two.csv")
    assert done.summary == "2 sheets, 50 tasks"
    assert (tmp_path / "two.csv").read_bytes().startswith("\ufeff标题,".encode())  # UTF-8 with BOM
    rows = read_csv(tmp_path / "two.csv")
    assert rows[0] == ["标题", BJ_TITLE, BJ_NUMBER]
    assert ROW_12 in rows
    blank = rows.index([])
    assert rows[blank + 1 : blank + 3] == [["标题", SH_TITLE, ""], TASK_HEADER]
    assert len(rows) == 2 + 9 + 26 + 1 + 2 + 8 + 24


def test_task_table_docx_is_a_real_word_table(seeds: KnowledgeBase, tmp_path: Path) -> None:
    export_tasks(seeds, [BEIJING], tmp_path / "beijing.docx")
    document = docx.Document(str(tmp_path / "beijing.docx"))
    assert [p.text for p in document.paragraphs[:2]] == [BJ_TITLE, BJ_NUMBER]
    assert document.paragraphs[0].style.name == "Heading 1"
    page = document.sections[0]
    assert (round(page.page_width.cm, 1), round(page.page_height.cm, 1)) == (29.7, 21.0)  # A4 landscape
    usable = page.page_width - page.left_margin - page.right_margin
    assert sum(c.width for c in document.tables[0].columns) <= usable
    [table] = document.tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == TASK_HEADER
    assert cells[1] == ["二、重点任务"] * 5  # one cell merged across the row
    assert cells[2] == ["（一）标杆孵化器引领工程"] * 5
    assert ROW_12 in cells
    assert len(cells) == 1 + 9 + 26
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # header repeated on every page
    assert table.rows[1].cells[0].paragraphs[0].runs[0].bold


def test_task_table_markdown_and_json(seeds: KnowledgeBase, tmp_path: Path) -> None:
    export_tasks(seeds, [BJ_NUMBER], tmp_path / "beijing.md")
    lines = (tmp_path / "beijing.md").read_text(encoding="utf-8").splitlines()
    assert lines[:7] == [
        f"## {BJ_TITLE}",
        "",
        BJ_NUMBER,
        "",
        "| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |",
        "| --- | --- | --- | --- | --- |",
        "| **二、重点任务** |  |  |  |  |",
    ]
    assert (
        "| 12 | 强化大企业反向“硬孵化” | 市科委、中关村管委会 | 市经济和信息化局；市国资委；人民银行营业管理部；市金融监管局；北京证监局 |  |"
        in lines
    )
    assert len(lines) == 6 + 9 + 26
    export_tasks(seeds, [BJ_NUMBER], tmp_path / "beijing.json")
    data = json.loads((tmp_path / "beijing.json").read_text(encoding="utf-8"))
    [document] = data["documents"]
    assert (document["id"], document["title"], document["doc_number"]) == (BEIJING, BJ_TITLE, BJ_NUMBER)
    assert document["rows"][0] == {"type": "group", "label": "二、", "title": "重点任务", "depth": 0}
    assert document["rows"][15] == {
        "type": "task", "seq": 12, "label": "12", "title": "强化大企业反向“硬孵化”", "lead": ["市科委、中关村管委会"],
        "support": ["市经济和信息化局", "市国资委", "人民银行营业管理部", "市金融监管局", "北京证监局"], "deadline": None,
    }  # fmt: skip


def test_all_documents_with_tasks_get_a_sheet_each(seeds: KnowledgeBase, tmp_path: Path) -> None:
    done = export_tasks(seeds, [], tmp_path / "all.xlsx")
    assert done.summary == "5 sheets, 111 tasks"
    book = openpyxl.load_workbook(tmp_path / "all.xlsx")
    assert book.sheetnames == [
        BJ_NUMBER,
        "北京市科学技术委员会、中关村科技园区管理委员会关于促进中关村国",
        "朝科文〔2014〕27号",
        SH_TITLE,
        "青岛市科技企业孵化器提升行动实施方案(2019-2022年)",
    ]
    assert book.worksheets[1]["A1"].value == (
        "北京市科学技术委员会、中关村科技园区管理委员会关于促进中关村国家自主创新示范区高质量发展的若干支持政策措施(征求意见稿)"
    )
    # The document names no responsible unit: the table says so rather than leave the cell blank.
    assert values(book.worksheets[1])[5] == [
        1,
        "支持高成长性科技型中小微企业发展",
        "（未明确）",
        None,
        None,
    ]


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_name("a[b]:c*d?e/f\\g", taken) == "a〔b〕cdefg"  # 京政发[2023]7号 -> 京政发〔2023〕7号
    assert sheet_name("x" * 40, taken) == "x" * 31
    assert sheet_name("X" * 40, taken) == "X" * 28 + "(2)"  # Excel ignores case
    assert sheet_name(":*?", taken) == "sheet"


ROLES_PLAN = """上海市推进创新平台建设工作方案

一、重点任务
1.建设创新平台。推进平台建设。（市科委指导，市经济信息化委负责落实）
2.完善服务体系。加强服务。（市财政局、市商务委负责，排名不分先后）
3.优化营商环境。加强服务。（市商务委牵头，市财政局、各区政府配合；2025年底前完成）
"""


def test_guides_units_without_a_stated_role_and_deadlines(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "roles.txt").write_text(ROLES_PLAN, encoding="utf-8")
    assert index([tmp_path / "in"], tmp_path / "store", workers=1).ok
    base = KnowledgeBase.open(tmp_path / "store")
    export_tasks(base, ["roles"], tmp_path / "tasks.csv")
    assert read_csv(tmp_path / "tasks.csv")[2:] == [
        ["分组", "一、重点任务"],
        ["1", "建设创新平台", "", "市经济信息化委；市科委（指导）", ""],  # implementer beside a guide
        ["2", "完善服务体系", "市财政局；市商务委", "", ""],  # 排名不分先后: all responsible, none leads
        ["3", "优化营商环境", "市商务委", "市财政局；各区政府", "2025年底前完成"],
    ]
    export_matrix(base, ["roles"], tmp_path / "matrix.csv")
    assert read_csv(tmp_path / "matrix.csv")[1:5] == [
        ["#", "序号", "重点任务", "市商务委", "市财政局", "市科委", "市经济信息化委", "各区政府（统称）"],
        ["1", "1", "建设创新平台", "", "", "△", "○", ""],
        ["2", "2", "完善服务体系", "◆", "◆", "", "", ""],
        ["3", "3", "优化营商环境", "●", "○", "", "", "○"],
    ]


# -- scripts ---------------------------------------------------------------------------------


def test_traditional_export_converts_names_and_titles(seeds: KnowledgeBase, tmp_path: Path) -> None:
    export_tasks(seeds, [BJ_NUMBER], tmp_path / "trad.csv", script="traditional")
    rows = read_csv(tmp_path / "trad.csv")
    assert rows[0] == [
        "標題",
        "中關村世界領先科技園區·創新創業引領工程——標杆孵化器培育行動方案(2022-2025年)",
        "京科發〔2022〕19號",
    ]
    assert rows[1] == ["序號", "重點任務", "牽頭單位", "配合單位", "完成時限"]
    assert ["分組", "（三）硬科技孵化能力提升工程"] in rows
    assert ["12", "強化大企業反向“硬孵化”", "市科委、中關村管委會",
            "市經濟和信息化局；市國資委；人民銀行營業管理部；市金融監管局；北京證監局", ""] in rows  # fmt: skip
    export_matrix(seeds, [BJ_NUMBER], tmp_path / "trad.json", script="traditional")
    data = json.loads((tmp_path / "trad.json").read_text(encoding="utf-8"))
    assert [a["name"] for a in data["agencies"]][:3] == [
        "市科委、中關村管委會",
        "北京經濟技術開發區管委會",
        "市教委",
    ]
    assert data["rows"][11]["cells"]["北京證監局"] == "○"


def test_original_script_keeps_each_documents_own_words(seeds: KnowledgeBase, tmp_path: Path) -> None:
    export_tasks(seeds, [SHANGHAI, BEIJING], tmp_path / "original.csv", script="original")
    rows = read_csv(tmp_path / "original.csv")
    assert ["分组", "（三）實施金融賦能助力行動"] in rows
    assert ["6", "提升智慧財產權服務能級", "市知識產權局", "市科委；市地方金融監管局", ""] in rows
    titles = [r for r in rows if r and r[0] == "标题"]
    assert titles == [
        ["标题", "上海市高質量孵化器培育實施方案", ""],
        # the document's own 標桿, not the converter's 標杆
        [
            "标题",
            "中關村世界領先科技園區·創新創業引領工程——標桿孵化器培育行動方案(2022-2025年)",
            "京科發〔2022〕19號",
        ],
    ]
    [row_20] = [r for r in rows if r[1:2] == ["促進標桿孵化器引領孵化服務國際化發展"]]
    # names the parser constructed (海淀、朝阳、顺义、大兴等相关区政府) in the document's script
    assert row_20[3].endswith("海淀區政府；朝陽區政府；順義區政府；大興區政府")


def test_simplified_script_gives_a_traditional_plans_words_as_mainland_words(
    seeds: KnowledgeBase, tmp_path: Path
) -> None:
    export_tasks(seeds, [SHANGHAI, BEIJING, ZGC], tmp_path / "simplified.csv")
    rows = read_csv(tmp_path / "simplified.csv")
    # titles and headings: 智慧財產權, 支援, 網路 become 知识产权, 支持, 网络; names keep theirs
    assert ["6", "提升知识产权服务能级", "市知识产权局", "市科委；市地方金融监管局", ""] in rows
    assert ["分组", "（四）实施全球创新网络融入行动"] in rows
    assert [r[1] for r in rows if r[:1] in (["3"], ["18"]) and "标杆" in r[1]] == [
        "创新标杆孵化器支持政策", "支持标杆孵化器培育的企业上市融资",
    ]  # fmt: skip
    # a document in simplified script keeps its own words (ZGC writes 支持 and 知识产权 itself)
    assert [r[1] for r in rows if r[:1] == ["13"]][-1] == "支持知识产权保护、技术标准创制运用"
    export_tasks(seeds, [BEIJING], tmp_path / "original.csv", script="original")
    assert read_csv(tmp_path / "original.csv")[6][:2] == ["3", "創新標桿孵化器支援政策"]


# -- responsibility matrix --------------------------------------------------------------------


def test_matrix_xlsx_of_the_beijing_plan(seeds: KnowledgeBase, tmp_path: Path) -> None:
    done = export_matrix(seeds, [BJ_NUMBER], tmp_path / "matrix.xlsx")
    assert done.summary == "26 tasks × 30 agencies"
    ws = openpyxl.load_workbook(tmp_path / "matrix.xlsx")["责任矩阵"]
    rows = values(ws)
    header = rows[2]
    assert header == ["#", "序号", "重点任务", *BJ_AGENCIES]
    doc = seeds.document(BJ_NUMBER)
    assert len(header) - 3 == len({r.key for t in doc.tasks for r in t.responsibilities})
    tasks = [r for r in rows[3:] if isinstance(r[0], int)]
    assert len(tasks) == 26 and rows[3:29] == tasks
    row_12 = tasks[11]
    assert row_12[:3] == [12, 12, "强化大企业反向“硬孵化”"]
    assert {h: m for h, m in zip(header[3:], row_12[3:], strict=True) if m} == ROW_12_MARKS
    lead, support = header.index("市科委、中关村管委会") + 1, header.index("北京证监局") + 1
    assert ws.cell(15, lead).value == "●" and ws.cell(15, support).value == "○"
    assert ws.cell(15, lead).fill.fgColor.rgb == "00" + MARK_COLOURS["●"]
    assert ws.cell(15, support).fill.fgColor.rgb == "00" + MARK_COLOURS["○"]
    assert MARK_COLOURS["●"] != MARK_COLOURS["○"]
    assert ws.freeze_panes == "D4"
    assert [r[0] for r in rows[30:]] == LEGEND
    # task 22 is led by the development zone's committee, supported by 市科委、中关村管委会
    assert tasks[21][3:5] == ["○", "●"]


def test_matrix_csv_markdown_html_json(seeds: KnowledgeBase, tmp_path: Path) -> None:
    for ext in ("csv", "md", "html", "json"):
        export_matrix(seeds, [BJ_NUMBER], tmp_path / f"matrix.{ext}")
    raw = (tmp_path / "matrix.csv").read_bytes()
    assert raw.startswith("\ufeff标题,".encode())
    rows = read_csv(tmp_path / "matrix.csv")
    assert rows[:2] == [["标题", BJ_TITLE, BJ_NUMBER], ["#", "序号", "重点任务", *BJ_AGENCIES]]
    assert len(rows) == 2 + 26 + 2 and [r[:2] for r in rows[-2:]] == [
        ["图例", LEGEND[0]],
        ["图例", LEGEND[1]],
    ]
    assert {h: m for h, m in zip(BJ_AGENCIES, rows[13][3:], strict=True) if m} == ROW_12_MARKS

    lines = (tmp_path / "matrix.md").read_text(encoding="utf-8").splitlines()
    assert lines[4] == "| " + " | ".join(["#", "序号", "重点任务", *BJ_AGENCIES]) + " |"
    assert lines[5] == "|" + " --- |" * 33
    table = lines[6:32]
    assert all(line.startswith("| ") and line.endswith(" |") and line.count(" | ") == 32 for line in table)
    assert table[11].startswith("| 12 | 12 | 强化大企业反向“硬孵化” | ● |")
    assert lines[32:] == ["", LEGEND[0], "", LEGEND[1]]

    page = (tmp_path / "matrix.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<html") == 1 and page.count("<table>") == 1
    assert not re.search(r"https?:|src=|<link|<script|@import|url\(", page)
    assert page.count("<tr>") == 1 + 26
    assert '<td class="lead">●</td>' in page and '<td class="support">○</td>' in page
    assert '<th class="agency">北京证监局</th>' in page

    data = json.loads((tmp_path / "matrix.json").read_text(encoding="utf-8"))
    assert list(data) == ["script", "legend", "documents", "agencies", "rows"]
    assert data["legend"] == {"●": "lead", "○": "support", "◆": "responsible", "△": "guide"}
    assert [a["name"] for a in data["agencies"]] == [a.removesuffix("（统称）") for a in BJ_AGENCIES]
    assert data["agencies"][0] == {
        "name": "市科委、中关村管委会", "canonical": "北京市科学技术委员会、中关村科技园区管理委员会",
        "jurisdiction": "北京市", "collective": False, "lead": 25, "support": 1, "responsible": 0, "guide": 0,
    }  # fmt: skip
    assert [a["collective"] for a in data["agencies"]] == [False] * 26 + [True] * 4
    assert len(data["rows"]) == 26
    assert data["rows"][11] == {
        "doc": BEIJING, "seq": 12, "label": "12", "path": "二（三）12", "title": "强化大企业反向“硬孵化”",
        "cells": ROW_12_MARKS,
    }  # fmt: skip


def test_matrix_of_several_documents_qualifies_shared_names(seeds: KnowledgeBase, tmp_path: Path) -> None:
    done = export_matrix(seeds, [], tmp_path / "all.csv")
    assert done.summary == "50 tasks × 48 agencies"
    rows = read_csv(tmp_path / "all.csv")
    assert rows[0] == ["标题", "任务责任矩阵（2份文件）", ""]
    assert [r[1] for r in rows if r[0] == "文件"] == [f"《{BJ_TITLE}》（{BJ_NUMBER}）", f"《{SH_TITLE}》"]
    header = rows[1]
    assert header[3:6] == ["市科委、中关村管委会", "市科委", "市委人才办"]
    assert {"市教委（北京市）", "市教委（上海市）", "市财政局（北京市）", "市财政局（上海市）"} <= set(header)
    assert len(set(header)) == len(header)


def test_html_text_is_escaped(tmp_path: Path) -> None:
    sheet = Sheet(
        "s", "<b>A&B</b>", "", ("序号", "x"), (5, 5), (Row(("1", "<script>")), Row(("<i>",), "group"))
    )
    write_html([sheet], tmp_path / "x.html", "t")
    page = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert "<h1>&lt;b&gt;A&amp;B&lt;/b&gt;</h1>" in page
    assert "<td>&lt;script&gt;</td>" in page and '<td colspan="2">&lt;i&gt;</td>' in page


# -- agency task list ---------------------------------------------------------------------------


def test_agency_list_of_the_zhongguancun_committee(seeds: KnowledgeBase, tmp_path: Path) -> None:
    done = export_agency(seeds, "中关村管委会", tmp_path / "zgc.xlsx")
    assert done.summary == "26 tasks of 北京市科学技术委员会、中关村科技园区管理委员会 (25 lead, 1 support)"
    rows = values(openpyxl.load_workbook(tmp_path / "zgc.xlsx")["部门任务清单"])
    assert rows[0][0] == "部门任务清单：北京市科学技术委员会、中关村科技园区管理委员会"
    assert rows[1][0] == "牵头 25 项，配合 1 项"
    assert rows[2] == ["文件", "文号", "序号", "重点任务", "责任单位", "职责", "完成时限"]
    tasks = rows[3:]
    assert len(tasks) == 26
    assert {(r[0], r[1], r[4]) for r in tasks} == {(BJ_TITLE, BJ_NUMBER, "市科委、中关村管委会")}
    assert tasks[11] == [
        BJ_TITLE,
        BJ_NUMBER,
        "二（三）12",
        "强化大企业反向“硬孵化”",
        "市科委、中关村管委会",
        "牵头",
        None,
    ]
    assert [r[2] for r in tasks if r[5] == "配合"] == ["二（七）22"]


def test_agency_list_of_the_shanghai_commission(seeds: KnowledgeBase, tmp_path: Path) -> None:
    export_agency(seeds, "上海市科委", tmp_path / "shanghai.csv")
    rows = read_csv(tmp_path / "shanghai.csv")
    assert rows[0] == ["标题", "部门任务清单：上海市科学技术委员会", "牵头 19 项，配合 4 项"]
    tasks = rows[2:]
    assert len(tasks) == 23 and {r[0] for r in tasks} == {SH_TITLE}
    assert [r[2] for r in tasks if r[5] == "配合"] == ["二（一）6", "二（二）1", "二（四）2", "二（五）3"]
    assert tasks[0] == [SH_TITLE, "", "二（一）1", "培育“超前孵化”新模式", "市科委", "牵头", ""]


# -- files and errors -------------------------------------------------------------------------


def run(*args: str, store: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_does_not_overwrite_without_force(seed_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "beijing.xlsx"
    code, out, _ = run("export", "tasks", BJ_NUMBER, "-o", str(target), store=seed_store)
    assert code == 0 and out == f"wrote 1 sheet, 26 tasks to {target}\n"
    first = target.read_bytes()
    code, out, err = run("export", "tasks", SHANGHAI, "-o", str(target), store=seed_store)
    assert (code, out) == (1, "")
    assert err == f"Error: {target} exists; use --force to overwrite it\n"
    assert target.read_bytes() == first
    code, out, _ = run("export", "tasks", SHANGHAI, "-o", str(target), "--force", store=seed_store)
    assert code == 0 and out == f"wrote 1 sheet, 24 tasks to {target}\n"
    assert openpyxl.load_workbook(target).sheetnames == [SH_TITLE]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beijing.xlsx"]  # no temporary file left


def test_cli_matrix_and_agency(seed_store: Path, tmp_path: Path) -> None:
    code, out, _ = run("export", "matrix", BJ_NUMBER, "-o", str(tmp_path / "m.html"), store=seed_store)
    assert code == 0 and out == f"wrote 26 tasks × 30 agencies to {tmp_path / 'm.html'}\n"
    code, out, _ = run("export", "agency", "上海市科委", "-o", str(tmp_path / "a.x"), "--format", "md",
                       "--script", "traditional", store=seed_store)  # fmt: skip
    assert code == 0
    assert out == f"wrote 23 tasks of 上海市科學技術委員會 (19 lead, 4 support) to {tmp_path / 'a.x'}\n"
    markdown = (tmp_path / "a.x").read_text(encoding="utf-8")
    assert markdown.startswith("## 部門任務清單：上海市科學技術委員會\n\n牽頭 19 項，配合 4 項\n")


def test_unsupported_formats_say_what_is_supported(seeds: KnowledgeBase, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as e:
        export_matrix(seeds, [BJ_NUMBER], tmp_path / "m.docx")
    assert str(e.value) == "a responsibility matrix cannot be written as docx: use xlsx, csv, md, html, json"
    with pytest.raises(ExportError) as e:
        export_tasks(seeds, [BJ_NUMBER], tmp_path / "t.pdf")
    assert str(e.value) == (
        f"cannot tell the format of {tmp_path / 't.pdf'}: name the file .xlsx, .docx, .csv, .md, .html or .json, "
        "or give --format"
    )
    with pytest.raises(ExportError) as e:
        export_tasks(seeds, [BJ_NUMBER], tmp_path / "t.xlsx", fmt="docx")
    assert str(e.value) == (
        f"{tmp_path / 't.xlsx'} is named as xlsx but the format asked is docx: name the file .docx or leave out --format"
    )
    assert not (tmp_path / "t.xlsx").exists()
    with pytest.raises(ExportError) as e:
        export_matrix(seeds, ["001"], tmp_path / "m.xlsx")
    assert str(e.value).endswith("(001_e782f3eb79bdf678) names no responsible agencies: "
                                 "`kb export tasks 001_e782f3eb79bdf678` lists its tasks")  # fmt: skip
    with pytest.raises(ExportError) as e:
        export_tasks(seeds, [BJ_NUMBER], tmp_path / "missing" / "t.xlsx")
    assert str(e.value) == f"no such folder {tmp_path / 'missing'}: create it first"
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_the_old_file(
    seeds: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "beijing.xlsx"
    target.write_bytes(b"the previous export")

    def broken(sheets: list[Sheet], path: Path) -> None:
        path.write_bytes(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(excel, "write", broken)
    with pytest.raises(ExportError) as e:
        export_tasks(seeds, [BJ_NUMBER], target, force=True)
    assert str(e.value) == f"cannot write {target}: disk full"
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["beijing.xlsx"]


def test_a_short_name_of_two_agencies_says_which_each_row_means(seeds: KnowledgeBase, tmp_path: Path) -> None:
    done = export_agency(seeds, "市科委", tmp_path / "both.csv")
    assert done.summary == (
        "49 tasks of 上海市科学技术委员会；北京市科学技术委员会、中关村科技园区管理委员会 (44 lead, 5 support)"
    )
    tasks = read_csv(tmp_path / "both.csv")[2:]
    assert {r[4] for r in tasks} == {
        "市科委、中关村管委会（北京市科学技术委员会、中关村科技园区管理委员会）",
        "市科委（上海市科学技术委员会）",
    }
