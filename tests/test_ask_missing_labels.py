"""`kb ask` on a label the document does not print, in an invented store: a rules document
printing its articles (第一条…第四条) has no 第九条, and its ninth task in order is not what is asked;
a plan numbering 1. 2. 3. answers 第二条 by its item 2; the not-found answer says the label as asked
(and the document named, when it holds one document).

Expected answers come from reading the documents.
"""

from __future__ import annotations

import pytest

from kb.knowledge import KnowledgeBase
from kb.normalize import to_simplified
from kb.qa.answer import ask

RULES = """\
江北区人民政府办公室关于印发《江北区河道保洁工作方案》和《江北区河道保洁管理办法》的通知

各街道办事处，区政府各部门：
现将《江北区河道保洁工作方案》和《江北区河道保洁管理办法》印发给你们，请认真贯彻执行。

江北区人民政府办公室
2026年2月1日

江北区河道保洁工作方案

一、工作任务
1.落实保洁队伍。每条河道配备保洁员。（牵头单位：区水利局）
2.配置保洁船只。新增保洁船10艘。（牵头单位：区财政局）
3.开展水面巡查。每日巡查一次。（牵头单位：区综合执法局）

江北区河道保洁管理办法

第一条　为加强河道保洁管理，制定本办法。
第二条　河道保洁考核标准由区水利局制定。（牵头单位：区水利局）
第三条　辖区河道日常巡查落实到人。（责任单位：各街道办事处）
第四条　本办法自2026年3月1日起施行。
"""

PLAN = """\
江北区水环境提升方案

一、主要任务
1.清理河道淤泥。完成河道清淤20公里。（牵头单位：区水利局）
2.整治排污口。整治入河排污口30个。（牵头单位：区生态环境分局）
3.建设生态护岸。新建生态护岸5公里。（牵头单位：区农业农村局）
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    from indexer.pipeline import index

    folder = tmp_path_factory.mktemp("missing_labels")
    (folder / "in").mkdir()
    for name, text in (("rules", RULES), ("plan", PLAN)):
        (folder / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
    report = index([folder / "in"], folder / "store", workers=1)
    assert report.ok, report.errors
    return KnowledgeBase.open(folder / "store")


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # seven tasks in all: the sixth in order (第三条 of the 办法) is not its 第六条
        ("河道保洁管理办法第六条规定了什么？", "知识库中没有找到第六条。"),
        ("河道保潔管理辦法第六條由誰負責？", "知识库中没有找到第六条。"),
        ("河道保洁管理办法第（六）项由谁负责？", "知识库中没有找到第（六）项任务。"),
    ],
)
def test_an_article_a_document_printing_articles_lacks_is_not_found(
    base: KnowledgeBase, question: str, said: str
) -> None:
    answer = ask(base, question)
    assert answer.kind == "not_found", answer.answer
    assert to_simplified(answer.answer.splitlines()[0]) == said


def test_an_article_a_rules_document_prints_is_answered(base: KnowledgeBase) -> None:
    answer = ask(base, "河道保洁管理办法第三条由谁负责？")
    assert [(t.doc, t.path_text) for t in answer.tasks] == [("rules", "第三条")], answer.answer
    assert [(r.name, str(r.role)) for r in answer.agencies] == [("各街道办事处", "lead")]


@pytest.mark.parametrize("question", ["水环境提升方案第二条由谁负责？", "水環境提升方案第二條由誰負責？"])
def test_an_article_asked_of_a_plan_numbering_items_is_its_item(base: KnowledgeBase, question: str) -> None:
    # the plan prints no articles: 第二条 is its item 2, as officials mean it
    answer = ask(base, question)
    assert [(t.doc, t.path_text) for t in answer.tasks] == [("plan", "一2")], answer.answer
    assert [(r.name, str(r.role)) for r in answer.agencies] == [("区生态环境分局", "lead")]


def test_a_missing_task_in_english_names_the_document(base: KnowledgeBase) -> None:
    answer = ask(base, "Who is responsible for task 9 of the Jiangbei water environment plan?")
    assert answer.kind == "not_found", answer.answer
    assert answer.answer.splitlines()[0] == (
        "Nothing in the knowledge base answers this (task '9' of 《江北区水环境提升方案》)."
    )
