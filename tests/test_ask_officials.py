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
