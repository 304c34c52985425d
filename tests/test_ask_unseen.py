"""`kb ask` on documents like those the project has never seen, in an invented store: a joint
document number whose prefix starts with an agency's short name, documents named by a place, a
topic and a kind (绍兴人才措施, 绍兴这份方案, a nickname no title holds), English place names in
pinyin, figures and facts asked freely, counts of numbered tasks, deadlines in a task's words.

The documents are invented (市甲局, 市乙委 …); expected answers come from reading them.
"""

from __future__ import annotations

import pytest

from kb.knowledge import KnowledgeBase

CHARGING = """\
绍兴市人民政府办公室关于印发绍兴市新能源汽车充电设施建设行动方案（2024—2025年）的通知
绍政办发〔2024〕8号
各区、县（市）人民政府，市政府各部门：
《绍兴市新能源汽车充电设施建设行动方案（2024—2025年）》已经市政府同意，现印发给你们，请认真贯彻执行。
绍兴市人民政府办公室
2024年3月1日

绍兴市新能源汽车充电设施建设行动方案（2024—2025年）

为加快打造“充电无忧之城”，制定本方案。

一、主要目标
到2025年，全市建成公共充电桩1.2万个，城区充电服务半径缩小至1公里。

二、重点任务
（一）完善公共充电网络
1.建设城市快充站。在主城区新建快充站200座，2024年底前建成100座。（牵头单位：市甲局；配合单位：市乙委、各区人民政府）
2.推进居住社区充电设施。新建小区全部预留充电条件，老旧小区因地制宜改造。（牵头单位：市乙委；配合单位：市丙局）
3.完善党政机关充电设施。党政机关内部停车场按比例配建充电桩。（牵头单位：市丁局；配合单位：市甲局）
（二）强化运营保障
4.加强充电设施安全监管。建立充电设施安全巡查制度。（牵头单位：市丙局；配合单位：各区人民政府）
5.统一充电服务平台。建设全市充电服务平台。（牵头单位：市甲局）
6.加强宣传引导。多渠道宣传充电设施建设成效。
（三）拓展交通场景
7.建设机场充电设施。在机场停车楼配建充电桩。（牵头单位：民航华东地区管理局；配合单位：市甲局）
8.建设街道充电示范点。2023年已建设街道充电示范点3个。2025年6月底前每个街道各建1个。（牵头单位：区城建和管理局；配合单位：各区人民政府）

三、保障措施
本方案自印发之日起施行，有效期至2025年12月31日。
"""

TALENT = """\
紹興市人才發展若干措施

為加快建設人才強市，制定如下措施。

一、集聚高端人才
1.實施頂尖人才引進計劃。對引進的頂尖人才給予最高1000萬元資助。（責任單位：市戊辦、市甲局）
2.拓寬海外引才管道。在海外設立引才工作站。（責任單位：市己局）
二、優化人才服務
3.強化人才金融服務。設立人才創業基金。（牽頭單位：市庚局；配合單位：市戊辦、市己局）
4.完善人才住房保障。每年籌集人才住房1000套。年底前建成人才驛站10個。（牽頭單位：市辛局；配合單位：各區政府（管委會））

本措施自2024年7月1日起施行，有效期5年。
"""

JOINT = """\
财政部 税务总局关于印发《绿色税收支持行动方案》的通知
财政部联税〔2023〕8号
各省、自治区、直辖市财政厅（局）：
现将《绿色税收支持行动方案》印发给你们，请遵照执行。
财政部 税务总局
2023年6月1日

绿色税收支持行动方案

一、主要任务
1.落实资源综合利用增值税政策。（财政部、税务总局按职责分工负责）
2.完善环境保护税征管。（税务总局、财政部按职责分工负责）
3.加强政策宣传解读。（税务总局负责）
"""

DOC_ASSESS = """\
嘉兴市2024年度机关部门综合考核细则

一、考核内容
序号\t考核项目\t分值\t考核内容\t责任单位\t牵头考核单位
1\t招商引资\t10\t新签约亿元以上项目20个以上\t市甲局\t市考核办
2\t科技金融\t10\t新增科技贷款增长10%以上\t市乙委\t市财政局
3\t预算管理\t5\t预算执行率达到90%以上\t市丙局\t市财政局
4\t安全生产\t5\t全年无较大安全事故\t市甲局\t市应急局
"""

DOC_STREET = """\
蓝湾街道2025年市容环境整治工作方案

一、重点工作
1.整治占道经营。开展占道经营专项整治。（责任单位：街道甲办）
2.推进网格化管理。深化“网格+巡查”模式，将市容问题纳入网格巡查。（责任单位：街道乙办、各社区居委会）
"""


@pytest.fixture(scope="module")
def unseen(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    from indexer.pipeline import index

    folder = tmp_path_factory.mktemp("unseen")
    (folder / "in").mkdir()
    for name, text in (
        ("charging", CHARGING),
        ("talent", TALENT),
        ("joint", JOINT),
        ("assess", DOC_ASSESS),
        ("street", DOC_STREET),
    ):
        (folder / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
    report = index([folder / "in"], folder / "store", workers=1)
    assert report.ok, report.errors
    return KnowledgeBase.open(folder / "store")


def owners(answer: object) -> list[tuple[str, str]]:
    return [(r.name, str(r.role)) for r in answer.agencies]  # type: ignore[attr-defined]


def tasks(answer: object) -> list[tuple[str, str]]:
    return [(t.doc, t.path_text) for t in answer.tasks]  # type: ignore[attr-defined]


# -- a number whose prefix starts with an agency's short name ----------------------------------


@pytest.mark.parametrize("question", ["财政部联税〔2023〕8号第2项由谁牵头？", "財政部聯稅〔2023〕8號第2項由誰牽頭？",
                                      "Who leads task 2 of 财政部联税[2023]8号?",
                                      "联税〔2023〕8号第2项由谁牵头？",  # the number without its first words
                                      "部联税〔2023〕8号第2项由谁牵头？",  # … or without its first characters
                                      "财政部、税务总局联税〔2023〕8号第2项由谁牵头？"])  # fmt: skip
def test_a_joint_number_starting_with_an_agencys_name(unseen: KnowledgeBase, question: str) -> None:
    answer = unseen.ask(question)
    assert tasks(answer) == [("joint", "一2")]
    assert owners(answer) == [("税务总局", "lead"), ("财政部", "support")]


# -- a place, a topic and a kind ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "task", "expected"),
    [("绍兴“充电无忧之城”方案里党政机关充电设施谁负责？", "二（一）3", [("市丁局", "lead"), ("市甲局", "support")]),
     ("紹興「充電無憂之城」方案裡黨政機關充電設施誰負責？", "二（一）3", [("市丁局", "lead"), ("市甲局", "support")]),
     ("绍兴这份方案第2项由谁负责？", "二（一）2", [("市乙委", "lead"), ("市丙局", "support")]),
     ("绍兴这份充电方案第2项由谁负责？", "二（一）2", [("市乙委", "lead"), ("市丙局", "support")]),
     ("紹興人才措施第3條的配合單位？", "二3", [("市戊办", "support"), ("市己局", "support"), ("市庚局", "lead")]),
     ("In the Shaoxing talent measures, who supports task 3?", "二3",
      [("市戊办", "support"), ("市己局", "support"), ("市庚局", "lead")])],
)  # fmt: skip
def test_a_document_named_by_place_topic_and_kind(
    unseen: KnowledgeBase, question: str, task: str, expected: list[tuple[str, str]]
) -> None:
    answer = unseen.ask(question)
    assert [path for _, path in tasks(answer)] == [task]
    assert sorted(owners(answer)) == sorted(expected)


def test_a_place_and_kind_whose_words_the_document_lacks_names_none(unseen: KnowledgeBase) -> None:
    answer = unseen.ask("绍兴港口岸电方案第1项由谁负责？")  # its one 方案 says nothing of 港口岸电
    assert answer.explanation is not None
    assert answer.kind == "not_found" or any("no document matches" in s for s in answer.explanation.steps)
    assert tasks(answer) != [("charging", "二（一）1")]


# -- agencies named in English: glosses, collectives, a body's second name ------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [("Which tasks of the Shaoxing charging plan involve the district people's governments?",
      [("charging", "二（一）1"), ("charging", "二（二）4"), ("charging", "二（三）8")]),
     ("绍兴充电方案里各区政府参与哪些任务？",  # 各区人民政府 is 各区政府
      [("charging", "二（一）1"), ("charging", "二（二）4"), ("charging", "二（三）8")]),
     ("紹興人才措施裡各區政府配合哪些任務？", [("talent", "二4")]),  # 各区政府（管委会）
     ("Which tasks involve the CAAC East China Regional Administration?", [("charging", "二（三）7")]),
     ("Which tasks does the District Urban Construction and Management Bureau lead?", [("charging", "二（三）8")])],
)  # fmt: skip
def test_agencies_named_in_english_or_as_a_collective(
    unseen: KnowledgeBase, question: str, expected: list[tuple[str, str]]
) -> None:
    answer = unseen.ask(question)
    assert answer.kind == "tasks_of_agency"
    assert tasks(answer) == expected


# -- English questions naming a task by its words ----------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [("Who leads strengthening the safety supervision of charging facilities in Shaoxing's charging plan?",
      ("charging", "二（二）4")),
     ("Who owns item 2, advancing residential community charging facilities, in the Shaoxing charging action plan?",
      ("charging", "二（一）2")),
     ("Who is responsible for building the unified charging service platform in Shaoxing's plan?",
      ("charging", "二（二）5")),
     ("Who is responsible for strengthening talent finance support services in the Shaoxing talent measures?",
      ("talent", "二3")),
     ("Which commission leads task 2 of 财政部联税[2023]8号?", ("joint", "一2"))],
)  # fmt: skip
def test_english_questions_naming_a_task_by_its_words(
    unseen: KnowledgeBase, question: str, expected: tuple[str, str]
) -> None:
    assert tasks(unseen.ask(question)) == [expected]


def test_a_time_node_asked_in_english_is_the_deadline(unseen: KnowledgeBase) -> None:
    answer = unseen.ask("What is the time node for the urban fast charging stations task in Shaoxing's plan?")
    assert answer.kind in ("deadline", "no_deadline") and tasks(answer) == [("charging", "二（一）1")]


# -- figures and facts asked freely: quoted, not not_found -----------------------------------------


@pytest.mark.parametrize(
    ("question", "quote"),
    [("到2025年绍兴要建成多少公共充电桩？", "全市建成公共充电桩1.2万个"),
     ("绍兴充电方案提出到2025年城区充电服务半径缩小到多少？", "城区充电服务半径缩小至1公里"),
     ("How many public charging piles should Shaoxing build by 2025?", "全市建成公共充电桩1.2万个"),
     ("What does the Shaoxing charging plan say about the charging service radius?", "城区充电服务半径缩小至1公里"),
     ("How long are the Shaoxing talent measures valid?", "有效期5年"),
     ("紹興人才措施的有效期多長？", "有效期5年"),
     ("绍兴充电方案的有效期到什么时候？", "有效期至2025年12月31日")],
)  # fmt: skip
def test_a_figure_or_a_fact_is_quoted(unseen: KnowledgeBase, question: str, quote: str) -> None:
    answer = unseen.ask(question)
    assert answer.kind == "free"
    assert quote in answer.citations[0].quote
    assert all(c.quote != "行动方案（2024—2025年）" for c in answer.citations)  # a title is never an answer


# -- counts: a part's tasks, an agency's leads, the assessing department ---------------------------


@pytest.mark.parametrize(
    ("question", "count"),
    [("紹興充電方案第二部分共有幾項重點任務？", 7),  # 8 items, one names no unit
     ("绍兴充电方案第二部分第（一）项有几项任务？", 3),
     ("How many tasks are in part 2 of the Shaoxing charging plan?", 7),
     ("绍兴充电方案里市甲局作为牵头单位负责几项任务？", 2),
     ("嘉兴考核细则中市财政局作为牵头考核单位负责几项指标？", 2),  # an assessment table's 牵头考核单位
     ("嘉興考核細則中市財政局作為牽頭考核單位負責幾項指標？", 2)],
)  # fmt: skip
def test_counts(unseen: KnowledgeBase, question: str, count: int) -> None:
    answer = unseen.ask(question)
    assert answer.kind == "count" and answer.count == count


# -- deadlines a task's own words give ----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "said"),
    [("建设城市快充站什么时候完成？", "2024年底前建成100座"),
     ("建設街道充電示範點什麼時候完成？", "2025年6月底前每個街道各建1個"),  # not the year of the pilots
     ("What is the deadline for building urban fast charging stations?", "2024年底前建成100座"),
     ("完善人才住房保障什么时候完成？", "年底前建成人才驛站10個")],  # no year; quoted as written
)  # fmt: skip
def test_a_deadline_in_the_tasks_words_is_quoted(unseen: KnowledgeBase, question: str, said: str) -> None:
    answer = unseen.ask(question)
    assert answer.kind == "deadline" and said in answer.answer


@pytest.mark.parametrize("question", ["蓝湾“网格+巡查”模式谁负责？", "藍灣「網格+巡查」模式誰負責？"])
def test_task_words_beginning_with_words_of_a_title(unseen: KnowledgeBase, question: str) -> None:
    answer = unseen.ask(question)  # 蓝湾 is no place the gazetteer knows: the title holds it
    assert tasks(answer) == [("street", "一2")]
    assert sorted(owners(answer)) == [("各社区居委会", "support"), ("街道乙办", "lead")]


@pytest.mark.parametrize(
    "question", ["Which tasks does the MOF lead?", "Which tasks does the Ministry of Finance lead?"]
)
def test_a_national_body_by_its_acronym(unseen: KnowledgeBase, question: str) -> None:
    answer = unseen.ask(question)
    assert answer.kind == "tasks_of_agency" and tasks(answer) == [("joint", "一1")]


@pytest.mark.parametrize(
    ("question", "expected"),
    [("绍政办发8号文第4项由谁牵头？", ("charging", "二（二）4")),  # no year: the catalogue's 〔2024〕
     ("紹政辦發8號文件第4項由誰牽頭？", ("charging", "二（二）4")),
     ("嘉兴考核办法第2项谁负责？", ("assess", "一2")),  # a 细则 called 办法 (no 考核办 + 法)
     ("财政部等两部门绿色税收方案第1项谁牵头？", ("joint", "一1"))],  # the issuers before the title's words
)  # fmt: skip
def test_documents_named_loosely(unseen: KnowledgeBase, question: str, expected: tuple[str, str]) -> None:
    assert tasks(unseen.ask(question)) == [expected]


def test_a_name_in_pinyin_no_place_table_lists_points_to_its_document(unseen: KnowledgeBase) -> None:
    answer = unseen.ask("Who is responsible for grid-based management in Lanwan?")  # 蓝湾, a street
    assert tasks(answer) == [("street", "一2")]


def test_an_english_figure_from_the_document_its_words_describe(unseen: KnowledgeBase) -> None:
    answer = unseen.ask("What is the target for new energy vehicle charging facilities by 2025?")
    assert answer.kind == "free" and "全市建成公共充电桩1.2万个" in answer.citations[0].quote


@pytest.mark.parametrize(
    ("question", "verdict"),
    [("嘉兴考核细则第2项，市财政局是责任单位吗？", False),  # it only assesses the indicator
     ("嘉興考核細則第2項，市財政局負責考核嗎？", True),
     ("嘉兴考核细则第2项，市乙委是责任单位吗？", True)],
)  # fmt: skip
def test_the_assessing_unit_is_no_responsible_unit(
    unseen: KnowledgeBase, question: str, verdict: bool
) -> None:
    answer = unseen.ask(question)
    assert answer.kind == "yes_no" and answer.verdict is verdict
