"""`kb ask` on phrasings found wrong on documents the project had not seen, in an invented store:
items printed with dotted labels asked in Chinese (措施1.1, 第2.3項); how often something is
reported (多长时间…一次, 多久…一次) quoted, not read as a deadline; a document named by its topic
before its issuer (关于X的那个省政府意见); how a rule settles something (按什么原则确定) quoted; a
role counted after a post word (担任协办单位的有几项); a body's 工作项目 or 项目 in every document,
not in the one whose title holds 项目.

The documents are invented (区甲局, 区乙委 …); expected answers come from reading them.
"""

from __future__ import annotations

import pytest

from kb.knowledge import KnowledgeBase
from kb.qa.answer import ask

DOTTED = """\
丰林县长者友善行动计划

一、医养服务
1.1 扩大日间照料名额。新增名额300个。（牵头单位：县甲局；配合单位：县乙局）
1.2 推行健康评估。为长者提供年度健康评估。（责任单位：县乙局）
二、出行便利
2.1 增设无障碍站点。新增站点50个。（牵头单位：县丙局）
"""

CARE = """\
丰林县养老服务提升方案

一、重点任务
1.建设养老服务中心。新建中心10个。（牵头单位：县丁局；配合单位：县戊局）
2.培训护理人员。每年培训500人次。（牵头单位：县戊局；配合单位：县丁局）
3.发展助餐服务。新建助餐点20个。（牵头单位：县丁局；配合单位：县戊局）
二、保障措施
各责任单位要细化措施，每季度向县丁局报送工作进展情况。
"""

OPINION = """\
丰林县人民政府关于推进智慧养老发展的意见

丰林县人民政府
2026年3月1日

一、明确职责
养老服务机构的主管部门按照“属地管理、分级负责”的原则确定。
二、重点任务
（一）建设智慧养老平台。（责任单位：县己局）
"""

PROJECTS = """\
丰林县2026年民生实事项目责任分解表

序号\t项目名称\t责任单位
1\t新增托育名额\t县己局
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    from indexer.pipeline import index

    folder = tmp_path_factory.mktemp("round4")
    (folder / "in").mkdir()
    for name, text in (("dotted", DOTTED), ("care", CARE), ("opinion", OPINION), ("projects", PROJECTS)):
        (folder / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
    report = index([folder / "in"], folder / "store", workers=1)
    assert report.ok, report.errors
    return KnowledgeBase.open(folder / "store")


def roles(answer: object) -> list[tuple[str, str]]:
    return [(a.name, a.role) for a in answer.agencies]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("question", "path", "owners"),
    [
        ("长者友善行动计划措施1.1由谁负责？", "一1.1", [("县甲局", "lead"), ("县乙局", "support")]),
        ("長者友善行動計劃第1.2項由哪個部門負責？", "一1.2", [("县乙局", "lead")]),
        ("长者友善行动计划任务2.1的牵头单位是哪个？", "二2.1", [("县丙局", "lead")]),
    ],
)
def test_a_dotted_label_asked_in_chinese_is_the_item_printed_so(
    base: KnowledgeBase, question: str, path: str, owners: list[tuple[str, str]]
) -> None:
    answer = ask(base, question)
    assert [t.path_text for t in answer.tasks] == [path]
    assert roles(answer) == owners


@pytest.mark.parametrize(
    "question",
    [
        "丰林县养老服务提升方案要求各责任单位多长时间向县丁局报送一次进展？",
        "豐林縣養老服務提升方案要求各責任單位多久向縣丁局報送一次進展？",
    ],
)
def test_how_often_is_quoted_from_the_text(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "free"
    assert "每季度向县丁局报送工作进展情况" in answer.citations[0].quote


@pytest.mark.parametrize(
    "question",
    [
        "关于智慧养老的那个县政府意见里，养老服务机构的主管部门按什么原则确定？",
        "關於智慧養老的那個縣政府意見裡，養老服務機構的主管部門按什麼原則確定？",
    ],
)
def test_how_a_rule_settles_something_is_quoted_from_the_named_document(
    base: KnowledgeBase, question: str
) -> None:
    answer = ask(base, question)
    assert answer.kind == "free"
    assert answer.citations[0].doc == "opinion"
    assert "属地管理、分级负责" in answer.citations[0].quote


@pytest.mark.parametrize(
    "question", ["关于智慧养老的那个县政府意见是哪一年印发的？", "關於智慧養老的縣政府意見由誰印發？"]
)
def test_a_document_named_by_its_topic_before_its_issuer(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert [c.doc for c in answer.citations][:1] == ["opinion"]


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("县戊局在养老服务提升方案里担任配合单位的有几项？", 2),
        ("縣戊局在養老服務提升方案裡擔任協辦機關的有幾項？", 2),
        ("县丁局在养老服务提升方案里担任牵头单位的有几项？", 2),
    ],
)
def test_a_role_after_a_post_word_is_counted_in_that_role(
    base: KnowledgeBase, question: str, count: int
) -> None:
    answer = ask(base, question)
    assert (answer.kind, answer.count) == ("count", count)


@pytest.mark.parametrize("question", ["县丙局负责哪些工作项目？", "縣丙局負責哪些項目？"])
def test_a_plain_word_for_tasks_names_no_document(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert (answer.kind, [(t.doc, t.path_text) for t in answer.tasks]) == (
        "tasks_of_agency",
        [("dotted", "二2.1")],
    )
