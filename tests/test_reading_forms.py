"""Forms of responsibility met on documents the project had not read (issue 14, second round),
on small invented texts in both scripts: deadline fields beside clause markers, `按照职责分工负责`,
Hong Kong markers (`由A牵头，联同B及C推行；时间表：…`, `负责政策局／部门：…`, `A统筹，B协助推行`),
a bare list of bodies closing an item, decimal paragraph numbers (`3.1`), fields on one line
separated by `。`, names of a street office, deadlines carried down a pasted table, a standing
rule in a section heading, and Taiwan vocabulary inside a mainland body's name."""

from __future__ import annotations

import opencc
import pytest

from indexer.document import parse
from indexer.load import Source
from kb.model import Document

TO_TRAD = opencc.OpenCC("s2t")
BOTH = pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])


def document(text: str, traditional: bool = False) -> Document:
    return parse(Source("t", "t.txt", None, TO_TRAD.convert(text) if traditional else text, "utf-8", "txt"))


def read(text: str, traditional: bool = False) -> list[tuple[str, list[tuple[str, str]], str | None]]:
    """(path, [(agency, role)], deadline) of every task with owners."""
    return [
        (t.path_text, [(r.name, str(r.role)) for r in t.responsibilities], t.deadline)
        for t in document(text, traditional).tasks
        if t.responsibilities
    ]


# -- deadlines beside clause markers ----------------------------------------------------------------


@BOTH
def test_a_deadline_field_after_a_clause_marker(traditional: bool) -> None:
    text = (
        "一、任务\n1.清理闲置用地。编制处置清单。（市甲局牵头负责，各区政府组织落实；完成时限：2024年4月底前）\n"
        "2.更新服务指南。组织业务培训。（市乙局、市丙局负责；完成时限：2024年5月底前）\n"
        "3.上线查询系统。（市丁局牵头，市戊局配合，时间节点：2025年6月底前）\n"
        "4.建立回访制度。（市己局牵头；时间表：2026年起）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("市甲局", "lead"), ("各区政府", "support")], "2024年4月底前"),
        ("一2", [("市乙局", "lead"), ("市丙局", "support")], "2024年5月底前"),
        ("一3", [("市丁局", "lead"), ("市戊局", "support")], "2025年6月底前"),
        ("一4", [("市己局", "lead")], "2026年起"),
    ]


@BOTH
@pytest.mark.parametrize(
    "deadline", ["2026年起", "2025年第三季度前", "2024年汛前", "2025年6月底前", "长期坚持"]
)
def test_deadline_shapes_in_their_own_brackets(traditional: bool, deadline: str) -> None:
    text = f"一、任务\n1.推进建设（{deadline}）。（责任单位：市甲局）\n"
    want = deadline  # deadlines are kept in simplified script
    assert [t.deadline for t in document(text, traditional).tasks] == [want]


def test_taiwan_years_in_a_deadline() -> None:
    text = "一、任務\n1.推動數位轉型（113年底前）。（主辦機關：甲部；協辦機關：乙署）\n2.擴大試辦（114年起）。（主辦機關：甲部）\n"
    assert [
        (t.deadline, [(r.name, str(r.role)) for r in t.responsibilities]) for t in document(text).tasks
    ] == [
        ("113年底前", [("甲部", "lead"), ("乙署", "support")]),
        ("114年起", [("甲部", "lead")]),
    ]


@BOTH
def test_fields_on_one_line_separated_by_a_full_stop(traditional: bool) -> None:
    text = (
        "一、任务\n1.规范临时摊点。划定疏导区域。责任单位：市甲局、市乙局。时间节点：2025年10月底前。\n"
        "2.改造农贸市场。增设冷链设施。责任单位：市丙局。\n"
    )
    assert read(text, traditional) == [
        ("一1", [("市甲局", "lead"), ("市乙局", "support")], "2025年10月底前"),
        ("一2", [("市丙局", "lead")], None),
    ]


# -- verbs ------------------------------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize("verb", ["按照职责分工负责", "按照职责负责", "按各自职责负责", "按照职能分工负责"])
def test_a_list_with_a_by_duty_verb_is_led_by_its_first(traditional: bool, verb: str) -> None:
    text = f"一、任务\n1.保障冬季供暖。（市甲局、市乙局、甲供热公司、乙燃气集团{verb}）\n"
    assert read(text, traditional) == [
        (
            "一1",
            [("市甲局", "lead"), ("市乙局", "support"), ("甲供热公司", "support"), ("乙燃气集团", "support")],
            None,
        )
    ]


@BOTH
def test_coordinating_assisting_and_funding_verbs(traditional: bool) -> None:
    text = (
        "一、措施\n1.开设社区课程。（甲办公室统筹，乙局协助推行）\n"
        "2.设立咨询热线。（乙局负责，丙署提供资助）\n"
        "3.研究夜间公交安排。（丁局统筹，戊署、己署配合）\n"
        "4.举办招聘展览。（庚办公室牵头，辛署及壬公司协助）\n"
        "5.简化申请手续。（癸局主导，子署支援）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("甲办公室", "lead"), ("乙局", "support")], None),
        ("一2", [("乙局", "lead"), ("丙署", "support")], None),
        ("一3", [("丁局", "lead"), ("戊署", "support"), ("己署", "support")], None),
        ("一4", [("庚办公室", "lead"), ("辛署", "support"), ("壬公司", "support")], None),
        ("一5", [("癸局", "lead"), ("子署", "support")], None),
    ]


@BOTH
def test_together_with_as_a_clause_of_its_own(traditional: bool) -> None:
    # 由A牵头，联同B及C推行: 联同 works like 会同, its units support the lead.
    text = (
        "一、措施\n1.扩建公共泳池。（由甲局牵头，联同乙署及丙署推行；时间表：2026年起）\n"
        "2.开放学校场地。（由丁局牵头，会同戊处及己局推进）\n"
        "3.更新街道照明。（甲局联同乙署推展）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("甲局", "lead"), ("乙署", "support"), ("丙署", "support")], "2026年起"),
        ("一2", [("丁局", "lead"), ("戊处", "support"), ("己局", "support")], None),
        ("一3", [("甲局", "lead"), ("乙署", "support")], None),
    ]


# -- labels and bare lists --------------------------------------------------------------------------


@BOTH
def test_a_label_naming_two_kinds_of_unit(traditional: bool) -> None:
    text = (
        "一、措施\n1.开设职业讲座。（负责政策局／部门：甲局、乙公司）\n"
        "2.资助长者活动。（负责政策局/部门：丙局、丁署）\n"
        "3.培训社工。（责任单位/部门：戊局）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("甲局", "lead"), ("乙公司", "support")], None),
        ("一2", [("丙局", "lead"), ("丁署", "support")], None),
        ("一3", [("戊局", "lead")], None),
    ]


@BOTH
def test_a_bare_list_of_bodies_after_the_last_sentence_is_a_marker(traditional: bool) -> None:
    text = (
        "一、措施\n1.检讨渡轮航线。增加假日班次。（甲局、乙署、丙署）\n"
        "2.资助社区农圃。（丁局、戊有限公司）\n"
        "3.更新行人指示牌。统一设计样式。\n（己局、庚处）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("甲局", "lead"), ("乙署", "support"), ("丙署", "support")], None),
        ("一2", [("丁局", "lead"), ("戊有限公司", "support")], None),
        ("一3", [("己局", "lead"), ("庚处", "support")], None),
    ]


@BOTH
@pytest.mark.parametrize(
    "sentence",
    [
        "1.完善制度，报市政府（市政府办公厅）审定。",
        "1.加强协调，结果报送市发展改革委（市粮食局）。",
        "1.设立专班（市甲局、市乙局）统筹推进。",
        "1.加强协调。有关意见请径向市甲局（市乙局）提出",
    ],
)
def test_a_body_named_in_brackets_inside_a_sentence_is_no_marker(traditional: bool, sentence: str) -> None:
    assert read(f"一、任务\n{sentence}\n", traditional) == []


# -- numbering --------------------------------------------------------------------------------------


@BOTH
def test_decimal_paragraph_numbers_are_headings(traditional: bool) -> None:
    text = (
        "一、背景\n1.1 本计划列出各项措施。\n1.2 各项措施的进度定期检视。\n"
        "二、措施\n（一）改善交通\n2.1 增设巴士路线。（由甲局牵头，联同乙署推行）\n"
        "2.2 扩建单车径。（负责政策局／部门：丙局、丁公司）\n"
        "（二）改善康乐\n2.3 增建公园。（戊局统筹，己署协助）\n"
        "三、检讨\n5.5 万人参加活动。\n"
    )
    doc = document(text, traditional)
    assert [(s.label, s.title) for s in doc.sections] == [
        ("一", "背景"),
        ("1.1", "本计划列出各项措施"),
        ("1.2", "各项措施的进度定期检视"),
        ("二", "措施"),
        ("（一）", "改善交通"),
        ("2.1", "增设巴士路线"),
        ("2.2", "扩建单车径"),
        ("（二）", "改善康乐"),
        ("2.3", "增建公园"),
        ("三", "检讨"),
    ]
    assert read(text, traditional) == [
        ("二（一）2.1", [("甲局", "lead"), ("乙署", "support")], None),
        ("二（一）2.2", [("丙局", "lead"), ("丁公司", "support")], None),
        ("二（二）2.3", [("戊局", "lead"), ("己署", "support")], None),
    ]


def test_dates_and_decimals_at_a_line_start_are_no_decimal_headings() -> None:
    text = (
        "一、概况\n2022.12 完成验收。\n3.5亿元用于建设。\n1.1 本方案适用于全市。\n1.3 跳过的编号不是标题。\n"
    )
    assert [s.label for s in document(text).sections] == ["一", "1.1"]


# -- names ------------------------------------------------------------------------------------------


@BOTH
def test_names_of_a_street_office_keep_their_own_prefix(traditional: bool) -> None:
    text = (
        "一、任务\n1.整治背街小巷。（责任单位：街道平安建设办公室、街道党政综合办公室）\n"
        "2.建设议事平台。（责任单位：街道公共服务局数据科、街道退役军人服务站）\n"
        "3.美化口袋公园。（责任单位：街道公共服务局市容科、绿化科）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("街道平安建设办公室", "lead"), ("街道党政综合办公室", "support")], None),
        ("一2", [("街道公共服务局数据科", "lead"), ("街道退役军人服务站", "support")], None),
        ("一3", [("街道公共服务局市容科", "lead"), ("街道公共服务局绿化科", "support")], None),
    ]


def test_taiwan_vocabulary_inside_a_mainland_body_resolves_to_the_mainland_body() -> None:
    # A mainland page machine-converted for Taiwan readers: 資訊 for 信息 inside names.
    text = (
        "北京市人民政府辦公廳關於印發工作方案的通知\n一、任務\n"
        "1.推進建設。（責任單位：市經濟和資訊化局、工業和資訊化部、國家資訊中心）\n"
        "北京市人民政府辦公廳\n2024年1月5日\n"
    )
    (task,) = [t for t in document(text).tasks if t.responsibilities]
    assert [(r.name, r.canonical) for r in task.responsibilities] == [
        ("市经济和资讯化局", "北京市经济和信息化局"),
        ("工业和资讯化部", "工业和信息化部"),
        ("国家资讯中心", "国家信息中心"),
    ]


def test_taiwan_bodies_keep_their_own_words() -> None:
    text = "臺北市政府\n一、任務\n1.推動數位轉型。（主辦機關：臺北市政府資訊局）\n"
    (task,) = [t for t in document(text).tasks if t.responsibilities]
    assert [r.canonical for r in task.responsibilities] == ["台北市政府资讯局"]


# -- tables and standing rules ----------------------------------------------------------------------


@BOTH
def test_a_pasted_table_carries_a_merged_deadline_down_like_its_units(traditional: bool) -> None:
    text = (
        "序号\t重点任务\t牵头单位\t完成时限\n1\t推进甲项\t市甲局\t2024年底前\n2\t推进乙项\t\t\n"
        "3\t推进丙项\t市乙局\t长期坚持\n附则\n本方案自印发之日起施行。\n"
    )
    assert read(text, traditional) == [
        ("1", [("市甲局", "lead")], "2024年底前"),
        ("2", [("市甲局", "lead")], "2024年底前"),
        ("3", [("市乙局", "lead")], "长期坚持"),
    ]


@BOTH
def test_a_standing_rule_in_a_section_heading(traditional: bool) -> None:
    text = (
        "一、重点任务（各项任务均由各区政府负责落实，以下不再一一列出）\n"
        "1.推进A。\n2.推进B。（牵头单位：市乙局）\n二、保障措施\n1.加强领导。\n"
    )
    doc = document(text, traditional)
    assert [
        (t.path_text, [(r.name, str(r.role), r.implied) for r in t.responsibilities]) for t in doc.tasks
    ] == [
        ("一1", [("各区政府", "lead", True)]),
        ("一2", [("市乙局", "lead", False), ("各区政府", "support", True)]),
        ("二1", []),
    ]


@BOTH
def test_a_deadline_in_brackets_of_its_own_beside_the_marker(traditional: bool) -> None:
    text = (
        "一、任务\n1.推进建设。（责任单位：市甲局）（完成时限：2024年底前）\n"
        "2.完善机制。（时间节点：2025年6月底前）（牵头单位：市乙局）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("市甲局", "lead")], "2024年底前"),
        ("一2", [("市乙局", "lead")], "2025年6月底前"),
    ]


@BOTH
def test_bare_lists_on_a_page_without_line_breaks(traditional: bool) -> None:
    text = (
        "一、措施 1.1 检讨渡轮航线。增加假日班次。（甲局、乙署、丙署） 1.2 资助社区农圃。（丁局、戊有限公司） "
        "1.3 完善制度，报市政府（市政府办公厅）审定。" + "推进各项工作落实。" * 30
    )
    assert read(text, traditional) == [
        ("一1.1", [("甲局", "lead"), ("乙署", "support"), ("丙署", "support")], None),
        ("一1.2", [("丁局", "lead"), ("戊有限公司", "support")], None),
    ]


@BOTH
@pytest.mark.parametrize(
    "rule",
    [
        "（以下各项任务均需各街道办事处落实，不再单独列出）",
        "。以下各项均由各街道办事处负责落实，不再逐一列明。",
        "（各项工作由各街道办事处组织实施，以下不再重复列出）",
    ],
)
def test_standing_rules_in_other_words(traditional: bool, rule: str) -> None:
    text = f"一、任务\n（一）加强建设{rule}\n1.推进A。\n2.推进B。（牵头单位：市乙局）\n"
    assert [
        [(r.name, str(r.role), r.implied) for r in t.responsibilities]
        for t in document(text, traditional).tasks
    ] == [
        [("各街道办事处", "lead", True)],
        [("市乙局", "lead", False), ("各街道办事处", "support", True)],
    ]


@BOTH
def test_labels_of_carrying_out_coordinating_and_overseeing(traditional: bool) -> None:
    text = (
        "一、措施\n1.推动转型。（执行部门：甲局；协办部门：乙署）\n"
        "2.吸引企业。（统筹单位：丙办公室；推展部门：丁署、戊公司）\n"
        "3.建设平台。（督导单位：己局；承担单位：庚中心）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("甲局", "lead"), ("乙署", "support")], None),
        ("一2", [("丙办公室", "lead"), ("丁署", "support"), ("戊公司", "support")], None),
        ("一3", [("己局", "guide"), ("庚中心", "lead")], None),
    ]


# -- more deadline shapes, bare labels, table groups -------------------------------------------------


@BOTH
def test_recurring_times_and_spans_of_years_in_a_marker(traditional: bool) -> None:
    text = (
        "一、任务\n1.开展联合检查。（市甲局牵头，每年）\n2.通报进展情况。（市乙局牵头，市丙局配合，每季度）\n"
        "3.复核台账数据。（市丁局负责，每半年）\n4.实施改造工程。（市戊局负责，2024—2025年）\n"
        "5.推广试点经验。（市己局负责；时间：2025年起持续推进）\n6.编制三年规划（2024—2026年）。\n"
    )
    assert read(text, traditional) == [
        ("一1", [("市甲局", "lead")], "每年"),
        ("一2", [("市乙局", "lead"), ("市丙局", "support")], "每季度"),
        ("一3", [("市丁局", "lead")], "每半年"),
        ("一4", [("市戊局", "lead")], "2024—2025年"),
        ("一5", [("市己局", "lead")], "2025年起持续推进"),
    ]
    # a span of years alone is a plan's period, not a deadline (and names nobody)
    assert document(text, traditional).tasks[5].deadline is None


@BOTH
def test_bare_role_words_as_labels_inside_brackets(traditional: bool) -> None:
    text = (
        "一、任务\n1.修订管理办法。（牵头：市甲局；配合：市乙局、市丙局）\n"
        "2.推動資料開放。（主辦：甲部；協辦：乙部、丙署）\n"
        "3.完善服务标准。（负责：市丁局）\n"
        "4.开展调查研究。（配合：做好数据采集）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("市甲局", "lead"), ("市乙局", "support"), ("市丙局", "support")], None),
        ("一2", [("甲部", "lead"), ("乙部", "support"), ("丙署", "support")], None),
        ("一3", [("市丁局", "lead")], None),
    ]


@BOTH
def test_taiwan_labels_of_competent_and_assisting_bodies(traditional: bool) -> None:
    text = (
        "一、推動策略\n1.擴充長照據點。（權責機關：甲部；協力機關：乙署、各直轄市及縣（市）政府）\n"
        "2.推動數位服務。（主協辦機關：丙部（丁署））\n"
        "3.強化防災演練。（執行單位：戊署；協辦機關：己局）\n"
    )
    assert read(TO_TRAD.convert(text) if traditional else text) == [
        ("一1", [("甲部", "lead"), ("乙署", "support"), ("各直辖市及县（市）政府", "support")], None),
        ("一2", [("丙部", "lead"), ("丁署", "support")], None),
        ("一3", [("戊署", "lead"), ("己局", "support")], None),
    ]


@BOTH
def test_a_group_row_with_a_marker_gives_its_units_to_the_rows_below(traditional: bool) -> None:
    text = (
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
        "一、产业发展（牵头单位：区甲局）\n1\t推进项目建设\t\t\t2024年底前\n2\t推进招商引资\t\t区乙中心\t每年\n"
        "二、民生保障（责任单位：区丙局、区丁委）\n3\t推进学位建设\t\t\t2024年9月\n4\t推进社区医疗\t区戊局\t\t长期坚持\n"
        "三、城市管理\n5\t推进垃圾分类\t\t\t2025年底前\n"
        "附则\n本方案自印发之日起施行。\n"
    )
    assert read(text, traditional) == [
        ("一1", [("区甲局", "lead")], "2024年底前"),
        ("一2", [("区甲局", "lead"), ("区乙中心", "support")], "每年"),
        ("二3", [("区丙局", "lead"), ("区丁委", "support")], "2024年9月"),
        # a row naming its own lead keeps it; the group's other unit supports it
        ("二4", [("区戊局", "lead"), ("区丁委", "support")], "长期坚持"),
    ]


@BOTH
def test_a_markdown_table_is_read_as_a_task_table(traditional: bool) -> None:
    text = (
        "# 甲区工作方案\n\n## 一、任务分工\n\n| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |\n"
        "| --- | :--- | --- | --- | ---: |\n| 1 | 推进河道清淤 | 区甲局 | 区乙局、区丙局 | 2024年底前 |\n"
        "| 2 | 推进绿道建设 | 区丁局 | — | 每年 |\n\n## 二、保障措施\n\n加强组织领导。\n"
    )
    doc = parse(Source("t", "t.md", None, TO_TRAD.convert(text) if traditional else text, "utf-8", "md"))
    assert [
        (t.path_text, [(r.name, str(r.role)) for r in t.responsibilities], t.deadline)
        for t in doc.tasks
        if t.responsibilities
    ] == [
        ("一1", [("区甲局", "lead"), ("区乙局", "support"), ("区丙局", "support")], "2024年底前"),
        ("一2", [("区丁局", "lead")], "每年"),
    ]
    assert not any("---" in t.text for t in doc.tasks)  # the rule under the header is no task


@BOTH
def test_a_closing_sentence_or_clause_opened_by_you(traditional: bool) -> None:
    # 由A负责 closing an item names its body, as 由A牵头，B配合 does; words before 由 name the work.
    text = (
        "一、任务\n1.修缮历史建筑。由市甲局负责。\n2.开放学校操场，由市乙局负责。\n"
        "3.建设口袋公园。由市丙局牵头，联同市丁局及市戊局推行。\n4.整治老旧电梯。该项工作由市己局牵头。\n"
        "5.更新消防设施。所需经费由市庚局负责。\n6.规范共享单车，市辛局负责。\n"
    )
    assert read(text, traditional) == [
        ("一1", [("市甲局", "lead")], None),
        ("一2", [("市乙局", "lead")], None),
        ("一3", [("市丙局", "lead"), ("市丁局", "support"), ("市戊局", "support")], None),
        ("一4", [("市己局", "lead")], None),
    ]


@BOTH
def test_taiwan_parts_numbered_above_the_sections_and_a_table_of_its_own(traditional: bool) -> None:
    text = (
        "甲市推動乙丙計畫\n壹、緣起\n本計畫依核定方案辦理。\n貳、執行策略\n一、改善交通\n"
        "（一）建置號誌系統。（主辦機關：甲局；協辦機關：乙局、丙局）\n二、改善醫療\n"
        "（一）推動遠距服務。\n主辦機關：丁局\n協辦機關：各區公所\n預定完成期程：114年12月\n"
        "參、分工表\n項次\t工作項目\t主辦機關\t協辦機關\t預定完成期程\n"
        "1\t建置開放平臺\t戊局\t己會\t113年12月\n2\t推動行動支付\t庚局\t各區公所、戊局\t114年6月\n"
        "3\t汰換路燈\t辛局\t\t115年12月\n肆、經費\n所需經費由各機關編列預算支應。\n"
    )
    source = TO_TRAD.convert(text) if traditional else opencc.OpenCC("t2s").convert(text)
    doc = parse(Source("t", "t.txt", None, source, "utf-8", "txt"))
    assert [s.label for s in doc.sections if s.level <= 3] == ["壹", "贰", "一", "二", "参", "肆"]
    assert [
        (t.path_text, [(r.name, str(r.role)) for r in t.responsibilities], t.deadline)
        for t in doc.tasks
        if t.responsibilities
    ] == [
        ("贰一（一）", [("甲局", "lead"), ("乙局", "support"), ("丙局", "support")], None),
        ("贰二（一）", [("丁局", "lead"), ("各区公所", "support")], "114年12月"),
        ("参1", [("戊局", "lead"), ("己会", "support")], "113年12月"),
        ("参2", [("庚局", "lead"), ("各区公所", "support"), ("戊局", "support")], "114年6月"),
        # a row naming its own organiser does not take the co-organisers of the row above
        ("参3", [("辛局", "lead")], "115年12月"),
    ]


@BOTH
def test_an_assessment_table_with_levels_of_indicators_and_lead_departments(traditional: bool) -> None:
    text = (
        "甲县年度绩效考核办法\n附件\n考核指标及责任分工表\n"
        "序号\t一级指标\t二级指标\t分值\t考核内容及评分标准\t牵头部门\t责任单位\n"
        "1\t经济发展\t甲项增速\t10\t完成目标得满分\t县甲局\t各乡镇\n"
        "2\t\t乙项投资\t8\t完成目标得满分\t县甲局\t各乡镇、县乙局\n"
        "3\t社会民生\t丙项比率\t6\t达到98%\t县丙局\t\n"
    )
    doc = document(text, traditional)
    assert [
        (t.title, [(r.name, str(r.role)) for r in t.responsibilities])
        for t in doc.tasks
        if t.responsibilities
    ] == [
        ("甲项增速", [("县甲局", "lead"), ("各乡镇", "support")]),
        # a township level before a county bureau is no shared name: two bodies
        ("乙项投资", [("县甲局", "lead"), ("各乡镇", "support"), ("县乙局", "support")]),
        # beside a 牵头 column, an empty 责任单位 cell of a row with its own lead is empty
        ("丙项比率", [("县丙局", "lead")]),
    ]


@BOTH
def test_places_before_a_places_body_share_it_and_bank_branches_are_bodies(traditional: bool) -> None:
    text = (
        "一、任务\n1.发展甲项。（广州、深圳、珠海市政府负责）\n"
        "2.发展乙项。（省甲厅牵头，广州、深圳市乙局配合）\n"
        "3.加大金融支持。（人民银行甲省分行、国家金融监督管理总局甲监管局、省委金融办按职责分工负责）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("广州市政府", "lead"), ("深圳市政府", "support"), ("珠海市政府", "support")], None),
        ("一2", [("省甲厅", "lead"), ("广州市乙局", "support"), ("深圳市乙局", "support")], None),
        (
            "一3",
            [
                ("人民银行甲省分行", "lead"),
                ("国家金融监督管理总局甲监管局", "support"),
                ("省委金融办", "support"),
            ],
            None,
        ),
    ]


@BOTH
def test_working_with_partners_jointly_and_a_bare_list_with_its_deadline(traditional: bool) -> None:
    text = (
        "一、措施\n1.优化审批程序。（由甲局牵头，并与乙署及丙处合作）\n2.提升服务效率。（由丁局与戊署共同推行）\n"
        "3.研究新方案，并于2025年内完成。（己局、庚署；时间表：2025年内）\n4.检讨收费。（辛局、壬署；今年底前）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("甲局", "lead"), ("乙署", "support"), ("丙处", "support")], None),
        ("一2", [("丁局", "lead"), ("戊署", "support")], None),
        ("一3", [("己局", "lead"), ("庚署", "support")], "2025年内"),
        ("一4", [("辛局", "lead"), ("壬署", "support")], "今年底前"),
    ]


@BOTH
def test_a_sentence_after_a_list_with_etc_names_nobody(traditional: bool) -> None:
    # `A、B等单位应当…配合` is a duty in a law's prose, not a marker: no owner is invented.
    text = "第一条 鼓励开展研究。\n第二条 市甲局组织研究；甲类学校、乙类院所等单位应当给予支持与配合。\n"
    assert read(text, traditional) == []


@BOTH
def test_labels_in_square_brackets_and_in_lenticular_brackets_without_a_colon(traditional: bool) -> None:
    text = (
        "一、任务\n1.推进甲项。【牵头单位】市甲局【配合单位】市乙局、市丙局\n"
        "2.推进乙项。[责任单位：市丁局、市戊局]\n3.推进丙项。【责任单位】市己局\n"
        "4.推进丁项。【注】本项不设考核。\n"
    )
    assert read(text, traditional) == [
        ("一1", [("市甲局", "lead"), ("市乙局", "support"), ("市丙局", "support")], None),
        ("一2", [("市丁局", "lead"), ("市戊局", "support")], None),
        ("一3", [("市己局", "lead")], None),
    ]


@BOTH
def test_an_item_naming_only_supporters_keeps_its_headings_lead(traditional: bool) -> None:
    text = (
        "一、任务\n（一）加强建设（牵头单位：市甲局）\n1.推进甲项。（配合单位：市乙局）\n2.推进乙项。\n"
        "3.推进丙项。（责任单位：市丙局）\n（二）优化服务\n4.推进丁项。（配合单位：市丁局）\n"
    )
    assert read(text, traditional) == [
        ("一（一）1", [("市甲局", "lead"), ("市乙局", "support")], None),
        ("一（一）2", [("市甲局", "lead")], None),
        ("一（一）3", [("市丙局", "lead")], None),  # a marker with a body of its own replaces the heading's
        ("一（二）4", [("市丁局", "support")], None),
    ]


@BOTH
def test_a_table_pasted_one_cell_per_line_with_a_bracketed_group_row(traditional: bool) -> None:
    text = (
        "一、重点任务分工\n序号\n重点任务\n牵头单位\n配合单位\n完成时限\n（一）产业发展\n"
        "1\n推进项目建设\n区甲局\n区乙局\n2024年底前\n2\n推进招商引资\n区丙局\n区丁局\n每年\n二、保障措施\n加强领导。\n"
    )
    assert read(text, traditional) == [
        ("一（一）1", [("区甲局", "lead"), ("区乙局", "support")], "2024年底前"),
        ("一（一）2", [("区丙局", "lead"), ("区丁局", "support")], "每年"),
    ]


@BOTH
def test_markdown_bold_labels_and_bulleted_fields(traditional: bool) -> None:
    text = (
        "## 一、任务\n\n1. 推进甲项。\n   **责任单位：** 市甲局、市乙局\n   **完成时限：** 2024年底前\n"
        "2. 推进乙项。（**牵头单位：**市丙局；**配合单位：**市丁局）\n"
        "3. 推进丙项。\n   - 牵头单位：市戊局\n   - 配合单位：市己局\n"
    )
    doc = parse(Source("t", "t.md", None, TO_TRAD.convert(text) if traditional else text, "utf-8", "md"))
    assert [
        (t.path_text, [(r.name, str(r.role)) for r in t.responsibilities], t.deadline) for t in doc.tasks
    ] == [
        ("一1", [("市甲局", "lead"), ("市乙局", "support")], "2024年底前"),
        ("一2", [("市丙局", "lead"), ("市丁局", "support")], None),
        ("一3", [("市戊局", "lead"), ("市己局", "support")], None),
    ]


@BOTH
def test_peoples_organisations_zones_and_cooperatives_are_bodies(traditional: bool) -> None:
    text = (
        "一、任务\n1.关爱困难群体。（市妇联、市残联、市侨联按职责分工负责）\n"
        "2.建设创新园区。（甲高新区管委会牵头，乙经济开发区、丙综保区配合）\n"
        "3.发展农村电商。（市供销社、市农商行、各镇街负责）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("市妇联", "lead"), ("市残联", "support"), ("市侨联", "support")], None),
        ("一2", [("甲高新区管委会", "lead"), ("乙经济开发区", "support"), ("丙综保区", "support")], None),
        ("一3", [("市供销社", "lead"), ("市农商行", "support"), ("各镇街", "support")], None),
    ]


@BOTH
@pytest.mark.parametrize("field", ["推行时间表", "落实时间", "实施期限", "工作时限", "截止时间", "时间安排"])
def test_deadline_fields_with_a_qualifier(traditional: bool, field: str) -> None:
    text = f"一、措施\n1.扩建设施。（负责部门：甲局；{field}：2025年起）\n2.检讨制度。（乙局负责；{field}：2024年内）\n"
    assert read(text, traditional) == [
        ("一1", [("甲局", "lead")], "2025年起"),
        ("一2", [("乙局", "lead")], "2024年内"),
    ]


@BOTH
def test_overall_charge_and_a_label_whose_value_names_supporters_by_a_verb(traditional: bool) -> None:
    text = (
        "一、任务\n1.推进甲项。（市甲局负总责，市乙局具体负责）\n2.推进乙项。（市丙局牵头抓总，市丁局协助）\n"
        "3.推进丙项。（责任单位：市戊局，市己局、市庚局按职责分工配合）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("市甲局", "lead"), ("市乙局", "support")], None),
        ("一2", [("市丙局", "lead"), ("市丁局", "support")], None),
        ("一3", [("市戊局", "lead"), ("市己局", "support"), ("市庚局", "support")], None),
    ]


@BOTH
def test_a_table_pasted_one_cell_per_line_under_a_heading_with_a_marker(traditional: bool) -> None:
    # The group row （一）…（牵头单位：区甲局） is a heading of the text: its rows take its marker as
    # items do, a row naming only a supporter keeps the heading's lead.
    text = (
        "一、重点任务分工\n序号\n重点任务\n牵头单位\n配合单位\n完成时限\n（一）产业发展（牵头单位：区甲局）\n"
        "1\n推进项目建设\n——\n区乙局\n2024年底前\n2\n推进招商引资\n区丙局\n区丁局\n每年\n二、保障措施\n加强领导。\n"
    )
    assert read(text, traditional) == [
        ("一（一）1", [("区甲局", "lead"), ("区乙局", "support")], "2024年底前"),
        ("一（一）2", [("区丙局", "lead"), ("区丁局", "support")], "每年"),
    ]


@BOTH
@pytest.mark.parametrize("deadline", ["2024.12", "2024-12-31前", "2025/6底前"])
def test_dates_in_figures_in_a_marker(traditional: bool, deadline: str) -> None:
    text = f"一、任务\n1.推进甲项。（市甲局牵头，市乙局配合，{deadline}）\n2.推进乙项（{deadline}）。（责任单位：市丙局）\n"
    assert read(text, traditional) == [
        ("一1", [("市甲局", "lead"), ("市乙局", "support")], deadline),
        ("一2", [("市丙局", "lead")], deadline),
    ]


# -- a list's word for none -------------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize("none", ["无", "暂无", "——", "/", "不涉及"])
def test_a_role_given_as_none_names_no_unit(traditional: bool, none: str) -> None:
    """`配合单位：无`, `協辦機關：無`, a dash or a slash: the task has no unit of that role (never
    an agency called 无)."""
    text = (
        "某市工作方案\n一、重点任务\n"
        f"1.推进甲工作。（牵头单位：市甲局；配合单位：{none}）\n"
        f"2.推进乙工作。主办机关：市乙局；协办机关：{none}\n"
        "3.推进丙工作。（牵头单位：市丙局；配合单位：市丁局）\n"
    )
    assert read(text, traditional) == [
        ("一1", [("市甲局", "lead")], None),
        ("一2", [("市乙局", "lead")], None),
        ("一3", [("市丙局", "lead"), ("市丁局", "support")], None),
    ]


@BOTH
def test_hosting_and_co_hosting_in_prose_after_an_items_heading(traditional: bool) -> None:
    """Taiwan's statutes and plans: `甲事項：由甲部主辦；乙署協辦。` (clauses joined by `；`, after
    the item's heading and `：`) and `由甲部主辦。` alone, in a document that writes 協辦 at all."""
    text = (
        "某某法\n第八条 中央有关机关应推动下列事项：\n"
        "一、甲事项之推动：由市甲局主办；市乙局协办。\n"
        "二、乙事项之规划：由市丙局、市丁局主办；市戊局、市己局协办。\n"
        "三、丙事项之执行：由市庚局主办。\n"
        "四、丁事项之研究，应予加强。\n"
    )
    assert [(path, owners) for path, owners, _ in read(text, traditional)] == [
        ("一", [("市甲局", "lead"), ("市乙局", "support")]),
        ("二", [("市丙局", "lead"), ("市丁局", "lead"), ("市戊局", "support"), ("市己局", "support")]),
        ("三", [("市庚局", "lead")]),
    ]


@BOTH
def test_a_law_that_never_writes_co_hosting_keeps_its_prose_ownerless(traditional: bool) -> None:
    """`由A负责` in a law's prose is no marker when nothing else in it looks like one."""
    text = "某某条例\n第三条 本条例的解释工作由市甲局负责。\n第四条 具体办法由市乙局主办。\n"
    assert read(text, traditional) == []
