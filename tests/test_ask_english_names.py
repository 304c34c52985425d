"""`kb ask` in English on how officials name documents, bodies and roles, in an invented
store: document numbers in pinyin (Guo Ban Fa [2024] No. 7) or as `document No. 22 of 2025 of
the … government office`; Chinese names in brackets inside an English question; role filters
(support rather than lead, only a supporting unit, as a co-organiser); counts of a document's
parts (indicators, the projects of its annex, the measures of a section); Macao and Taiwan
bodies by their official English names (Social Welfare Bureau 社會工作局, Water Resources Bureau
水利局) and dotted labels (measure 2.3); an item under a quoted heading or a section.

The documents, bodies and numbers are invented; expected answers come from reading them.
"""

from __future__ import annotations

import pytest

from kb.knowledge import KnowledgeBase
from kb.normalize import to_simplified

OPINION = """\
国务院办公厅关于推进星务服务“一件事”改革的意见
国办发〔2024〕7号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
为推进星务服务“一件事”改革，经国务院同意，现提出如下意见。

一、重点任务
（一）梳理“一件事”清单。编制星务服务事项清单。（星务部牵头，云务部、雾务部按职责分工负责）
（二）优化办理流程。压缩办理时限50%。（星务部星政司负责）
（三）推进数据共享。建设共享平台。（云务部牵头，星务部星政司配合）
（四）加强人员培训。每年培训一次。（雾务部负责）

国务院办公厅
2024年3月1日
"""

DECOY = """\
国务院关于加快云务产业发展的通知
国发〔2024〕7号

一、主要任务
（一）建设云务园区。（云务部负责）
（二）培育云务企业。（雾务部负责）
"""

GUIZHOU = """\
贵州省人民政府办公厅关于印发贵州省山货流通提升行动方案的通知
黔府办函〔2025〕22号

各市、自治州人民政府，各县（市、区、特区）人民政府，省政府各部门、各直属机构：
《贵州省山货流通提升行动方案》已经省人民政府同意，现印发给你们，请认真贯彻执行。

贵州省山货流通提升行动方案

一、重点任务
1.建设山货集散中心。建成集散中心10个。（牵头单位：省甲厅；配合单位：省乙厅、省丙局）
2.发展山货电商。培育电商企业100家。（牵头单位：省乙厅；配合单位：省甲厅）
3.完善冷链物流。（牵头单位：省丙局；配合单位：省甲厅、省乙厅）
4.打造山货品牌。（责任单位：省丁委）

附件

贵州省山货流通重大项目清单

1.山货集散中心一期工程。建设集散中心一期。（责任单位：省甲厅）
2.冷链物流骨干网项目。建设骨干网。（责任单位：省丙局）
3.山货电商产业园项目。建设产业园。（责任单位：省乙厅）
"""

GUIZHOU_DECOY = """\
贵州省人民政府关于山货产业发展的意见
黔府发〔2025〕22号

一、主要任务
1.扶持山货企业。（省甲厅负责）
"""

CHANGSHA = """\
长沙市关于促进夜市经济发展的若干措施

一、优化空间布局
1.规划夜市街区。规划建设夜市街区5条。（牵头单位：市甲局；配合单位：市乙局）
2.改造老旧夜市。改造老旧夜市10个。（牵头单位：市乙局）
3.建设夜市地标。打造夜市地标3个。（牵头单位：市丙委；配合单位：市甲局）
二、丰富消费业态
1.引进品牌商户。（牵头单位：市甲局；配合单位：市丙委）
2.发展夜间文旅。（牵头单位：市丙委）
3.培育夜间演艺。（牵头单位：市丁局；配合单位：市乙局、市甲局）
"""

MACAO = """\
澳門特別行政區長者友善城市行動計劃

一、社會服務
1.1 擴大長者日間護理服務。（負責部門：社會工作局；協助部門：衛生局）
1.2 推廣長者體育活動。（負責部門：體育局）
二、交通與居住
2.1 增設低地台巴士。（負責部門：交通事務局）
2.2 改善行人無障礙設施。（負責部門：市政署；協助部門：工務局）
2.3 興建長者公寓。（負責部門：房屋局；協助部門：工務局、社會工作局）
三、終身學習
3.1 開設長者學習課程。（負責部門：教育及青年發展局）
"""

TAINAN = """\
臺南市水資源韌性推動計畫

一、推動策略
（一）強化防洪設施
1.興建滯洪池。（主辦機關：水利局；協辦機關：工務局）
2.疏浚區域排水。（主辦機關：水利局）
（二）產業用水
1.推動工業區再生水。（主辦機關：經濟發展局；協辦機關：水利局）
"""

RULES = """\
长沙市望城区营商环境考核细则

序号	考核项目	分值	考核内容	负责考核部门
1	审批效率	20	审批时限压缩情况	区甲局
2	企业满意度	20	企业满意度测评	区乙局
3	政策兑现	30	惠企政策兑现率	区丙局
4	要素保障	30	用地用能保障情况	区甲局
"""

XIANGJIANG = """\
湘江新区夜间经济提质方案

一、重点任务
（一）优化空间布局
1.规划夜市街区。规划夜市街区3条。（牵头单位：区甲局）
2.建设夜市地标。建成地标2个。（牵头单位：区乙局；配合单位：区甲局）
（二）丰富消费业态
1.引进品牌商户。（牵头单位：区丙局）
2.培育夜间演艺。（牵头单位：区丁局；配合单位：区乙局）
二、保障措施
1.加强组织领导。（牵头单位：区戊局）
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    from indexer.pipeline import index

    folder = tmp_path_factory.mktemp("english_names")
    (folder / "in").mkdir()
    for name, text in (
        ("opinion", OPINION), ("decoy", DECOY), ("guizhou", GUIZHOU), ("guizhou2", GUIZHOU_DECOY),
        ("changsha", CHANGSHA), ("macau", MACAO), ("taiwan", TAINAN), ("rules", RULES),
        ("xiangjiang", XIANGJIANG),
    ):  # fmt: skip
        (folder / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
    report = index([folder / "in"], folder / "store", workers=1)
    assert report.ok, report.errors
    return KnowledgeBase.open(folder / "store")


def paths(answer: object) -> list[tuple[str, str]]:
    return [(t.doc, t.path_text) for t in answer.tasks]  # type: ignore[attr-defined]


def roles(answer: object) -> list[tuple[str, str]]:
    return [(r.name, str(r.role)) for r in answer.agencies]  # type: ignore[attr-defined]


# -- Macao and Taiwan bodies by their official English names -----------------------------------


@pytest.mark.parametrize(
    ("question", "expected", "agency"),
    [
        ("Which tasks does the Social Welfare Bureau lead?", [("macau", "一1.1")], ("社会工作局", "lead")),
        ("Which tasks does the Transport Bureau of Macao lead?", [("macau", "二2.1")], ("交通事务局", "lead")),
        ("Which tasks does the Macau Transport Bureau lead?", [("macau", "二2.1")], ("交通事务局", "lead")),
        ("Which tasks does the Municipal Affairs Bureau lead?", [("macau", "二2.2")], ("市政署", "lead")),
        ("Which tasks does the Public Works Bureau of Macao support?", [("macau", "二2.2"), ("macau", "二2.3")],
         ("工务局", "support")),
        ("Which tasks does the Education and Youth Development Bureau lead?", [("macau", "三3.1")],
         ("教育及青年发展局", "lead")),
        ("Which tasks does the Health Bureau support?", [("macau", "一1.1")], ("卫生局", "support")),
        ("Which tasks does the Sports Bureau of Macao lead?", [("macau", "一1.2")], ("体育局", "lead")),
        ("Which tasks does Macao's Housing Bureau lead?", [("macau", "二2.3")], ("房屋局", "lead")),
        ("Which tasks does the Tainan City Water Resources Bureau lead?",
         [("taiwan", "一（一）1"), ("taiwan", "一（一）2")], ("水利局", "lead")),
        ("Which tasks does Tainan's Water Resources Bureau lead?",
         [("taiwan", "一（一）1"), ("taiwan", "一（一）2")], ("水利局", "lead")),
        ("Which tasks does the Economic Development Bureau lead?", [("taiwan", "一（二）1")],
         ("经济发展局", "lead")),
    ],
)  # fmt: skip
def test_macao_and_taiwan_bodies_by_their_english_names(
    base: KnowledgeBase, question: str, expected: list[tuple[str, str]], agency: tuple[str, str]
) -> None:
    answer = base.ask(question)
    assert answer.kind == "tasks_of_agency"
    assert paths(answer) == expected
    assert set(roles(answer)) == {agency}


def test_a_body_of_a_place_the_store_has_no_document_of_is_not_found(base: KnowledgeBase) -> None:
    answer = base.ask("Which tasks does Hong Kong's Development Bureau lead?")
    assert answer.kind == "not_found" and answer.tasks == ()


@pytest.mark.parametrize(
    ("question", "expected", "heading"),
    [
        ("台南市工務局協辦哪些任務？", [("taiwan", "一（一）1")], "工务局（台南市）配合1项任务"),
        ("台南市工务局协办哪些任务？", [("taiwan", "一（一）1")], "工务局（台南市）配合1项任务"),
        ("澳門工務局配合哪些任務？", [("macau", "二2.2"), ("macau", "二2.3")], "工务局（澳门特别行政区）配合2项任务"),
        ("Which tasks does the Tainan Public Works Bureau co-organise?", [("taiwan", "一（一）1")],
         "工务局（台南市） supports 1 task"),
        ("Which tasks does the Public Works Bureau support?", [("macau", "二2.2"), ("macau", "二2.3"),
         ("taiwan", "一（一）1")], "工务局 supports 3 tasks"),
    ],
)  # fmt: skip
def test_a_body_two_places_name_alike_is_the_one_of_the_place_named(
    base: KnowledgeBase, question: str, expected: list[tuple[str, str]], heading: str
) -> None:
    answer = base.ask(question)
    assert answer.kind == "tasks_of_agency"
    assert paths(answer) == expected
    assert to_simplified(answer.answer).startswith(heading)


# -- a role set aside or kept to: support rather than lead, only a supporting unit ---------------

_SUPPORTS = [("changsha", "一3"), ("changsha", "二3")]
_LEADS = [("changsha", "一1"), ("changsha", "二1")]


@pytest.mark.parametrize(
    ("question", "expected", "role"),
    [
        ("Which tasks does 市甲局 support rather than lead?", _SUPPORTS, "support"),
        ("Where is 市甲局 only a supporting unit?", _SUPPORTS, "support"),
        ("Which tasks does 市甲局 lead but not merely assist?", _LEADS, "lead"),
        ("Which tasks does 市甲局 lead but does not merely assist?", _LEADS, "lead"),
        ("Which tasks does 市甲局 not lead but support?", _SUPPORTS, "support"),
        ("In which tasks is 市甲局 a supporting unit and not the lead unit?", _SUPPORTS, "support"),
        ("Which tasks does 市甲局 take part in as a co-organiser?", _SUPPORTS, "support"),
        ("Which tasks does 市甲局 take part in as the lead unit?", _LEADS, "lead"),
        ("市甲局配合而非牵头的任务有哪些？", _SUPPORTS, "support"),
        ("市甲局只是配合单位的任务有哪些？", _SUPPORTS, "support"),
        ("市甲局不是牵头单位而是配合单位的任务有哪些？", _SUPPORTS, "support"),
        ("市甲局牽頭而非配合的任務有哪些？", _LEADS, "lead"),
        ("市甲局僅是配合單位的任務有哪些？", _SUPPORTS, "support"),
    ],
)  # fmt: skip
def test_tasks_of_an_agency_in_the_role_kept(
    base: KnowledgeBase, question: str, expected: list[tuple[str, str]], role: str
) -> None:
    answer = base.ask(question)
    assert answer.kind == "tasks_of_agency"
    assert paths(answer) == expected
    assert set(roles(answer)) == {("市甲局", role)}


@pytest.mark.parametrize(
    "question",
    ["How many tasks does 市甲局 take part in as supporting unit?",
     "How many tasks does 市甲局 support rather than lead?", "市甲局只作为配合单位参与了几项任务？"],
)  # fmt: skip
def test_the_number_of_an_agencys_tasks_in_the_role_kept(base: KnowledgeBase, question: str) -> None:
    answer = base.ask(question)
    assert answer.kind == "count" and answer.count == 2
    assert paths(answer) == _SUPPORTS


def test_a_yes_or_no_on_a_role_keeps_the_role(base: KnowledgeBase) -> None:
    answer = base.ask("长沙夜市措施第一部分第3项，市甲局是不是牵头单位？")
    assert answer.kind == "yes_no" and answer.verdict is False


# -- a Chinese name in brackets inside an English question: used as written -------------------


@pytest.mark.parametrize(
    ("question", "expected", "agency"),
    [
        ("Which tasks does the Department of Star Policy (星政司) lead?", [("opinion", "一（二）")],
         {("星务部星政司", "lead")}),
        ("Which tasks does the Star Policy Department (星政司) take part in?",
         [("opinion", "一（二）"), ("opinion", "一（三）")], {("星务部星政司", "lead"), ("星务部星政司", "support")}),
        ("What does the Department of Star Policy (星政司) support in Guo Ban Fa [2024] No. 7?",
         [("opinion", "一（三）")], {("星务部星政司", "support")}),
        ("Which tasks does the Star Ministry (星務部) lead?", [("opinion", "一（一）")], {("星务部", "lead")}),
        ("星政司牵头哪些任务？", [("opinion", "一（二）")], {("星务部星政司", "lead")}),
    ],
)  # fmt: skip
def test_a_chinese_name_in_brackets_is_the_agency(
    base: KnowledgeBase, question: str, expected: list[tuple[str, str]], agency: set[tuple[str, str]]
) -> None:
    answer = base.ask(question)
    assert answer.kind == "tasks_of_agency"
    assert paths(answer) == expected
    assert set(roles(answer)) == agency


@pytest.mark.parametrize(
    "question",
    ["Who leads the 'one thing' (一件事) list task?", 'Who leads the task on the "one thing" (一件事) list?',
     "Who leads the 'one thing' (一件事) task of the State Council General Office opinion?"],
)  # fmt: skip
def test_quoted_english_with_its_chinese_in_brackets_is_quoted_in_chinese(
    base: KnowledgeBase, question: str
) -> None:
    answer = base.ask(question)
    assert answer.kind == "lead_of_task"
    assert paths(answer) == [("opinion", "一（一）")]
    assert roles(answer) == [("星务部", "lead"), ("云务部", "support"), ("雾务部", "support")]


def test_a_place_written_in_chinese_before_measures_names_its_measures(base: KnowledgeBase) -> None:
    answer = base.ask("Who is responsible for task 3 of 长沙 measures?")  # items restart in every section
    assert answer.kind == "ambiguous"
    assert [(c.doc, c.path) for c in answer.candidates] == [("changsha", "一3"), ("changsha", "二3")]
    answer = base.ask("长沙措施第二部分第3项由谁负责？")
    assert paths(answer) == [("changsha", "二3")]


# -- dotted labels as Macao plans print them (1.1, 2.3) ------------------------------------------

_ITEM_2_3 = [("房屋局", "lead"), ("工务局", "support"), ("社会工作局", "support")]


@pytest.mark.parametrize(
    "question",
    ["Who leads measure 2.3 of the Macao action plan?", "Who is responsible for item 2.3 of the Macau plan?",
     "Who leads item 2.3 of the Macao age-friendly city action plan?", "澳门长者友善城市行动计划第2.3项由谁负责？",
     "澳門長者友善城市行動計劃第2.3項由誰負責？", "澳門長者友善城市行動計劃2.3由誰負責？"],
)  # fmt: skip
def test_an_item_printed_with_a_dotted_label(base: KnowledgeBase, question: str) -> None:
    answer = base.ask(question)
    assert answer.kind in ("lead_of_task", "owner_of_task")
    assert paths(answer) == [("macau", "二2.3")]
    assert roles(answer) == _ITEM_2_3


def test_a_dotted_label_without_a_document_is_looked_for_in_every_document(base: KnowledgeBase) -> None:
    answer = base.ask("Who leads measure 2.3?")  # 2.3 printed in one, the path 二 › 3 in another
    assert paths(answer) == [("changsha", "二3"), ("macau", "二2.3")]


# -- document numbers as official English pages write them --------------------------------------


@pytest.mark.parametrize(
    ("question", "expected", "lead"),
    [
        ("Who leads task (3) of Guo Ban Fa [2024] No. 7?", [("opinion", "一（三）")], "云务部"),
        ("Who leads task (3) of Guo Ban Fa〔2024〕No.7?", [("opinion", "一（三）")], "云务部"),
        ("Who leads task (3) of GuoBanFa [2024] Document No. 7?", [("opinion", "一（三）")], "云务部"),
        ("Who leads task (1) of Guofa [2024] No. 7?", [("decoy", "一（一）")], "云务部"),  # 国发, not 国办发
        ("Who leads task 3 of Qian Fu Ban Han [2025] No. 22?", None, None),  # 3 in the body and the annex
        ("Who leads task 1 of Qian Fu Fa (2025) No. 22?", [("guizhou2", "一1")], "省甲厅"),
        ("Who leads task (2) of document No. 7 of 2024 of the General Office of the State Council?",
         [("opinion", "一（二）")], "星务部星政司"),
        ("Who leads task (2) in document No. 7 [2024] of the State Council General Office?",
         [("opinion", "一（二）")], "星务部星政司"),
        ("In document No. 7 of 2024 of the State Council, who leads task (1)?", [("decoy", "一（一）")], "云务部"),
        ("Who leads task 1 of document No. 22 of 2025 of the Guizhou provincial government?",
         [("guizhou2", "一1")], "省甲厅"),
        ("Who leads task 4 of document No. 22 of 2025 of the Guizhou provincial government office?",
         [("guizhou", "一4")], "省丁委"),
        ("Who leads task 4 of the Guizhou provincial government office's document No. 22 [2025]?",
         [("guizhou", "一4")], "省丁委"),
    ],
)  # fmt: skip
def test_a_document_number_written_in_english(
    base: KnowledgeBase, question: str, expected: list[tuple[str, str]] | None, lead: str | None
) -> None:
    answer = base.ask(question)
    if expected is None:
        assert answer.kind == "ambiguous"
        assert [(c.doc, c.path) for c in answer.candidates] == [("guizhou", "一3"), ("guizhou", "3")]
        return
    assert answer.kind == "lead_of_task"
    assert paths(answer) == expected
    assert [name for name, role in roles(answer) if role == "lead"] == [lead]


def test_a_serial_and_year_without_issuer_answers_each_document(base: KnowledgeBase) -> None:
    answer = base.ask("Who leads task (2) in document No. 7 of 2024?")
    assert paths(answer) == [("decoy", "一（二）"), ("opinion", "一（二）")]


# -- counts of a document's parts: its indicators, its annex, a section ------------------------


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("How many major projects are listed in the annex of Qian Fu Ban Han [2025] No. 22?", 3),
        ("How many projects does the annex of the Guizhou mountain goods action plan list?", 3),
        ("黔府办函〔2025〕22号附件列了几项重大项目？", 3),
        ("黔府辦函〔2025〕22號附件列了幾項重大項目？", 3),
        ("How many tasks does Qian Fu Ban Han [2025] No. 22 have?", 7),
        ("How many indicators do the Wangcheng evaluation rules contain?", 4),
        ("望城区营商环境考核细则有多少项考核指标？", 4),
        ("How many measures under section 2 of the Changsha measures?", 3),
        ("How many measures are there in section 2 of 长沙 measures?", 3),
        ("長沙夜市措施第二部分有幾條措施？", 3),
    ],
)  # fmt: skip
def test_the_number_of_items_of_a_part(base: KnowledgeBase, question: str, count: int) -> None:
    answer = base.ask(question)
    assert answer.kind == "count" and answer.count == count


def test_the_annex_of_a_document_that_has_none_is_not_found(base: KnowledgeBase) -> None:
    answer = base.ask("How many tasks are in the annex of Guo Ban Fa [2024] No. 7?")
    assert answer.kind == "not_found" and answer.count is None


# -- an item under a heading an English question quotes, or under a section ---------------------


@pytest.mark.parametrize(
    ("question", "expected", "lead"),
    [
        ("Who leads task 2 under (1) 'optimising the spatial layout' of the Xiangjiang plan?",
         ("xiangjiang", "一（一）2"), "区乙局"),
        ('Who leads task 2 under (1) "optimising the spatial layout"?', ("xiangjiang", "一（一）2"), "区乙局"),
        ("Who leads task 2 under 'optimising the spatial layout' of the Xiangjiang plan?",
         ("xiangjiang", "一（一）2"), "区乙局"),
        ("Who leads item 2 under 'enriching consumption formats' in the Xiangjiang plan?",
         ("xiangjiang", "一（二）2"), "区丁局"),
        ("Who leads task 2 under (1) of the Xiangjiang plan?", ("xiangjiang", "一（一）2"), "区乙局"),
        ("Who leads item 1 in section II of the Xiangjiang plan?", ("xiangjiang", "二1"), "区戊局"),
        ("Who leads item 2 in section I (2) of the Xiangjiang plan?", ("xiangjiang", "一（二）2"), "区丁局"),
        ("Who leads item 3 in section II of the Changsha measures?", ("changsha", "二3"), "市丁局"),
        ("湘江新区夜间经济方案“优化空间布局”第2项由谁牵头？", ("xiangjiang", "一（一）2"), "区乙局"),
        ("湘江新區夜間經濟方案（一）優化空間佈局第2項由誰牽頭？", ("xiangjiang", "一（一）2"), "区乙局"),
        ("湘江新区夜间经济方案（二）丰富消费业态中的第一项由谁牵头？", ("xiangjiang", "一（二）1"), "区丙局"),
    ],
)  # fmt: skip
def test_an_item_under_a_heading_or_section_where_items_restart(
    base: KnowledgeBase, question: str, expected: tuple[str, str], lead: str
) -> None:
    answer = base.ask(question)
    assert answer.kind == "lead_of_task"
    assert paths(answer) == [expected]
    assert [name for name, role in roles(answer) if role == "lead"] == [lead]


def test_a_quoted_heading_no_document_has_leaves_the_label_ambiguous(base: KnowledgeBase) -> None:
    answer = base.ask("Who leads task 2 under 'improving the weather forecast'?")
    assert answer.kind == "ambiguous"
