"""Responsibility forms of issue 14 (DOMAIN.md s. 3, 7) on small invented texts in both scripts:
separators per list, conjunctions, role verbs, standing rules, assessment tables, guides,
annex tables restating the body, shared prefixes and commitment sheets."""

from __future__ import annotations

import json
from pathlib import Path

import opencc
import pytest
from click.testing import CliRunner

from cli import main
from indexer.document import parse
from indexer.load import Source
from kb import graph
from kb.model import Document

TO_TRAD = opencc.OpenCC("s2t")
BOTH = pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])


def document(text: str, traditional: bool = False) -> Document:
    return parse(Source("t", "t.txt", None, TO_TRAD.convert(text) if traditional else text, "utf-8", "txt"))


def owners(text: str, traditional: bool = False) -> list[tuple[str, list[tuple[str, str]]]]:
    """(path, [(agency, role)]) of every task with owners."""
    return [
        (t.path_text, [(r.name, str(r.role)) for r in t.responsibilities])
        for t in document(text, traditional).tasks
        if t.responsibilities
    ]


# -- separators per list ----------------------------------------------------------------------------


@BOTH
def test_separators_are_read_per_list(traditional: bool) -> None:
    # One list uses `，` between bodies; the other list's `、` still separates two bodies.
    text = (
        "一、任务\n1.推进建设。（责任单位：市甲局、市乙委，市丙局，各区政府）\n"
        "2.完善机制。（牵头单位：市丁局；配合单位：市民政局、市住房保障和房产局）\n"
        "3.加强协调。（责任单位：市戊局、市己局、市庚局、市辛局、市壬局、市癸局、市子局，各区政府）\n"
    )
    assert owners(text, traditional) == [
        ("一1", [("市甲局、市乙委", "lead"), ("市丙局", "support"), ("各区政府", "support")]),
        ("一2", [("市丁局", "lead"), ("市民政局", "support"), ("市住房保障和房产局", "support")]),
        (
            "一3",
            [("市戊局", "lead")]
            + [
                (n, "support")
                for n in ["市己局", "市庚局", "市辛局", "市壬局", "市癸局", "市子局", "各区政府"]
            ],
        ),
    ]


@BOTH
def test_a_pair_before_a_collective_is_two_bodies(traditional: bool) -> None:
    # `，` before a collective only sets the collective off: it does not make `、` a join.
    text = "一、任务\n1.推进建设。（责任单位：市甲局、市乙委，各区政府）\n"
    assert owners(text, traditional) == [
        ("一1", [("市甲局", "lead"), ("市乙委", "support"), ("各区政府", "support")])
    ]


@BOTH
def test_a_joint_body_the_registry_knows_stays_one_in_any_list(traditional: bool) -> None:
    text = (
        "北京市科学技术委员会\n一、任务\n1.推进建设。（责任单位：市科委、中关村管委会）\n"
        "2.完善机制。（责任单位：市科委、中关村管委会，市教委，各区政府）\n"
    )
    assert owners(text, traditional) == [
        ("一1", [("市科委、中关村管委会", "lead")]),
        ("一2", [("市科委、中关村管委会", "lead"), ("市教委", "support"), ("各区政府", "support")]),
    ]


# -- conjunctions and tails -------------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize(
    ("marker", "names"),
    [
        ("（责任单位：市甲局、市乙局和市丙局）", ["市甲局", "市乙局", "市丙局"]),
        ("（市甲局及市乙局负责）", ["市甲局", "市乙局"]),
        ("（甲部以及各有关省级人民政府负责）", ["甲部", "各有关省级人民政府"]),
        ("（责任单位：甲部等和各区政府）", ["甲部", "各区政府"]),
        ("（责任单位：人民银行等部门）", ["人民银行"]),
        ("（责任单位：市甲局等有关部门）", ["市甲局", "有关部门"]),
        ("（责任单位：市经济和信息化局、市教委和各高等院校）", ["市经济和信息化局", "市教委", "各高等院校"]),
    ],
)
def test_conjunctions_and_tails_separate_bodies(traditional: bool, marker: str, names: list[str]) -> None:
    (_, found), *_ = owners(f"一、任务\n1.推进建设。{marker}\n", traditional)
    assert [n for n, _ in found] == names


# -- role verbs -------------------------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize("verb", ["组织落实", "具体实施", "抓好落实", "协同推进", "负责落实"])
def test_implementers_support_the_lead_and_keep_their_verb(traditional: bool, verb: str) -> None:
    doc = document(f"一、任务\n1.推进建设（市甲局牵头负责，市乙局、各区政府{verb}）。\n", traditional)
    assert [(r.name, str(r.role), r.verb) for r in doc.tasks[0].responsibilities] == [
        ("市甲局", "lead", "牵头负责"),
        ("市乙局", "support", verb),
        ("各区政府", "support", verb),
    ]


@BOTH
def test_guides_and_leads_by_their_verbs(traditional: bool) -> None:
    text = (
        "一、任务\n1.推进建设（市甲局督促指导，各区政府具体实施）。\n"
        "2.完善机制（市乙局按职责牵头负责，市丙局配合）。\n"
        "3.开展试点（市丁局指导）。\n"
    )
    assert owners(text, traditional) == [
        ("一1", [("市甲局", "guide"), ("各区政府", "support")]),  # implementers beside a guide
        ("一2", [("市乙局", "lead"), ("市丙局", "support")]),
        ("一3", [("市丁局", "guide")]),
    ]


def test_the_verb_and_the_implied_flag_reach_the_graph() -> None:
    doc = document("一、任务\n1.推进建设（市甲局牵头负责，各区政府组织落实）。\n")
    _, edges = graph.fragment(doc)
    found = [
        (e[2]["name"], e[2]["role"], e[2]["verb"], e[2]["implied"])
        for e in edges
        if e[2]["kind"] != "contains"
    ]
    assert found == [("市甲局", "lead", "牵头负责", False), ("各区政府", "support", "组织落实", False)]


# -- standing rules ---------------------------------------------------------------------------------


@BOTH
def test_a_standing_rule_implies_a_body_for_every_later_task_of_its_section(traditional: bool) -> None:
    text = (
        "一、任务\n（一）加强建设（市甲局指导，以下各项均由各区政府落实，不再一一列出）\n"
        "1.推进A。\n2.推进B。（牵头单位：市乙局）\n（二）其他事项\n1.推进C。\n"
    )
    doc = document(text, traditional)
    assert [
        (t.path_text, [(r.name, str(r.role), r.implied) for r in t.responsibilities]) for t in doc.tasks
    ] == [
        ("一（一）1", [("市甲局", "guide", True), ("各区政府", "support", True)]),  # implementer of a guide
        ("一（一）2", [("市乙局", "lead", False), ("市甲局", "guide", True), ("各区政府", "support", True)]),
        ("一（二）1", []),  # outside the rule's section
    ]


@BOTH
def test_a_standing_sentence_before_the_headings_covers_the_document(traditional: bool) -> None:
    text = "各地区要结合实际抓好落实，以下不再列出。\n一、任务\n1.推进A。\n2.推进B。（责任单位：市乙局）\n"
    doc = document(text, traditional)
    assert [[(r.name, str(r.role), r.verb, r.implied) for r in t.responsibilities] for t in doc.tasks] == [
        [("各地区", "lead", "抓好落实", True)],
        [("市乙局", "lead", "责任", False), ("各地区", "support", "抓好落实", True)],
    ]


@BOTH
def test_words_of_a_standing_rule_without_a_body_name_nobody(traditional: bool) -> None:
    text = "有关事项不再一一列出。\n一、任务\n1.推进A。\n2.推进B。由市发改委牵头，建立联席会议制度。\n"
    assert owners(text, traditional) == []


# -- assessment tables ------------------------------------------------------------------------------

TAIL = "\n附则\n本细则自印发之日起施行。\n"


@BOTH
def test_assessment_indicators_are_tasks_of_their_assessing_department(traditional: bool) -> None:
    text = (
        "序号\t考核项目\t分值\t考核指标\t评分标准\t负责考核部门\n一、党建工作（20分）\n"
        "1\t组织建设\t10\t基层党组织覆盖率达到100%\t每降低1%扣1分\t区委组织部\n"
        "2\t作风建设\t10\t开展作风建设专项行动\t未开展扣5分\t区纪委监委\n" + TAIL
    )
    doc = document(text, traditional)
    assert [
        (t.path_text, t.title, [(r.name, str(r.role), r.verb) for r in t.responsibilities])
        for t in doc.tasks
        if t.responsibilities
    ] == [
        ("一1", "基层党组织覆盖率达到100%", [("区委组织部", "lead", "负责考核")]),
        ("一2", "开展作风建设专项行动", [("区纪委监委", "lead", "负责考核")]),
    ]


@BOTH
def test_an_assessed_unit_heads_its_block_and_the_assessor_is_recorded(traditional: bool) -> None:
    text = (
        "序号\t考核类别\t被考核单位\t分值\t考核内容\t评分标准\t考核部门\n"
        "1\t重点考核部门\t区卫健委\t50\t完成疫苗接种任务\t未完成扣10分\t区政府办\n"
        "\t\t\t20\t开展健康宣传\t未开展扣5分\t区政府办\n" + TAIL
    )
    assert [
        (t.title, [(r.name, str(r.role)) for r in t.responsibilities])
        for t in document(text, traditional).tasks
        if t.responsibilities
    ] == [
        ("完成疫苗接种任务", [("区卫健委", "lead"), ("区政府办", "guide")]),
        ("开展健康宣传", [("区卫健委", "lead"), ("区政府办", "guide")]),
    ]


@BOTH
def test_a_group_for_every_unit_assessed(traditional: bool) -> None:
    text = (
        "序号\t考核内容\t分值\t责任单位\t考核部门\n一、通用考核项目（全部责任单位）\n"
        "1\t落实安全生产责任\t10\t\t区应急局\n二、专项考核项目\n"
        "2\t完成河道整治\t20\t区水务局\t区发展改革委\n3\t完成绿化建设\t20\t区绿化市容局\t区发展改革委\n"
        + TAIL
    )
    # The collective the group names answers for its indicators (the table lists only some of
    # the units it assesses); the assessing department guides.
    assert owners(text, traditional) == [
        ("一1", [("全部责任单位", "lead"), ("区应急局", "guide")]),
        ("二2", [("区水务局", "lead"), ("区发展改革委", "guide")]),
        ("二3", [("区绿化市容局", "lead"), ("区发展改革委", "guide")]),
    ]


# -- names ------------------------------------------------------------------------------------------


@BOTH
def test_shared_prefixes_nested_names_glued_names_and_a_deadline_in_the_marker(traditional: bool) -> None:
    text = (
        "一、任务\n1.推进建设。（牵头部门：市交通委科技处、港务处；配合部门：市甲局）\n"
        "2.完善机制。（责任部门：市水务局（海洋局）、市规划资源局）\n"
        "3.加强协调。（责任部门：市住房城乡建设管理委市重大办、市交通委）\n"
        "4.优化服务。（责任部门：市交通委、市公安局。时间节点：2025年3月）\n"
    )
    doc = document(text, traditional)
    assert [([(r.name, str(r.role)) for r in t.responsibilities], t.deadline) for t in doc.tasks] == [
        ([("市交通委科技处", "lead"), ("市交通委港务处", "lead"), ("市甲局", "support")], None),
        ([("市水务局（海洋局）", "lead"), ("市规划资源局", "support")], None),
        ([("市住房城乡建设管理委", "lead"), ("市重大办", "support"), ("市交通委", "support")], None),
        ([("市交通委", "lead"), ("市公安局", "support")], "2025年3月"),
    ]


@BOTH
def test_host_and_co_organisers_of_a_commitment_sheet(traditional: bool) -> None:
    # One marker under the title, before the numbered items: the whole commitment is one task.
    text = (
        "# 2-1 推动数位转型\n\n## 方案说明\n- 承诺事项的起迄时间：2021/1-2024/5\n"
        "- 主（协）办机关：甲部、（乙署）\n### 承诺事项之描述\n1.\t民众参与不足\n2.\t资讯整合不足\n"
    )
    doc = document(text, traditional)
    assert [(t.title, [(r.name, str(r.role)) for r in t.responsibilities]) for t in doc.tasks] == [
        ("2-1推动数位转型", [("甲部", "lead"), ("乙署", "support")])
    ]


# -- tables -----------------------------------------------------------------------------------------


@BOTH
def test_a_flattened_table_with_groups_merged_rows_repeated_headers_and_cut_cells(traditional: bool) -> None:
    header = "序号\n工作任务\n主要工作内容\n牵头单位\n配合单位\n"
    text = (
        "附件\n任务职责分工表\n" + header + "一\n构建处置体系\n（一）\n推动源头减量\n增加土方平衡内容。\n"
        "区建设管理委、区规划资源局\n区水务局、\n区绿化市容局\n"
        "（二）\n提升消纳能力\n开展消纳场所备案。\n区土方工作\n专班\n——\n"
        "开展码头备案工作。\n区绿化市容局\n——\n" + header + "二\n加强全过程管理\n（一）\n加强备案管理\n"
        "严格落实备案制度。\n区城管执法局\n属地街镇\n" + TAIL
    )
    assert owners(text, traditional) == [
        (
            "一（一）",
            [
                ("区建设管理委", "lead"),
                ("区规划资源局", "lead"),
                ("区水务局", "support"),
                ("区绿化市容局", "support"),
            ],
        ),
        ("一（二）-1", [("区土方工作专班", "lead")]),
        ("一（二）-2", [("区绿化市容局", "lead")]),
        ("二（一）", [("区城管执法局", "lead"), ("属地街镇", "support")]),
    ]


BODY = (
    "一、主要任务\n1.推进海绵型公园建设。新改扩建公园绿地项目应落实海绵城市建设要求。（责任单位：区绿化市容局，各街镇）\n"
    "2.推进城镇雨水排水系统建设。对低标准雨水管渠进行改造。（责任单位：区水务局，各街镇）\n"
)
ANNEX = (
    "附件：重点任务分解表\n序号\n任务类型\n重点内容\n责任单位\n"
    "1\n城镇雨水\n排水系统\n持续开展雨污混接排摸改造，完善雨水管渠。\n区水务局、区建设管理委，\n各街镇\n"
    "2\n海绵型公园\n公园绿化项目需落实海绵公园设计理念。\n区绿化市容局、区水务局、\n相关部门，各街镇\n"
)


@BOTH
def test_an_annex_table_restating_the_body_gives_its_units_to_the_body_items(traditional: bool) -> None:
    doc = document(BODY + ANNEX + TAIL, traditional)
    assert [
        (t.path_text, [(r.name, str(r.role)) for r in t.responsibilities])
        for t in doc.tasks
        if t.responsibilities
    ] == [
        ("一1", [("区绿化市容局", "lead"), ("各街镇", "support"), ("区水务局", "support")]),
        ("一2", [("区水务局", "lead"), ("各街镇", "support"), ("区建设管理委", "support")]),
    ]


@BOTH
def test_without_body_markers_the_annex_rows_are_the_tasks(traditional: bool) -> None:
    body = (
        "一、主要任务\n1.海绵型公园。新改扩建公园绿地项目应落实要求。\n2.城镇雨水排水系统。改造雨水管渠。\n"
    )
    doc = document(body + ANNEX + TAIL, traditional)
    assert [t.title for t in doc.tasks if t.title in ("海绵型公园", "城镇雨水排水系统")] == [
        "城镇雨水排水系统",
        "海绵型公园",
    ]
    assert all(t.responsibilities for t in doc.tasks if t.title in ("海绵型公园", "城镇雨水排水系统"))


@BOTH
def test_a_marker_on_its_own_line_after_a_sub_list_closes_the_item(traditional: bool) -> None:
    text = "一、任务\n1.落实属地责任\n各街镇要负责具体工作。\n(1)做好养护。\n(2)做好宣传。\n(责任单位：区交通委、各街镇)\n2.其他。\n"
    assert owners(text, traditional) == [("一1", [("区交通委", "lead"), ("各街镇", "support")])]


# -- what kb owners and exports say -----------------------------------------------------------------


def test_owners_say_when_a_guide_leads_and_when_a_body_is_implied(tmp_path: Path) -> None:
    doc = tmp_path / "plan.txt"
    doc.write_text(
        "甲市人民政府关于印发工作方案的通知\n（一）加强建设（以下各项均由各区政府落实，不再一一列出）\n"
        "1.推进A（市乙局牵头负责，市丙局组织落实）。\n（二）开展试点\n1.推进B（市甲局指导）。\n",
        encoding="utf-8",
    )
    store = ["--store", str(tmp_path / "s")]
    runner = CliRunner()

    def kb(*args: str) -> str:
        result = runner.invoke(main, [*store, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    kb("index", str(doc))
    assert "guide       市甲局\n  未另列牵头单位，由指导单位牵头" in kb("owners", "plan", "#2")
    assert "support     各区政府（默认）   [implied: a standing rule of the document]   [落实]" in kb(
        "owners", "plan", "#1"
    )
    data = json.loads(kb("owners", "plan", "#1", "--json"))
    assert [(a["name"], a["role"], a["verb"], a["implied"]) for a in data["agencies"]] == [
        ("市乙局", "lead", "牵头负责", False),
        ("市丙局", "support", "组织落实", False),
        ("各区政府", "support", "落实", True),
    ]
    table = tmp_path / "t.csv"
    kb("export", "tasks", "plan", "-o", str(table))
    rows = [r.split(",") for r in table.read_text(encoding="utf-8-sig").splitlines()]
    assert [r[2:4] for r in rows if r[0].isdigit()] == [
        ["市乙局", "市丙局；各区政府（默认）"],
        ["市甲局（指导）", ""],
    ], rows


@BOTH
def test_a_table_whose_cells_put_semicolons_between_bodies_joins_pairs_in_every_cell(
    traditional: bool,
) -> None:
    # As `kb export tasks` writes a 任务分工表: `；` between bodies, `、` inside one body's two names.
    text = (
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
        "1\t推进建设。\t市甲局、市乙委\t市丙局；市丁局\t2024年底前\n"
        "2\t完善机制。\t市戊局\t市己局、市庚委\t\n" + TAIL
    )
    assert owners(text, traditional) == [
        ("1", [("市甲局、市乙委", "lead"), ("市丙局", "support"), ("市丁局", "support")]),
        ("2", [("市戊局", "lead"), ("市己局、市庚委", "support")]),
    ]
