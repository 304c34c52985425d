"""Forms of issue 14 read on small invented documents in both scripts: assessment tables whose
unit columns are named with the verbs of assessing (牵头评价司局, 负责评价部门, 监测单位), a shared
prefix before a division whose first character is also a place level (市场推广处), Macau's entity
labels (负责实体, 协作实体), and merged cells of .xlsx files written by openpyxl."""

from __future__ import annotations

from pathlib import Path

import opencc
import openpyxl
import pytest

from indexer import load
from indexer.document import parse
from indexer.load import Source

TO_TRAD = opencc.OpenCC("s2t").convert
BOTH = pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])

Owners = list[tuple[str, str, str]]


def read(text: str, traditional: bool, fmt: str = "txt") -> list[tuple[str, str, Owners]]:
    """(path, title, [(agency, role, verb)]) of every task (in simplified script)."""
    text = TO_TRAD(text) if traditional else text
    doc = parse(Source("t", f"t.{fmt}", None, text, "utf-8" if fmt == "txt" else fmt, fmt, None))
    return [
        (t.path_text, t.title, [(r.name, str(r.role), r.verb) for r in t.responsibilities]) for t in doc.tasks
    ]


# -- 1. assessment tables: 牵头 + 评价/考核/监测 + 单位/部门/司局/处室/机构 -------------------------------


def assessment(column: str) -> str:
    return (
        "某部2025年度重点工作评价指标\n"
        f"序号\t评价指标\t分值\t{column}\n"
        "1\t甲项指标完成率\t10\t甲规司\n"
        "2\t乙项指标达标率\t10\t乙建司、丙科司\n"
    )


@BOTH
@pytest.mark.parametrize(
    "column, word",
    [("牵头评价司局", "牵头评价"), ("牵头考核处室", "牵头考核"), ("牵头监测单位", "牵头监测"),
     ("牵头评估机构", "牵头评估")],
)  # fmt: skip
def test_a_lead_assessing_column_leads_with_its_first_unit(traditional: bool, column: str, word: str) -> None:
    assert read(assessment(column), traditional, "docx") == [
        ("1", "甲项指标完成率", [("甲规司", "lead", word)]),
        # the units assessing an indicator answer for it: of two, the first leads, as in a 责任单位
        # list (two units under a plain 牵头单位 both lead)
        ("2", "乙项指标达标率", [("乙建司", "lead", word), ("丙科司", "support", word)]),
    ]


@BOTH
def test_assessing_units_in_a_marker_lead_with_the_first_and_plain_leads_all_lead(traditional: bool) -> None:
    text = (
        "某区2025年度综合考核办法\n\n一、经济发展\n"
        "1.完成固定资产投资目标。（分值10分，牵头考核单位：区甲局、区乙局）\n"
        "2.新增规上企业10家。（牵头单位：区丙局、区丁局）\n"
    )
    assert read(text, traditional) == [
        ("一1", "完成固定资产投资目标", [("区甲局", "lead", "牵头考核"), ("区乙局", "support", "牵头考核")]),
        ("一2", "新增规上企业10家", [("区丙局", "lead", "牵头"), ("区丁局", "lead", "牵头")]),
    ]


@BOTH
def test_assessing_units_declared_unordered_are_all_responsible(traditional: bool) -> None:
    text = assessment("牵头考核单位（排名不分先后）")
    assert read(text, traditional, "docx") == [
        ("1", "甲项指标完成率", [("甲规司", "lead", "牵头考核")]),
        (
            "2",
            "乙项指标达标率",
            [("乙建司", "responsible", "牵头考核"), ("丙科司", "responsible", "牵头考核")],
        ),
    ]


@BOTH
@pytest.mark.parametrize(
    "column, word",
    [("评价司局", "评价"), ("评价单位", "评价"), ("负责评价部门", "负责评价"), ("考核司局", "考核"),
     ("责任司局", "责任"), ("监测机构", "监测")],
)  # fmt: skip
def test_an_assessing_or_responsible_column_alone_answers_first_leading(
    traditional: bool, column: str, word: str
) -> None:
    assert read(assessment(column), traditional, "docx") == [
        ("1", "甲项指标完成率", [("甲规司", "lead", word)]),
        ("2", "乙项指标达标率", [("乙建司", "lead", word), ("丙科司", "support", word)]),
    ]


@BOTH
def test_the_assessing_department_guides_beside_the_unit_assessed(traditional: bool) -> None:
    text = (
        "某部2025年度重点工作评价指标\n"
        "序号\t一级指标\t二级评价指标\t牵头评价司局\t责任司局\n"
        "1\t发展质量\t甲项指标完成率\t甲规司\t丁财司\n"
        "2\t发展质量\t乙项指标达标率\t甲规司\t乙建司、丙科司\n"
    )
    assert read(text, traditional, "docx") == [
        ("1", "甲项指标完成率", [("甲规司", "guide", "牵头评价"), ("丁财司", "lead", "责任")]),
        ("2", "乙项指标达标率",
         [("甲规司", "guide", "牵头评价"), ("乙建司", "lead", "责任"), ("丙科司", "support", "责任")]),
    ]  # fmt: skip
    whom = "某部评价表\n序号\t评价内容\t评价对象\t牵头监测单位\n1\t甲项指标完成率\t丁财司\t甲规司\n"
    assert read(whom, traditional, "docx") == [
        ("1", "甲项指标完成率", [("丁财司", "lead", "被评价"), ("甲规司", "guide", "牵头监测")]),
    ]


# -- 2. a shared prefix before a division starting with a place level's character ----------------

SHARED = """某市文旅工作方案
一、重点任务
1. 推进甲项文旅融合。（牵头单位：市文体旅游局资源开发处、市场推广处；配合单位：市财务局）
2. 推进乙项工作。（责任单位：区商贸局外资科、区域合作科）
3. 推进丙项工作。（责任单位：省科创厅高新处、省际交流处、省级数据中心）
4. 推进丁项工作。（责任单位：市文体旅游局资源开发处、市场监管局）
5. 推进戊项工作。（责任单位：县农业局种植科、县域经济室、县级服务中心）
6. 推进己项工作。（责任单位：市场推广处）
"""


@BOTH
def test_a_division_starting_with_a_level_character_takes_the_prefix_before_it(traditional: bool) -> None:
    assert read(SHARED, traditional) == [
        ("一1", "推进甲项文旅融合", [("市文体旅游局资源开发处", "lead", "牵头"), ("市文体旅游局市场推广处", "lead", "牵头"),
                                     ("市财务局", "support", "配合")]),
        ("一2", "推进乙项工作", [("区商贸局外资科", "lead", "责任"), ("区商贸局区域合作科", "support", "责任")]),
        # 省级 names a level: its centre is a body of its own
        ("一3", "推进丙项工作", [("省科创厅高新处", "lead", "责任"), ("省科创厅省际交流处", "support", "责任"),
                                 ("省级数据中心", "support", "责任")]),
        ("一4", "推进丁项工作", [("市文体旅游局资源开发处", "lead", "责任"), ("市场监管局", "support", "责任")]),
        ("一5", "推进戊项工作", [("县农业局种植科", "lead", "责任"), ("县农业局县域经济室", "support", "责任"),
                                 ("县级服务中心", "support", "责任")]),
        ("一6", "推进己项工作", [("市场推广处", "lead", "责任")]),  # no division before it: as written
    ]  # fmt: skip


# -- 3. Macau entity words: 负责实体 (the entity in charge), 协作实体 (cooperating) ------------------


def owners(text: str, traditional: bool, fmt: str = "txt") -> list[tuple[str, str, Owners, str | None]]:
    """(path, title, [(agency, role, verb)], deadline) of every task."""
    text = TO_TRAD(text) if traditional else text
    doc = parse(Source("t", f"t.{fmt}", None, text, "utf-8" if fmt == "txt" else fmt, fmt, None))
    return [
        (t.path_text, t.title, [(r.name, str(r.role), r.verb) for r in t.responsibilities], t.deadline)
        for t in doc.tasks
    ]


ENTITIES_IN_BRACKETS = """某特区2026年度施政方针
一、民生
1. 推进甲项长者服务计划（负责实体：社会保障事务局；协作实体：市政管理署、文化发展局；完成期限：2026年第四季）
2. 优化乙项巴士服务（负责实体：交通事务局、土地工务局；完成期限：持续进行）
3. 完善丙项学校设施。（负责实体：教育及青年发展局）
4. 检讨丁项收费安排（协作实体：财务事务局）
"""


@BOTH
def test_entities_in_trailing_brackets(traditional: bool) -> None:
    assert owners(ENTITIES_IN_BRACKETS, traditional) == [
        ("一1", "推进甲项长者服务计划",  # the title ends before the marker, not at its `；`
         [("社会保障事务局", "lead", "负责"), ("市政管理署", "support", "协作"), ("文化发展局", "support", "协作")],
         "2026年第四季"),
        # several entities in charge all lead, as under 牵头单位
        ("一2", "优化乙项巴士服务", [("交通事务局", "lead", "负责"), ("土地工务局", "lead", "负责")], "持续进行"),
        ("一3", "完善丙项学校设施", [("教育及青年发展局", "lead", "负责")], None),
        ("一4", "检讨丁项收费安排", [("财务事务局", "support", "协作")], None),  # nobody in charge named
    ]  # fmt: skip


ENTITIES_ON_LINES = """某特区2026年度施政方针
各项措施的负责实体及协作实体列明如下；协作实体排名不分先后。
一、优化民生服务
1. 推进甲项长者服务计划。
负责实体：社会保障事务局
协作实体：卫生事务局、房屋事务局
完成期限：2026年第四季
2. 完善乙项交通规划。
牵头实体：交通事务局
参与实体：土地工务局、教育及青年发展局
执行实体：市政管理署
完成期限：持续进行
"""


@BOTH
def test_entities_on_lines_under_a_standing_note(traditional: bool) -> None:
    assert owners(ENTITIES_ON_LINES, traditional) == [
        # the note says the cooperating entities' order means nothing: the one in charge leads
        ("一1", "推进甲项长者服务计划",
         [("社会保障事务局", "lead", "负责"), ("卫生事务局", "support", "协作"), ("房屋事务局", "support", "协作")],
         "2026年第四季"),
        ("一2", "完善乙项交通规划",
         [("交通事务局", "lead", "牵头"), ("土地工务局", "support", "参与"), ("教育及青年发展局", "support", "参与"),
          ("市政管理署", "support", "执行")],
         "持续进行"),
    ]  # fmt: skip


@BOTH
def test_entity_columns_of_a_table(traditional: bool) -> None:
    text = (
        "某特区施政方针措施表\n"
        "序号\t措施\t负责实体\t协作实体\t完成期限\n"
        "1\t推进甲项长者服务计划\t社会保障事务局\t卫生事务局、房屋事务局\t2026年第四季\n"
        "2\t完善乙项交通规划\t交通事务局、土地工务局\t\t持续进行\n"
    )
    assert owners(text, traditional, "docx") == [
        ("1", "推进甲项长者服务计划",
         [("社会保障事务局", "lead", "负责"), ("卫生事务局", "support", "协作"), ("房屋事务局", "support", "协作")],
         "2026年第四季"),
        ("2", "完善乙项交通规划", [("交通事务局", "lead", "负责"), ("土地工务局", "lead", "负责")], "持续进行"),
    ]  # fmt: skip


# -- 4. merged cells of an .xlsx: a merged value belongs to every cell it covers -------------------


def xlsx_lines_and_tasks(
    tmp_path: Path, rows: list[list[object]], merges: list[str], traditional: bool
) -> tuple[list[str], list[tuple[str, str, Owners, str | None]]]:
    """The text lines of a workbook written by openpyxl, and its tasks (names in simplified)."""
    book = openpyxl.Workbook()
    ws = book.active
    for row in rows:
        ws.append([TO_TRAD(c) if traditional and isinstance(c, str) else c for c in row])
    for ref in merges:
        ws.merge_cells(ref)
    book.save(tmp_path / "表.xlsx")
    items = list(load.read(tmp_path / "表.xlsx"))
    assert len(items) == 1 and isinstance(items[0], Source)
    doc = parse(items[0])
    tasks = [
        (t.path_text, t.title, [(r.name, str(r.role), r.verb) for r in t.responsibilities], t.deadline)
        for t in doc.tasks
    ]
    return items[0].text.split("\n"), tasks


ASSESSMENT_SHEET: list[list[object]] = [
    ["某区2025年度部门绩效考核细则"],
    ["序号", "维度", "考核指标", "分值", "牵头考核单位", "责任单位"],
    ["一、发展质量", None, None, 30],  # a group row merged over the table but its score
    [1, "经济发展", "甲项指标增长率", 10, "区统计局", "区甲局"],
    [2, None, "乙项指标完成率", 10, None, None],  # 维度 and both units merged from the row above
    [None, None, None, None, None, None],  # an empty row inside the merged cells
    [3, None, "丙项指标达标率", 10, None, "区乙局"],
    ["二、民生保障", None, None, 20],
    [4, "社会民生", "丁项指标提升", 10, "区民政局", None],  # one unit merged over both unit columns
    [5, None, "戊项指标改善", 10, None, None],
]
ASSESSMENT_MERGES = ["A1:F1", "A3:C3", "B4:B7", "E4:E7", "F4:F6", "A8:C8", "B9:B10", "E9:F10"]


@BOTH
def test_an_xlsx_merged_cell_fills_every_cell_it_covers(tmp_path: Path, traditional: bool) -> None:
    lines, tasks = xlsx_lines_and_tasks(tmp_path, ASSESSMENT_SHEET, ASSESSMENT_MERGES, traditional)
    t = TO_TRAD if traditional else str
    assert lines == [t(line) for line in [
        "某区2025年度部门绩效考核细则",  # a title or group row across the table stays in its first cell
        "序号\t维度\t考核指标\t分值\t牵头考核单位\t责任单位",
        "一、发展质量\t\t\t30",
        "1\t经济发展\t甲项指标增长率\t10\t区统计局\t区甲局",
        "2\t经济发展\t乙项指标完成率\t10\t区统计局\t区甲局",
        "3\t经济发展\t丙项指标达标率\t10\t区统计局\t区乙局",
        "二、民生保障\t\t\t20",
        "4\t社会民生\t丁项指标提升\t10\t区民政局\t区民政局",  # rows and columns
        "5\t社会民生\t戊项指标改善\t10\t区民政局\t区民政局",
    ]]  # fmt: skip
    assert tasks == [
        ("一1", "甲项指标增长率", [("区统计局", "guide", "牵头考核"), ("区甲局", "lead", "责任")], None),
        ("一2", "乙项指标完成率", [("区统计局", "guide", "牵头考核"), ("区甲局", "lead", "责任")], None),
        ("一3", "丙项指标达标率", [("区统计局", "guide", "牵头考核"), ("区乙局", "lead", "责任")], None),
        # the unit that assesses and answers is recorded once, in the first role its columns give
        ("二4", "丁项指标提升", [("区民政局", "guide", "牵头考核")], None),
        ("二5", "戊项指标改善", [("区民政局", "guide", "牵头考核")], None),
    ]  # fmt: skip


@BOTH
def test_an_xlsx_header_merged_over_two_levels(tmp_path: Path, traditional: bool) -> None:
    rows: list[list[object]] = [
        ["序号", "重点任务", "责任单位", None, "完成时限"],
        [None, None, "牵头单位", "配合单位", None],
        [1, "推进甲项工作", "市甲局", "市乙局", "2025年底前"],
        [2, "推进乙项工作", "市丙局", None, None],
        [3, "推进丙项工作", "市丁局", None, "2026年"],
    ]
    merges = ["A1:A2", "B1:B2", "C1:D1", "E1:E2", "D3:D4", "E3:E4", "C5:D5"]
    lines, tasks = xlsx_lines_and_tasks(tmp_path, rows, merges, traditional)
    t = TO_TRAD if traditional else str
    assert lines[:2] == [
        t("序号\t重点任务\t责任单位\t责任单位\t完成时限"),
        t("序号\t重点任务\t牵头单位\t配合单位\t完成时限"),
    ]
    assert tasks == [
        ("1", "推进甲项工作", [("市甲局", "lead", "牵头"), ("市乙局", "support", "配合")], "2025年底前"),
        ("2", "推进乙项工作", [("市丙局", "lead", "牵头"), ("市乙局", "support", "配合")], "2025年底前"),
        ("3", "推进丙项工作", [("市丁局", "lead", "牵头")], "2026年"),  # one unit over both columns
    ]


@BOTH
def test_a_tables_last_row_ending_with_its_unit_is_no_signature(traditional: bool) -> None:
    text = "某区分工表\n序号\t重点任务\t责任单位\n一、发展质量\n1\t做甲项任务\t区甲局\n二、民生保障\n2\t做丁项任务\t区丙局\n"
    assert read(text, traditional, "docx") == [
        ("一1", "做甲项任务", [("区甲局", "lead", "责任")]),
        ("二2", "做丁项任务", [("区丙局", "lead", "责任")]),  # the heading 二 is no task of its own
    ]
    signed = (
        "某区工作方案\n一、重点任务\n1. 做甲项任务。（责任单位：区甲局）\n\n某区政府办公室\n2025年3月1日\n"
    )
    assert read(signed, traditional) == [("一1", "做甲项任务", [("区甲局", "lead", "责任")])]
