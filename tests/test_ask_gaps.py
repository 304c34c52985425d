"""`kb ask` on what an official checks before a meeting, in an invented store: the items a plan
gives no responsible unit (哪些任务没有明确责任单位, how many, `Which tasks have no responsible
unit?`), a document's count named by words of its title (…改革举措有多少项), and the documents on a
topic asked with 有哪些关于X的文件 / 有没有关于X的文件.

The documents are invented (区甲局, 区乙委 …); expected answers come from reading them.
"""

from __future__ import annotations

import pytest

from kb.knowledge import KnowledgeBase
from kb.normalize import to_simplified
from kb.qa.answer import ask

PLAN = """\
宁波市鄞州区人民政府办公室关于印发鄞州区老旧小区改造提升实施方案的通知
甬鄞政办发〔2026〕7号

鄞州区老旧小区改造提升实施方案

一、主要任务
（一）开展房屋安全排查。全面排查老旧小区房屋安全隐患。（牵头单位：区甲局；配合单位：各街道）
（二）加装电梯。推进既有住宅加装电梯。
（三）改造雨污管网。完成老旧小区雨污分流改造。（责任单位：区乙委）
（四）完善养老托育设施。利用闲置用房设置养老托育服务点。
二、保障措施
（一）加强组织领导。建立区级工作专班。
"""

MEASURES = """\
臺中市推廣第三批創新改革舉措清單

一、推廣舉措
1.推行跨域聯合審查。（主辦機關：甲局）
2.推行智慧巡檢。（主辦機關：乙處）
3.推行數位櫃檯。（主辦機關：甲局）
"""

TOPIC = """\
鄞州区关于加快发展夜间经济的若干措施

一、丰富夜间消费
1.打造夜间消费街区。建设夜间消费街区3条。（责任单位：区丙局）
"""


EMERGENCY = """\
鄞州区防汛防台应急预案

一、总则
本预案适用于本区台风、暴雨等灾害的防范和处置。
二、应急响应
本区防汛防台应急响应分为Ⅰ级、Ⅱ级、Ⅲ级、Ⅳ级四个等级，Ⅰ级为最高级别。
三、保障措施
区财政每年安排防汛专项资金500万元。
"""


DIVISIONS = """\
鄞州区交通运输局内河航运提升工作方案

一、主要任务
1.疏浚内河航道。完成航道疏浚20公里。（牵头单位：区交通运输局航道管理处；配合单位：区交通运输局安全监督处）
2.建设智慧船闸。建成智慧船闸2座。（牵头单位：区交通运输局科技信息处）
"""

SORTING = """\
鄞州区生活垃圾分类攻坚方案

一、重点任务
1.完善分类投放设施。新建投放点50个。（牵头单位：区丙局；配合单位：区丁局）
2.开展入户宣传。每季度开展入户宣传一次。（配合单位：各街道）
3.建设回收站点。建成再生资源回收站点10个。
4.推进餐厨垃圾处置。（责任单位：区丁局、区戊局）
5.督导分类成效。（区戊局指导）
"""

RIVERS = """\
鄞州区河道保洁专项行动方案

一、工作目标
全面提升河道保洁水平，做到河面无漂浮物。
二、职责分工
（一）区己中心
负责河道保洁作业的组织实施和日常考核。
（二）区庚队（水上）
负责水上巡查，依法查处向河道倾倒垃圾的行为。
（三）区辛委、区壬办等相关部门
按各自职责做好河道保洁的配合工作。
"""

MARKETS = """\
鄞州区农贸市场提升方案

一、硬件改造
1.改造排水设施。完成排水管网改造。（牵头单位：区甲局）
二、管理提升
1.推行智慧管理。建设智慧监管平台。（牵头单位：区丙局）
2.规范经营秩序。开展占道经营整治。（牵头单位：区丁局；配合单位：各街道）
三、服务优化
1.开设便民服务点。每个市场设服务点一处。（牵头单位：区乙委）
2.推广电子支付。实现电子支付全覆盖。（牵头单位：区戊局）
"""

TABLE = """\
鄞州区2026年优化营商环境重点任务分工表

序号\t重点任务\t牵头单位\t配合单位
1\t推行“一件事”集成办\t区己局\t区庚委
2\t开通企业服务直通车\t区庚委\t区己局
"""

POLICY_ADDRESS = """\
行政長官2026年施政報告—新措施一覽

序號\t措施\t負責政策局
1\t推行綠色建築標籤計劃\t發展局
2\t擴展跨境電子支付服務\t財經事務及庫務局
"""

TWO_ISSUED = """\
鄞州区人民政府办公室关于印发《鄞州区菜篮子保供实施办法》和《鄞州区农产品冷链建设要点》的通知

附件1

鄞州区菜篮子保供实施办法

（一）稳定蔬菜种植面积。保障常年菜地面积。（区农业农村局负责）
（二）完善储备制度。建立政府储备。（区商务局牵头，区财政局配合）

附件2

鄞州区农产品冷链建设要点

（一）建设产地冷库。新建冷库10座。（区农业农村局负责）
（二）发展冷链物流。培育冷链企业。（区交通运输局牵头，区商务局配合）
"""

ARTICLES = """\
鄞州区促进民营经济高质量发展若干措施

第一条 优化营商环境
（一）推进准入便利。（牵头单位：区甲局）
（二）规范涉企检查。（牵头单位：区乙委）
第二条 加大金融支持
（一）扩大信贷投放。（牵头单位：区丙局）
（二）支持上市融资。（牵头单位：区丁局；配合单位：区戊局）
"""

UNLISTED = """\
梅溪区2026年度综合考核细则

一、经济发展
1.完成固定资产投资目标。（考核单位：区发改局）
2.新增规上企业10家。（考核单位：区经信局）
"""

MARKET_OFFICE = """\
鄞州区菜市场管理工作方案

一、组织保障
成立区菜市场管理联席会议，联席会议办公室设在区甲局。市场巡查日常工作由区丙中心承担。
二、重点任务
（一）改造市场设施。完成10家市场改造。（牵头单位：区乙委）
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    from indexer.pipeline import index

    folder = tmp_path_factory.mktemp("gaps")
    (folder / "in").mkdir()
    for name, text in (
        ("plan", PLAN),
        ("measures", MEASURES),
        ("topic", TOPIC),
        ("emergency", EMERGENCY),
        ("divisions", DIVISIONS),
        ("sorting", SORTING),
        ("rivers", RIVERS),
        ("markets", MARKETS),
        ("table", TABLE),
        ("address", POLICY_ADDRESS),
        ("issued", TWO_ISSUED),
        ("articles", ARTICLES),
        ("unlisted", UNLISTED),
        ("office", MARKET_OFFICE),
    ):
        (folder / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
    report = index([folder / "in"], folder / "store", workers=1)
    assert report.ok, report.errors
    return KnowledgeBase.open(folder / "store")


def paths(answer: object) -> list[tuple[str, str]]:
    return [(t.doc, t.path_text) for t in answer.tasks]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "question",
    [
        "鄞州老旧小区改造方案里哪些任务没有明确责任单位？",
        "鄞州老舊小區改造方案裡哪些任務沒有明確責任單位？",
        "甬鄞政办发〔2026〕7号有哪些任务未列责任单位",
        "鄞州老旧小区改造方案中还没有落实牵头单位的任务有哪些？",
        "Which tasks of 甬鄞政办发[2026]7号 have no responsible unit?",
        "Which tasks in the Yinzhou implementation plan have no owner?",
    ],
)
def test_the_tasks_a_plan_gives_no_unit(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "unowned_tasks", answer.answer
    assert paths(answer) == [("plan", "一（二）"), ("plan", "一（四）"), ("plan", "二（一）")]
    assert answer.count is None
    assert [c.seq for c in answer.citations] == [2, 4, 5]


@pytest.mark.parametrize(
    "question",
    ["鄞州老旧小区改造方案有几项任务没有明确责任单位？", "甬鄞政办发〔2026〕7号有幾項任務未明確責任單位？"],
)
def test_how_many_tasks_name_no_unit(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert (answer.kind, answer.count) == ("unowned_tasks", 3), answer.answer


def test_a_document_whose_every_task_names_a_unit(base: KnowledgeBase) -> None:
    answer = ask(base, "鄞州夜间经济若干措施有哪些任务没有责任单位？")
    assert (answer.kind, answer.tasks) == ("unowned_tasks", ())
    assert answer.answer == "《鄞州区关于加快发展夜间经济的若干措施》的任务都明确了责任单位。"


def test_a_question_about_one_task_without_owner_is_not_this_kind(base: KnowledgeBase) -> None:
    answer = ask(base, "甬鄞政办发〔2026〕7号第（三）项由谁负责？")
    assert answer.kind == "owner_of_task"
    assert [(r.name, str(r.role)) for r in answer.agencies] == [("区乙委", "lead")]


@pytest.mark.parametrize(
    "question", ["推广第三批创新改革举措有多少项？", "推廣第三批創新改革舉措清單有幾項任務？"]
)
def test_a_count_names_its_document_by_words_of_the_title(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert (answer.kind, answer.count) == ("count", 3), answer.answer
    assert [c.doc for c in answer.citations][:1] == ["measures"]


@pytest.mark.parametrize(
    "question", ["有哪些关于夜间经济的文件？", "有沒有關於夜間經濟的文件？", "有没有关于夜间经济的文件"]
)
def test_documents_on_a_topic_asked_with_which_or_whether(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "documents", answer.answer
    assert [c.doc for c in answer.citations] == ["topic"]


@pytest.mark.parametrize(
    "question", ["鄞州防汛防台应急预案的应急响应分几级？", "鄞州防汛防台應急預案的應急響應分為幾級？"]
)
def test_a_figure_asked_with_how_many_quotes_the_sentence_that_states_it(
    base: KnowledgeBase, question: str
) -> None:
    answer = ask(base, question)
    assert answer.kind == "free", answer.answer
    assert answer.citations[0].quote == "本区防汛防台应急响应分为Ⅰ级、Ⅱ级、Ⅲ级、Ⅳ级四个等级，Ⅰ级为最高级别。"


@pytest.mark.parametrize("question", ["航道管理处牵头哪些任务？", "航道管理處牽頭哪些任務？"])
def test_a_division_named_without_its_body(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "tasks_of_agency", answer.answer
    assert paths(answer) == [("divisions", "一1")]
    assert answer.agencies[0].name == "区交通运输局航道管理处"


def test_a_division_counted_in_a_document_named(base: KnowledgeBase) -> None:
    answer = ask(base, "内河航运方案中安全监督处配合几项任务？")
    assert (answer.kind, answer.count) == ("count", 1), answer.answer


def test_no_document_on_a_topic_is_not_found(base: KnowledgeBase) -> None:
    answer = ask(base, "有没有关于海绵城市的文件？")
    assert answer.kind == "not_found"


@pytest.mark.parametrize(
    "question",
    [
        "鄞州垃圾分类攻坚方案哪些任务没有明确牵头单位？",
        "鄞州垃圾分類攻堅方案哪些任務沒有明確牽頭單位？",
        "Which tasks of the Yinzhou waste sorting plan have no lead agency?",
    ],
)
def test_the_tasks_no_unit_leads(base: KnowledgeBase, question: str) -> None:
    # 2 names only a supporting unit, 3 none; 4 leads by order of its list, 5 by its guide
    answer = ask(base, question)
    assert answer.kind == "unowned_tasks", answer.answer
    assert paths(answer) == [("sorting", "一2"), ("sorting", "一3")]


def test_a_supporting_unit_is_a_responsible_unit(base: KnowledgeBase) -> None:
    answer = ask(base, "鄞州垃圾分类攻坚方案哪些任务没有明确责任单位？")
    assert paths(answer) == [("sorting", "一3")]
    assert answer.answer.splitlines()[0] == "《鄞州区生活垃圾分类攻坚方案》中有1项任务未明确责任单位："


def test_a_document_whose_every_task_has_a_lead(base: KnowledgeBase) -> None:
    answer = ask(base, "鄞州夜间经济若干措施有哪些任务没有牵头单位？")
    assert (answer.kind, answer.tasks) == ("unowned_tasks", ())
    assert answer.answer == "《鄞州区关于加快发展夜间经济的若干措施》的任务都明确了牵头单位。"


@pytest.mark.parametrize(
    "question",
    [
        "鄞州垃圾分类攻坚方案第4项任务的具体内容是什么？",
        "鄞州垃圾分類攻堅方案第4項任務講了什麼？",
        "鄞州垃圾分类攻坚方案的第四项任务是什么",
        "What does task 4 of the Yinzhou waste sorting plan say?",
    ],
)
def test_what_a_task_says(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "task_text", answer.answer
    assert paths(answer) == [("sorting", "一4")]
    assert "“4.推进餐厨垃圾处置。（责任单位：区丁局、区戊局）”" in to_simplified(answer.answer)
    assert [(r.name, str(r.role)) for r in answer.agencies] == [("区丁局", "lead"), ("区戊局", "support")]


def test_what_a_task_without_owner_says(base: KnowledgeBase) -> None:
    answer = ask(base, "鄞州垃圾分类攻坚方案第3项的主要内容")
    assert (answer.kind, paths(answer)) == ("task_text", [("sorting", "一3")])
    assert answer.answer.splitlines()[1:3] == [
        "“3.建设回收站点。建成再生资源回收站点10个。”",
        "该任务未明确责任单位。",
    ]


@pytest.mark.parametrize(
    ("question", "count", "names"),
    [
        ("鄞州垃圾分类攻坚方案第4项有几个配合单位？", 1, ["区戊局"]),
        ("鄞州垃圾分類攻堅方案第4項有幾個牽頭單位？", 1, ["区丁局"]),
        ("鄞州垃圾分类攻坚方案第4项有几个责任单位？", 2, ["区丁局", "区戊局"]),
        ("How many supporting agencies does task 1 of the Yinzhou waste sorting plan have?", 1, ["区丁局"]),
    ],
)
def test_the_units_of_a_task_counted_in_the_role_asked(
    base: KnowledgeBase, question: str, count: int, names: list[str]
) -> None:
    answer = ask(base, question)
    assert (answer.kind, answer.count) == ("count", count), answer.answer
    assert [r.name for r in answer.agencies] == names


def test_a_dotted_path_names_the_item_under_its_part(base: KnowledgeBase) -> None:
    answer = ask(base, "Who is responsible for task 1.4 of the Yinzhou waste sorting plan?")
    assert (answer.kind, paths(answer)) == ("owner_of_task", [("sorting", "一4")])
    assert [(r.name, str(r.role)) for r in answer.agencies] == [("区丁局", "lead"), ("区戊局", "support")]


@pytest.mark.parametrize(
    ("question", "duty"),
    [
        ("河道保洁专项行动方案中区庚队负责什么？", "负责水上巡查，依法查处向河道倾倒垃圾的行为。"),
        ("河道保潔專項行動方案中區庚隊負責什麼？", "负责水上巡查，依法查处向河道倾倒垃圾的行为。"),
        ("河道保洁专项行动方案里区壬办负责什么", "按各自职责做好河道保洁的配合工作。"),
    ],
)
def test_the_duties_of_a_body_no_marker_names(base: KnowledgeBase, question: str, duty: str) -> None:
    # no marker names these bodies: their duties are the prose under the heading naming them
    answer = ask(base, question)
    assert answer.kind == "free", answer.answer
    assert to_simplified(answer.citations[0].quote) == duty
    assert answer.agencies == ()


def test_a_body_the_document_never_names_has_no_duties(base: KnowledgeBase) -> None:
    answer = ask(base, "河道保洁专项行动方案中区癸局负责什么？")
    assert answer.kind == "not_found", answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "鄞州农贸市场提升方案第二项任务由谁负责？",
        "鄞州農貿市場提升方案第二項任務由誰負責？",
        "Who is in charge of the second task of the Yinzhou farmers market plan?",
        "Who is in charge of the 2nd item of the Yinzhou farmers market plan?",
    ],
)
def test_an_ordinal_asks_for_the_task_in_that_position(base: KnowledgeBase, question: str) -> None:
    # 2 is printed under 二 and under 三; the second task in order is 二1
    answer = ask(base, question)
    assert (answer.kind, paths(answer)) == ("owner_of_task", [("markets", "二1")]), answer.answer
    assert [(r.name, str(r.role)) for r in answer.agencies] == [("区丙局", "lead")]


def test_the_answer_says_the_label_is_shared(base: KnowledgeBase) -> None:
    answer = ask(base, "鄞州农贸市场提升方案第二项任务由谁负责？")
    assert answer.answer.startswith("该文件有2个条目标为“二”；按顺序第2项任务是二1（推行智慧管理）：")


def test_a_shared_label_not_asked_as_an_ordinal_lists_the_items(base: KnowledgeBase) -> None:
    answer = ask(base, "鄞州农贸市场提升方案任务2由谁负责？")
    assert answer.kind == "ambiguous", answer.answer
    assert [c.path for c in answer.candidates] == ["二2", "三2"]


@pytest.mark.parametrize(
    "question", ["鄞州那张分工表里区己局牵头哪些任务？", "鄞州那張分工表裡區己局牽頭哪些任務？"]
)
def test_a_table_pointed_at(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert (answer.kind, paths(answer)) == ("tasks_of_agency", [("table", "1")]), answer.answer


def test_a_document_of_hong_kong_by_its_bodies_labels(base: KnowledgeBase) -> None:
    # the page names no place; 负责政策局 is how Hong Kong labels its bodies
    assert base.catalog["address"].jurisdiction == "香港特别行政区"


@pytest.mark.parametrize(
    ("question", "count"),
    [("How many measures are in the Hong Kong policy address?", 2), ("香港施政报告有几项措施？", 2)],
)
def test_the_policy_address_by_place_and_kind(base: KnowledgeBase, question: str, count: int) -> None:
    answer = ask(base, question)
    assert (answer.kind, answer.count) == ("count", count), answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Who is responsible for measure 2 of the Hong Kong policy address?",
        "香港施政報告第2項措施由哪個政策局負責？",
    ],
)
def test_a_measure_of_the_policy_address(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert (answer.kind, paths(answer)) == ("owner_of_task", [("address", "2")]), answer.answer
    assert [(r.name, str(r.role)) for r in answer.agencies] == [("财经事务及库务局", "lead")]


@pytest.mark.parametrize(
    "question",
    ["《鄞州区农产品冷链建设要点》第（二）项谁负责？", "鄞州區農產品冷鏈建設要點第（二）項由誰負責？"],
)
def test_a_label_in_one_of_the_documents_a_notice_issues(base: KnowledgeBase, question: str) -> None:
    # both issued documents print （二）: the title names the second
    answer = ask(base, question)
    assert answer.kind == "owner_of_task", answer.answer
    assert [(r.name, str(r.role)) for r in answer.agencies] == [
        ("区交通运输局", "lead"),
        ("区商务局", "support"),
    ]


@pytest.mark.parametrize(
    "question",
    [
        "杭州老旧小区改造方案第（三）项由谁负责？",
        "杭州老舊小區改造方案第（三）項由誰負責？",
        "Who is responsible for task 1 of the Hangzhou waste sorting plan?",
        # 海曙区 is another district of the city whose 鄞州区 plans the store holds
        "海曙区垃圾分类攻坚方案第1项由谁负责？",
        "海曙區垃圾分類攻堅方案有幾項任務？",
        "Who leads task 1 of the Haishu District waste sorting plan?",
        # 梅溪区's rules are the store's only 考核细则; 梅溪区 and 梁溪区 are in no place table
        "梁溪区考核细则第1项由谁考核？",
        "梁溪區考核細則第1項由誰考核？",
        "Who leads task 1 of the Shenzhen assessment rules?",
    ],
)
def test_a_document_of_a_place_the_store_does_not_hold(base: KnowledgeBase, question: str) -> None:
    # never another place's item in its stead
    answer = ask(base, question)
    assert (answer.kind, answer.tasks) == ("not_found", ()), answer.answer


def test_a_district_named_in_english(base: KnowledgeBase) -> None:
    answer = ask(base, "Who leads task 1 of the Yinzhou District waste sorting plan?")
    assert (answer.kind, paths(answer)) == ("lead_of_task", [("sorting", "一1")]), answer.answer


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("鄞州民营经济若干措施第二条第（二）项由谁牵头？", "区丁局"),
        ("鄞州民營經濟若干措施第二條第（二）項由誰牽頭？", "区丁局"),
        ("鄞州民营经济若干措施第二条（一）由谁牵头", "区丙局"),
    ],
)
def test_an_item_under_an_article(base: KnowledgeBase, question: str, lead: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "lead_of_task", answer.answer
    assert [r.name for r in answer.agencies if str(r.role) == "lead"] == [lead]


def test_the_document_of_a_place_no_table_lists(base: KnowledgeBase) -> None:
    answer = ask(base, "梅溪区考核细则第1项由谁考核？")
    assert (answer.kind, paths(answer)) == ("owner_of_task", [("unlisted", "一1")]), answer.answer


@pytest.mark.parametrize(
    "question",
    ["菜市场管理工作方案中市场巡查日常工作由谁承担？", "菜市場管理工作方案中市場巡查日常工作由誰承擔？"],
)
def test_who_does_what_the_text_says_and_no_task_holds(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "free", answer.answer
    assert to_simplified(answer.citations[0].quote) == "市场巡查日常工作由区丙中心承担。"


@pytest.mark.parametrize(
    ("question", "path", "lead"),
    [
        ("鄞州农贸市场提升方案中「三、服务优化」第1项由谁负责？", "三1", "区乙委"),
        ("鄞州農貿市場提升方案中「二、管理提升」第2項由誰負責？", "二2", "区丁局"),
        ("《鄞州区农贸市场提升方案》“服务优化”第2项由谁负责", "三2", "区戊局"),
    ],
)
def test_an_item_under_a_heading_quoted(base: KnowledgeBase, question: str, path: str, lead: str) -> None:
    # items restart under each heading: the heading quoted says which 1 or 2
    answer = ask(base, question)
    assert (answer.kind, paths(answer)) == ("owner_of_task", [("markets", path)]), answer.answer
    assert [r.name for r in answer.agencies if str(r.role) == "lead"] == [lead]
