"""`kb ask` on questions as officials phrase them about documents the project has never seen,
in an invented store (区甲局, 团区委 … of an invented 江北区): a heading quoted right after the
document's name (方案「三、服务优化」第1项), a description two titles half match (青年参与方案),
联合 inside a task's words (联合执法, 联合采购办公室), a role word glued to a unit word
(负责政策局, 协同部门).

Expected answers come from reading the documents.
"""

from __future__ import annotations

import pytest

from kb.knowledge import KnowledgeBase
from kb.normalize import to_simplified
from kb.qa.answer import ask

MARKETS = """\
江北区农贸市场提升方案

一、硬件改造
1.改造排水设施。完成排水管网改造。（牵头单位：区甲局）
二、管理提升
1.推行智慧管理。建设智慧监管平台。（牵头单位：区丙局）
2.规范经营秩序。开展占道经营整治。（牵头单位：区丁局；配合单位：各街道）
三、服务优化
1.开设便民服务点。每个市场设服务点一处。（牵头单位：区乙委）
2.推广电子支付。实现电子支付全覆盖。（牵头单位：区戊局）
"""

YOUTH_PLAN = """\
江北区青年参与推动方案

一、重点任务
1.建立青年议事会。每个街道设立青年议事会。（牵头单位：团区委；配合单位：区民政局）
2.开展青年调研。每年开展青年需求调研。（牵头单位：区教育局）
"""

YOUTH_BLUEPRINT = """\
江北区青年发展蓝图

一、重点任务
1.建设青年驿站。新建青年驿站10个。（牵头单位：区人社局）
2.推进青年就业。开发见习岗位500个。（牵头单位：区人社局；配合单位：团区委）
"""

JOINT = """\
江北区市场监管综合治理工作方案

一、主要任务
1.组建联合采购办公室。统筹政府采购事项。（牵头单位：区财政局；配合单位：区机关事务局）
2.开展联合执法。每季度开展市场联合执法检查。（牵头单位：区市场监管局；配合单位：区公安分局、区城管局）
3.实施联合惩戒。对失信主体实施联合惩戒。（牵头单位：区发改局；配合单位：区市场监管局）
4.推进信用修复。（牵头单位：区发改局）
5.推动共同富裕示范。（牵头单位：区农业农村局）
"""

ADDRESS = """\
江北區樓宇更新提升實施意見

一、主要措施
1.推動樓宇改造。完成老舊樓宇改造20幢。（負責政策局：區甲局）
2.發展樓宇經濟。培育稅收億元樓宇5幢。（負責政策局：區乙委；協辦機關：區丙局）
"""

COMMUNITY = """\
宁波市江北区人民政府办公室关于印发江北区社区服务提升方案的通知
北政办发〔2026〕5号

各镇人民政府、街道办事处，区政府各部门：
《江北区社区服务提升方案》已经区政府同意，现印发给你们，请认真贯彻执行。

宁波市江北区人民政府办公室
2026年3月1日

江北区社区服务提升方案

一、总体要求
坚持以人民为中心，提升社区服务水平。
二、重点任务
（一）完善服务设施
1.建设社区食堂。新建社区食堂20家。（牵头单位：区民政局）
2.改造活动中心。改造社区活动中心10个。（牵头单位：区文旅局）
（二）提升服务质量
1.培训社工队伍。每年培训社工500人次。（牵头单位：区民政局；配合单位：区人社局）
2.推行积分激励。建立志愿服务积分制度。（牵头单位：区文明办）
三、保障措施
（一）加强组织领导。建立工作专班。（牵头单位：区政府办）
（二）强化资金保障。落实专项资金。（牵头单位：区财政局）
"""

CITYSCAPE = """\
江北区城管局市容提升工作方案

一、主要任务
1.整治占道经营。开展占道经营专项整治。（牵头单位：区城管局市容管理科；配合单位：区城管局执法大队）
2.提升夜景照明。完成主要道路夜景照明改造。（牵头单位：区城管局市政设施科）
3.规范户外广告。拆除违规户外广告。（牵头单位：区城管局市容管理科）
"""

STAGES = """\
江北区加装电梯“一件事”工作方案

一、工作目标
全年完成加装电梯100台。
二、实施步骤
（一）动员部署阶段。制定工作计划，开展宣传发动。（责任部门：区住建局、区民政局。时间节点：2026年3月）
（二）集中推进阶段。完成审批和施工。（责任部门：区住建局、区市场监管局。时间节点：2026年9月）
（三）总结评估阶段。开展评估验收。（责任部门：区住建局。时间节点：2026年12月）
"""

TAINAN = """\
臺南市智慧交通推動計畫

壹、計畫目標
推動智慧交通，提升市民通行效率。
貳、推動策略
一、建置智慧號誌系統。完成主要路口智慧號誌建置100處。（主辦機關：交通局；協辦機關：工務局、資訊中心）
二、推廣公共自行車。新增租賃站50站。（主辦機關：交通局）
三、強化停車管理。建置停車資訊平臺。（主辦機關：交通局；協辦機關：經濟發展局）
參、經費需求
所需經費由相關機關編列預算支應。
"""

POLICY_ADDRESS = """\
二〇二六年施政報告新措施一覽

序號\t措施\t負責政策局
1\t推行智慧灯柱計劃\t創新科技及工業局
2\t擴建社區綠在區回收網絡\t環境及生態局
3\t增設長者日間護理名額\t勞工及福利局
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    from indexer.pipeline import index

    folder = tmp_path_factory.mktemp("officials")
    (folder / "in").mkdir()
    for name, text in (
        ("markets", MARKETS),
        ("youth_plan", YOUTH_PLAN),
        ("youth_blueprint", YOUTH_BLUEPRINT),
        ("joint", JOINT),
        ("address", ADDRESS),
        ("community", COMMUNITY),
        ("cityscape", CITYSCAPE),
        ("stages", STAGES),
        ("tainan", TAINAN),
        ("address_hk", POLICY_ADDRESS),
    ):
        (folder / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
    report = index([folder / "in"], folder / "store", workers=1)
    assert report.ok, report.errors
    return KnowledgeBase.open(folder / "store")


def paths(answer: object) -> list[tuple[str, str]]:
    return [(t.doc, t.path_text) for t in answer.tasks]  # type: ignore[attr-defined]


def roles(answer: object) -> list[tuple[str, str]]:
    return [(r.name, str(r.role)) for r in answer.agencies]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("question", "path", "lead"),
    [
        ("江北农贸市场提升方案「三、服务优化」第1项由谁负责？", "三1", "区乙委"),
        ("江北農貿市場提升方案「三、服務優化」第1項由誰負責？", "三1", "区乙委"),
        ("江北农贸市场提升方案“服务优化”第2项由谁牵头？", "三2", "区戊局"),
        ("農貿市場提升方案『管理提升』第1項由哪個單位主辦？", "二1", "区丙局"),
        ("农贸市场提升方案“管理提升”部分第2项谁负责", "二2", "区丁局"),
        ("农贸市场提升方案“推广电子支付”由谁负责？", "三2", "区戊局"),
    ],
)
def test_a_heading_or_task_quoted_right_after_the_documents_name(
    base: KnowledgeBase, question: str, path: str, lead: str
) -> None:
    # no 中 or 的 between the name and the quote: the quote is not part of the name
    answer = ask(base, question)
    assert paths(answer) == [("markets", path)], answer.answer
    assert [n for n, r in roles(answer) if r == "lead"] == [lead]


def test_a_part_quoted_right_after_the_documents_name_is_counted(base: KnowledgeBase) -> None:
    answer = ask(base, "農貿市場提升方案“服務優化”部分有幾項任務？")
    assert (answer.kind, answer.count) == ("count", 2), answer.answer
    assert [c.doc for c in answer.citations] == ["markets"]


@pytest.mark.parametrize(
    ("question", "path", "lead"),
    [
        ("青年参与方案第1项由谁牵头？", "一1", "团区委"),
        ("青年參與方案第2項由誰負責？", "一2", "区教育局"),
        ("青年参与的方案第1项由谁牵头？", "一1", "团区委"),
        ("青年发展的文件第1项由谁牵头？", "一1", "区人社局"),
        ("青年参与那个文件第2项谁负责？", "一2", "区教育局"),
        ("青年參與那份文件第2項由哪個機關主辦？", "一2", "区教育局"),
    ],
)
def test_the_document_a_description_matches_better_wins(
    base: KnowledgeBase, question: str, path: str, lead: str
) -> None:
    # 参与 is a role word, but between a topic and a document noun it is a word of the title
    answer = ask(base, question)
    doc = "youth_plan" if lead != "区人社局" else "youth_blueprint"
    assert paths(answer) == [(doc, path)], answer.answer
    assert [n for n, r in roles(answer) if r == "lead"] == [lead]


def test_a_description_counted_in_the_document_it_matches_better(base: KnowledgeBase) -> None:
    answer = ask(base, "青年參與方案有幾項任務？")
    assert (answer.kind, answer.count) == ("count", 2), answer.answer
    assert [c.doc for c in answer.citations] == ["youth_plan"]


@pytest.mark.parametrize("question", ["江北青年工作文件第1项由谁牵头？", "江北青年工作文件第1項由誰牽頭？"])
def test_a_description_two_titles_fit_equally_asks_which(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "ambiguous", answer.answer
    assert sorted(c.doc for c in answer.candidates) == ["youth_blueprint", "youth_plan"]
    said = to_simplified(answer.answer)
    assert "江北区青年参与推动方案" in said and "江北区青年发展蓝图" in said


@pytest.mark.parametrize(
    ("question", "path", "expected"),
    [
        ("开展联合执法这项任务由谁牵头？", "一2", [("区市场监管局", "lead")]),
        ("開展聯合執法這項任務由誰牽頭？", "一2", [("区市场监管局", "lead")]),
        ("联合惩戒由哪些部门配合？", "一3", [("区市场监管局", "support")]),
        ("組建聯合採購辦公室歸哪個部門管？", "一1", [("区财政局", "lead"), ("区机关事务局", "support")]),
        ("推动共同富裕示范的牵头单位是？", "一5", [("区农业农村局", "lead")]),
    ],
)
def test_joint_words_inside_a_tasks_words(
    base: KnowledgeBase, question: str, path: str, expected: list[tuple[str, str]]
) -> None:
    answer = ask(base, question)
    assert paths(answer) == [("joint", path)], answer.answer
    assert sorted(r for r in roles(answer) if r[1] in {e[1] for e in expected}) == sorted(expected)


@pytest.mark.parametrize(
    "question", ["区发改局和区市场监管局联合负责哪些任务？", "區發改局和區市場監管局聯合負責哪些任務？"]
)
def test_joint_after_the_agencies_still_asks_what_they_share(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert (answer.kind, paths(answer)) == ("tasks_of_agency", [("joint", "一3")]), answer.answer


@pytest.mark.parametrize(
    ("question", "kind", "expected"),
    [
        (
            "江北樓宇更新提升實施意見第2項的負責政策局是？",
            "owner_of_task",
            [("区乙委", "lead"), ("区丙局", "support")],
        ),
        ("江北楼宇更新提升实施意见第2项的协同部门是？", "support_of_task", [("区丙局", "support")]),
        ("江北樓宇更新提升實施意見第1項的牽頭機構是？", "lead_of_task", [("区甲局", "lead")]),
    ],
)
def test_a_role_word_glued_to_a_unit_word_asks_for_those_units(
    base: KnowledgeBase, question: str, kind: str, expected: list[tuple[str, str]]
) -> None:
    answer = ask(base, question)
    assert answer.kind == kind, answer.answer
    assert sorted(r for r in roles(answer) if r[1] in {e[1] for e in expected}) == sorted(expected)


@pytest.mark.parametrize(
    ("question", "path", "lead"),
    [
        ("社区服务提升方案第（二）项第1条由谁牵头？", "二（二）1", "区民政局"),
        ("社區服務提升方案第（二）條第2項由誰主辦？", "二（二）2", "区文明办"),
        ("社区服务提升方案第（一）项第二条谁负责", "二（一）2", "区文旅局"),
    ],
)
def test_an_item_under_a_parenthesised_item(base: KnowledgeBase, question: str, path: str, lead: str) -> None:
    # （二） is printed under 二 and under 三: item 1 under it says which (二（二）1)
    answer = ask(base, question)
    assert paths(answer) == [("community", path)], answer.answer
    assert [n for n, r in roles(answer) if r == "lead"] == [lead]


@pytest.mark.parametrize(
    "question",
    [
        "江北区人民政府办公室印发的社区服务方案有几项任务？",
        "江北區人民政府辦公室印發的社區服務方案有幾項任務？",
    ],
)
def test_a_document_named_by_who_issued_it(base: KnowledgeBase, question: str) -> None:
    # the issuer before 印发的 is the document's, not an agency whose tasks are counted
    answer = ask(base, question)
    assert (answer.kind, answer.count) == ("count", 6), answer.answer
    assert [c.doc for c in answer.citations] == ["community"]


def test_an_agency_before_a_bare_de_stays_the_subject(base: KnowledgeBase) -> None:
    answer = ask(base, "区民政局的社区服务方案里牵头几项？")
    assert (answer.kind, answer.count) == ("count", 2), answer.answer


@pytest.mark.parametrize("question", ["市容提升方案里区城管局牵头几项？", "市容提升方案裡區城管局牽頭幾項？"])
def test_a_body_whose_plan_names_its_divisions(base: KnowledgeBase, question: str) -> None:
    # 区城管局 has no task of its own in the plan; its divisions have: they are answered
    answer = ask(base, question)
    assert (answer.kind, answer.count) == ("count", 3), answer.answer
    assert sorted({r.name for r in answer.agencies}) == ["区城管局市容管理科", "区城管局市政设施科"]


def test_a_body_asked_yes_or_no_in_its_plan_by_its_division(base: KnowledgeBase) -> None:
    answer = ask(base, "市容提升方案第1项区城管局是牵头单位吗？")
    assert (answer.kind, paths(answer)) == ("yes_no", [("cityscape", "一1")]), answer.answer
    assert answer.answer.startswith("是。区城管局市容管理科是该任务的牵头单位")


def test_a_body_asked_with_no_document_keeps_its_own_tasks(base: KnowledgeBase) -> None:
    answer = ask(base, "区城管局牵头哪些任务？")
    assert roles(answer) == [("区城管局", "support")], answer.answer


@pytest.mark.parametrize(
    ("question", "n", "head"),
    [
        ("社区服务提升方案有几个牵头单位？", 5, "《江北区社区服务提升方案》共有5个牵头单位。"),
        ("社區服務提升方案有幾個協辦機關？", 1, "《江北区社区服务提升方案》共有1个配合单位。"),
        ("社区服务提升方案有多少个责任单位？", 6, "《江北区社区服务提升方案》共涉及6个责任单位。"),
    ],
)
def test_a_documents_units_counted_in_the_role_asked(
    base: KnowledgeBase, question: str, n: int, head: str
) -> None:
    answer = ask(base, question)
    assert (answer.kind, answer.count) == ("count", n), answer.answer
    assert to_simplified(answer.answer.splitlines()[0]) == head


@pytest.mark.parametrize(
    "question",
    [
        "加装电梯方案三个阶段分别什么时候完成？",
        "加裝電梯方案各階段的完成時限？",
        "加装电梯方案各项任务截止到什么时候？",
        "加裝電梯方案所有任務的完成期限是？",
    ],
)
def test_every_items_deadline_of_a_document(base: KnowledgeBase, question: str) -> None:
    # 三个阶段, 各项任务 after the document's name: all its items, not a task's words
    answer = ask(base, question)
    assert answer.kind == "deadline", answer.answer
    assert [t.path_text for t in answer.tasks] == ["二（一）", "二（二）", "二（三）"]
    assert "2026年9月" in to_simplified(answer.answer)


@pytest.mark.parametrize(
    "question",
    ["加装电梯方案集中推进阶段截止到什么时候？", "集中推進階段什麼時間完成？", "集中推进阶段截止到哪天？"],
)
def test_a_stages_deadline_asked_colloquially(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert (answer.kind, paths(answer)) == ("deadline", [("stages", "二（二）")]), answer.answer
    assert "2026年9月" in to_simplified(answer.answer)


@pytest.mark.parametrize(
    ("question", "path", "expected"),
    [
        ("臺南智慧交通推動計畫貳、一的主辦機關是哪個單位？", "贰一", [("交通局", "lead")]),
        ("台南智慧交通推动计划贰、三由哪个机关协办？", "贰三", [("经济发展局", "support")]),
    ],
)
def test_a_taiwan_item_by_its_part_and_chinese_numeral(
    base: KnowledgeBase, question: str, path: str, expected: list[tuple[str, str]]
) -> None:
    answer = ask(base, question)
    assert paths(answer) == [("tainan", path)], answer.answer
    got = [(to_simplified(n), r) for n, r in roles(answer) if r == expected[0][1]]
    assert got == expected


@pytest.mark.parametrize("question", ["施政報告新措施一覽有幾項措施？", "施政报告新措施一览有几项措施？"])
def test_a_list_of_measures_counted_by_its_title(base: KnowledgeBase, question: str) -> None:
    # 措施一览 is the title's end (一览), not measure 一
    answer = ask(base, question)
    assert (answer.kind, answer.count) == ("count", 3), answer.answer
    assert [c.doc for c in answer.citations] == ["address_hk"]


@pytest.mark.parametrize("question", ["江北青年文件有几项任务？", "江北青年文件有幾項任務？"])
def test_a_count_of_a_description_two_titles_fit_equally_asks_which(
    base: KnowledgeBase, question: str
) -> None:
    answer = ask(base, question)
    assert answer.kind == "ambiguous", answer.answer
    assert sorted(c.doc for c in answer.candidates) == ["youth_blueprint", "youth_plan"]
    assert sorted(to_simplified(answer.answer).splitlines()[1:]) == [
        "《江北区青年参与推动方案》共有2项任务，都明确了责任单位。",
        "《江北区青年发展蓝图》共有2项任务，都明确了责任单位。",
    ]


@pytest.mark.parametrize(
    ("question", "n", "part"),
    [
        ("社区服务提升方案里保障措施有几项？", 2, "三、保障措施"),
        ("社區服務提升方案裡保障措施有幾項？", 2, "三、保障措施"),
        ("社区服务提升方案中完善服务设施有几项任务？", 2, "（一）完善服务设施"),
        # a heading that is a modifier and a task noun (重点任务) names that part, not all tasks
        ("社区服务提升方案的重点任务一共有几项？", 4, "二、重点任务"),
        ("社區服務提升方案的重點任務一共有幾項？", 4, "二、重点任务"),
    ],
)
def test_a_part_counted_by_its_headings_whole_title(
    base: KnowledgeBase, question: str, n: int, part: str
) -> None:
    # no quotes and no 部分: words that are a heading's whole title (its task noun after them) name it
    answer = ask(base, question)
    assert (answer.kind, answer.count) == ("count", n), answer.answer
    assert part in to_simplified(answer.answer)


@pytest.mark.parametrize("question", ["市容提升工作方案的重点任务有几项？", "市容提升工作方案的重點任務有幾項？"])
def test_a_task_noun_title_no_heading_has_counts_the_whole_document(
    base: KnowledgeBase, question: str
) -> None:
    # 重点任务 names a part only where a heading has exactly that title (this one says 主要任务)
    answer = ask(base, question)
    assert (answer.kind, answer.count) == ("count", 3), answer.answer
    assert to_simplified(answer.answer) == "《江北区城管局市容提升工作方案》共有3项任务，都明确了责任单位。"


@pytest.mark.parametrize(
    "question", ["社区服务提升方案区民政局牵头几项？", "社區服務提升方案區民政局牽頭幾項？"]
)
def test_an_agency_right_after_the_documents_name(base: KnowledgeBase, question: str) -> None:
    # no 里 or 中 between the document's name and the agency: the name ends at its noun
    answer = ask(base, question)
    assert (answer.kind, answer.count) == ("count", 2), answer.answer
    assert {r.name for r in answer.agencies} == {"区民政局"}


@pytest.mark.parametrize(
    ("question", "path"),
    [("农贸市场提升方案的第一个任务由谁负责？", "一1"), ("農貿市場提升方案第二個任務由誰負責？", "二1")],
)
def test_the_nth_task_asked_with_ge(base: KnowledgeBase, question: str, path: str) -> None:
    # 第一个任务: a position, as 第一项任务 is, where every part restarts its numbers
    answer = ask(base, question)
    assert (answer.kind, paths(answer)) == ("owner_of_task", [("markets", path)]), answer.answer


@pytest.mark.parametrize(
    ("question", "path", "lead"),
    [
        ("社区服务提升方案最后一项由谁负责？", "三（二）", "区财政局"),
        ("社區服務提升方案最後一項任務由誰牽頭？", "三（二）", "区财政局"),
        ("社区服务提升方案倒数第二项由谁牵头？", "三（一）", "区政府办"),
    ],
)
def test_a_task_counted_from_the_end(base: KnowledgeBase, question: str, path: str, lead: str) -> None:
    answer = ask(base, question)
    assert paths(answer) == [("community", path)], answer.answer
    assert [n for n, r in roles(answer) if r == "lead"] == [lead]


ROADS = """\
江北区农村公路路长制实施方案

一、主要任务
1.全面推行路长制。建立区、镇、村三级路长制。（牵头单位：区交通局；配合单位：各镇）
2.加强养护考核。开展年度养护考核。（牵头单位：区交通局）
二、路长制工作流程
1.各镇路长每月巡查一次，记录路长制工作日志。
2.路长制办公室每季度通报一次巡查情况。
"""


@pytest.fixture(scope="module")
def roads(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    from indexer.pipeline import index

    folder = tmp_path_factory.mktemp("roads")
    (folder / "in").mkdir()
    (folder / "in" / "roads.txt").write_text(ROADS, encoding="utf-8")
    report = index([folder / "in"], folder / "store", workers=1)
    assert report.ok, report.errors
    return KnowledgeBase.open(folder / "store")


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("路长制那项谁牵头？", "该文件有3个条目提到“路长制”，只有这一项列出了责任单位："),
        ("路長制那項由誰負責？", "該文件有3個條目提到“路長制”，只有這一項列出了責任單位："),
    ],
)
def test_words_several_items_hold_and_only_one_names_its_units(
    roads: KnowledgeBase, question: str, head: str
) -> None:
    # the attachment's paragraphs mention 路长制 too; only the plan's item names who owns it
    answer = ask(roads, question)
    assert (answer.kind, paths(answer)) == (answer.kind, [("roads", "一1")]), answer.answer
    assert answer.kind in ("owner_of_task", "lead_of_task")
    assert answer.answer.startswith(head)
