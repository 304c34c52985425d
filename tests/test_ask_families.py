"""`kb ask` end to end on the seeds: every example of issue 13, the new kinds (yes or no, how
many, by when, who issued), the one resolver behind `show` and `owners`, and `--explain`.

Expected answers come from reading the seed documents (corpus/), not from the tool.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BEIJING, SHANGHAI, ZGC

from cli import main
from kb.knowledge import KnowledgeBase

TASK_12 = [
    ("市科委、中关村管委会", "lead"), ("市经济和信息化局", "support"), ("市国资委", "support"),
    ("人民银行营业管理部", "support"), ("市金融监管局", "support"), ("北京证监局", "support"),
]  # fmt: skip
SHANGHAI_12 = [("市国资委", "lead"), ("上海科创办", "support"), ("相关区政府", "support")]


def roles(answer: object) -> list[tuple[str, str]]:
    return [(r.name, str(r.role)) for r in answer.agencies]  # type: ignore[attr-defined]


def tasks(answer: object) -> list[tuple[str, str]]:
    return [(t.doc, t.path_text) for t in answer.tasks]  # type: ignore[attr-defined]


def kb(store: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--store", str(store), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


# -- an agency's tasks in a named document ----------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["上海方案里市委人才办负责哪些工作？", "上海方案裡市委人才辦負責哪些工作？", "市委人才办在上海的孵化器方案里负责哪些工作？",
     "Which tasks in the Shanghai plan does 市委人才办 handle?"],
)  # fmt: skip
def test_an_agencys_tasks_in_a_named_document(seeds: KnowledgeBase, question: str) -> None:
    answer = seeds.ask(question)
    assert answer.kind == "tasks_of_agency"
    assert tasks(answer) == [(SHANGHAI, "二（二）1"), (SHANGHAI, "二（四）2"), (SHANGHAI, "四（三）")]
    assert roles(answer) == [("市委人才办", "lead"), ("市委人才办", "support")]


@pytest.mark.parametrize(
    "question", ["市国资委在上海方案中牵头了哪些任务？", "市國資委在上海方案中牽頭了哪些任務？",
                 "Which tasks of the Shanghai plan does 市国资委 lead?"]
)  # fmt: skip
def test_an_agencys_lead_tasks_in_a_named_document_only(seeds: KnowledgeBase, question: str) -> None:
    answer = seeds.ask(question)
    assert tasks(answer) == [(SHANGHAI, "二（三）3")]  # not Beijing's 市国资委, not its support task
    assert roles(answer) == [("市国资委", "lead")]


@pytest.mark.parametrize(
    "question",
    ["涉及北京证监局的任务有哪些？", "涉及北京證監局的任務有哪些？", "北京证监局涉及哪些工作",
     "Which tasks involve the Beijing Securities Regulatory Bureau?"],
)  # fmt: skip
def test_tasks_involving_an_agency(seeds: KnowledgeBase, question: str) -> None:
    answer = seeds.ask(question)
    assert answer.kind == "tasks_of_agency"
    assert tasks(answer) == [
        (BEIJING, f"二（{s}）{n}") for s, n in (("三", 12), ("五", 16), ("五", 18), ("五", 19))
    ]
    assert roles(answer) == [("北京证监局", "support")]


@pytest.mark.parametrize(
    "question", ["中关村管委会和市财政局共同负责哪些任务？", "中關村管委會和市財政局一起負責哪些任務？",
                 "Which tasks do 中关村管委会 and 市财政局 share?"]
)  # fmt: skip
def test_tasks_two_agencies_share(seeds: KnowledgeBase, question: str) -> None:
    answer = seeds.ask(question)
    assert answer.kind == "tasks_of_agency"
    assert [(t.doc, t.seq) for t in answer.tasks] == [(BEIJING, 3), (BEIJING, 25)]
    assert ("市科委、中关村管委会", "lead") in roles(answer) and ("市财政局", "support") in roles(answer)


def test_agencies_sharing_no_task_are_not_found(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("北京海关和市委人才办共同负责哪些任务？")
    assert (answer.kind, answer.tasks) == ("not_found", ())


# -- one task, named every way ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kind"),
    [("第12项任务谁来抓？", "owner_of_task"), ("任务12是谁的？", "owner_of_task"),
     ("第12项任务归口哪个部门？", "owner_of_task"), ("第12项的主责单位是谁？", "lead_of_task"),
     ("第12项由哪些部门协办？", "support_of_task"), ("第12項任務誰來抓？", "owner_of_task"),
     ("Which agency is responsible for the 12th task?", "owner_of_task")],
)  # fmt: skip
def test_task_12_of_no_document_in_particular(seeds: KnowledgeBase, question: str, kind: str) -> None:
    answer = seeds.ask(question)
    assert answer.kind == kind
    assert [(t.doc, t.seq) for t in answer.tasks] == [(BEIJING, 12), (ZGC, 12)]
    assert roles(answer) == TASK_12  # ZGC's item 12 names no unit: none invented


@pytest.mark.parametrize(
    "question",
    ["北京标杆孵化器方案第十二条由谁负责", "北京標桿孵化器方案第十二條由誰負責", "强化大企业反向硬孵化这项任务谁负责？",
     "強化大企業反向硬孵化這項任務誰負責？", "Who is in charge of task 12 of the Beijing incubator plan?",
     "北京标杆孵化器方案第12项任务归口哪个部门？", "京科发〔2022〕19号第十二项的责任部门是？",
     "谁负责强化大企业反向硬孵化", "北京标杆孵化器方案#12由谁负责？"],
)  # fmt: skip
def test_task_12_of_the_beijing_plan(seeds: KnowledgeBase, question: str) -> None:
    answer = seeds.ask(question)
    assert answer.kind == "owner_of_task"
    assert [(t.doc, t.seq) for t in answer.tasks] == [(BEIJING, 12)]
    assert roles(answer) == TASK_12
    assert answer.citations[0].quote.startswith("12.強化大企業反向“硬孵化”")


def test_the_lead_and_the_support_asked_for(seeds: KnowledgeBase) -> None:
    lead = seeds.ask("北京标杆孵化器方案第12项的主责单位是谁？")
    assert lead.kind == "lead_of_task" and "由市科委、中关村管委会牵头" in lead.answer
    support = seeds.ask("北京标杆孵化器方案第12项由哪些部门协办？")
    assert support.kind == "support_of_task"
    assert (
        "配合单位为市经济和信息化局、市国资委、人民银行营业管理部、市金融监管局、北京证监局" in support.answer
    )


def test_a_label_the_document_does_not_print_is_its_task_in_that_position(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("上海孵化器方案第12项任务由谁负责？")
    assert answer.kind == "owner_of_task"
    assert tasks(answer) == [(SHANGHAI, "二（三）3")]
    assert roles(answer) == SHANGHAI_12
    assert answer.answer.startswith(
        "该文件没有标为“12”的条目；按顺序第12项任务是二（三）3（激发国资投资孵化活力）："
    )
    english = seeds.ask("Who is responsible for task 12 of the Shanghai incubator plan?")
    assert english.answer.startswith("The document prints no item 12; its task 12 in order is 二（三）3")


def test_a_task_title_ending_in_a_document_noun_is_read_as_the_tasks_words(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("创新标杆孵化器支援政策由谁负责？")
    assert [(t.doc, t.seq) for t in answer.tasks] == [(BEIJING, 3)]
    assert answer.explanation is not None and answer.explanation.steps  # said how it was read again


# -- yes or no, how many, by when, who issued --------------------------------------------------


@pytest.mark.parametrize(
    ("question", "verdict", "head"),
    [
        ("京科发〔2022〕19号第3项，市财政局是责任单位吗？", True, "是。市财政局是该任务的配合单位。"),
        ("京科發〔2022〕19號第3項，市財政局是責任單位嗎？", True, "是。市財政局是該任務的配合單位。"),
        ("京科发〔2022〕19号第3项是不是市财政局牵头？", False, "不是牵头单位：市财政局是该任务的配合单位。"),
        ("京科发〔2022〕19号第3项市科委是牵头单位吗？", True, "是。市科委、中关村管委会是该任务的牵头单位。"),
        ("京科发〔2022〕19号第12项有没有北京海关？", False, "不是。该任务的责任单位中没有北京海关。"),
        ("Is the Beijing Municipal Finance Bureau responsible for task 3 of 京科发〔2022〕19号?", True,
         "Yes: 市财政局 is the task's support agency."),
    ],
)  # fmt: skip
def test_yes_or_no_with_the_task_as_evidence(
    seeds: KnowledgeBase, question: str, verdict: bool, head: str
) -> None:
    answer = seeds.ask(question)
    assert (answer.kind, answer.verdict) == ("yes_no", verdict)
    assert answer.answer.startswith(head)
    assert [c.seq for c in answer.citations] == [int("12" if "12" in question else "3")]
    assert "責任單位" in answer.citations[0].quote  # the marker, quoted as written


def test_yes_or_no_an_agency_in_a_document(seeds: KnowledgeBase) -> None:
    yes = seeds.ask("北京的标杆孵化器方案里有没有涉及北京海关的任务？")
    assert (yes.kind, yes.verdict, [t.seq for t in yes.tasks]) == ("yes_no", True, [20])
    no = seeds.ask("市委人才办在北京标杆孵化器方案里有任务吗？")
    assert (no.kind, no.verdict, no.tasks) == ("yes_no", False, ())


@pytest.mark.parametrize(
    ("question", "count"),
    [("北京的标杆孵化器方案有几项任务？", 26), ("北京的標桿孵化器方案有幾項任務？", 26),
     ("How many tasks does the Beijing incubator plan have?", 26), ("上海方案一共有多少项任务", 24),
     ("北京的标杆孵化器方案中市科委牵头几项？", 25), ("市科委牵头几项？", 44), ("市科委在上海方案中牵头几项任务", 19),
     ("京科发〔2022〕19号第3项任务有几个责任单位？", 11), ("北京证监局配合了多少个任务", 4)],
)  # fmt: skip
def test_how_many(seeds: KnowledgeBase, question: str, count: int) -> None:
    answer = seeds.ask(question)
    assert (answer.kind, answer.count) == ("count", count)


def test_how_many_per_agency_says_each(seeds: KnowledgeBase) -> None:
    lines = seeds.ask("市科委牵头几项？").answer.splitlines()
    assert lines == [
        "北京市科学技术委员会、中关村科技园区管理委员会牵头25项任务（牵头25项、配合1项）。",
        "上海市科学技术委员会牵头19项任务（牵头19项、配合4项）。",
    ]


def test_who_issued_a_document_that_names_no_issuer_is_not_found(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("朝阳区孵化体系实施方案由哪个单位印发？")
    assert (answer.kind, answer.citations) == ("not_found", ())
    issued = seeds.ask("青岛的孵化器提升方案是哪个部门发布的？")
    assert issued.kind == "issuer" and issued.answer.endswith("的发文机关为青岛市科学技术局。")


_DEADLINES = """某市推进数字政府建设工作方案
一、重点任务
（一）建设统一平台。建成全市统一的政务服务平台。（牵头单位：市甲局；配合单位：市乙委；完成时限：2025年12月底前）
（二）完善数据共享。推动部门数据按需共享。（牵头单位：市乙委；配合单位：市甲局、市丙局；完成时限：2026年6月）
（三）加强安全保障。落实网络安全责任制。（责任单位：市丙局）
"""


@pytest.fixture(scope="module")
def deadlines(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    from indexer.pipeline import index

    folder = tmp_path_factory.mktemp("deadlines")
    (folder / "in").mkdir()
    (folder / "in" / "plan.txt").write_text(_DEADLINES, encoding="utf-8")
    (folder / "in" / "plan-tw.txt").write_text(
        _DEADLINES.replace("某市", "某縣").replace("数字政府", "數位政府"), encoding="utf-8"
    )
    index([folder / "in" / "plan.txt"], folder / "store", workers=1)
    return KnowledgeBase.open(folder / "store")


@pytest.mark.parametrize(
    ("question", "due"),
    [("数字政府建设工作方案第（一）项的完成时限是什么？", "2025年12月底前"),
     ("數字政府建設工作方案第（一）項的完成時限是什麼？", "2025年12月底前"),
     ("完善数据共享什么时候完成？", "2026年6月"), ("When is 完善数据共享 due?", "2026年6月"),
     ("“建设统一平台”由谁牵头，什么时候完成？", "2025年12月底前")],
)  # fmt: skip
def test_the_deadline_of_a_task(deadlines: KnowledgeBase, question: str, due: str) -> None:
    answer = deadlines.ask(question)
    assert answer.kind == "deadline"
    assert len(answer.tasks) == 1 and answer.tasks[0].deadline == due
    assert due in answer.answer


def test_a_task_without_a_deadline_says_so(deadlines: KnowledgeBase) -> None:
    answer = deadlines.ask("加强安全保障的完成时限是什么？")
    assert answer.kind == "deadline" and "文件未写明完成时限" in answer.answer


def test_an_agencys_tasks_with_their_deadlines(deadlines: KnowledgeBase) -> None:
    answer = deadlines.ask("市甲局牵头的任务什么时候完成？")
    assert answer.kind == "deadline"
    assert [t.title for t in answer.tasks] == ["建设统一平台"]
    assert "完成时限：2025年12月底前" in answer.answer


# -- one resolver for every command ------------------------------------------------------------


def test_show_and_owners_take_descriptions_like_ask(seed_store: Path) -> None:
    shown = kb(seed_store, "show", "上海的孵化器方案")
    assert shown.splitlines()[0] == "上海市高质量孵化器培育实施方案"
    owners = json.loads(kb(seed_store, "owners", "北京标杆孵化器方案", "12", "--json"))
    assert [(a["name"], a["role"]) for a in owners["agencies"]] == TASK_12
    by_order = json.loads(kb(seed_store, "owners", "上海的孵化器方案", "12", "--json"))
    assert (by_order["task"]["path"], by_order["by_order"]) == (["二", "（三）", "3"], "12")
    text = kb(seed_store, "owners", "上海的孵化器方案", "12")
    assert "(no item printed 12; its task 12 in order is 二（三）3)" in text
    listed = json.loads(kb(seed_store, "tasks", "上海的孵化器方案", "--agency", "市国资委", "--json"))
    assert [t["path"] for t in listed] == [["二", "（三）", "3"], ["二", "（五）", "2"]]


# -- --explain --------------------------------------------------------------------------------


def test_explain_prints_the_slots_the_rule_and_the_resolution(seed_store: Path) -> None:
    text = kb(seed_store, "ask", "上海方案里市委人才办负责哪些工作？", "--explain")
    explained = text.split("How the question was read:\n", 1)[1].splitlines()
    assert explained == [
        "  normal form  上海方案里市委人才办负责哪些工作?",
        "  slot language  simplified",
        "  slot doc       上海方案",
        "  slot doc_kind  phrase",
        "  slot agencies  ['市委人才办']",
        "  slot aspect    tasks",
        "  slot places    ['上海市']",
        "  rule         an agency's tasks -> tasks_of_agency",
        f"  resolved     documents: ['{SHANGHAI}']",
        "  resolved     agencies: {'市委人才办': ['中共上海市委人才工作领导小组办公室']}",
    ]
    data = json.loads(kb(seed_store, "ask", "第12项的主责单位是谁？", "--explain", "--json"))
    assert data["explain"]["slots"]["task"] == "12" and data["explain"]["slots"]["aspect"] == "lead"
    assert data["explain"]["rule"] == "who leads a task" and data["explain"]["kind"] == "lead_of_task"
    assert data["explain"]["resolution"]["tasks"] == [f"{BEIJING} 二（三）12", f"{ZGC} 二（四）12"]
    assert "explain" not in json.loads(kb(seed_store, "ask", "第12项的主责单位是谁？", "--json"))


@pytest.mark.parametrize(
    "question", ["由市科委牵头、市教委配合的任务有哪些？", "市科委牽頭、市教委配合的任務有哪些？",
                 "Which tasks does 市科委 lead and 市教委 support?"]
)  # fmt: skip
def test_tasks_where_each_agency_holds_its_own_role(seeds: KnowledgeBase, question: str) -> None:
    answer = seeds.ask(question)
    assert answer.kind == "tasks_of_agency"
    assert tasks(answer) == [(BEIJING, f"二（{s}）{n}") for s, n in (("二", 4), ("二", 5), ("二", 6), ("二", 7), ("四", 14))] + [
        (SHANGHAI, p) for p in ("二（一）1", "二（一）2", "二（一）5", "二（二）2")
    ]  # fmt: skip
    assert answer.answer.splitlines()[0] in ("市科委牵头、市教委配合的任务有9项：", "市科委牽頭、市教委配合的任務有9項：",
                                             "9 tasks where 市科委 leads, 市教委 supports:")  # fmt: skip


@pytest.mark.parametrize(
    ("question", "answer"),
    [("青岛孵化器方案是什么时候发布的？", "《青岛市科技企业孵化器提升行动实施方案(2019-2022年)》成文日期为2019-12-27。"),
     ("京科發〔2022〕19號是什麼時候印發的", "《中關村世界領先科技園區·創新創業引領工程——標杆孵化器培育行動方案(2022-2025年)》成文日期為2022-12-30；發佈日期為2023-01-30；實施日期為2022-12-30。"),
     ("When was 京科发〔2022〕19号 issued?", "《中关村世界领先科技园区·创新创业引领工程——标杆孵化器培育行动方案(2022-2025年)》: written 2022-12-30; published 2023-01-30; in effect from 2022-12-30.")],
)  # fmt: skip
def test_when_a_document_was_issued(seeds: KnowledgeBase, question: str, answer: str) -> None:
    got = seeds.ask(question)
    assert (got.kind, got.answer) == ("date", answer)


def test_a_free_question_keeps_to_the_document_it_names(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("北京标杆孵化器方案的工作目标是什么")
    assert answer.kind == "free"
    assert {c.doc for c in answer.citations} == {BEIJING}
    assert all(c.path == ("一", "（三）") for c in answer.citations)  # the sentences under 工作目标
    shanghai = seeds.ask("上海方案对孵化人才有什么支持？")
    assert {c.doc for c in shanghai.citations} == {SHANGHAI}
    assert all("責任單位" not in c.quote for c in shanghai.citations)  # a marker alone is no answer


def test_what_a_document_says_is_its_outline(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("标杆孵化器方案讲了什么")
    assert answer.answer.endswith("共3部分：一、总体思路；二、重点任务；三、保障措施。")
    assert [c.path for c in answer.citations] == [("一",), ("二",), ("三",)]


def test_a_document_the_store_does_not_hold(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("上海港岸电方案的任务什么时候完成")
    assert (answer.kind, answer.answer) == ("not_found", "知识库中没有找到“上海港岸电方案”这份文件。")
    assert seeds.ask("上海方案里关于火星基地的内容").kind == "not_found"


@pytest.mark.parametrize(
    ("question", "expected"),
    [("金牌创业导师队伍建设谁负责", [(BEIJING, "二（四）15")]),  # 金牌 is what tells it from Shanghai's 导师队伍建设
     ("推动国资参与孵化投资的工作由哪个部门负责", [(SHANGHAI, "二（三）3")]),
     ("大企业硬孵化谁负责", [(BEIJING, "二（三）12")]),
     ("上海方案第四部分第（一）项由谁负责", [(SHANGHAI, "四（一）")])],
)  # fmt: skip
def test_tasks_named_by_paraphrase_or_by_part(seeds: KnowledgeBase, question: str, expected: list) -> None:
    assert tasks(seeds.ask(question)) == expected


def test_a_paraphrase_close_to_several_tasks_lists_them(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("给孵化器引进国际人才的事情是谁负责的")
    assert answer.kind == "ambiguous"
    assert [c.title for c in answer.candidates] == [
        "引进国际一流孵化人才",
        "促进标杆孵化器引领孵化服务国际化发展",
    ]


# -- English: numbers in pinyin, paraphrases and agency names matched through their glosses -------


@pytest.mark.parametrize(
    "question",
    ["Who leads task 12 of Jing Ke Fa (2022) 19?", "Who leads task 12 of Jingkefa [2022] No. 19?",
     "Which agency leads item 12 of Jing Ke Fa 2022 No. 19?"],
)  # fmt: skip
def test_a_document_number_in_pinyin(seeds: KnowledgeBase, question: str) -> None:
    answer = seeds.ask(question)
    assert answer.kind == "lead_of_task"
    assert [(t.doc, t.path_text) for t in answer.tasks] == [(BEIJING, "二（三）12")]
    assert [(r.name, str(r.role)) for r in answer.agencies if str(r.role) == "lead"] == [
        ("市科委、中关村管委会", "lead")
    ]


def test_a_task_paraphrased_in_english(seeds: KnowledgeBase) -> None:
    answer = seeds.ask(
        "Who is responsible for stimulating state-owned investment in incubation in the Shanghai incubator plan?"
    )
    assert [(t.doc, t.path_text) for t in answer.tasks] == [(SHANGHAI, "二（三）3")]
    assert [(r.name, str(r.role)) for r in answer.agencies] == SHANGHAI_12


def test_two_agencies_named_in_english_share_tasks(seeds: KnowledgeBase) -> None:
    answer = seeds.ask(
        "Which tasks of Jing Ke Fa [2022] No. 19 involve both the PBOC Business Management Department"
        " and the Beijing Securities Regulatory Bureau?"
    )
    assert [(t.doc, t.path_text) for t in answer.tasks] == [(BEIJING, "二（三）12"), (BEIJING, "二（五）16")]
    assert [(r.name, str(r.role)) for r in answer.agencies] == [
        ("人民银行营业管理部", "support"), ("北京证监局", "support"),
    ]  # fmt: skip


def test_an_english_name_no_store_knows_is_no_agency(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("Which tasks does the Ministry of Magic lead?")
    assert answer.kind == "not_found" and answer.tasks == ()
