"""English questions naming policy vocabulary only the documents' Chinese holds: programmes,
zones and slogans in their official English (the Northern Metropolis 北部都会区, the Greater Bay
Area 粤港澳大湾区, trade-in 以旧换新, new quality productive forces 新质生产力), and task words the
dictionary does not gloss as a compound (smart mobility 智慧出行, talent housing 人才住房), put
into the words the documents hold. Every question is asked of a store of simplified documents
and of a store of the same documents in traditional script.

The documents are invented (市甲局, 省丙厅 …); expected answers come from reading them.
"""

from __future__ import annotations

import pytest

from kb.knowledge import KnowledgeBase
from kb.normalize import normalize
from kb.qa.glossary import to_chinese, unknown_words

SHENZHEN = """\
深圳市人民政府办公厅关于印发深圳市推动大规模设备更新和消费品以旧换新实施方案的通知
深府办〔2026〕5号
各区人民政府，市政府直属各单位：
《深圳市推动大规模设备更新和消费品以旧换新实施方案》已经市政府同意，现印发给你们，请认真组织实施。
深圳市人民政府办公厅
2026年2月1日

深圳市推动大规模设备更新和消费品以旧换新实施方案

一、主要目标
到2027年，全市工业设备投资规模较2023年增长25%以上。

二、重点任务
（一）实施设备更新行动
1.推进工业企业设备更新。支持制造业企业开展智能化改造。（牵头单位：市甲局；配合单位：市乙委）
2.推进交通运输设备更新。更新新能源公交车1000辆，发展智慧出行服务。（牵头单位：市丙局；配合单位：各区人民政府）
（二）实施消费品以旧换新行动
3.开展汽车以旧换新。对报废旧车购买新能源汽车的给予补贴。（牵头单位：市丁局；配合单位：市戊局）
4.开展家电以旧换新。推动家电回收和以旧换新补贴。（牵头单位：市丁局）
（三）强化区域协同
5.深化粤港澳大湾区协同。推动大湾区设备标准互认。（牵头单位：市己办；配合单位：市甲局）
6.发展低空经济。建设低空起降设施50个。（牵头单位：市丙局；配合单位：市庚局）
7.推进数字政府建设。实现政务服务“高效办成一件事”全覆盖。（牵头单位：市辛局；配合单位：市壬局）
8.完善养老服务设施。推动银发经济发展，新增养老床位2000张。（牵头单位：市癸局；配合单位：各区人民政府）
9.加大人才住房供给。筹集人才住房1万套。（牵头单位：市住房建设局）
10.推进乡村振兴和城中村改造。（牵头单位：市规划局；配合单位：各区人民政府）
三、保障措施
本方案自印发之日起施行。
"""

ZHEJIANG = """\
浙江省人民政府办公厅关于深化长三角一体化发展和培育新质生产力的实施意见
浙政办发〔2026〕9号

一、重点任务
（一）推进长三角一体化。共建长三角科技创新共同体。（责任单位：省甲厅、省乙委）
（二）培育新质生产力。布局人工智能、低空经济等未来产业。（责任单位：省丙厅）
（三）打造数字政府。推进“浙里办”迭代升级。（责任单位：省丁办）
（四）发展智慧交通。推广智慧出行和智能网联汽车示范应用。（责任单位：省戊厅）
（五）实施乡村振兴。推进共同富裕示范区建设。（责任单位：省己厅、省庚厅）
"""

HONG_KONG = """\
行政長官2026年施政報告—北部都會區及創科新措施一覽

序號\t措施\t負責政策局\t目標時間
1\t成立北部都會區發展委員會，統籌新田科技城規劃\t發展局\t2026年第二季
2\t推動粵港澳大灣區跨境數據流通試點\t創新科技及工業局\t2026年底前
3\t發展低空經濟，開展無人機物流試飛\t運輸及物流局\t2027年
4\t推廣銀髮經濟，設立長者科技產品展示中心\t勞工及福利局\t2026年底前
5\t推動新質生產力，資助中小企設備更新\t商務及經濟發展局\t2027年
6\t深化「一帶一路」專業服務合作\t政制及內地事務局\t2026年
"""


@pytest.fixture(scope="module", params=["simplified", "traditional"])
def base(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    import opencc

    from indexer.pipeline import index

    to_script = opencc.OpenCC("t2s" if request.param == "simplified" else "s2t").convert
    folder = tmp_path_factory.mktemp(f"terms-{request.param}")
    (folder / "in").mkdir()
    for name, text in (("sz", SHENZHEN), ("zj", ZHEJIANG), ("hk", HONG_KONG)):
        (folder / "in" / f"{name}.txt").write_text(to_script(text), encoding="utf-8")
    report = index([folder / "in"], folder / "store", workers=1)
    assert report.ok, report.errors
    return KnowledgeBase.open(folder / "store")


def tasks(answer: object) -> list[tuple[str, str]]:
    return [(t.doc, t.path_text) for t in answer.tasks]  # type: ignore[attr-defined]


def owners(answer: object) -> list[tuple[str, str]]:
    return sorted((r.name, str(r.role)) for r in answer.agencies)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("question", "docs"),
    [("Which documents mention the Northern Metropolis?", {"hk"}),
     ("Which documents mention the Greater Bay Area?", {"hk", "sz"}),
     ("Which documents mention smart mobility?", {"sz", "zj"}),
     ("Which documents mention new quality productive forces?", {"hk", "zj"}),
     ("Which documents mention trade-in?", {"sz"}),
     ("Which documents mention rural revitalisation?", {"sz", "zj"}),
     ("Which documents mention the Yangtze River Delta?", {"zj"}),
     ("Which documents mention the low-altitude economy?", {"hk", "sz", "zj"}),
     ("Which documents mention the silver economy?", {"hk", "sz"}),
     ("Which documents discuss the Belt and Road?", {"hk"})],
)  # fmt: skip
def test_documents_on_a_topic_named_in_official_english(
    base: KnowledgeBase, question: str, docs: set[str]
) -> None:
    answer = base.ask(question)
    assert answer.kind == "documents"
    assert {c.doc for c in answer.citations} == docs


@pytest.mark.parametrize(
    ("question", "task", "expected"),
    [("Who is responsible for smart mobility in Zhejiang?", ("zj", "一（四）"), [("省戊厅", "lead")]),
     ("Who is responsible for urban village renovation in Shenzhen?", ("sz", "二（三）10"),
      [("各区人民政府", "support"), ("市规划局", "lead")]),
     ("Which department is tasked with talent housing in Shenzhen?", ("sz", "二（三）9"), [("市住房建设局", "lead")]),
     ("Which bureau spearheads the Northern Metropolis measure?", ("hk", "1"), [("发展局", "lead")]),
     ("Who organises Belt and Road cooperation in Hong Kong?", ("hk", "6"), [("政制及内地事务局", "lead")]),
     ("Who coordinates the Yangtze River Delta integration in Zhejiang?", ("zj", "一（一）"),
      [("省乙委", "support"), ("省甲厅", "lead")]),
     ("Who leads the car trade-in in Shenzhen?", ("sz", "二（二）3"),
      [("市丁局", "lead"), ("市戊局", "support")]),
     ("Who is responsible for elderly care facilities in Shenzhen?", ("sz", "二（三）8"),
      [("各区人民政府", "support"), ("市癸局", "lead")])],
)  # fmt: skip
def test_a_task_named_by_policy_words(
    base: KnowledgeBase, question: str, task: tuple[str, str], expected: list[tuple[str, str]]
) -> None:
    answer = base.ask(question)
    assert tasks(answer) == [task]
    assert owners(answer) == expected


def test_a_free_question_about_a_zone_the_document_names(base: KnowledgeBase) -> None:
    answer = base.ask("What does the Hong Kong policy address say about the Northern Metropolis?")
    assert answer.kind == "free"
    assert "北部都会区发展委员会" in normalize(answer.citations[0].quote)


def test_renderings_are_the_words_the_documents_hold() -> None:
    held = {"智慧出行", "大湾区", "北部都会区"}.__contains__
    assert to_chinese("smart mobility") == "智慧出行"  # the first rendering, with no store
    assert to_chinese("the Greater Bay Area", held) == "大湾区"  # the one a store holds
    assert to_chinese("intelligent mobility", held) == "智慧出行"  # two words, one compound held
    assert to_chinese("northern metropolis", held) == "北部都会区"
    assert to_chinese("intelligent mobility", {"智能", "出行"}.__contains__) == "智能 出行"
    assert unknown_words("new quality productive forces") == []


# -- the development documents, asked in English as officials ask ---------------------------------

SHORE = "21_shanghai_port_shore_power_2023"


@pytest.mark.parametrize(
    ("question", "task", "lead"),
    [("Who is responsible for the road collapse prevention scenario?",  # 塌陷 is no `collapse` in CC-CEDICT
      ("15_shanghai_quantum_city_points_2026", "三（六）14"), ["市水务局"]),
     ("Who leads the strict control of split sales of office buildings?",
      ("17_shanghai_office_buildings_2025", "二（三）"), ["市住房城乡建设管理委"]),
     ("Which department leads the strengthening of digital empowerment in the office buildings opinion?",
      ("17_shanghai_office_buildings_2025", "八（三）"), ["市房屋管理局"]),
     ("Who organises youth policy participation in Taiwan?", ("19_taiwan_ogp_2-2_youth_participation", "1"),
      ["教育部"])],
)  # fmt: skip
def test_dev_tasks_named_in_english(
    dev_base: KnowledgeBase, question: str, task: tuple[str, str], lead: list[str]
) -> None:
    answer = dev_base.ask(question)
    assert tasks(answer) == [task]
    assert [name for name, role in owners(answer) if role == "lead"] == lead


def test_the_task_whose_title_holds_every_word(dev_base: KnowledgeBase) -> None:
    # (五) 健全岸电数据报送制度 names 执法总队 in its text; (四) 强化岸电使用执法监管 is the enforcement task
    answer = dev_base.ask(
        "Is the Shanghai Maritime Safety Administration responsible for shore power enforcement?"
    )
    assert (answer.kind, answer.verdict, tasks(answer)) == ("yes_no", True, [(SHORE, "二（四）")])


def test_a_district_body_of_the_named_document_only(dev_base: KnowledgeBase) -> None:
    # the Songjiang plan's 区公安分局（交管） has duties under its heading; 公安青浦分局 is Qingpu's
    answer = dev_base.ask(
        "What must the district public security branch do in the Songjiang clean water action?"
    )
    assert "区公安分局" in answer.answer and "青浦" not in answer.answer
    assert {c.doc for c in answer.citations} == {"12_songjiang_clean_trucks_2026"}
    assert "24小时动态巡查" in answer.citations[0].quote


def test_an_administrative_committee_named_an_administration(dev_base: KnowledgeBase) -> None:
    answer = dev_base.ask(
        "Which tasks does the Lingang Special Area Administration support in the greening opinion?"
    )
    assert answer.kind == "tasks_of_agency"
    greening = "06_shanghai_scientific_greening_2022"
    assert tasks(answer) == [
        (greening, p)
        for p in ("二（一）", "二（二）", "二（三）", "二（四）", "二（五）", "二（六）", "二（七）")
    ]


@pytest.mark.parametrize(
    ("question", "verdict", "paths"),
    [("Does the China Classification Society Shanghai Branch support shore power tasks?", True,
       {"二（三）", "二（七）"}),  # 二（二） 推进船舶受电设施改造 is no 岸电 task by its words
     ("市港航中心是否参与岸电相关任务？", True, {f"二（{n}）" for n in "一三四五六七"}),
     ("市港航中心是否參與岸電相關任務？", True, {f"二（{n}）" for n in "一三四五六七"})],
)  # fmt: skip
def test_whether_an_agency_is_responsible_for_the_tasks_words_name(
    dev_base: KnowledgeBase, question: str, verdict: bool, paths: set[str]
) -> None:
    answer = dev_base.ask(question)  # the words name several tasks: those that name the agency
    assert (answer.kind, answer.verdict) == ("yes_no", verdict)
    assert {(doc, path) for doc, path in tasks(answer)} == {(SHORE, p) for p in paths}


@pytest.mark.parametrize(
    ("question", "task", "due"),
    [("What is the target time for the silver economy measure?", ("hk", "4"), "2026年底前"),  # 目标时间
     ("What is the completion date of the Greater Bay Area cross-border data pilot?", ("hk", "2"), "2026年底前"),
     ("When is the Northern Metropolis development committee due?", ("hk", "1"), "2026年第二季")],
)  # fmt: skip
def test_the_target_time_of_a_measure(
    base: KnowledgeBase, question: str, task: tuple[str, str], due: str
) -> None:
    answer = base.ask(question)
    assert (answer.kind, tasks(answer)) == ("deadline", [task])
    assert f"due {due}" in answer.answer
