"""Responsibility written in prose on documents the project had not read (issue 14, third round),
on small invented texts in both scripts: standing rules before or among the items, markers of
the clauses of one item, deadlines in running text and after a marker, `按职责分工负责` alone,
page titles ending with their site or issuer, and Taiwan's vocabulary in an agency's name."""

from __future__ import annotations

import json
from pathlib import Path

import opencc
import pytest
from click.testing import CliRunner

from cli import main
from indexer.document import parse
from indexer.load import Source
from kb.model import Document

TO_TRAD = opencc.OpenCC("s2t")
BOTH = pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])
TITLE = "某市推进甲乙工作实施方案\n"


def document(text: str, traditional: bool = False, title: str | None = None) -> Document:
    text = TO_TRAD.convert(text) if traditional else text
    return parse(Source("t", "t.txt", None, text, "utf-8", "txt", title))


Owners = list[tuple[str, str, bool]]


def owners(text: str, traditional: bool = False) -> list[tuple[str, Owners]]:
    """(path, [(agency, role, implied)]) of every task."""
    return [
        (t.path_text, [(r.name, str(r.role), r.implied) for r in t.responsibilities])
        for t in document(text, traditional).tasks
    ]


def deadlines(text: str, traditional: bool = False) -> list[tuple[str, list[str], str | None]]:
    """(path, [agency], deadline) of every task."""
    return [
        (t.path_text, [r.name for r in t.responsibilities], t.deadline)
        for t in document(text, traditional).tasks
    ]


# -- 1. standing rules before or among the items ----------------------------------------------------

A, B, C = "（一）推进甲项工作。\n", "（二）推进乙项工作。\n", "（三）推进丙项工作。（牵头单位：市丙局）\n"
LATER = "二、保障措施\n（一）加强组织领导。\n"


@BOTH
@pytest.mark.parametrize(
    "rule",
    [
        "以下各项任务均由各区政府负责落实，不再一一列出。",  # worked before this round
        "下列事项均由各区政府负责落实。",
        "以下各项工作由各区政府组织实施。",
        "下列各项任务均由各区政府牵头落实，不再列出。",
    ],
)
def test_a_rule_as_its_own_paragraph_before_the_items(traditional: bool, rule: str) -> None:
    text = f"{TITLE}一、重点任务\n{rule}\n{A}{B}{C}{LATER}"
    verb_role = "lead"
    assert [(path, [(n, r, i) for n, r, i in found]) for path, found in owners(text, traditional)] == [
        ("一（一）", [("各区政府", verb_role, True)]),
        ("一（二）", [("各区政府", verb_role, True)]),
        ("一（三）", [("市丙局", "lead", False), ("各区政府", "support", True)]),
        ("二（一）", []),  # the rule's scope ends at the next heading of its level
    ]


@BOTH
def test_a_rule_naming_a_lead_for_the_items_below(traditional: bool) -> None:
    text = f"{TITLE}一、重点任务\n下列事项均由市甲局牵头。\n{A}{B}{C}{LATER}"
    assert owners(text, traditional) == [
        ("一（一）", [("市甲局", "lead", True)]),
        ("一（二）", [("市甲局", "lead", True)]),
        ("一（三）", [("市丙局", "lead", False), ("市甲局", "support", True)]),
        ("二（一）", []),
    ]


@BOTH
@pytest.mark.parametrize("join", ["：", "。", "，"])
def test_a_rule_as_a_headings_tail(traditional: bool, join: str) -> None:
    text = f"{TITLE}一、重点任务{join}以下各项任务均由各区政府负责落实，不再一一列出。\n{A}{B}{LATER}"
    assert owners(text, traditional) == [
        ("一（一）", [("各区政府", "lead", True)]),
        ("一（二）", [("各区政府", "lead", True)]),
        ("二（一）", []),
    ]


@BOTH
def test_a_rule_between_items_covers_the_later_items_of_its_level(traditional: bool) -> None:
    text = f"{TITLE}一、重点任务\n{A}以下各项均由各区政府落实，不再一一列出。\n{B}{C}{LATER}"
    assert owners(text, traditional) == [
        ("一（一）", []),  # before the rule
        ("一（二）", [("各区政府", "lead", True)]),
        ("一（三）", [("市丙局", "lead", False), ("各区政府", "support", True)]),
        ("二（一）", []),
    ]


@BOTH
def test_a_rule_of_the_subjects_words_at_the_top_covers_the_document(traditional: bool) -> None:
    text = f"{TITLE}各地区要结合实际抓好落实，以下不再列出。\n一、重点任务\n{A}{LATER}"
    assert owners(text, traditional) == [
        ("一（一）", [("各地区", "lead", True)]),
        ("二（一）", [("各地区", "lead", True)]),
    ]


def test_taiwan_rule_of_the_district_offices() -> None:
    text = "某市推動甲乙工作計畫\n一、工作項目\n以下各項均由各區公所辦理。\n（一）推動甲項工作。\n（二）推動乙項工作。\n二、經費\n（一）編列預算。\n"
    assert owners(text) == [
        ("一（一）", [("各区公所", "lead", True)]),
        ("一（二）", [("各区公所", "lead", True)]),
        ("二（一）", []),
    ]


@BOTH
@pytest.mark.parametrize(
    "sentence",
    [
        "以上各项任务均由各区政府负责落实，不再一一列出。",  # what came before: not the items after it
        "下列事项由市政府办公厅负责解释。",  # not a verb of responsibility
        "下列事项应当予以公开。",
    ],
)
def test_sentences_that_are_no_rule_for_the_items_after_them(traditional: bool, sentence: str) -> None:
    text = f"{TITLE}一、重点任务\n{A}{sentence}\n{B}{LATER}"
    assert owners(text, traditional) == [("一（一）", []), ("一（二）", []), ("二（一）", [])]


# -- 2. markers of the clauses of one item ----------------------------------------------------------


@BOTH
def test_clauses_each_closed_by_you_and_a_verb(traditional: bool) -> None:
    text = (
        f"{TITLE}一、重点任务\n1.强化基础保障。\n"
        "2.加强甲项工作，由市甲局负责；推进乙项工作，由市乙局牵头，市丙局配合。\n"
        "3.完善丙项机制，由市丁局负责。\n"
    )
    assert owners(text, traditional) == [
        ("一1", []),
        ("一2-1", [("市甲局", "lead", False)]),
        ("一2-2", [("市乙局", "lead", False), ("市丙局", "support", False)]),
        ("一3", [("市丁局", "lead", False)]),
    ]


@BOTH
def test_parts_of_an_item_given_their_owners_in_one_bracket(traditional: bool) -> None:
    text = (
        f"{TITLE}一、重点任务\n1.推进便民服务（线上部分由市甲局负责，线下部分由市乙局、市丙局负责）。\n"
        "2.推进丁项工作（由市丁局负责）。\n"
    )
    doc = document(text, traditional)
    assert [
        (t.path_text, t.title, [(r.name, str(r.role)) for r in t.responsibilities]) for t in doc.tasks
    ] == [
        ("一1-1", "推进便民服务", [("市甲局", "lead")]),
        ("一1-2", "线下部分", [("市乙局", "lead"), ("市丙局", "support")]),
        ("一2", "推进丁项工作", [("市丁局", "lead")]),
    ]


def test_an_item_with_one_clause_marker_among_others_is_one_task() -> None:
    text = f"{TITLE}一、重点任务\n1.加强甲项工作；推进乙项工作，由市乙局负责。\n2.推进丙项工作。（责任单位：市丙局）\n"
    assert owners(text) == [("一1", [("市乙局", "lead", False)]), ("一2", [("市丙局", "lead", False)])]


# -- 3. deadlines in running text and after markers -------------------------------------------------


@BOTH
def test_deadlines_in_running_text_and_after_a_marker(traditional: bool) -> None:
    text = (
        f"{TITLE}一、重点任务\n"
        "1.建设甲平台（市甲局负责），2027年6月底前完成。\n"
        "2.完善乙机制。（牵头单位：市乙局；完成时限：2026年12月底）\n"
        "3.推进丙工作。（责任单位：市丙局）；时间节点：2026年底前。\n"
        "4.推进丁工作（市丁局负责，2026年底前完成）。\n"
        "5.推进戊工作，2027年6月底前完成。（责任单位：市戊局）\n"
        "6.推进己工作。责任单位：市己局。时间节点：2025年10月底前。\n"
    )
    assert deadlines(text, traditional) == [
        ("一1", ["市甲局"], "2027年6月底前完成"),
        ("一2", ["市乙局"], "2026年12月底"),
        ("一3", ["市丙局"], "2026年底前"),
        ("一4", ["市丁局"], "2026年底前完成"),
        ("一5", ["市戊局"], "2027年6月底前完成"),
        ("一6", ["市己局"], "2025年10月底前"),
    ]


@BOTH
def test_a_date_in_the_goal_of_a_task_is_no_deadline(traditional: bool) -> None:
    text = (
        f"{TITLE}一、重点任务\n1.到2027年，建成甲体系。（责任单位：市甲局）\n"
        "2.2026年起，推行乙制度，覆盖全部街道。（责任单位：市乙局）\n"
        "3.推进丙工作，力争2027年实现全覆盖。（责任单位：市丙局）\n"
    )
    assert deadlines(text, traditional) == [
        ("一1", ["市甲局"], None),
        ("一2", ["市乙局"], None),
        ("一3", ["市丙局"], None),
    ]


def test_taiwan_deadline_in_running_text() -> None:
    text = "某某計畫\n一、工作項目\n（一）推動甲項工作，115年12月底前完成。（主辦機關：甲部）\n（二）推動乙項工作（115年底前）。（主辦機關：乙部）\n"
    assert deadlines(text) == [
        ("一（一）", ["甲部"], "115年12月底前完成"),
        ("一（二）", ["乙部"], "115年底前"),
    ]


# -- 4. by their duties -----------------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize("verb", ["按照职责分工负责", "按职责分工负责"])
def test_by_duty_alone_the_collective_owns_the_task(traditional: bool, verb: str) -> None:
    text = (
        f"{TITLE}一、重点任务\n1.推进甲工作。（各有关部门{verb}）\n"
        f"2.推进乙工作。（市甲局牵头，各有关部门{verb}）\n"
        f"3.推进丙工作。市甲局牵头，各区政府{verb}。\n"
        f"4.推进丁工作。各有关部门{verb}。\n"
    )
    found = [
        (t.path_text, [(r.name, str(r.role), r.collective) for r in t.responsibilities])
        for t in document(text, traditional).tasks
    ]
    assert found == [
        ("一1", [("各有关部门", "lead", True)]),
        ("一2", [("市甲局", "lead", False), ("各有关部门", "support", True)]),
        ("一3", [("市甲局", "lead", False), ("各区政府", "support", True)]),
        ("一4", [("各有关部门", "lead", True)]),
    ]


# -- 5. titles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page_title", "title"),
    [
        ("某市推进甲工作实施方案_市政府办公厅文件", "某市推进甲工作实施方案"),
        ("关于印发某某方案的通知 - 某某区人民政府", "关于印发某某方案的通知"),
        ("推進甲工作計劃｜香港特別行政區政府", "推进甲工作计划"),
        ("关于印发某某方案的通知_政府文件_某某市人民政府", "关于印发某某方案的通知"),
        ("2022-2025年某某行动计划", "2022-2025年某某行动计划"),  # a span of years separates nothing
    ],
)
def test_a_page_title_without_its_site_or_issuer(page_title: str, title: str) -> None:
    assert document("一、任务\n1.推进甲工作。\n", title=page_title).title == title


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("某市推进甲工作实施方案_市政府办公厅文件", "某市推进甲工作实施方案"),
        ("关于印发某某方案的通知 - 某某区人民政府", "关于印发某某方案的通知"),
        ("推進甲工作計劃｜香港特別行政區政府", "推进甲工作计划"),
    ],
)
def test_a_first_line_without_its_site_or_issuer(first_line: str, title: str) -> None:
    assert document(f"{first_line}\n一、任务\n1.推进甲工作。\n").title == title


@BOTH
def test_a_hong_kong_banner_line_is_not_the_title(traditional: bool) -> None:
    text = "香港特别行政区政府\n推进甲工作计划\n一、措施\n1.推进甲工作。（甲局负责）\n"
    assert document(text, traditional).title == "推进甲工作计划"  # worked before this round


@BOTH
@pytest.mark.parametrize(
    "page_title",
    [
        "香港特别行政区政府",  # the page names only its issuer: the text's own title line is the title
        "香港特别行政区政府 - 推进甲工作计划",  # the site before the title
        "新闻公报 | 香港特别行政区政府",
        "香港特别行政区政府新闻公报",
    ],
)
def test_a_page_title_naming_only_its_site_gives_way_to_the_texts_title(
    traditional: bool, page_title: str
) -> None:
    text = "香港特别行政区政府\n推进甲工作计划\n一、措施\n1.推进甲工作。（甲局负责）\n"
    convert = TO_TRAD.convert if traditional else str
    assert document(text, traditional, title=convert(page_title)).title == "推进甲工作计划"


# -- 6. Taiwan's vocabulary in an agency's name -----------------------------------------------------


def test_a_taiwan_body_is_found_by_its_simplified_name_and_the_reverse(tmp_path: Path) -> None:
    (tmp_path / "tw.txt").write_text(
        "某某計畫\n一、工作項目\n（一）推動甲項工作。（主辦機關：國家通訊傳播委員會；協辦機關：數位發展部）\n",
        encoding="utf-8",
    )
    (tmp_path / "cn.txt").write_text(
        "某某方案\n一、重点任务\n（一）推进乙项工作。（牵头单位：国家通讯传播委员会）\n", encoding="utf-8"
    )
    runner = CliRunner()

    def agency(name: str) -> list[tuple[str, str, str]]:
        result = runner.invoke(main, ["--store", str(tmp_path / "s"), "agency", name, "--json"])
        if result.exit_code == 1:
            return []
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        return sorted((d["doc"], t["label"], t["role"]) for d in data["documents"] for t in d["tasks"])

    result = runner.invoke(main, ["--store", str(tmp_path / "s"), "index", str(tmp_path)])
    assert result.exit_code == 0, result.output
    both = [("cn", "（一）", "lead"), ("tw", "（一）", "lead")]
    assert agency("国家通讯传播委员会") == both
    assert agency("國家通訊傳播委員會") == both
    assert agency("数位发展部") == [("tw", "（一）", "support")]
    # 通訊 is not 通信: no body is called so, in either document
    assert agency("国家通信传播委员会") == []
