"""`kb ask` on the ways officials phrase questions: unnamed or loosely named documents, English
agency names and task references, short names, the script of the answer, JSON, free answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BEIJING, CHAOYANG, QINGDAO, SHANGHAI, ZGC

from cli import main
from kb.knowledge import KnowledgeBase
from kb.normalize import normalize

TASK_12 = [
    ("市科委、中关村管委会", "lead"), ("市经济和信息化局", "support"), ("市国资委", "support"),
    ("人民银行营业管理部", "support"), ("市金融监管局", "support"), ("北京证监局", "support"),
]  # fmt: skip
SHANGHAI_12 = [("市国资委", "lead"), ("上海科创办", "support"), ("相关区政府", "support")]


def roles(answer: object) -> list[tuple[str, str]]:
    return [(r.name, str(r.role)) for r in answer.agencies]  # type: ignore[attr-defined]


def tasks(answer: object) -> list[tuple[str, int]]:
    return [(t.doc, t.seq) for t in answer.tasks]  # type: ignore[attr-defined]


def candidates(answer: object) -> list[tuple[str, str]]:
    return [(c.doc, c.path) for c in answer.candidates]  # type: ignore[attr-defined]


def ask_json(store: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["--store", str(store), "ask", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# -- 1. no document named: every document with the label is answered, or all are listed -------


@pytest.mark.parametrize(
    "question", ["第十二項任務的責任單位是誰？", "Who owns task 12?", "北京第12项任务由谁负责？"]
)
def test_a_label_of_two_documents_answers_both(seeds: KnowledgeBase, question: str) -> None:
    answer = seeds.ask(question)
    assert answer.kind == "owner_of_task"
    assert tasks(answer) == [(BEIJING, 12), (ZGC, 12)]
    assert roles(answer) == TASK_12  # ZGC's item 12 has no owner: none invented
    assert [c.seq for c in answer.citations] == [12, 12]


def test_two_documents_answered_each_in_the_questions_script(seeds: KnowledgeBase) -> None:
    lines = seeds.ask("第十二項任務的責任單位是誰？").answer.splitlines()
    assert lines[0] == "2份文件都有“十二”這項任務，分別回答如下："
    assert lines[1].endswith(
        "牽頭單位為市科委、中關村管委會；配合單位為市經濟和信息化局、市國資委、人民銀行營業管理部、市金融監管局、北京證監局。"
    )
    assert lines[2].endswith(
        "二、支持方向和重點 › （四）加快打造世界一流的創新創業生態環境 › 12.支持創新創業公共技術服務平臺建設：該任務未明確責任單位。"
    )


def test_a_label_several_tasks_share_lists_every_candidate(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("第5项任务由谁负责？")
    assert answer.kind == "ambiguous"
    assert candidates(answer) == [(BEIJING, "二（二）5"), (ZGC, "二（二）5"), (SHANGHAI, "二（一）5"),
                                  (SHANGHAI, "二（五）5")]  # fmt: skip
    assert answer.answer == "“5”对应3份文件中的4个条目，请指明文件或给出路径（如二（二）5）。"


def test_a_description_matching_several_documents_never_picks_one(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("孵化器方案第3项任务由哪个部门负责？")
    assert answer.kind == "ambiguous"
    assert candidates(answer) == [
        (BEIJING, "二（一）3"),
        (SHANGHAI, "二（一）3"), (SHANGHAI, "二（二）3"), (SHANGHAI, "二（三）3"), (SHANGHAI, "二（五）3"),
        (SHANGHAI, "一（三）3"),
        (QINGDAO, "二（一）3"), (QINGDAO, "二（二）3"), (QINGDAO, "二（三）3"), (QINGDAO, "二（四）3"),
        (QINGDAO, "二（五）3"),
    ]  # fmt: skip
    assert [c.heading for c in answer.candidates].count(True) == 1  # 一（三）3 is a heading


def test_a_parenthesised_label_across_documents(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("第（三）项任务由谁负责？")
    assert answer.kind == "ambiguous"
    assert candidates(answer) == [
        (CHAOYANG, "二（三）"), (CHAOYANG, "三（三）"), (CHAOYANG, "四（三）"), (CHAOYANG, "五（三）"),
        (SHANGHAI, "四（三）"), (QINGDAO, "三（三）"),
    ]  # fmt: skip


def test_a_label_that_is_only_a_heading_lists_the_tasks_under_it(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("《标杆孵化器培育行动方案(2022-2025年)》第（三）项任务由谁负责？")
    assert answer.kind == "ambiguous"
    assert candidates(answer) == [(BEIJING, f"二（三）{n}") for n in range(8, 14)]
    assert answer.answer == "“（三）”是标题，不是任务；请指明其下的一项任务（如二（三）8）。"


def test_candidates_are_shown_by_document_in_the_questions_script(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["--store", str(seed_store), "ask", "第1項任務由誰負責？"])
    lines = result.stdout.splitlines()
    assert lines[0] == "“1”對應4份文件中的13個條目，請指明文件或給出路徑（如二（一）1）。"
    assert lines[2:5] == [
        "  000_9df154392c23cece  《中關村世界領先科技園區·創新創業引領工程——標杆孵化器培育行動方案(2022-2025年)》",
        "    二（一）1  甄選全球資源建設標杆孵化器",
        "  001_e782f3eb79bdf678  《北京市科學技術委員會、中關村科技園區管理委員會關於促進中關村國家自主創新示範區高質量發展的若干支持政策措施(徵求意見稿)》",
    ]
    assert "    一（三）1  堅持前瞻佈局（標題）" in lines


# -- 2, 6, 8. agencies: English names, short names, one name in several places -----------------


@pytest.mark.parametrize(
    ("question", "expected", "role"),
    [
        ("What tasks does Beijing Customs support?", [(BEIJING, 20)], "support"),
        ("Which tasks does the Beijing Municipal Education Commission support?",
         [(BEIJING, n) for n in (4, 5, 6, 7, 14)], "support"),
        ("Which tasks does the Shanghai Municipal Science and Technology Commission lead?",
         [(SHANGHAI, n) for n in (1, 2, 3, 4, 5, 8, 9, 10, 11, 13, 15, 16, 18, 19, 20, 21, 22, 23, 24)], "lead"),
    ],
)  # fmt: skip
def test_agencies_named_in_english(seeds: KnowledgeBase, question: str, expected: list, role: str) -> None:
    answer = seeds.ask(question)
    assert answer.kind == "tasks_of_agency"
    assert tasks(answer) == expected
    assert {str(r.role) for r in answer.agencies} == {role}
    assert len(answer.agencies) == 1  # one agency, one role: not repeated per task


def test_an_agency_without_the_role_asked_says_what_it_does(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("What tasks does the Beijing Municipal Finance Bureau lead?")
    assert answer.kind == "tasks_of_agency"
    assert tasks(answer) == [(BEIJING, 3), (BEIJING, 25)]
    assert roles(answer) == [("市财政局", "support")]
    assert (
        answer.answer.splitlines()[0] == "北京市财政局 leads no task; its 2 tasks in 1 document (2 support):"
    )


@pytest.mark.parametrize("question", ["Which tasks does the Ministry of Magic lead?", "北京负责哪些任务？"])
def test_an_unknown_agency_or_a_bare_place_is_not_an_agency(seeds: KnowledgeBase, question: str) -> None:
    answer = seeds.ask(question)
    assert (answer.kind, answer.tasks) == ("not_found", ())
    assert ("Ministry of Magic" if question.isascii() else "“北京”") in answer.answer


@pytest.mark.parametrize(
    ("question", "shanghai", "beijing"),
    [
        ("市发改委负责哪些任务？", [1, 2, 3, 10, 15, 18, 19, 20, 21], [3, 19]),
        ("市人力社保局负责哪些任务？", [7, 14], [3, 14]),
    ],
)
def test_common_short_names(seeds: KnowledgeBase, question: str, shanghai: list, beijing: list) -> None:
    answer = seeds.ask(question)
    assert answer.kind == "tasks_of_agency"
    assert tasks(answer) == [(SHANGHAI, n) for n in shanghai] + [(BEIJING, n) for n in beijing]


def test_one_short_name_in_two_places_is_answered_per_agency(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("市科委牵头哪些任务？")
    heads = [line for line in answer.answer.splitlines() if not line.startswith(" ")]
    assert heads == [
        "“市科委”对应2个单位：",
        "北京市科学技术委员会、中关村科技园区管理委员会牵头25项任务，分布在1份文件中（全部任务：牵头25项、配合1项）：",
        "上海市科学技术委员会牵头19项任务，分布在1份文件中（全部任务：牵头19项、配合4项）：",
    ]
    assert [t.doc for t in answer.tasks] == [BEIJING] * 25 + [SHANGHAI] * 19
    assert [(r.canonical, str(r.role)) for r in answer.agencies] == [
        ("北京市科学技术委员会、中关村科技园区管理委员会", "lead"), ("上海市科学技术委员会", "lead"),
    ]  # fmt: skip


def test_an_agency_named_in_two_places_without_the_role_in_one(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("哪些任务由市国资委牵头？")
    assert tasks(answer) == [(SHANGHAI, 12)]
    assert answer.answer.splitlines()[-1] == (
        "北京市人民政府国有资产监督管理委员会没有牵头的任务；它的4项任务分布在1份文件中（配合4项）。"
    )


# -- 3, 5, 12. tasks named by their words, in English, with nested quotes ----------------------


@pytest.mark.parametrize(
    ("question", "expected", "agencies"),
    [
        ("上海的孵化器方案里激发国资投资孵化活力由谁负责？", [(SHANGHAI, 12)], SHANGHAI_12),
        ("北京标杆孵化器方案中培育概念验证基金由谁负责？", [(BEIJING, 17)], None),
        ("Which agencies are responsible for task twelve of the Beijing incubator plan?", [(BEIJING, 12)], TASK_12),
        ("Who is responsible for the twelfth task of the Beijing incubator plan?", [(BEIJING, 12)], TASK_12),
        ("Who leads 二（三）3 in the Shanghai plan?", [(SHANGHAI, 12)], SHANGHAI_12),
        ("Who leads the task 激发国资投资孵化活力?", [(SHANGHAI, 12)], SHANGHAI_12),
        ("“探索“超前孵化”新模式”由谁牵头？", [(BEIJING, 6)], [("市科委、中关村管委会", "lead"), ("市教委", "support")]),
    ],
)  # fmt: skip
def test_tasks_named_many_ways(
    seeds: KnowledgeBase, question: str, expected: list, agencies: list | None
) -> None:
    answer = seeds.ask(question)
    assert tasks(answer) == expected
    if agencies is not None:
        assert roles(answer) == agencies


# -- 4. a document's agencies -------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["上海的孵化器方案有哪些责任单位？", "《上海市高质量孵化器培育实施方案》有哪些责任单位？"]
)
def test_which_agencies_a_document_names(seeds: KnowledgeBase, question: str) -> None:
    answer = seeds.ask(question)
    assert answer.kind == "agencies_of_document"
    assert answer.answer.startswith(
        "《上海市高质量孵化器培育实施方案》涉及18个责任单位：市科委（牵头19项、配合4项）"
    )
    assert [c.path for c in answer.citations][:2] == [("二", "（一）", "1"), ("二", "（一）", "2")]


def test_a_document_without_responsible_units_says_so(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("朝阳区孵化方案有哪些责任单位？")
    assert (answer.kind, answer.agencies) == ("agencies_of_document", ())
    assert answer.answer == "《朝阳区促进科技企业孵化体系建设工作实施方案》未明确任何任务的责任单位。"


# -- 7, 11. free answers: the limit, counts, definitions, the place asked about ------------------


@pytest.mark.parametrize(
    ("question", "needle", "doc"),
    [
        ("上海计划建设多少家高质量孵化器？", "培育不少于20家高质量孵化器", SHANGHAI),
        ("青岛要打造多少家标杆孵化器？", "打造10家标杆孵化器", QINGDAO),
        ("什么是标杆孵化器？", "标杆孵化器是由国际一流孵化人才牵头建设", BEIJING),
        ("What is a benchmark incubator?", "标杆孵化器是由国际一流孵化人才牵头建设", BEIJING),
    ],
)
def test_free_answers_quote_the_sentence_that_answers(seeds: KnowledgeBase, question: str, needle: str,
                                                      doc: str) -> None:  # fmt: skip
    answer = seeds.ask(question)
    assert answer.kind == "free"
    first = answer.citations[0]
    assert needle in normalize(first.quote)
    assert first.doc == doc
    assert first.quote in seeds.document(doc).text  # as written


def test_a_place_named_keeps_the_answer_to_its_documents(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("青岛要打造多少家标杆孵化器？")
    assert {c.doc for c in answer.citations} == {QINGDAO}


def test_a_heading_alone_is_no_answer(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("什么是标杆孵化器？")
    assert all(len(normalize(c.quote)) > 30 for c in answer.citations)


@pytest.mark.parametrize("limit", [1, 4])
def test_the_limit_sets_the_number_of_quotes(seed_store: Path, limit: int) -> None:
    data = ask_json(seed_store, "标杆孵化器的建设目标是什么？", "--limit", str(limit))
    assert len(data["citations"]) == limit  # type: ignore[arg-type]
    assert data["answer"].count("\n[") == limit  # type: ignore[union-attr]


# -- 9, 10, 12. the script of the citations, JSON, English topics -------------------------------


def test_citations_are_shown_in_the_questions_script(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["--store", str(seed_store), "ask", "第十二項任務的責任單位是誰？"])
    assert (
        "[1] 《中關村世界領先科技園區·創新創業引領工程——標杆孵化器培育行動方案(2022-2025年)》（京科發〔2022〕19號） "
        in result.stdout
    )


def test_json_citations_have_paths_and_agencies_their_written_names(seed_store: Path) -> None:
    free = ask_json(seed_store, "标杆孵化器的建设目标是什么？")
    assert [c["path"] for c in free["citations"]] == [["一", "（三）"]] * 3  # type: ignore[index, union-attr]
    listed = ask_json(seed_store, "上海的孵化器方案有哪些责任单位？")
    assert listed["citations"][0]["path"] == ["二", "（一）", "1"]  # type: ignore[index]
    owner = ask_json(seed_store, "北京标杆孵化器方案第12项任务由哪个部门负责？")
    assert [(a["name"], a["written"]) for a in owner["agencies"]][:2] == [  # type: ignore[union-attr, index]
        ("市科委、中关村管委会", "市科委、中關村管委會"), ("市经济和信息化局", "市經濟和信息化局"),
    ]  # fmt: skip
    agency = ask_json(seed_store, "北京市财政局负责哪些任务？")
    assert agency["agencies"] == [  # once, not once per task
        {"name": "市财政局", "written": "市財政局", "canonical": "北京市财政局", "role": "support"}
    ]


def test_json_candidates_name_document_and_path(seed_store: Path) -> None:
    data = ask_json(seed_store, "第5项任务由谁负责？")
    assert [(c["doc"], c["path"]) for c in data["candidates"]] == [  # type: ignore[union-attr, index]
        (BEIJING, "二（二）5"), (ZGC, "二（二）5"), (SHANGHAI, "二（一）5"), (SHANGHAI, "二（五）5"),
    ]  # fmt: skip


def test_documents_on_an_english_topic(seeds: KnowledgeBase) -> None:
    answer = seeds.ask("Which documents talk about venture capital?")
    assert answer.kind == "documents"
    assert answer.answer.splitlines()[0] == "5 documents mention 创业投资:"


def test_a_sentence_wrapped_over_lines_is_quoted_whole(tmp_path: Path) -> None:
    from indexer.pipeline import index

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "report.txt").write_text(
        "某省政府工作报告\n一、今年工作安排\n今年经济社会发展的\n主要预期目标\n是：地区生产总值增长5%左右；居民收入增长与经济增长同步。\n"
        "二、其他\n全面推进乡村振兴。\n",
        encoding="utf-8",
    )
    index([tmp_path / "in"], tmp_path / "store", workers=1)
    answer = KnowledgeBase.open(tmp_path / "store").ask("今年地区生产总值增长目标是多少？", limit=1)
    assert answer.kind == "free"
    assert [c.quote for c in answer.citations] == [
        "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；"
    ]
