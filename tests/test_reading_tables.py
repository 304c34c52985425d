"""Task tables the tool had not seen (issue 14, tables), on small invented tables in both scripts,
in the shapes they come in (tab-separated rows, one cell per line, Markdown, HTML `<table>`,
.xlsx): division columns of the issuing body beside its unit columns, assessment tables naming
both the assessing and the responsible unit, project tables, annex rows abridging the body's
items under 序号 of their own, and group rows that give a unit to their rows."""

from __future__ import annotations

from pathlib import Path

import opencc
import openpyxl
import pytest

from indexer import load
from indexer.document import parse
from indexer.load import Source
from kb.knowledge import KnowledgeBase
from kb.model import Document

TO_TRAD = opencc.OpenCC("s2t")
BOTH = pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])

Owners = list[tuple[str, str]]


def document(text: str, traditional: bool = False, kind: str = "txt") -> Document:
    text = TO_TRAD.convert(text) if traditional else text
    return parse(Source("t", f"t.{kind}", None, text, "utf-8", kind))


def owners(doc: Document) -> list[tuple[str, Owners, str | None]]:
    """(path, [(agency, role)], deadline) of every task with owners."""
    return [
        (t.path_text, [(r.name, str(r.role)) for r in t.responsibilities], t.deadline)
        for t in doc.tasks
        if t.responsibilities
    ]


def titled(doc: Document) -> list[tuple[str, Owners, str | None]]:
    """(title, [(agency, role)], deadline) of every task with owners."""
    return [
        (t.title, [(r.name, str(r.role)) for r in t.responsibilities], t.deadline)
        for t in doc.tasks
        if t.responsibilities
    ]


def tab(rows: list[list[str]]) -> str:
    return "".join("\t".join(r) + "\n" for r in rows)


def per_line(rows: list[list[str]]) -> str:
    return "".join(c + "\n" for r in rows for c in r if c)


def html_page(
    title: str, rows: list[list[str]], traditional: bool, tmp_path: Path, spans: bool = False
) -> Document:
    """A page with the rows as a <table>; `spans`: a row one cell short spans its first two
    columns with its first cell (colspan=2)."""
    width = max(map(len, rows))
    cells = "".join(
        "<tr>"
        + "".join(
            f'<td colspan="2">{c}</td>' if spans and len(r) < width and not k else f"<td>{c}</td>"
            for k, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    page = f"<html><body><h1>{title}</h1><p>附件</p><table>{cells}</table></body></html>"
    path = tmp_path / "t.html"
    path.write_text(TO_TRAD.convert(page) if traditional else page, encoding="utf-8")
    return _read(path)


def xlsx(rows: list[list[str]], traditional: bool, tmp_path: Path) -> Document:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "分工表"
    for row in rows:
        ws.append([(TO_TRAD.convert(c) if traditional else c) or None for c in row])
    path = tmp_path / "t.xlsx"
    book.save(path)
    return _read(path)


def _read(path: Path) -> Document:
    (source,) = list(load.read(path))
    assert isinstance(source, Source), source
    return parse(source)


# -- 1. division columns of the issuing body beside its unit columns ------------------------------

DIVISIONS = [
    ["序号", "工作事项", "主要内容", "牵头单位", "配合单位", "市甲委内牵头处室", "市甲委内配合处室"],
    ["1", "建设服务队伍", "扩大服务队伍规模", "各区政府", "市甲委", "基层处", "医政处、药政处"],
    ["2", "完善激励机制", "落实绩效分配政策", "市乙局", "市甲委，各区政府", "人事处", "/"],
    ["3", "加强宣传引导", "开展集中宣传活动", "市甲委", "/", "宣传处，基层处", "/"],
]
DIVISIONS_READ: list[Owners] = [
    [("各区政府", "lead"), ("市甲委", "support"), ("市甲委基层处", "lead"), ("市甲委医政处", "support"),
     ("市甲委药政处", "support")],
    [("市乙局", "lead"), ("市甲委", "support"), ("各区政府", "support"), ("市甲委人事处", "lead")],
    [("市甲委", "lead"), ("市甲委宣传处", "lead"), ("市甲委基层处", "lead")],
]  # fmt: skip
DIVISIONS_TEXT = "甲市服务提升方案\n一、工作目标\n全面提升服务水平。\n附件\n任务分工表\n"


@BOTH
@pytest.mark.parametrize("shape", [tab, per_line], ids=["tabs", "cell-per-line"])
def test_division_columns_name_divisions_of_the_body_in_their_header(traditional: bool, shape) -> None:
    doc = document(DIVISIONS_TEXT + shape(DIVISIONS), traditional)
    assert [o for _, o, _ in owners(doc)] == DIVISIONS_READ


@BOTH
def test_division_columns_in_a_web_page_table_and_a_workbook(traditional: bool, tmp_path: Path) -> None:
    assert [
        o for _, o, _ in owners(html_page("甲市服务提升方案", DIVISIONS, traditional, tmp_path))
    ] == DIVISIONS_READ
    assert [o for _, o, _ in owners(xlsx(DIVISIONS, traditional, tmp_path))] == DIVISIONS_READ


@BOTH
def test_a_division_role_keeps_its_column_word_and_the_units_lead_first(traditional: bool) -> None:
    task = document(DIVISIONS_TEXT + tab(DIVISIONS), traditional).tasks[0]
    assert [(r.name, r.verb) for r in task.responsibilities] == [
        ("各区政府", "牵头"), ("市甲委", "配合"), ("市甲委基层处", "牵头处室"), ("市甲委医政处", "配合处室"),
        ("市甲委药政处", "配合处室"),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def divisions_base(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    from indexer.pipeline import index

    folder = tmp_path_factory.mktemp("divisions")
    (folder / "in").mkdir()
    (folder / "in" / "divisions.txt").write_text(DIVISIONS_TEXT + tab(DIVISIONS), encoding="utf-8")
    assert index([folder / "in"], folder / "store", workers=1).ok
    return KnowledgeBase.open(folder / "store")


@pytest.mark.parametrize(
    ("question", "said"),
    [("甲市服务提升方案第1项任务由谁牵头？",
      "由各区政府牵头；配合单位为市甲委；牵头处室为市甲委基层处；配合处室为市甲委医政处、市甲委药政处。"),
     ("甲市服務提升方案第3項任務由誰牽頭？", "由市甲委牽頭；牽頭處室為市甲委宣傳處、市甲委基層處。"),
     ("Who leads task 2 of 甲市服务提升方案?",
      "lead: 市乙局; support: 市甲委、各区政府; lead division: 市甲委人事处.")],
)  # fmt: skip
def test_who_leads_is_answered_by_the_units_then_the_divisions(
    divisions_base: KnowledgeBase, question: str, said: str
) -> None:
    answer = divisions_base.ask(question)
    assert answer.answer.endswith(said), answer.answer


@pytest.mark.parametrize(
    ("question", "paths"),
    [("市甲委基层处牵头哪些任务？", ["1", "3"]), ("市甲委配合哪些任务？", ["1", "2"]),
     ("市甲委医政处配合哪些任务？", ["1"])],
)  # fmt: skip
def test_the_tasks_of_a_division(divisions_base: KnowledgeBase, question: str, paths: list[str]) -> None:
    assert [t.path_text for t in divisions_base.ask(question).tasks] == paths


# -- 2. assessment tables: the assessing unit and the responsible unit -----------------------------

ASSESSMENT = [
    ["考核项目", "分值", "考核内容", "评分标准", "牵头考核单位", "责任单位"],
    ["安全生产", "10", "隐患整改到位率", "每低1个百分点扣1分", "区甲局", "各街道"],
    ["生态环境", "8", "空气优良天数比例", "完成目标得满分", "区乙局", "区丙局、各街道"],
]


@BOTH
@pytest.mark.parametrize("shape", [tab, per_line], ids=["tabs", "cell-per-line"])
def test_an_assessment_table_with_both_columns_is_owned_by_its_responsible_unit(
    traditional: bool, shape
) -> None:
    doc = document("甲区年度考核细则\n附件\n考核评分表\n" + shape(ASSESSMENT), traditional)
    assert titled(doc) == [
        ("隐患整改到位率", [("区甲局", "guide"), ("各街道", "lead")], None),
        ("空气优良天数比例", [("区乙局", "guide"), ("区丙局", "lead"), ("各街道", "support")], None),
    ]


@BOTH
def test_an_assessment_table_with_only_the_assessing_column(traditional: bool, tmp_path: Path) -> None:
    rows = [[c for k, c in enumerate(r) if k != 5] for r in ASSESSMENT]
    want = [
        ("隐患整改到位率", [("区甲局", "lead")], None),
        ("空气优良天数比例", [("区乙局", "lead")], None),
    ]
    assert titled(document("甲区年度考核细则\n附件\n考核评分表\n" + tab(rows), traditional)) == want
    assert titled(xlsx(rows, traditional, tmp_path)) == want


# -- 3. project tables ----------------------------------------------------------------------------

PROJECTS = [
    ["序号", "项目名称", "建设内容", "建设单位", "责任单位", "完成时间"],
    ["1", "甲河综合治理工程", "整治河道5公里", "区水务公司", "区甲局、甲镇", "2025年底"],
    ["2", "乙路改造工程", "改造道路3公里", "区城投公司", "区乙局", "2024年6月"],
]
PROJECTS_READ = [
    ("甲河综合治理工程", [("区甲局", "lead"), ("甲镇", "support"), ("区水务公司", "support")], "2025年底"),
    ("乙路改造工程", [("区乙局", "lead"), ("区城投公司", "support")], "2024年6月"),
]


@BOTH
@pytest.mark.parametrize("shape", [tab, per_line], ids=["tabs", "cell-per-line"])
def test_a_project_table_is_a_task_per_project(traditional: bool, shape) -> None:
    doc = document("甲区重点项目计划\n一、重点项目\n" + shape(PROJECTS), traditional)
    assert titled(doc) == PROJECTS_READ


@BOTH
def test_a_project_table_in_a_web_page_and_a_workbook(traditional: bool, tmp_path: Path) -> None:
    assert titled(html_page("甲区重点项目计划", PROJECTS, traditional, tmp_path)) == PROJECTS_READ
    assert titled(xlsx(PROJECTS, traditional, tmp_path)) == PROJECTS_READ


@BOTH
@pytest.mark.parametrize("column", ["实施主体", "建设单位"])
def test_an_implementing_unit_alone_owns_its_projects(traditional: bool, column: str) -> None:
    rows = [
        ["序号", "项目名称", "建设内容", column, "完成时间"],
        ["1", "甲园区标准厂房", "新建厂房10万平方米", "甲园区管委会", "2025年"],
        ["2", "乙片区供水管网", "铺设管网20公里", "区丁公司", "2024年底前"],
    ]
    assert titled(document("甲区重点项目计划\n一、重点项目\n" + tab(rows), traditional)) == [
        ("甲园区标准厂房", [("甲园区管委会", "lead")], "2025年"),
        ("乙片区供水管网", [("区丁公司", "lead")], "2024年底前"),
    ]


@BOTH
def test_an_implementing_subject_beside_the_responsible_unit_supports(traditional: bool) -> None:
    rows = [[{"建设单位": "实施主体"}.get(c, c) for c in r] for r in PROJECTS]
    assert titled(document("甲区重点项目计划\n一、重点项目\n" + tab(rows), traditional)) == PROJECTS_READ
    task = document("甲区重点项目计划\n一、重点项目\n" + tab(rows), traditional).tasks[0]
    assert [r.verb for r in task.responsibilities] == ["责任", "责任", "实施"]


# -- 4. annex rows abridging the body's items, under 序号 of their own ----------------------------

ANNEX_BODY = (
    "甲市营商环境行动方案\n一、优化政务服务\n（一）提升审批效率\n"
    "1.全面推行承诺审批制度，压缩审批时限。（责任单位：市甲局）\n"
    "2.深化电子证照跨部门共享应用。（责任单位：市乙局）\n"
    "（二）强化要素保障\n"
    "3.保障重点项目建设用地需求。（责任单位：市丙局）\n"
    "4.降低企业用电用气成本。（责任单位：市丁局）\n"
    "附件\n重点任务分工表\n"
)


@BOTH
@pytest.mark.parametrize("shape", [tab, per_line], ids=["tabs", "cell-per-line"])
def test_annex_rows_abridging_body_items_join_them_by_words_not_numbers(traditional: bool, shape) -> None:
    rows = [
        ["序号", "重点任务", "牵头单位", "配合单位"],
        ["1", "推行承诺审批", "市甲局", "市戊局"],  # body item 1 abridged
        ["2", "保障项目用地", "市丙局", "市己局"],  # 序号 2, but body item 3
        ["3", "共享电子证照", "市乙局", "市庚局"],  # 序号 3, but body item 2
        ["4", "建设企业服务中心", "市辛局", "/"],  # restates no body item
    ]
    assert owners(document(ANNEX_BODY + shape(rows), traditional)) == [
        ("一（一）1", [("市甲局", "lead"), ("市戊局", "support")], None),
        ("一（一）2", [("市乙局", "lead"), ("市庚局", "support")], None),
        ("一（二）3", [("市丙局", "lead"), ("市己局", "support")], None),
        ("一（二）4", [("市丁局", "lead")], None),
        ("4", [("市辛局", "lead")], None),
    ]


@BOTH
@pytest.mark.parametrize("shape", [tab, per_line], ids=["tabs", "cell-per-line"])
def test_annex_rows_abridging_unmarked_body_items_are_the_tasks_once(traditional: bool, shape) -> None:
    # Without markers in the body the rows are the tasks (they say who does what); the body
    # items they restate, abridged and under other numbers, are no second task.
    body = ANNEX_BODY
    for unit in ("市甲局", "市乙局", "市丙局", "市丁局"):
        body = body.replace(f"（责任单位：{unit}）", "")
    rows = [
        ["序号", "重点任务", "牵头单位", "配合单位"],
        ["1", "推行承诺审批", "市甲局", "市戊局"],
        ["2", "保障项目用地", "市丙局", "市己局"],
        ["3", "共享电子证照", "市乙局", "市庚局"],
        ["4", "建设企业服务中心", "市辛局", "/"],
    ]
    doc = document(body + shape(rows), traditional)
    assert [(t.path_text, t.title) for t in doc.tasks] == [
        ("一（二）4", "降低企业用电用气成本"),
        ("1", "推行承诺审批"),
        ("2", "保障项目用地"),
        ("3", "共享电子证照"),
        ("4", "建设企业服务中心"),
    ]
    assert [o for _, o, _ in owners(doc)] == [
        [("市甲局", "lead"), ("市戊局", "support")],
        [("市丙局", "lead"), ("市己局", "support")],
        [("市乙局", "lead"), ("市庚局", "support")],
        [("市辛局", "lead")],
    ]


# -- 5. group rows with a unit --------------------------------------------------------------------

GROUPS = [
    ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
    ["（一）", "优化营商环境", "区甲局", "", ""],
    ["1", "压缩开办时间", "", "区乙局", "2024年底前"],
    ["2", "推行证照分离", "区丙局", "", "2025年"],
    ["（二）", "强化人才支撑", "区丁局", "区戊局", ""],
    ["3", "建设人才公寓", "", "", "2025年"],
]
GROUPS_READ = [
    ("压缩开办时间", [("区甲局", "lead"), ("区乙局", "support")], "2024年底前"),
    ("推行证照分离", [("区丙局", "lead")], "2025年"),
    ("建设人才公寓", [("区丁局", "lead"), ("区戊局", "support")], "2025年"),
]


@BOTH
def test_a_group_row_with_a_unit_fills_only_its_rows_empty_cells(traditional: bool, tmp_path: Path) -> None:
    text = "甲区人才行动方案\n一、重点任务\n" + tab(GROUPS)
    assert titled(document(text, traditional)) == GROUPS_READ
    assert titled(xlsx(GROUPS, traditional, tmp_path)) == GROUPS_READ


@BOTH
def test_a_group_row_with_its_label_and_title_in_one_cell(traditional: bool, tmp_path: Path) -> None:
    rows = [r if r[0][0] != "（" else ["", r[0] + r[1], *r[2:]] for r in GROUPS]
    text = "甲区人才行动方案\n一、重点任务\n" + tab(rows)
    assert titled(document(text, traditional)) == GROUPS_READ
    # a web page's group row spans the 序号 and task columns
    page = [["（一）优化营商环境", "区甲局", "", ""] if r[1].startswith("（一）") else r for r in rows]
    page = [["（二）强化人才支撑", "区丁局", "区戊局", ""] if r[1].startswith("（二）") else r for r in page]
    assert titled(html_page("甲区人才行动方案", page, traditional, tmp_path, spans=True)) == GROUPS_READ
