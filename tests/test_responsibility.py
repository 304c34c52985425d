"""Responsibility formats of DOMAIN.md section 3, on small invented texts in both scripts."""

from __future__ import annotations

import opencc
import pytest

from indexer.document import parse
from indexer.load import Source

TO_TRAD = opencc.OpenCC("s2t")


def tasks(text: str, traditional: bool = False) -> list[tuple[str, list[tuple[str, str]], str | None]]:
    """(path, [(agency as written, role)], deadline) of every task of a text."""
    if traditional:
        text = TO_TRAD.convert(text)
    doc = parse(Source("t", "t.txt", None, text, "utf-8", "txt"))
    return [
        ("".join(t.path), [(r.name, str(r.role)) for r in t.responsibilities], t.deadline) for t in doc.tasks
    ]


BOTH = pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])


@BOTH
def test_labelled_list_first_leads(traditional: bool) -> None:
    text = "一、任务\n1.推进建设。（责任单位：市发展改革委、市财政局、各区政府）\n2.完善机制。(责任单位:市科委)\n"
    assert tasks(text, traditional) == [
        ("一1", [("市发展改革委", "lead"), ("市财政局", "support"), ("各区政府", "support")], None),
        ("一2", [("市科委", "lead")], None),
    ]


@BOTH
def test_comma_separates_agencies_and_the_enumeration_comma_joins(traditional: bool) -> None:
    text = "一、任务\n1.推进建设。（责任单位：市甲局、市乙委，市丙局，各区政府）\n2.加强协调。（责任单位：市丙局，市丁局）\n"
    assert tasks(text, traditional) == [
        ("一1", [("市甲局、市乙委", "lead"), ("市丙局", "support"), ("各区政府", "support")], None),
        ("一2", [("市丙局", "lead"), ("市丁局", "support")], None),
    ]


@BOTH
def test_explicit_roles(traditional: bool) -> None:
    text = "一、任务\n（一）推进建设。（牵头单位：市甲局；配合单位：市乙委、市丙局）\n"
    assert tasks(text, traditional) == [
        ("一（一）", [("市甲局", "lead"), ("市乙委", "support"), ("市丙局", "support")], None)
    ]


@BOTH
@pytest.mark.parametrize("verb", ["配合", "参与", "按职责分工配合", "按职责分工负责"])
def test_lead_and_supporters(traditional: bool, verb: str) -> None:
    text = f"一、任务\n1.推进建设（市甲局牵头，市乙委、市丙局{verb}）。\n"
    assert tasks(text, traditional) == [
        ("一1", [("市甲局", "lead"), ("市乙委", "support"), ("市丙局", "support")], None)
    ]


@BOTH
def test_convention_declared_once_applies_later(traditional: bool) -> None:
    text = (
        "一、任务\n（一）推进建设。（甲部、乙部负责。列第一位者为牵头单位，下同）\n"
        "（二）完善机制。（丙部、丁部负责）\n"
    )
    assert tasks(text, traditional) == [
        ("一（一）", [("甲部", "lead"), ("乙部", "support")], None),
        ("一（二）", [("丙部", "lead"), ("丁部", "support")], None),
    ]


@BOTH
def test_no_order_declared(traditional: bool) -> None:
    text = "各项任务责任单位排名不分先后。\n一、任务\n1.推进建设。（责任单位：市甲局、市乙委）\n"
    assert tasks(text, traditional) == [("一1", [("市甲局", "responsible"), ("市乙委", "responsible")], None)]


@BOTH
def test_together_with_the_relevant_departments(traditional: bool) -> None:
    text = "一、任务\n（一）推进建设。（甲部会同有关部门负责）\n"
    assert tasks(text, traditional) == [("一（一）", [("甲部", "lead"), ("有关部门", "support")], None)]


@BOTH
def test_guide_and_implementer(traditional: bool) -> None:
    text = "一、任务\n（一）开展试点。（甲部指导，试点城市政府负责落实）\n"
    assert tasks(text, traditional) == [("一（一）", [("甲部", "guide"), ("试点城市政府", "support")], None)]


@BOTH
def test_further_fields_after_the_agencies(traditional: bool) -> None:
    text = "一、任务\n（一）开展试点。（负责部门：甲部、乙部；适用范围：全国）\n"
    assert tasks(text, traditional) == [("一（一）", [("甲部", "lead"), ("乙部", "support")], None)]


@BOTH
def test_marker_after_a_deadline_in_the_same_parentheses(traditional: bool) -> None:
    text = "一、任务\n1.建成平台（2025年底前完成，牵头考核单位：市甲局）。\n2.出台办法。（完成时限：2024年6月底；责任单位：市乙局）\n"
    assert tasks(text, traditional) == [
        ("一1", [("市甲局", "lead")], "2025年底前完成"),
        ("一2", [("市乙局", "lead")], "2024年6月底"),
    ]


@BOTH
def test_marker_before_the_final_full_stop(traditional: bool) -> None:
    text = "一、任务\n（一）加强保障，完善政策体系（牵头单位：甲厅、乙局）。\n"
    assert tasks(text, traditional) == [("一（一）", [("甲厅", "lead"), ("乙局", "lead")], None)]


@BOTH
def test_several_clauses_with_their_own_markers(traditional: bool) -> None:
    text = "一、任务\n1.加强建设。推进A平台建设（责任单位：市甲局）；完善B机制（责任单位：市乙局、市丙局）。\n2.其他。\n"
    assert tasks(text, traditional) == [
        ("一11-1", [("市甲局", "lead")], None),
        ("一11-2", [("市乙局", "lead"), ("市丙局", "support")], None),
        ("一2", [], None),
    ]


@BOTH
def test_districts_listed_before_their_type(traditional: bool) -> None:
    text = "北京市科学技术委员会\n一、任务\n1.建设园区。（责任单位：市科委，海淀、朝阳、顺义、大兴等相关区政府）\n"
    assert tasks(text, traditional)[0][1] == [
        ("市科委", "lead"),
        ("海淀区政府", "support"),
        ("朝阳区政府", "support"),
        ("顺义区政府", "support"),
        ("大兴区政府", "support"),
    ]


@BOTH
def test_x_and_the_relevant_departments(traditional: bool) -> None:
    text = "一、任务\n1.推进建设。（责任单位：市发展改革委等有关部门）\n"
    assert tasks(text, traditional)[0][1] == [("市发展改革委", "lead"), ("有关部门", "support")]


@BOTH
def test_standing_deadline_in_its_own_parentheses(traditional: bool) -> None:
    text = "一、任务\n1.推进建设。（责任单位：市甲局）（长期坚持）\n2.完善机制。（责任单位：市乙局；2024年12月底前）\n"
    assert [t[2] for t in tasks(text, traditional)] == ["长期坚持", "2024年12月底前"]


@BOTH
def test_heading_marker_covers_its_items(traditional: bool) -> None:
    text = "一、任务\n（一）加强建设（牵头单位：市甲局）\n1.推进A。\n2.推进B。\n（二）其他。\n"
    assert tasks(text, traditional) == [
        ("一（一）1", [("市甲局", "lead")], None),
        ("一（一）2", [("市甲局", "lead")], None),
        ("一（二）", [], None),
    ]


@BOTH
def test_table_with_a_responsible_column(traditional: bool) -> None:
    text = (
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n一、优化营商环境\n"
        "1\t推进一网通办改革。\t市政务服务局\t市发展改革委、市司法局\t2024年底前\n"
        "2\t深化商事制度改革。\t\t市市场监管局\t2024年6月底\n"
        "二、强化创新\n3\t建设概念验证中心。\t市科委\t各区政府\t长期坚持\n"
    )
    assert tasks(text, traditional) == [
        (
            "一1",
            [("市政务服务局", "lead"), ("市发展改革委", "support"), ("市司法局", "support")],
            "2024年底前",
        ),
        ("一2", [("市政务服务局", "lead"), ("市市场监管局", "support")], "2024年6月底"),
        ("二3", [("市科委", "lead"), ("各区政府", "support")], "长期坚持"),
    ]


@BOTH
def test_no_markers_no_owners(traditional: bool) -> None:
    text = (
        "北京市财政局关于印发《资金管理办法》的通知\n北京市财政局\n2024年1月1日\n"
        "一、任务\n（一）加强管理。市财政局负责资金审核，市审计局开展监督。\n（二）完善制度。\n"
    )
    assert tasks(text, traditional) == [("一（一）", [], None), ("一（二）", [], None)]


@pytest.mark.parametrize(
    "aside",
    [
        "（以下简称“中关村”）",
        "（含港澳台）",
        "（试行）",
        "（2022-2025年）",
        "（单位：亿元）",
        "（企业负责人）",
    ],
)
def test_asides_in_parentheses_name_no_owner(aside: str) -> None:
    assert tasks(f"一、任务\n1.推进建设{aside}。\n") == [("一1", [], None)]


def test_collective_agencies_are_flagged() -> None:
    doc = parse(
        Source(
            "t",
            "t.txt",
            None,
            "一、任务\n1.推进。（责任单位：市甲局，各区政府，市级相关部门）\n",
            "utf-8",
            "txt",
        )
    )
    assert [(r.name, r.collective) for r in doc.tasks[0].responsibilities] == [
        ("市甲局", False),
        ("各区政府", True),
        ("市级相关部门", True),
    ]


def test_names_resolve_in_the_document_jurisdiction() -> None:
    text = "上海市人民政府办公厅关于印发《实施方案》的通知\n一、任务\n1.推进。（责任单位：市科委、市财政局、相关区政府）\n"
    doc = parse(Source("t", "t.txt", None, text, "utf-8", "txt"))
    assert [(r.canonical, r.jurisdiction) for r in doc.tasks[0].responsibilities] == [
        ("上海市科学技术委员会", "上海市"),
        ("上海市财政局", "上海市"),
        ("相关区政府", "上海市"),
    ]


@BOTH
def test_square_bracket_markers(traditional: bool) -> None:
    text = "一、任务\n1.推进建设。【牵头单位：市甲局；配合单位：市乙委】\n"
    assert tasks(text, traditional) == [("一1", [("市甲局", "lead"), ("市乙委", "support")], None)]


def test_page_footer_is_not_a_marker() -> None:
    text = "一、任务\n1.推进建设。\n主办单位：广州市人民政府办公厅\n承办单位：广州市政务服务数据管理局  联系方式：020-12345678\n"
    assert tasks(text) == [("一1", [], None)]


@BOTH
def test_verbs_inside_a_labelled_value(traditional: bool) -> None:
    text = "一、任务\n1.推进建设。（责任单位：市发展改革委牵头，市财政局、市商务局配合）\n"
    assert tasks(text, traditional)[0][1] == [
        ("市发展改革委", "lead"),
        ("市财政局", "support"),
        ("市商务局", "support"),
    ]


@BOTH
def test_known_distinct_bodies_split_even_where_the_comma_separates(traditional: bool) -> None:
    # The registry knows 市发展改革委 and 市财政局 are two bodies, and 市科委/中关村管委会 one (in Beijing).
    text = (
        "北京市科学技术委员会\n一、任务\n1.推进建设。（责任单位：市发展改革委、市财政局，各区政府）\n"
        "2.完善机制。（责任单位：市科委、中关村管委会，市教委）\n"
    )
    assert [t[1] for t in tasks(text, traditional)] == [
        [("市发展改革委", "lead"), ("市财政局", "support"), ("各区政府", "support")],
        [("市科委、中关村管委会", "lead"), ("市教委", "support")],
    ]


@BOTH
def test_a_ministrys_departments_are_bodies(traditional: bool) -> None:
    # 司: the departments of a ministry, named alone in a ministry's own documents
    text = (
        "某部办公厅关于印发工作要点的通知\n一、任务\n（一）建立资源池。遴选服务商。（甲乙发展司负责）\n"
        "（二）开展评估。每年评估。（中小企业局会同规划司负责）\n（三）加大金融支持。（财务司、中小企业局负责）\n"
    )
    assert [t[1] for t in tasks(text, traditional)] == [
        [("甲乙发展司", "lead")],
        [("中小企业局", "lead"), ("规划司", "support")],
        [("财务司", "lead"), ("中小企业局", "support")],
    ]


@BOTH
def test_types_one_body_often_holds_together_join_where_the_comma_separates(traditional: bool) -> None:
    # 市场监管局 often also carries the 知识产权局 name: in a `，` list the `、` pair is one body,
    # while a `、` list of its own (no `，`) separates them
    text = (
        "某市知识产权工作方案\n一、任务\n1.强化保护。（责任单位：市市场监管局、市知识产权局，市公安局，各区政府）\n"
        "2.加强执法。（配合单位：市市场监管局、市知识产权局）\n"
    )
    assert [t[1] for t in tasks(text, traditional)] == [
        [("市市场监管局、市知识产权局", "lead"), ("市公安局", "support"), ("各区政府", "support")],
        [("市市场监管局", "support"), ("市知识产权局", "support")],
    ]


@BOTH
def test_levels_of_government_share_the_body_named_after_them(traditional: bool) -> None:
    text = (
        "一、任务\n1.推进建设。（责任单位：国家发展改革委、各省、自治区、直辖市人民政府）\n"
        "2.完善机制。（牵头单位：市发展改革委；配合单位：各区、县（市）政府）\n"
    )
    assert [t[1] for t in tasks(text, traditional)] == [
        [("国家发展改革委", "lead"), ("各省、自治区、直辖市人民政府", "support")],
        [("市发展改革委", "lead"), ("各区、县（市）政府", "support")],
    ]


@BOTH
def test_where_the_comma_separates_a_list_that_cannot_be_one_body_splits(traditional: bool) -> None:
    # `，` separates agencies in this document, yet three names, or a collective, are not the
    # two names of one body: `、` separates them.
    text = (
        "一、任务\n1.推进建设。（责任单位：市甲局，市乙委）\n"
        "2.完善机制。（牵头单位：市丙局；配合单位：市丁局、市戊局、各区政府）\n"
        "3.加强协调。（责任单位：市己局、市庚委，市辛局）\n"
    )
    assert [t[1] for t in tasks(text, traditional)] == [
        [("市甲局", "lead"), ("市乙委", "support")],
        [("市丙局", "lead"), ("市丁局", "support"), ("市戊局", "support"), ("各区政府", "support")],
        [("市己局、市庚委", "lead"), ("市辛局", "support")],
    ]


@BOTH
def test_labelled_lines_with_a_deadline_line(traditional: bool) -> None:
    text = (
        "一、任务\n1.推进建设。\n牵头单位：市甲局\n配合单位：市乙委、市丙局\n完成时限：2024年12月底前\n"
        "2.完善机制。\n完成时限：2025年6月底\n责任单位：市丁局\n"
        "3.加强宣传。\n完成时限：长期坚持\n"
    )
    assert tasks(text, traditional) == [
        ("一1", [("市甲局", "lead"), ("市乙委", "support"), ("市丙局", "support")], "2024年12月底前"),
        ("一2", [("市丁局", "lead")], "2025年6月底"),
        ("一3", [], None),
    ]


@BOTH
def test_table_flattened_one_cell_per_line(traditional: bool) -> None:
    # A web page's table as text: one cell per line; a group's merged 序号 and 任务 cells
    # are given once, on its first row.
    text = (
        "重点任务分工\n序号\n重点任务\n具体措施\n牵头单位\n配合单位\n完成时限\n"
        "1\n推进一网通办\n实现政务服务事项全程网办。\n市政务服务局\n市发展改革委、市司法局\n2024年底前\n"
        "深化电子证照应用。\n市公安局\n/\n2024年6月底\n"
        "2\n优化纳税服务\n压缩办税时间。\n市税务局\n市财政局\n长期坚持\n"
    )
    assert tasks(text, traditional) == [
        (
            "1-1",
            [("市政务服务局", "lead"), ("市发展改革委", "support"), ("市司法局", "support")],
            "2024年底前",
        ),
        ("1-2", [("市公安局", "lead")], "2024年6月底"),
        ("2", [("市税务局", "lead"), ("市财政局", "support")], "长期坚持"),
    ]


def test_cells_that_do_not_fit_end_the_table() -> None:
    # A sentence where the units belong is not a row: nothing is read by guesswork.
    text = "序号\n重点任务\n牵头单位\n配合单位\n1\n推进建设\n要加强统筹协调，形成工作合力。\n市财政局\n"
    assert tasks(text) == []


@BOTH
def test_one_verb_after_lists_separated_by_commas(traditional: bool) -> None:
    text = "一、任务\n1.推进建设。（市甲局、市乙局，各区政府按职责分工负责）\n"
    assert tasks(text, traditional)[0][1] == [
        ("市甲局", "lead"),
        ("市乙局", "support"),
        ("各区政府", "support"),
    ]


@BOTH
def test_fields_separated_by_blanks(traditional: bool) -> None:
    text = "一、任务\n1.推进建设。（牵头单位：市甲局 责任单位：各区政府 完成时限：2024年12月）\n"
    assert tasks(text, traditional) == [("一1", [("市甲局", "lead"), ("各区政府", "support")], "2024年12月")]


@BOTH
def test_a_title_stops_before_the_marker_it_runs_into(traditional: bool) -> None:
    text = "一、任务\n1.推进建设。①建设平台（责任单位：市甲局）；②完善机制（责任单位：市乙局）。\n"
    if traditional:
        text = TO_TRAD.convert(text)
    doc = parse(Source("t", "t.txt", None, text, "utf-8", "txt"))
    assert [(t.title, t.title_original) for t in doc.tasks] == [
        ("建设平台", TO_TRAD.convert("建设平台") if traditional else "建设平台"),
        ("完善机制", TO_TRAD.convert("完善机制") if traditional else "完善机制"),
    ]


@BOTH
def test_a_marker_wrapped_over_lines(traditional: bool) -> None:
    text = (
        "一、任务\n1.优化服务。简化流程。（责任单位：\n市政务服务局，市发展改革委）\n"
        "2.加强监测。（牵头单位：市统计局；\n配合单位：市发展改革委、市财\n政局）\n"
        "3.推进试点（详见附件\n4.完善机制。（市甲局、市乙局\n负责）\n"
    )
    assert tasks(text, traditional) == [
        ("一1", [("市政务服务局", "lead"), ("市发展改革委", "support")], None),
        ("一2", [("市统计局", "lead"), ("市发展改革委", "support"), ("市财政局", "support")], None),
        ("一3", [], None),
        ("一4", [("市甲局", "lead"), ("市乙局", "support")], None),
    ]


@BOTH
def test_host_and_co_organiser_labels(traditional: bool) -> None:
    # Taiwan's plans: 主辦機關 leads, 協辦機關 supports; a table's 承办单位 column is responsible.
    text = "一、任务\n1.推动数字转型。（主办机关：经济部；协办机关：国发会、数位部）\n"
    table = "序号\t重点任务\t承办单位\t完成时限\n2\t推进建设。\t市甲局\t2024年底\n"
    assert [t[1] for t in tasks(text, traditional) + tasks(table, traditional)] == [
        [("经济部", "lead"), ("国发会", "support"), ("数位部", "support")],
        [("市甲局", "lead")],
    ]


@BOTH
@pytest.mark.parametrize(
    "marker",
    [
        "（牵头单位：市甲局；参加单位：市乙局、市丙局）",
        "（主要责任单位：市甲局；其他责任单位：市乙局、市丙局）",
        "（牵头责任单位：市甲局；配合责任单位：市乙局、市丙局）",
        "（牵头部门（单位）：市甲局；协作部门（单位）：市乙局、市丙局）",
    ],
)
def test_qualified_and_compound_labels(traditional: bool, marker: str) -> None:
    text = f"一、任务\n1.推进建设。{marker}\n"
    assert tasks(text, traditional)[0][1] == [
        ("市甲局", "lead"),
        ("市乙局", "support"),
        ("市丙局", "support"),
    ]


@BOTH
@pytest.mark.parametrize(
    "header",
    ["牵头单位\t参加单位", "牵头部门（单位）\t配合部门（单位）", "主要责任单位\t其他责任单位", "牵头\t配合"],
)
def test_table_columns_with_qualified_or_bare_names(traditional: bool, header: str) -> None:
    text = f"序号\t重点任务\t{header}\t完成时限\n1\t推进建设。\t市甲局\t市乙局、市丙局\t2024年底\n"
    assert tasks(text, traditional) == [
        ("1", [("市甲局", "lead"), ("市乙局", "support"), ("市丙局", "support")], "2024年底")
    ]


def test_a_clause_path_prints_without_its_item_and_is_found_as_printed() -> None:
    from kb.resolve import find_task

    text = "一、任务\n（一）加强建设。推进A平台建设（责任单位：市甲局）；完善B机制（责任单位：市乙局）。\n"
    doc = parse(Source("t", "t.txt", None, text, "utf-8", "txt"))
    assert [(t.path, t.path_text) for t in doc.tasks] == [
        (("一", "（一）", "（一）-1"), "一（一）-1"),
        (("一", "（一）", "（一）-2"), "一（一）-2"),
    ]
    for ref in ["一（一）-2", "(一)-2", "一（一）（一）-2"]:
        assert find_task(doc, ref).seq == 2


@BOTH
def test_a_closing_sentence_of_roles_without_brackets(traditional: bool) -> None:
    text = (
        "一、任务\n（一）推进建设。做好统筹。国家发展改革委牵头，财政部、人力资源社会保障部参与。\n"
        "（二）完善机制。由市发改委牵头，建立联席会议制度。\n"
        "（三）加强协调。各区政府要建立机制，市发展改革委牵头。\n"
        "（四）强化保障。市财政局负责资金审核，市审计局开展监督。\n"
    )
    assert [t[1] for t in tasks(text, traditional)] == [
        [("国家发展改革委", "lead"), ("财政部", "support"), ("人力资源社会保障部", "support")],
        [],  # a clause that is not a role: prose, not a marker
        [],  # 各区政府要建立机制 is not an agency
        [],
    ]
