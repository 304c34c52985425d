"""`kb ask` end to end, round 3 of the question families (issue 13): on the development documents
(tests/data/dev/docs) and the seeds.

Each test is a family, asked in more than one wording or script: how many tasks (the marked
ones, with the figure the document states), figures and posts and compositions quoted from the
prose, an agency's duties written as prose, a label several items share (clauses, the kind of
item after the label, the one item that names its units), task words in several documents, a
document described before 的 or by the measures it lists, an unmarked item restated by a marked
分工表 row, decimal section numbers, dates stated in a task's text, the Taiwan 主辦/協辦 bodies
and their English names. Expected agencies, paths and quotes were read from the documents.
"""

from __future__ import annotations

import pytest

from kb.knowledge import KnowledgeBase

SPORTS = "02_guobanfa2018_121_sports_events"
REFORMS = "03_guobanfa2018_126_innovation_reforms_table"
GRAIN = "04_guobanhan2005_57_grain_emergency_plan"
SHANGHAI_ROADS = "07_shanghai_rural_roads_2020"
QINGPU = "11_qingpu_construction_waste_2025"
SONGJIANG = "12_songjiang_clean_trucks_2026"
PUTUO = "13_putuo_sponge_city_2025"
JIADING = "14_jiading_sponge_city_2024"
PETITION = "18_taiwan_ogp_2-1_e_petition"
REVITALIZATION = "20_taiwan_ogp_2-3_regional_revitalization"
SHORE_POWER = "21_shanghai_port_shore_power_2023"
OVERSIZE = "22_shanghai_oversize_transport_one_thing_2025"


def tasks(answer: object) -> list[tuple[str, str]]:
    return [(t.doc, t.path_text) for t in answer.tasks]  # type: ignore[attr-defined]


def roles(answer: object) -> list[tuple[str, str]]:
    return [(r.name, str(r.role)) for r in answer.agencies]  # type: ignore[attr-defined]


def quotes(answer: object) -> list[str]:
    return [c.quote for c in answer.citations]  # type: ignore[attr-defined]


# -- how many: the tasks that name their units, and what the document says ---------------------


@pytest.mark.parametrize(
    ("question", "count"),
    [("沪交科〔2023〕233号一共有几项主要任务？", 7), ("滬交科〔2023〕233號一共有幾項任務？", 7),
     ("How many tasks does the port shore power plan have?", 7), ("滬府辦發〔2020〕3號一共有幾項任務？", 12),
     ("國辦發〔2018〕126號的推廣清單裡實際列出了幾項改革舉措？", 17)],
)  # fmt: skip
def test_a_count_is_of_the_tasks_that_name_their_units(
    dev_base: KnowledgeBase, question: str, count: int
) -> None:
    answer = dev_base.ask(question)
    assert (answer.kind, answer.count) == ("count", count)
    assert answer.citations  # the document's title at least


def test_a_count_says_what_it_leaves_out_and_quotes_the_figure_the_document_states(
    dev_base: KnowledgeBase,
) -> None:
    answer = dev_base.ask("国办发〔2018〕126号推广的改革举措共多少项？")
    assert (answer.kind, answer.count) == ("count", 17)
    assert answer.answer == (
        "《国务院办公厅关于推广第二批支持创新相关改革举措的通知》共有17项明确了责任单位的任务"
        "（另有8项条目未列责任单位，未计入）。"
    )
    assert quotes(answer)[1:3] == ["一、推广的改革举措（共23项）", "一、知识产权保护方面（共5项）"]
    english = dev_base.ask("How many tasks does the port shore power plan have?")
    assert english.answer == (
        "《上海港提高靠港船舶岸电使用率实施方案（2023年）》 has 7 tasks that name their responsible units "
        "(3 more items name none and are not counted)."
    )


def test_a_count_of_a_document_without_markers_is_every_item(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("青岛孵化器方案有几项任务？")
    assert (answer.kind, answer.count) == ("count", 18)
    assert (
        answer.answer
        == "《青岛市科技企业孵化器提升行动实施方案(2019-2022年)》共有18项任务，都未明确责任单位。"
    )


# -- figures, posts, compositions, bodies: quoted from the prose ---------------------------------


@pytest.mark.parametrize(
    ("question", "doc", "quote"),
    [("體育競賽表演產業指導意見要推出多少項體育精品賽事？", SPORTS, "推出100项具有较大知名度的体育精品赛事"),
     ("国家粮食应急工作指挥部的总指挥由谁担任？", GRAIN, "总指挥：国家发展改革委主要负责人。"),
     ("國家糧食應急工作指揮部的總指揮由誰擔任？", GRAIN, "总指挥：国家发展改革委主要负责人。"),
     ("青浦的建設主管部門包括哪些單位？", QINGPU, "建设主管部门包括区建设管理委、区水务局、区绿化市容局"),
     ("清水行動工作專班由誰牽頭？", SONGJIANG, "成立工作专班，由区绿化市容局牵头")],
)  # fmt: skip
def test_prose_questions_quote_the_sentence_that_answers(
    dev_base: KnowledgeBase, question: str, doc: str, quote: str
) -> None:
    answer = dev_base.ask(question)
    assert answer.kind == "free"
    first = answer.citations[0]
    assert first.doc == doc and quote in first.quote


def test_an_agency_no_task_marks_gets_its_duties_from_the_prose(dev_base: KnowledgeBase) -> None:
    for question in (
        "普陀区海绵城市建设中区财政局的职责是什么？",
        "普陀區海綿城市建設中區財政局的職責是什麼？",
    ):
        answer = dev_base.ask(question)
        assert answer.kind == "free"
        assert [c.doc for c in answer.citations] == [PUTUO]
        assert quotes(answer)[0].startswith("负责在政府投资项目中安排海绵城市建设年度预算")
        assert (
            "没有把区财政局列为任务的责任单位" in answer.answer
            or "沒有把區財政局列為任務的責任單位" in answer.answer
        )
    never = dev_base.ask("区财政局在大件运输方案中负责哪些任务？")  # the document never names it
    assert never.kind == "not_found"


# -- labels several items share ------------------------------------------------------------------


def test_an_items_own_title_names_all_its_clauses(dev_base: KnowledgeBase) -> None:
    answer = dev_base.ask("国办发〔2018〕121号第（十三）条改善消费条件由哪个部门负责？")
    assert answer.kind == "ambiguous"
    assert [c.path for c in answer.candidates] == ["三（十三）-1", "三（十三）-2", "三（十三）-3"]


def test_a_printed_label_the_document_lacks_is_not_answered_by_position(dev_base: KnowledgeBase) -> None:
    printed = dev_base.ask("普陀區海綿城市方案第（九）條誰負責？")
    assert printed.kind == "not_found" and "（九）" in printed.answer
    ordinal = dev_base.ask("普陀区海绵城市方案第9项谁负责？")  # the 9th task, said so
    assert tasks(ordinal) == [(PUTUO, "二（五）")]
    assert ordinal.answer.startswith("该文件没有标为“9”的条目；按顺序第9项任务是二（五）")


def test_the_word_after_a_label_chooses_the_item(dev_base: KnowledgeBase) -> None:
    answer = dev_base.ask("大件运输一件事第（二）阶段完成时限")
    assert (answer.kind, tasks(answer)) == ("deadline", [(OVERSIZE, "三（二）")])
    assert "联调联试阶段：完成时限为2025年4月" in answer.answer


def test_of_the_items_sharing_a_label_the_one_that_names_units(dev_base: KnowledgeBase) -> None:
    for question in (
        "上海港提高靠港船舶岸电使用率实施方案（2023年）第（二）项谁负责？",
        "沪交科〔2023〕233号第（二）项由谁负责？",
    ):
        answer = dev_base.ask(question)
        assert (answer.kind, tasks(answer)) == ("owner_of_task", [(SHORE_POWER, "二（二）")])
        assert answer.answer.startswith("该文件有2个条目标为“（二）”，只有这一项列出了责任单位：")
        assert roles(answer) == [("市交通委港务监管处", "lead"), ("市港航中心", "support"),
                                 ("中国船级社上海分社", "support")]  # fmt: skip


# -- documents and tasks described -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kind", "task"),
    [("松江清水行動的嚴把“車輛運輸關”責任單位是誰？", "no_owner", (SONGJIANG, "二（二）")),
     ("嘉定海绵方案 推进排水设施提质增效 配合", "support_of_task", (JIADING, "二（六）3")),
     ("推广清单第23项以地方立法形式建立推动改革创新的决策容错机制由哪些部门指导？", "owner_of_task", (REFORMS, "五23")),
     ("國家糧食應急預案5.5培訓演練的責任單位是哪個？", "no_owner", (GRAIN, "5.5")),
     ("Who leads the task of strengthening supervision of maintenance fund use in the Shanghai rural roads plan?",
      "lead_of_task", (SHANGHAI_ROADS, "四（二）3"))],
)  # fmt: skip
def test_tasks_described_every_way(
    dev_base: KnowledgeBase, question: str, kind: str, task: tuple[str, str]
) -> None:
    answer = dev_base.ask(question)
    assert answer.kind == kind
    assert tasks(answer) == [task]


def test_the_document_listing_the_measures(dev_base: KnowledgeBase) -> None:
    answer = dev_base.ask("第二批支持创新相关改革举措里，职务科技成果权属改革谁牵头？")
    assert (REFORMS, "二6") in tasks(answer)
    assert [r.name for r in answer.agencies if str(r.role) == "guide"][:2] == ["科技部", "国家发展改革委"]


def test_an_unmarked_item_restated_by_a_marked_row(dev_base: KnowledgeBase) -> None:
    answer = dev_base.ask("区国动办是否参与落实工地数字化监督管理？")
    assert (answer.kind, answer.verdict, tasks(answer)) == ("yes_no", True, [(QINGPU, "二（二）-1")])
    assert answer.answer.startswith("是。区国动办是该任务的配合单位。")


def test_the_subject_agency_before_its_role_word(dev_base: KnowledgeBase) -> None:
    for question in (
        "大件運輸正式運行階段市大數據中心參與嗎？",
        "大件运输正式运行阶段市大数据中心是否参与？",
    ):
        answer = dev_base.ask(question)
        assert (answer.kind, answer.verdict, tasks(answer)) == ("yes_no", False, [(OVERSIZE, "三（三）")])


def test_a_date_the_tasks_text_states(dev_base: KnowledgeBase) -> None:
    answer = dev_base.ask("嘉定区海绵城市系统方案要在什么时候前完成2030年达标区域的编制？")
    assert (answer.kind, tasks(answer)) == ("deadline", [(JIADING, "二（一）3")])
    assert "未单列完成时限，任务原文写明“2026年底前，完成2030年达标区域系统方案编制”" in answer.answer
    english = dev_base.ask(
        "By when must the 'one thing' systems finish joint debugging and testing (Hu Jiao Fa [2025] No. 175)?"
    )
    assert (english.kind, tasks(english)) == ("deadline", [(OVERSIZE, "三（二）")])
    assert "due 2025年4月" in english.answer


# -- Taiwan: 主辦 leads, 協辦 supports, short and English names ------------------------------------


@pytest.mark.parametrize(
    ("question", "verdict", "doc"),
    [("中选会是公投电子连署的主办机关吗？", True, PETITION), ("中選會是公投電子連署的主辦機關嗎？", True, PETITION),
     ("行政院資通安全處是公投電子連署的主辦機關嗎？", False, PETITION),
     ("國發會是地方創生承諾事項的主辦機關嗎？", True, REVITALIZATION),
     ("Is the National Development Council the host agency of the regional revitalization commitment?", True,
      REVITALIZATION),
     ("Does the Department of Cyber Security co-organise the e-petition commitment?", True, PETITION)],
)  # fmt: skip
def test_taiwan_organisers_yes_or_no(dev_base: KnowledgeBase, question: str, verdict: bool, doc: str) -> None:
    answer = dev_base.ask(question)
    assert (answer.kind, answer.verdict) == ("yes_no", verdict)
    assert [t.doc for t in answer.tasks] == [doc]


def test_a_fragment_is_a_names_end_not_its_start(dev_base: KnowledgeBase) -> None:
    answer = dev_base.ask("国务院牵头哪些任务？")  # the 国务院国资委 is another body
    assert answer.kind == "not_found"


def test_the_document_before_de_chooses_among_documents_with_the_task(dev_base: KnowledgeBase) -> None:
    for question in ("崇明的强化养护资金使用监督管理由谁牵头？", "崇明的強化養護資金使用監督管理由誰牽頭？"):
        answer = dev_base.ask(question)
        assert (answer.kind, tasks(answer)) == (
            "lead_of_task",
            [("09_chongming_rural_roads_2021", "四（二）2")],
        )
    either = dev_base.ask("强化养护资金使用监督管理由谁牵头？")
    assert either.kind == "ambiguous"


def test_yes_or_no_is_asked_of_the_document_that_names_the_agency(dev_base: KnowledgeBase) -> None:
    answer = dev_base.ask("市财政局是否牵头强化养护资金使用监督管理？")
    assert (answer.kind, answer.verdict, tasks(answer)) == ("yes_no", True, [(SHANGHAI_ROADS, "四（二）3")])
    no = dev_base.ask("崇明的强化养护资金使用监督管理是不是区财政局牵头？")
    assert (no.verdict, tasks(no)) == (False, [("09_chongming_rural_roads_2021", "四（二）2")])
    assert no.answer.startswith("不是牵头单位：区财政局是该任务的配合单位。")


@pytest.mark.parametrize(
    "question", ["建筑垃圾如何界定？", "建築垃圾如何界定？", "青浦建筑垃圾实施意见中建筑垃圾如何界定？"]
)  # fmt: skip
def test_a_definition_quotes_the_sentence_that_defines(dev_base: KnowledgeBase, question: str) -> None:
    answer = dev_base.ask(question)
    assert answer.kind == "free"
    assert (
        quotes(answer)[0]
        == "本市建筑垃圾主要指工程渣土（即“工程土方”）、工程泥浆、工程垃圾、拆房垃圾和装修垃圾。"
    )
    assert len(set(quotes(answer))) == len(quotes(answer))  # each sentence once


@pytest.mark.parametrize(
    "question",
    ["奉贤公园城市实施意见中区民防办的职责是什么？", "奉賢公園城市實施意見中區民防辦的職責是什麼？",
     "What does the Fengxian park city opinion assign to the district Civil Air Defense Office in its duties section?"],
)  # fmt: skip
def test_an_agencys_duties_list_comes_with_its_tasks(dev_base: KnowledgeBase, question: str) -> None:
    answer = dev_base.ask(question)
    assert answer.kind == "tasks_of_agency"
    assert quotes(answer)[0] == "(十七)区民防办：结合公园建设，开展避难场所规划建设。"
    assert tasks(answer) == [("10_fengxian_park_city_2021", "二（三）2（1）")]
    plain = dev_base.ask("奉贤公园城市实施意见中区民防办负责哪些任务？")  # tasks asked: no duties list
    assert quotes(plain) and quotes(plain)[0] != "(十七)区民防办：结合公园建设，开展避难场所规划建设。"


def test_a_field_or_an_aspect_asked_by_its_label_alone(dev_base: KnowledgeBase, seeds: KnowledgeBase) -> None:
    for question in ("2-1 全國性公民投票案電子連署承諾事項的起迄時間？", "公投电子连署承诺事项的起迄时间？"):
        answer = dev_base.ask(question)
        assert answer.kind == "free" and quotes(answer)[0] == "- 承諾事項的起迄時間：2021/1-2024/5"
    goals = seeds.ask("标杆孵化器方案的工作目标？")
    assert goals.kind == "free" and quotes(goals)[0].startswith("到2025年,建成一批國際知名")


@pytest.mark.parametrize(
    ("question", "quote"),
    [("Under the national grain emergency plan, within how many hours must the command report a national-level "
      "emergency to the State Council?", "最迟不超过4个小时"),
     ("Who serves as commander-in-chief of the national grain emergency headquarters?", "总指挥：国家发展改革委主要负责人。")],
)  # fmt: skip
def test_english_prose_questions(dev_base: KnowledgeBase, question: str, quote: str) -> None:
    answer = dev_base.ask(question)
    assert answer.kind == "free" and quote in quotes(answer)[0]


@pytest.mark.parametrize(
    "question", ["Who leads task 3 of part three of the oversize transport plan?", "大件运输方案第三部分第3项由谁牵头？"]
)  # fmt: skip
def test_the_nth_item_of_a_part_that_numbers_items_in_parentheses(
    dev_base: KnowledgeBase, question: str
) -> None:
    answer = dev_base.ask(question)
    assert (answer.kind, tasks(answer)) == ("lead_of_task", [(OVERSIZE, "三（三）")])
    restarts = dev_base.ask("上海农村公路方案第四部分第3项由谁负责？")  # 3. in each of 四（一）（二）（三）
    assert [c.path for c in restarts.candidates] == ["四（一）3", "四（二）3", "四（三）3"]


def test_duties_of_an_agency_no_task_marks_anywhere(dev_base: KnowledgeBase) -> None:
    answer = dev_base.ask("国家粮食应急预案中国家粮食局的职责是什么？")
    assert answer.kind == "free"
    assert "办公室设在国家粮食局，由国家粮食局主要负责人兼任办公室主任。" in quotes(answer)
    english = dev_base.ask(
        "What are the duties of the Putuo District Finance Bureau in the Putuo sponge city plan?"
    )
    assert english.kind == "free" and quotes(english)[0].startswith(
        "负责在政府投资项目中安排海绵城市建设年度预算"
    )
    assert dev_base.ask("市委人才办在农村公路方案中负责什么？").kind == "not_found"  # never named there


def test_a_part_its_section_in_parentheses_and_an_item(dev_base: KnowledgeBase) -> None:
    answer = dev_base.ask("上海海绵城市实施意见第二部分第（一）项第1条由谁负责？")
    assert tasks(answer) == [("05_shanghai_sponge_city_2024", "二（一）1")]


@pytest.mark.parametrize(
    ("question", "verdict", "task"),
    [("Is the Municipal Finance Bureau involved in strengthening supervision of maintenance fund use?", True,
      (SHANGHAI_ROADS, "四（二）3")),
     ("Is the Shanghai Maritime Safety Administration one of the lead agencies for strengthening shore power "
      "enforcement?", True, (SHORE_POWER, "二（四）"))],
)  # fmt: skip
def test_english_is_x_involved_in(
    dev_base: KnowledgeBase, question: str, verdict: bool, task: tuple[str, str]
) -> None:
    answer = dev_base.ask(question)
    assert (answer.kind, answer.verdict, tasks(answer)) == ("yes_no", verdict, [task])


@pytest.mark.parametrize(
    "question",
    ["国办发〔2018〕126号第23项的指导单位是谁？", "Which is the guiding department of reform 23 of Guobanfa [2018] No. 126?",
     "以地方立法形式建立推动改革创新的决策容错机制由哪些部门指导？"],
)  # fmt: skip
def test_the_guiding_units_of_a_table_row(dev_base: KnowledgeBase, question: str) -> None:
    answer = dev_base.ask(question)
    assert (answer.kind, tasks(answer)) == ("owner_of_task", [(REFORMS, "五23")])
    assert roles(answer) == [("国家发展改革委", "guide"), ("国务院国资委", "guide"), ("审计署", "guide")]
    assert ("指导单位为国家发展改革委、国务院国资委、审计署" in answer.answer) or (
        "guide: 国家发展改革委、国务院国资委、审计署" in answer.answer
    )


@pytest.mark.parametrize(
    "question", ["请问崇明农村公路方案强化养护资金使用监督管理这一条的牵头部门？", "崇明農村公路方案強化養護資金使用監督管理由誰牽頭？"]
)  # fmt: skip
def test_a_document_noun_ends_the_description_before_the_tasks_words(
    dev_base: KnowledgeBase, question: str
) -> None:
    answer = dev_base.ask(question)
    assert (answer.kind, tasks(answer)) == ("lead_of_task", [("09_chongming_rural_roads_2021", "四（二）2")])


def test_what_a_thing_is_called(dev_base: KnowledgeBase) -> None:
    for question in ("地方创生平台的网站叫什么名字？", "地方創生平臺的網站叫什麼名字？"):
        answer = dev_base.ask(question)
        assert answer.kind == "free"
        assert any("建置「地方創生資訊共享交流平臺」網站" in q for q in quotes(answer))


def test_an_english_description_keeps_its_kind_of_document(dev_base: KnowledgeBase) -> None:
    answer = dev_base.ask(
        "How many tasks in the sponge city opinion name responsible units?"
    )  # 意见, not 方案
    assert (answer.kind, answer.count) == ("count", 29)


def test_by_when_must_an_agency_finish_its_tasks(dev_base: KnowledgeBase) -> None:
    answer = dev_base.ask(
        "By when must the Municipal Transport Commission finish its tasks in the oversize transport plan?"
    )
    assert answer.kind == "deadline"
    assert tasks(answer) == [(OVERSIZE, "三（一）"), (OVERSIZE, "三（二）"), (OVERSIZE, "三（三）")]
    assert "due 2025年5月" in answer.answer
