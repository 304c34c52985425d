"""Forms of issue 14 read on small invented documents in both scripts: Hong Kong policy-address
lists (`措施1` items with `负责政策局/部门：` and `目标时间：` lines), Taiwan role sentences in running
text (`，主办机关：A；协办机关：B，预计115年12月完成`, `由A主政，B协助`, `执行机关：A`), separators read
per marker list with conjunctions and tails, and an .xlsx task table under a title row that
holds the document's title and number."""

from __future__ import annotations

from pathlib import Path

import opencc
import openpyxl
import pytest

from indexer import load
from indexer.document import parse
from indexer.load import Source
from kb.model import Document

TO_TRAD = opencc.OpenCC("s2t")
BOTH = pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])

Owners = list[tuple[str, str]]


def document(text: str, traditional: bool = False) -> Document:
    text = TO_TRAD.convert(text) if traditional else text
    return parse(Source("t", "t.txt", None, text, "utf-8", "txt", None))


def read(text: str, traditional: bool = False) -> list[tuple[str, Owners, str | None]]:
    """(path, [(agency, role)], deadline) of every task (names and deadlines in simplified script)."""
    return [
        (t.path_text, [(r.name, str(r.role)) for r in t.responsibilities], t.deadline)
        for t in document(text, traditional).tasks
    ]


def script(text: str, traditional: bool) -> str:
    return TO_TRAD.convert(text) if traditional else text


# -- 1. Hong Kong policy-address lists: 措施N, 负责政策局/部门, 目标时间 ----------------------------------

HK_MEASURES = """某区2026年施政纲领政策措施
一、发展经济
措施1：推进甲项基建工程。
负责政策局/部门：城乡发展局、海港及航运局
目标时间：2026年第二季
措施 2：完善乙项服务安排。
负责决策局：数码创新及工业局
目标时间：2027年内
措施3：检讨丙项制度。
二、改善民生
措施4：增加丁项公共设施。
负责政策局/部门：城乡发展局、康乐及文化局（牵头）
目标时间：持续进行
"""


@BOTH
def test_hong_kong_measures_with_their_bureaux_and_target_times(traditional: bool) -> None:
    assert read(HK_MEASURES, traditional) == [
        ("一1", [("城乡发展局", "lead"), ("海港及航运局", "support")], "2026年第二季"),
        ("一2", [("数码创新及工业局", "lead")], "2027年内"),
        ("一3", [], None),  # a measure without a 负责 line has no owner
        ("二4", [("城乡发展局", "support"), ("康乐及文化局", "lead")], "持续进行"),
    ]


HK_NUMBERED = """某区施政纲领
一、房屋供应
(1) 加快甲区土地规划。
负责政策局/部门：城乡发展局
目标时间：2026年年底
(2) 推出乙项资助计划。
负责决策局：房屋及土地局、财经事务局
目标时间：2027年第一季
"""


@BOTH
def test_hong_kong_numbered_items_under_a_heading(traditional: bool) -> None:
    assert read(HK_NUMBERED, traditional) == [
        ("一（1）", [("城乡发展局", "lead")], "2026年年底"),
        ("一（2）", [("房屋及土地局", "lead"), ("财经事务局", "support")], "2027年第一季"),
    ]


@BOTH
def test_a_measure_word_inside_a_sentence_is_no_item(traditional: bool) -> None:
    text = "某区施政纲领\n一、发展经济\n推进以下措施1项。负责政策局/部门：城乡发展局\n"
    assert [p for p, _, _ in read(text, traditional)] == ["一"]


# -- 2. Taiwan role sentences in running text ------------------------------------------------------

TAIWAN = """某县推动甲乙工作方案
一、推动甲项工作，主办机关：甲部；协办机关：乙署、丙会，预计115年12月完成。
二、推动乙项工作（主办：甲部，协办：乙署）。完成期限：115年底。
三、推动丙项工作，由甲部主政，乙署协助，预计116年6月完成。
四、推动丁项工作。执行机关：丙会。
五、推动戊项工作，执行机关：丙会、丁局，完成期限：116年底。
六、推动己项工作（由乙署主政，丙会、丁局配合）。
七、推动庚项工作，以利民众参与。
"""


@BOTH
def test_taiwan_roles_and_deadlines_in_running_text(traditional: bool) -> None:
    assert read(TAIWAN, traditional) == [
        ("一", [("甲部", "lead"), ("乙署", "support"), ("丙会", "support")], "预计115年12月完成"),
        ("二", [("甲部", "lead"), ("乙署", "support")], "115年底"),
        ("三", [("甲部", "lead"), ("乙署", "support")], "预计116年6月完成"),
        ("四", [("丙会", "lead")], None),  # 执行机关 alone leads
        ("五", [("丙会", "lead"), ("丁局", "support")], "116年底"),  # as a 责任单位 list is read
        ("六", [("乙署", "lead"), ("丙会", "support"), ("丁局", "support")], None),
        ("七", [], None),  # 参与 of the public in prose names no body
    ]


TAIWAN_MORE = """某县推动方案
一、推动甲项工作：主办机关：甲部；协办机关：乙署。
二、推动乙项工作，由甲部主政，乙署配合，预计115年6月底前完成。
三、推动丙项工作，主办单位：甲部，协办单位：乙署、丙会，完成期限：115年底。
四、推动丁项工作，执行机关：丙会，预定116年完成。
五、推动戊项工作，以达成下列目标：预计115年完成布建。
"""


@BOTH
def test_taiwan_fields_after_a_heading_and_planned_years(traditional: bool) -> None:
    assert read(TAIWAN_MORE, traditional) == [
        ("一", [("甲部", "lead"), ("乙署", "support")], None),  # fields after the item's heading and `：`
        ("二", [("甲部", "lead"), ("乙署", "support")], "预计115年6月底前完成"),
        ("三", [("甲部", "lead"), ("乙署", "support"), ("丙会", "support")], "115年底"),
        ("四", [("丙会", "lead")], "预定116年完成"),  # a planned year of the Republic: a deadline
        ("五", [], None),  # no marker: no owner, and a goal's year is no deadline
    ]


@BOTH
def test_a_deadline_clause_after_a_labelled_list_is_no_agency(traditional: bool) -> None:
    text = "某县方案\n一、推动甲项工作。\n主办机关：甲部\n协办机关：乙署、丙会，预计115年12月完成\n"
    assert read(text, traditional) == [
        ("一", [("甲部", "lead"), ("乙署", "support"), ("丙会", "support")], "预计115年12月完成"),
    ]


# -- 3. separators per marker list, conjunctions and tails -----------------------------------------

SEPARATORS = """某市甲乙工作方案
一、重点任务
（一）推进甲项工作。（牵头单位：市甲局，市乙局）
（二）推进乙项工作。（配合单位：市民政局、市住房保障和房产局）
（三）推进丙项工作。（市甲局牵头，市民政局、市住房保障和房产局配合）
（四）推进丁项工作。（责任单位：市丙局、市丁局和市戊局）
（五）推进戊项工作。（责任单位：市丙局及市经济和信息化局）
（六）推进己项工作。（责任单位：国家发展改革委以及各有关省级人民政府）
（七）推进庚项工作。（责任单位：市丙局等和各区政府）
（八）推进辛项工作。（责任单位：人民银行等部门）
"""


@BOTH
def test_each_marker_list_is_split_on_its_own(traditional: bool) -> None:
    assert read(SEPARATORS, traditional) == [
        ("一（一）", [("市甲局", "lead"), ("市乙局", "lead")], None),
        ("一（二）", [("市民政局", "support"), ("市住房保障和房产局", "support")], None),
        ("一（三）", [("市甲局", "lead"), ("市民政局", "support"), ("市住房保障和房产局", "support")], None),
        ("一（四）", [("市丙局", "lead"), ("市丁局", "support"), ("市戊局", "support")], None),
        ("一（五）", [("市丙局", "lead"), ("市经济和信息化局", "support")], None),
        ("一（六）", [("国家发展改革委", "lead"), ("各有关省级人民政府", "support")], None),
        ("一（七）", [("市丙局", "lead"), ("各区政府", "support")], None),
        ("一（八）", [("人民银行", "lead")], None),
    ]


@BOTH
@pytest.mark.parametrize(
    "names, expected",
    [
        (
            "市甲局、市乙局等部门和各区政府",
            [("市甲局", "lead"), ("市乙局", "support"), ("各区政府", "support")],
        ),
        (
            "人民银行、市乙局等部门以及各地方政府",
            [("人民银行", "lead"), ("市乙局", "support"), ("各地方政府", "support")],
        ),
        (
            "市甲局等有关单位及各区政府",
            [("市甲局", "lead"), ("有关单位", "support"), ("各区政府", "support")],
        ),
        ("市甲局、市乙局等有关部门", [("市甲局", "lead"), ("市乙局", "support"), ("有关部门", "support")]),
    ],
)
def test_a_kind_after_etc_ends_its_list_before_a_conjunction(
    traditional: bool, names: str, expected: Owners
) -> None:
    text = f"某市工作方案\n一、重点任务\n（一）推进甲项工作。（牵头单位：市甲局，市乙局）\n（二）推进乙项工作。（责任单位：{names}）\n"
    assert read(text, traditional)[1] == ("一（二）", expected, None)


@BOTH
def test_a_known_two_name_body_stays_one_in_a_comma_list(traditional: bool) -> None:
    text = "某市工作方案\n一、重点任务\n（一）推进甲项工作。（责任单位：市科委、中关村管委会，市丙局）\n"
    assert read(text, traditional) == [
        ("一（一）", [("市科委、中关村管委会", "lead"), ("市丙局", "support")], None),
    ]


# -- 4. an .xlsx task table under a title row -------------------------------------------------------

TABLE = [
    ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
    [1, "推进甲项工作", "市甲局", "市乙局", "2025年底前"],
    [2, "推进乙项工作", "市丙局", None, "2025年6月底前"],
]
TITLE = "某市2025年重点工作任务分工表"
NUMBER = "某政办发〔2025〕3号"


def workbook(path: Path, head: list[list[object]], merges: list[str], traditional: bool) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    for row in head + TABLE:
        ws.append([script(c, traditional) if isinstance(c, str) else c for c in row])
    for ref in merges:
        ws.merge_cells(ref)
    book.save(path)
    return path


@BOTH
@pytest.mark.parametrize(
    "head, merges",
    [
        ([[TITLE]], ["A1:E1"]),  # worked before: the title alone
        ([[f"{TITLE}（{NUMBER}）"]], ["A1:E1"]),
        ([[f"{NUMBER} {TITLE}"]], ["A1:E1"]),
        ([[TITLE, None, None, None, NUMBER]], ["A1:D1"]),
        ([[NUMBER], [TITLE]], ["A1:E1", "A2:E2"]),
        ([["附件"], [TITLE]], ["A2:E2"]),
    ],
    ids=["title", "number-in-brackets", "number-first", "number-cell", "number-row", "attachment-label"],
)
def test_an_xlsx_title_row_gives_the_title_and_number(
    tmp_path: Path, traditional: bool, head: list[list[object]], merges: list[str]
) -> None:
    items = list(load.read(workbook(tmp_path / "表.xlsx", head, merges, traditional)))
    assert len(items) == 1 and isinstance(items[0], Source)
    doc = parse(items[0])
    number = NUMBER if any(NUMBER in str(c) for row in head for c in row) else None
    assert (doc.meta.title, doc.meta.doc_number) == (TITLE, number)
    assert doc.meta.title_original == script(TITLE, traditional)
    assert [(t.label, t.title, [(r.name, str(r.role)) for r in t.responsibilities]) for t in doc.tasks] == [
        ("1", "推进甲项工作", [("市甲局", "lead"), ("市乙局", "support")]),  # titles in simplified script
        ("2", "推进乙项工作", [("市丙局", "lead")]),
    ]


@BOTH
def test_a_csv_title_row_gives_the_title_and_number_too(tmp_path: Path, traditional: bool) -> None:
    rows = [[f"{TITLE}（{NUMBER}）", "", "", "", ""], *TABLE]
    text = "\n".join(",".join("" if c is None else str(c) for c in row) for row in rows)
    path = tmp_path / "表.csv"
    path.write_text(script(text, traditional), encoding="utf-8")
    doc = parse(next(iter(load.read(path))))  # type: ignore[arg-type]
    assert (doc.meta.title, doc.meta.doc_number) == (TITLE, NUMBER)
    assert [(t.label, [(r.name, str(r.role)) for r in t.responsibilities]) for t in doc.tasks] == [
        ("1", [("市甲局", "lead"), ("市乙局", "support")]),
        ("2", [("市丙局", "lead")]),
    ]
