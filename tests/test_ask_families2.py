"""`kb ask` on phrasings officials use (issue 13, second round), in an invented store: whether a
task has a unit in a role (第1项有没有配合单位, Does task 2 … have a supporting agency?) and whether
a body no store knows is responsible (no, with the task's real units); the tasks due by or at a
time (2026年底前要完成哪些任务, ROC years, quarters, months; 长期/持续 never due); counts within a
part named by label or heading words; bodies with two names (in brackets, with a slash, a place
without its level word); label nouns (措施5, 第5点, point 5); role posts (担任协办的单位).

The documents are invented; expected answers come from reading them.
"""

from __future__ import annotations

import pytest

from kb.knowledge import KnowledgeBase
from kb.normalize import to_simplified
from kb.qa import due
from kb.qa.answer import ask

RENEWAL = """\
嘉兴市人民政府办公室关于印发嘉兴市城市更新三年行动方案的通知
嘉政办发〔2026〕4号

嘉兴市城市更新三年行动方案

一、总体要求
以人民为中心，稳步推进城市更新。
二、重点任务
1.推进老旧厂房改造。完成老旧厂房改造30处。（牵头单位：市甲局；配合单位：市乙委、市丙局；完成时限：2026年底前）
2.建设口袋公园。新建口袋公园50个。（牵头单位：市甲局；完成时限：2027年6月底前）
3.完善排水管网。改造排水管网100公里。（牵头单位：市水务局（海洋局）；配合单位：嘉兴市发展和改革委员会；完成时限：2026年6月）
4.推进数字赋能。建设城市更新数字平台。（责任单位：市乙委；完成时限：长期坚持）
5.开展街区微更新。完成街区微更新20处。（牵头单位：市丙局；完成时限：2027年第三季度）
三、强化保障
6.加强资金保障。设立城市更新专项资金。（牵头单位：市财政局；完成时限：2026年上半年）
7.强化督导考核。建立月度通报制度。（牵头单位：市甲局；完成时限：持续推进）
"""

SCIENCE = """\
北京市科学技术委员会、中关村科技园区管理委员会关于印发支持概念验证平台建设若干措施的通知
京科发〔2026〕8号

支持概念验证平台建设若干措施

一、支持建设
1.支持高校建设概念验证平台。（市科委、中关村管委会牵头，市教委配合）
2.支持企业参与概念验证。（市经济和信息化局负责）
二、优化服务
3.建立验证项目库。（市科委、中关村管委会负责）
"""

TRAFFIC = """\
臺南市智慧交通推動計畫

壹、推動項目
一、建置智慧號誌。（主辦機關：交通局；協辦機關：工務局、資訊中心；完成期限：115年12月）
二、推廣共享運具。（主辦機關：交通局；完成期限：114年底）
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    from indexer.pipeline import index

    folder = tmp_path_factory.mktemp("families2")
    (folder / "in").mkdir()
    for name, text in (("renewal", RENEWAL), ("science", SCIENCE), ("traffic", TRAFFIC)):
        (folder / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
    report = index([folder / "in"], folder / "store", workers=1)
    assert report.ok, report.errors
    return KnowledgeBase.open(folder / "store")


@pytest.fixture()
def in_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(due, "this_year", lambda: 2026)  # 年底前 asked without a year: this year's


def paths(answer: object) -> list[tuple[str, str]]:
    return [(t.doc, t.path_text) for t in answer.tasks]  # type: ignore[attr-defined]


def roles(answer: object) -> list[tuple[str, str]]:
    return [(r.name, str(r.role)) for r in answer.agencies]  # type: ignore[attr-defined]


# -- 1. yes or no on the existence of a role; a body no store knows ----------------------------


@pytest.mark.parametrize(
    "question",
    ["嘉政办发〔2026〕4号第1项有没有配合单位？", "嘉政辦發〔2026〕4號第1項有協辦機關嗎？",
     "Does task 1 of 嘉政办发〔2026〕4号 have a supporting agency?"],
)  # fmt: skip
def test_a_task_with_supporting_units(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert (answer.kind, answer.verdict) == ("yes_no", True), answer.answer
    assert roles(answer) == [("市甲局", "lead"), ("市乙委", "support"), ("市丙局", "support")]
    assert [c.seq for c in answer.citations] == [1]


@pytest.mark.parametrize(
    "question",
    ["嘉政办发〔2026〕4号第2项有没有配合单位？", "嘉政辦發〔2026〕4號第2項有協辦機關嗎？",
     "Does task 2 of 嘉政办发〔2026〕4号 have a supporting agency?"],
)  # fmt: skip
def test_a_task_without_supporting_units(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert (answer.kind, answer.verdict) == ("yes_no", False), answer.answer
    assert roles(answer) == [("市甲局", "lead")]
    assert [c.seq for c in answer.citations] == [2]
    first = answer.answer.split("《")[0]
    assert first in (
        "没有。该任务未列配合单位。",
        "沒有。該任務未列配合單位。",
        "No: the task names no supporting agency. ",
    )


def test_a_task_with_a_lead(base: KnowledgeBase) -> None:
    answer = ask(base, "嘉兴城市更新方案第2项是否明确了牵头单位")
    assert (answer.kind, answer.verdict) == ("yes_no", True), answer.answer


@pytest.mark.parametrize(
    "question",
    ["市丁局是嘉政办发〔2026〕4号第3项的责任单位吗？", "市丁局是嘉政辦發〔2026〕4號第3項的責任單位嗎？",
     "市审计局是嘉政办发〔2026〕4号第3项的责任单位吗？", "嘉政办发〔2026〕4号第3项，市审计局是牵头单位吗？",
     "市丁局是嘉兴城市更新方案第3项的责任单位吗？"],
)  # fmt: skip
def test_a_body_no_store_knows_is_answered_no_with_the_real_owners(
    base: KnowledgeBase, question: str
) -> None:
    answer = ask(base, question)
    assert (answer.kind, answer.verdict) == ("yes_no", False), answer.answer
    assert roles(answer) == [("市水务局（海洋局）", "lead"), ("嘉兴市发展和改革委员会", "support")]
    assert [c.seq for c in answer.citations] == [3]
    assert answer.answer.startswith(("不是。该任务的责任单位中没有市", "不是。該任務的責任單位中沒有市"))


# -- 2. tasks filtered by deadline -------------------------------------------------------------

BY_2026 = [
    ("renewal", "二1"),
    ("renewal", "二3"),
    ("renewal", "三6"),
    ("traffic", "壹一"),
    ("traffic", "壹二"),
]


@pytest.mark.parametrize(
    "question",
    ["2026年底前要完成哪些任务？", "2026年底前要完成哪些任務？", "115年底前要完成哪些任務？",
     "Which tasks are due by end of 2026?", "哪些任务要在2026年12月底前完成"],
)  # fmt: skip
def test_the_tasks_due_by_a_year_end(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "due_tasks", answer.answer
    assert paths(answer) == BY_2026  # 长期坚持 and 持续推进 are never due by a date
    assert answer.count == 5
    assert [c.seq for c in answer.citations] == [1, 3, 6, 1, 2]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("哪些任务的完成时限是2027年6月？", [("renewal", "二2")]),
        ("哪些任務的完成時限是2026年6月？", [("renewal", "二3"), ("renewal", "三6")]),
        ("哪些任务要在2027年第三季度完成？", [("renewal", "二5")]),
        ("2026年上半年要完成哪些任务", [("renewal", "二3"), ("renewal", "三6")]),
        ("Which tasks are due in June 2027?", [("renewal", "二2")]),
        ("Which tasks are due in the third quarter of 2027?", [("renewal", "二5")]),
        ("哪些任务的完成时限是114年？", [("traffic", "壹二")]),
        (
            "嘉兴城市更新方案中哪些任务2026年完成？",
            [("renewal", "二1"), ("renewal", "二3"), ("renewal", "三6")],
        ),
        ("Which tasks must be completed before 2027?", BY_2026),
    ],
)
def test_the_tasks_due_within_a_time(
    base: KnowledgeBase, question: str, expected: list[tuple[str, str]]
) -> None:
    answer = ask(base, question)
    assert answer.kind == "due_tasks", answer.answer
    assert paths(answer) == expected


@pytest.mark.parametrize(
    "question",
    ["市甲局牵头的任务中，哪些要在年底前完成？", "市甲局牽頭的任務中，哪些要在年底前完成？",
     "Which tasks led by 市甲局 are due by the end of 2026?"],
)  # fmt: skip
def test_an_agency_s_tasks_due_by_this_year_end(base: KnowledgeBase, question: str, in_2026: None) -> None:
    answer = ask(base, question)
    assert answer.kind == "due_tasks", answer.answer
    assert paths(answer) == [("renewal", "二1")]


def test_no_task_due_by_a_time_is_not_found(base: KnowledgeBase) -> None:
    assert ask(base, "2020年底前要完成哪些任务？").kind == "not_found"


def test_a_time_span_read_from_a_deadline() -> None:
    assert due.span("115年12月") == due.Span(2026 * 12 + 11, 2026 * 12 + 11)
    assert due.span("2025年第二季度") == due.Span(2025 * 12 + 3, 2025 * 12 + 5)
    assert due.span("2023年启动，2025年底前完成") == due.Span(2025 * 12 + 11, 2025 * 12 + 11)
    assert due.span("2024.12") == due.Span(2024 * 12 + 11, 2024 * 12 + 11)
    assert due.span("长期坚持") is None
    assert due.span("持续推进") is None


# -- 3. counts within a named part -------------------------------------------------------------


@pytest.mark.parametrize("question", ["第二部分有几项任务？", "第二部分有幾項任務？"])
def test_a_part_named_by_its_label_in_every_document(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "count", answer.answer
    assert [(c.doc, c.path) for c in answer.citations] == [("renewal", ("二",)), ("science", ("二",))]
    assert [to_simplified(line) for line in answer.answer.splitlines()] == [
        "有2个部分符合：",
        "《嘉兴市人民政府办公室关于印发嘉兴市城市更新三年行动方案的通知》二、重点任务共有5项任务。",
        "《北京市科学技术委员会、中关村科技园区管理委员会关于印发支持概念验证平台建设若干措施的通知》二、优化服务共有1项任务。",
    ]


@pytest.mark.parametrize(
    "question",
    ["“强化保障”这一部分有多少条措施？", "「強化保障」這一部分有多少條措施？", "强化保障这一部分有多少条措施？",
     "How many tasks are in section 3?"],
)  # fmt: skip
def test_a_part_named_by_its_heading_words(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert (answer.kind, answer.count) == ("count", 2), answer.answer
    assert [(c.doc, c.path, c.quote) for c in answer.citations] == [("renewal", ("三",), "三、强化保障")]


# -- 4. bodies with two names ------------------------------------------------------------------


@pytest.mark.parametrize("question", ["市水务局（海洋局）负责哪些任务？", "市水務局（海洋局）負責哪些任務？"])
def test_a_body_with_its_second_name_in_brackets(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "tasks_of_agency", answer.answer
    assert paths(answer) == [("renewal", "二3")]


@pytest.mark.parametrize("question", ["市科委/中关村管委会牵头了什么", "市科委／中關村管委會牽頭了什麼"])
def test_two_names_of_one_body_with_a_slash(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "tasks_of_agency", answer.answer
    assert paths(answer) == [("science", "一1"), ("science", "二3")]  # once, not once per name


@pytest.mark.parametrize("question", ["嘉兴发改委负责哪些任务？", "嘉興發改委負責哪些任務？"])
def test_a_place_without_its_level_word(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "tasks_of_agency", answer.answer
    assert paths(answer) == [("renewal", "二3")]
    assert answer.agencies[0].name == "嘉兴市发展和改革委员会"


# -- 5. label nouns ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["嘉兴城市更新方案措施5由谁负责", "嘉兴城市更新方案第5点由谁负责", "嘉興城市更新方案第5點由誰負責",
     "Who is responsible for measure 5 of 嘉政办发〔2026〕4号?", "Who is responsible for point 5 of 嘉政办发〔2026〕4号?"],
)  # fmt: skip
def test_label_nouns_name_the_task_label(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "owner_of_task", answer.answer
    assert paths(answer) == [("renewal", "二5")]
    assert roles(answer) == [("市丙局", "lead")]


# -- 6. role posts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("嘉政办发〔2026〕4号第1项担任协办的单位有哪些", "support_of_task"),
        ("嘉政辦發〔2026〕4號第1項擔任協辦的單位有哪些", "support_of_task"),
        ("嘉政办发〔2026〕4号第1项作为牵头单位的是谁", "lead_of_task"),
        ("嘉政办发〔2026〕4号第1项哪些单位是配合的", "support_of_task"),
        ("Which agency serves as the lead for task 1 of 嘉政办发〔2026〕4号?", "lead_of_task"),
    ],
)
def test_role_posts_ask_the_role(base: KnowledgeBase, question: str, kind: str) -> None:
    answer = ask(base, question)
    assert answer.kind == kind, answer.answer
    assert paths(answer) == [("renewal", "二1")]


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("嘉政办发〔2026〕4号中担任协办的单位有哪些", ["市乙委", "市丙局", "嘉兴市发展和改革委员会"]),
        ("嘉政辦發〔2026〕4號中擔任協辦的單位有哪些", ["市乙委", "市丙局", "嘉兴市发展和改革委员会"]),
        (
            "嘉政办发〔2026〕4号中作为牵头单位的是哪些",
            ["市甲局", "市乙委", "市丙局", "市水务局（海洋局）", "市财政局"],
        ),
    ],
)
def test_a_document_s_units_in_the_role_asked(base: KnowledgeBase, question: str, names: list[str]) -> None:
    answer = ask(base, question)
    assert answer.kind == "agencies_of_document", answer.answer
    assert [r.name for r in answer.agencies] == names
