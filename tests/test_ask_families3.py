"""`kb ask` on the ways officials name bodies, tasks and documents, in an invented store:
English names of bodies no registry holds in English, read by their parts (the Municipal Bureau
of Ecology and Environment, the District Civil Air Defence Office, the Transport and Logistics
Bureau, the Development Bureau of Hong Kong); a body asked by its generic name (人民银行, the
People's Bank) for its branches; task paths with Taiwan's capital numerals (贰、（一）1, 參、2) and
points (第2點); a document's number (文号, document number); the lead bodies of a document
(有哪些主辦機關); a document named by its issuer or place (行政院的綠能計畫, the Executive Yuan
plan, the Nanjing municipal government's opinions); `these documents` names none.

The documents are invented (甲部, 乙署, 庚部 …, plans no government issued); expected answers
come from reading them.
"""

from __future__ import annotations

import pytest

from kb.knowledge import KnowledgeBase
from kb.qa.answer import ask

GREEN = """\
嘉兴市人民政府办公室关于印发嘉兴市绿色低碳转型行动方案的通知
嘉政办发〔2026〕12号

嘉兴市绿色低碳转型行动方案

一、重点任务
（一）推进减污降碳
1.开展重点行业减排。完成重点企业清洁生产审核30家。（牵头单位：市生态环境局；配合单位：市发展局）
2.建设人防应急避难场所。新建避难场所5处。（牵头单位：市民防办；配合单位：市生态环境局）
（二）发展绿色金融
3.扩大绿色信贷投放。绿色贷款余额增长20%。（牵头单位：中国人民银行嘉兴市分行）
二、保障措施
4.加强运输结构调整。（牵头单位：市运输及物流局）
"""

RESILIENCE = """\
行政院推動數位韌性發展方案

壹、計畫目標
提升數位韌性。
貳、推動策略
（一）強化關鍵基礎設施
1.盤點關鍵資訊系統。（主辦機關：甲部；協辦機關：乙署）
2.建置備援機房。（主辦機關：乙署）
（二）培育資安人才
1.開設資安學程。（主辦機關：丙部；協辦機關：甲部）
參、配套措施
1.編列專案經費。（主辦機關：甲部）
2.定期檢討成效。（主辦機關：丁會）
"""

NIGHT = """\
上海市关于促进夜间经济发展的若干措施

一、主要措施
1.打造夜间消费地标。（牵头单位：市商务委；配合单位：人民银行上海分行）
2.延长公共交通运营时间。（牵头单位：市交通委）
3.丰富夜间文旅活动。（牵头单位：市文化旅游局；配合单位：市商务委）
"""

MOBILITY = """\
香港特別行政區政府智慧出行推進計劃

一、推進措施
1.推展智能交通系統。（牽頭單位：運輸及物流局；配合單位：發展局）
2.規劃新發展區道路網絡。（牽頭單位：發展局）
"""

TRADE = """\
杭州市人民政府关于印发杭州市数字贸易高质量发展行动计划的通知
杭政函〔2026〕33号

杭州市数字贸易高质量发展行动计划

一、主要任务
1.培育数字贸易主体。（牵头单位：市商务局；配合单位：市经信局）
2.建设数字贸易平台。（牵头单位：市经信局）
二、保障措施
1.强化资金保障。（牵头单位：市财政局）
2.加强统计监测。（牵头单位：市统计局；配合单位：市商务局）
3.完善考核评价。（牵头单位：市商务局）
"""

LAMPS = """\
臺中市政府推動智慧路燈設置作業要點

一、本要點之主管機關為臺中市政府。（主辦機關：戊局）
二、路燈汰換應優先採用節能燈具。（主辦機關：己處；協辦機關：戊局）
三、設置完成後應定期維護。（主辦機關：己處）
"""

OPINIONS = """\
关于加快建设人工智能创新高地的实施意见
宁政发〔2026〕5号

一、主要任务
1.建设算力基础设施。（牵头单位：市数据局；配合单位：市发改委）
2.培育人工智能企业。（牵头单位：市工信局）

南京市人民政府
2026年3月1日
"""

ENERGY = """\
推動綠能產業發展計畫

一、推動措施
1.擴大離岸風電布建。（主辦機關：庚部；協辦機關：辛會）
2.發展儲能產業。（主辦機關：辛會）

行政院
中華民國115年3月1日
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    from indexer.pipeline import index

    folder = tmp_path_factory.mktemp("families3")
    (folder / "in").mkdir()
    for name, text in (
        ("jx", GREEN), ("tw", RESILIENCE), ("sh", NIGHT), ("hk", MOBILITY), ("hz", TRADE),
        ("tc", LAMPS), ("nj", OPINIONS), ("ey", ENERGY),
    ):  # fmt: skip
        (folder / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
    report = index([folder / "in"], folder / "store", workers=1)
    assert report.ok, report.errors
    return KnowledgeBase.open(folder / "store")


def paths(answer: object) -> list[tuple[str, str]]:
    return [(t.doc, t.path_text) for t in answer.tasks]  # type: ignore[attr-defined]


def roles(answer: object) -> list[tuple[str, str]]:
    return [(r.name, str(r.role)) for r in answer.agencies]  # type: ignore[attr-defined]


# -- 1. English names read by their parts -------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which tasks does the Municipal Bureau of Ecology and Environment lead in the Jiaxing plan?",
         [("jx", "一（一）1")]),
        ("What does the Ecology and Environment Bureau lead?", [("jx", "一（一）1")]),
        ("Which tasks does the District Civil Air Defence Office lead?", [("jx", "一（一）2")]),
        ("Which tasks does the Transport and Logistics Bureau lead?", [("hk", "一1")]),
        ("Which tasks does the Development Bureau lead?", [("hk", "一2")]),
        ("What does the Development Bureau of Hong Kong support?", [("hk", "一1")]),
    ],
)  # fmt: skip
def test_an_english_name_read_by_its_parts(
    base: KnowledgeBase, question: str, expected: list[tuple[str, str]]
) -> None:
    answer = ask(base, question)
    assert answer.kind == "tasks_of_agency"
    assert paths(answer) == expected


# -- 2. a body asked by its generic name --------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["人民银行负责哪些任务？", "人民銀行負責哪些任務？", "Which tasks involve the People's Bank?"]
)
def test_a_generic_name_lists_every_branch(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "tasks_of_agency"
    assert sorted(paths(answer)) == [("jx", "一（二）3"), ("sh", "一1")]


@pytest.mark.parametrize(
    "question",
    ["嘉兴绿色低碳方案中人民银行牵头哪些任务？", "嘉興綠色低碳方案中人民銀行牽頭哪些任務？",
     "Which tasks does the People's Bank lead in the Jiaxing plan?"],
)  # fmt: skip
def test_a_generic_name_in_a_document_is_its_one_branch(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "tasks_of_agency"
    assert paths(answer) == [("jx", "一（二）3")]
    assert "中国人民银行嘉兴市分行" in answer.answer or "中國人民銀行嘉興市分行" in answer.answer


# -- 3. task paths with capital numerals and points ----------------------------------------------


@pytest.mark.parametrize(
    ("question", "path", "expected"),
    [
        ("行政院数位韧性方案贰、（一）1由谁负责？", "tw 贰（一）1", [("甲部", "lead"), ("乙署", "support")]),
        ("行政院數位韌性發展方案參、2由誰負責？", "tw 参2", [("丁会", "lead")]),
        ("行政院數位韌性發展方案貳、（二）1的主辦機關是誰？", "tw 贰（二）1", [("丙部", "lead"), ("甲部", "support")]),
        ("Who leads item 贰（一）2 of the Executive Yuan plan?", "tw 贰（一）2", [("乙署", "lead")]),
        ("杭州数字贸易行动计划第二部分第3项由谁负责？", "hz 二3", [("市商务局", "lead")]),
        ("杭州數位貿易行動計畫第二部分第2項由誰負責？", "hz 二2", [("市统计局", "lead"), ("市商务局", "support")]),
        ("嘉兴绿色低碳方案一（二）3由谁负责？", "jx 一（二）3", [("中国人民银行嘉兴市分行", "lead")]),
        ("臺中智慧路燈要點第2點由誰主辦？", "tc 二", [("己处", "lead"), ("戊局", "support")]),
        ("台中智慧路灯要点第三点由谁负责？", "tc 三", [("己处", "lead")]),
    ],
)  # fmt: skip
def test_a_path_with_capital_numerals_or_a_point(
    base: KnowledgeBase, question: str, path: str, expected: list[tuple[str, str]]
) -> None:
    answer = ask(base, question)
    assert answer.kind in ("owner_of_task", "lead_of_task")
    assert paths(answer) == [tuple(path.split())]
    assert roles(answer) == expected


# -- 4. the document number -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("嘉兴绿色低碳方案的文号是什么？", "嘉政办发〔2026〕12号"),
        ("嘉興綠色低碳方案的發文字號是什麼？", "嘉政办发〔2026〕12号"),
        ("What is the document number of the Hangzhou plan?", "杭政函〔2026〕33号"),
        ("What is the document number of the Nanjing municipal government's opinions?", "宁政发〔2026〕5号"),
    ],
)  # fmt: skip
def test_the_document_number(base: KnowledgeBase, question: str, number: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "doc_number"
    assert [c.doc_number for c in answer.citations] == [number]


@pytest.mark.parametrize(
    "question",
    [
        "上海夜间经济若干措施的文号是什么？",
        "What is the reference number of the Shanghai municipal measures?",
    ],
)
def test_a_document_without_a_number(base: KnowledgeBase, question: str) -> None:
    assert ask(base, question).kind == "not_found"


def test_the_number_of_this_document_asks_which(base: KnowledgeBase) -> None:
    answer = ask(base, "这个方案的文号是什么？")
    assert answer.kind == "ambiguous"
    assert len(answer.candidates) == 8


# -- 5. the lead bodies of a document ------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("行政院數位韌性發展方案有哪些主辦機關", ["甲部", "乙署", "丙部", "丁会"]),
        ("嘉兴绿色低碳方案哪些单位是牵头单位", ["市生态环境局", "市民防办", "中国人民银行嘉兴市分行", "市运输及物流局"]),
        ("What are the lead agencies of the Hangzhou action plan?", ["市商务局", "市经信局", "市财政局", "市统计局"]),
    ],
)  # fmt: skip
def test_the_lead_bodies_of_a_document(base: KnowledgeBase, question: str, expected: list[str]) -> None:
    answer = ask(base, question)
    assert answer.kind == "agencies_of_document"
    assert [r.name for r in answer.agencies] == expected
    assert answer.count == len(expected)


def test_each_lead_body_with_its_number_of_tasks(base: KnowledgeBase) -> None:
    answer = ask(base, "行政院數位韌性發展方案有哪些主辦機關")
    assert "甲部（牽頭2項、配合1項）" in answer.answer and "丁會（牽頭1項、配合0項）" in answer.answer
    supporting = ask(base, "行政院数位韧性发展方案有哪些协办机关？")
    assert [r.name for r in supporting.agencies] == ["甲部", "乙署"]


# -- 6. a document named by its place or issuer; `these documents` --------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who is responsible for task 1 of the Executive Yuan's green energy plan?", [("庚部", "lead"), ("辛会", "support")]),
        ("行政院的綠能計畫第2項由誰主辦？", [("辛会", "lead")]),
        ("南京市政府的实施意见第1项由谁牵头？", [("市数据局", "lead")]),
        ("Who leads task 1 of the Nanjing municipal government's opinions?", [("市数据局", "lead")]),
        ("Who leads task 2 of Nanjing's implementation opinions?", [("市工信局", "lead")]),
        ("Who leads task 2 of the Shanghai municipal measures?", [("市交通委", "lead")]),
    ],
)  # fmt: skip
def test_a_document_named_by_its_issuer_or_place(
    base: KnowledgeBase, question: str, expected: list[tuple[str, str]]
) -> None:
    answer = ask(base, question)
    assert answer.kind in ("owner_of_task", "lead_of_task")
    assert roles(answer)[: len(expected)] == expected


def test_the_plans_of_one_issuer_are_candidates(base: KnowledgeBase) -> None:
    answer = ask(base, "Which tasks does the Executive Yuan plan give to 辛會?")
    assert answer.kind == "tasks_of_agency"
    assert paths(answer) == [("ey", "一1"), ("ey", "一2")]


@pytest.mark.parametrize(
    "question",
    [
        "In these documents, which tasks does 市商务局 lead?",
        "Which tasks in these documents does 市商务局 lead?",
    ],
)
def test_these_documents_name_no_document(base: KnowledgeBase, question: str) -> None:
    answer = ask(base, question)
    assert answer.kind == "tasks_of_agency"
    assert paths(answer) == [("hz", "一1"), ("hz", "二3")]
