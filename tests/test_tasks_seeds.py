"""Every task of the seeds with its exact agencies and lead, in both scripts; the graph."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import BEIJING, CHAOYANG, QINGDAO, SHANGHAI, ZGC

from cli import main
from kb.errors import AmbiguousTask, TaskNotFound
from kb.knowledge import KnowledgeBase

BEIJING_TASKS = [
    ("二（一）1", "甄选全球资源建设标杆孵化器", ["市科委、中关村管委会"], ["市人才工作局", "北京经济技术开发区管委会", "各区政府"]),
    ("二（一）2", "强化标杆孵化器梯次培育", ["市科委、中关村管委会"], ["市国资委", "北京经济技术开发区管委会", "各区政府"]),
    ("二（一）3", "创新标杆孵化器支援政策", ["市科委、中关村管委会"], ["市财政局", "市发展改革委", "市政务服务局", "市市场监管局", "市人力资源社会保障局", "市生态环境局", "北京市税务局", "市级应用场景建设统筹联席会成员单位", "北京经济技术开发区管委会", "各区政府"]),
    ("二（二）4", "探索未来产业孵化新范式", ["市科委、中关村管委会"], ["市教委", "北京经济技术开发区管委会", "各区政府"]),
    ("二（二）5", "引导战略科技力量培育新项目", ["市科委、中关村管委会"], ["市教委"]),
    ("二（二）6", "探索“超前孵化”新模式", ["市科委、中关村管委会"], ["市教委"]),
    ("二（二）7", "探索促进成果转化和创业孵化深度融合新机制", ["市科委、中关村管委会"], ["市教委", "市卫生健康委", "市人才工作局"]),
    ("二（三）8", "推动标杆孵化器练就“硬内功”", ["市科委、中关村管委会"], ["北京经济技术开发区管委会", "各区政府"]),
    ("二（三）9", "促进标杆孵化器拓展“硬服务”", ["市科委、中关村管委会"], ["市市场监管局", "市知识产权局"]),
    ("二（三）10", "引导标杆孵化器连结“硬资源”", ["市科委、中关村管委会"], ["市经济和信息化局"]),
    ("二（三）11", "鼓励标杆孵化器开拓“硬场景”", ["市科委、中关村管委会"], ["市经济和信息化局"]),
    ("二（三）12", "强化大企业反向“硬孵化”", ["市科委、中关村管委会"], ["市经济和信息化局", "市国资委", "人民银行营业管理部", "市金融监管局", "北京证监局"]),
    ("二（三）13", "探索推进智慧“云孵化”", ["市科委、中关村管委会"], ["北京经济技术开发区管委会", "各区政府"]),
    ("二（四）14", "壮大硬科技孵化“五路大军”", ["市科委、中关村管委会"], ["市教委", "市人才工作局", "市人力资源社会保障局", "市科协", "北京经济技术开发区管委会", "各区政府"]),
    ("二（四）15", "打造金牌创业导师队伍", ["市科委、中关村管委会"], ["市人才工作局", "市科协", "北京经济技术开发区管委会", "各区政府"]),
    ("二（五）16", "扩大硬科技创业投融资供给", ["市科委、中关村管委会"], ["市金融监管局", "人民银行营业管理部", "北京银保监局", "北京证监局", "北京经济技术开发区管委会", "各区政府"]),
    ("二（五）17", "培育概念验证基金", ["市科委、中关村管委会"], ["市金融监管局", "市国资委", "北京经济技术开发区管委会", "各区政府"]),
    ("二（五）18", "支援标杆孵化器培育的企业上市融资", ["市科委、中关村管委会"], ["市金融监管局", "北京证监局"]),
    ("二（五）19", "促进标杆孵化器拓展建设资金来源", ["市科委、中关村管委会"], ["市发展改革委", "北京证监局", "市金融监管局"]),
    ("二（六）20", "促进标杆孵化器引领孵化服务国际化发展", ["市科委、中关村管委会"], ["各综保区管理机构", "北京海关", "市科协", "市政府外办", "北京经济技术开发区管委会", "海淀区政府", "朝阳区政府", "顺义区政府", "大兴区政府"]),
    ("二（六）21", "促进海外项目跨境加速和归国人才创新创业", ["市科委、中关村管委会"], ["市科协", "市政府外办", "北京经济技术开发区管委会", "海淀区政府", "朝阳区政府", "顺义区政府", "大兴区政府"]),
    ("二（七）22", "推动标杆孵化器合理布局和优化重组", ["北京经济技术开发区管委会"], ["各区政府", "市科委、中关村管委会", "市国资委"]),
    ("二（七）23", "实施标杆孵化器与特色园区“牵手”计划", ["市科委、中关村管委会"], ["北京经济技术开发区管委会", "各区政府"]),
    ("三24", "建立标杆孵化器培育工作统筹协调机制", ["市科委、中关村管委会"], ["市级相关部门", "北京经济技术开发区管委会", "各区政府"]),
    ("三25", "强化市区联动与服务保障", ["市科委、中关村管委会"], ["市财政局", "北京经济技术开发区管委会", "各区政府"]),
    ("三26", "不断弘扬硬科技创新创业文化", ["市科委、中关村管委会"], ["市科协", "北京经济技术开发区管委会", "各区政府"]),
]  # fmt: skip

SHANGHAI_TASKS = [
    ("二（一）1", "培育“超前孵化”新模式", ["市科委"], ["市教委", "市发展改革委", "市经济信息化委", "相关区政府"]),
    ("二（一）2", "探索未来产业孵化新范式", ["市科委"], ["市教委", "市发展改革委", "市经济信息化委", "相关区政府"]),
    ("二（一）3", "加速育孵硬科技企业", ["市科委"], ["市发展改革委", "市经济信息化委", "相关区政府"]),
    ("二（一）4", "引导高质量孵化器连结“强资源”", ["市科委"], ["市经济信息化委", "相关区政府"]),
    ("二（一）5", "推动高质量孵化器拓展“硬服务”", ["市科委"], ["市经济信息化委", "市教委", "市卫生健康委", "市规划资源局", "市生态环境局", "相关区政府"]),
    ("二（一）6", "提升智慧财产权服务能级", ["市知识产权局"], ["市科委", "市地方金融监管局"]),
    ("二（二）1", "引进国际一流孵化人才", ["市委人才办"], ["市科委", "市人力资源社会保障局", "相关区政府"]),
    ("二（二）2", "集聚培养专业孵化人才", ["市科委"], ["市教委"]),
    ("二（二）3", "强化科技创业导师队伍建设", ["市科委"], ["上海科创办"]),
    ("二（三）1", "强化对投孵联动的引导", ["市科委"], ["市发展改革委", "市财政局", "市地方金融监管局"]),
    ("二（三）2", "加大科技金融产品供给力度", ["市科委"], ["市财政局", "市市场监管局", "市地方金融监管局", "相关区政府"]),
    ("二（三）3", "激发国资投资孵化活力", ["市国资委"], ["上海科创办", "相关区政府"]),
    ("二（四）1", "打造全球科技孵化首选地", ["市科委"], ["市商务委", "相关区政府"]),
    ("二（四）2", "建设全球高科技人才集聚地", ["市委人才办"], ["市科委", "市人力资源社会保障局", "相关区政府"]),
    ("二（五）1", "推动高质量孵化器合理布局", ["市科委"], ["市发展改革委", "市规划资源局", "上海科创办", "相关区政府"]),
    ("二（五）2", "推进大中小企业“共携手”", ["市科委"], ["市经济信息化委", "市国资委", "市商务委", "上海科创办", "相关区政府"]),
    ("二（五）3", "促进高质量孵化器与园区“同发展”", ["市经济信息化委"], ["市规划资源局", "市科委", "上海科创办", "相关区政府"]),
    ("二（五）4", "建设“三生融合”创新创业集聚区", ["市科委"], ["市发展改革委", "市经济信息化委", "市规划资源局", "上海科创办", "相关区政府"]),
    ("二（五）5", "打通长三角协同联动孵化圈", ["市科委"], ["市发展改革委", "相关区政府"]),
    ("三（一）", "全球遴选、一体一策", ["市科委"], ["市发展改革委", "市经济信息化委", "市财政局", "上海科创办", "相关区政府"]),
    ("三（二）", "跟踪评估、动态调整", ["市科委"], ["市发展改革委", "市经济信息化委", "市财政局", "上海科创办", "相关区政府"]),
    ("四（一）", "强化协调统筹和服务保障", ["市科委"], ["相关职能部门", "相关区政府"]),
    ("四（二）", "强化财政资金保障", ["市科委"], ["市财政局", "上海科创办", "相关区政府"]),
    ("四（三）", "厚植创新创业文化", ["市科委"], ["市委人才办", "相关区政府"]),
]  # fmt: skip


def summary(base: KnowledgeBase, doc: str) -> list[tuple[str, str, list[str], list[str]]]:
    _, tasks = base.tasks(doc)
    return [
        (
            "".join(t.path),
            t.title,
            [r.name for r in t.responsibilities if r.role == "lead"],
            [r.name for r in t.responsibilities if r.role == "support"],
        )
        for t in tasks
    ]


@pytest.fixture(params=["original", "simplified"])
def base(
    request: pytest.FixtureRequest, seeds: KnowledgeBase, simplified_seeds: KnowledgeBase
) -> KnowledgeBase:
    return seeds if request.param == "original" else simplified_seeds


def test_beijing_tasks(base: KnowledgeBase) -> None:
    assert summary(base, BEIJING) == BEIJING_TASKS


def test_shanghai_tasks(base: KnowledgeBase) -> None:
    assert summary(base, SHANGHAI) == SHANGHAI_TASKS


@pytest.mark.parametrize(("doc", "count"), [(ZGC, 21), (CHAOYANG, 22), (QINGDAO, 18)])
def test_documents_without_markers_have_no_owners(base: KnowledgeBase, doc: str, count: int) -> None:
    _, tasks = base.tasks(doc)
    assert len(tasks) == count
    assert [t for t in tasks if t.responsibilities] == []


def test_canonical_names_in_the_documents_jurisdiction(seeds: KnowledgeBase) -> None:
    task = seeds.owners(BEIJING, "12").task
    assert [(r.canonical, r.jurisdiction) for r in task.responsibilities] == [
        ("北京市科学技术委员会、中关村科技园区管理委员会", "北京市"),
        ("北京市经济和信息化局", "北京市"),
        ("北京市人民政府国有资产监督管理委员会", "北京市"),
        ("中国人民银行营业管理部", "北京市"),
        ("北京市地方金融监督管理局", "北京市"),
        ("中国证券监督管理委员会北京监管局", "北京市"),
    ]
    shanghai = seeds.owners(SHANGHAI, "二（二）1").task
    assert [r.canonical for r in shanghai.responsibilities] == [
        "中共上海市委人才工作领导小组办公室",
        "上海市科学技术委员会",
        "上海市人力资源和社会保障局",
        "相关区政府",
    ]
    assert [r.collective for r in shanghai.responsibilities] == [False, False, False, True]


@pytest.mark.parametrize("ref", ["12", "十二", "#12", "二（三）12", "(三)12", "第12项"])
def test_task_references(seeds: KnowledgeBase, ref: str) -> None:
    assert seeds.owners(BEIJING, ref).task.seq == 12


def test_ambiguous_label_lists_candidates(seeds: KnowledgeBase) -> None:
    with pytest.raises(AmbiguousTask) as e:
        seeds.owners(SHANGHAI, "2")
    assert [path for path, _ in e.value.candidates] == [
        "二（一）2",
        "二（二）2",
        "二（三）2",
        "二（四）2",
        "二（五）2",
        "一（三）2",
    ]
    assert seeds.owners(SHANGHAI, "二（三）2").task.title == "加大科技金融产品供给力度"


def test_a_heading_is_not_a_task(seeds: KnowledgeBase) -> None:
    with pytest.raises(
        TaskNotFound,
        match=r"二（三） in 000_9df154392c23cece is a heading, not a task; its tasks: 二（三）8, ",
    ):
        seeds.owners(BEIJING, "二（三）")


def run(store: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def test_owners_of_task_12(seed_store: Path) -> None:
    code, out, _ = run(seed_store, "owners", BEIJING, "12", "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["task"]["title"] == "强化大企业反向“硬孵化”"
    assert answer["task"]["text"].startswith("12.強化大企業反向“硬孵化”。支援國內外大企業")
    assert answer["task"]["path"] == ["二", "（三）", "12"]
    assert [(a["name"], a["role"]) for a in answer["agencies"]] == [
        ("市科委、中关村管委会", "lead"),
        ("市经济和信息化局", "support"),
        ("市国资委", "support"),
        ("人民银行营业管理部", "support"),
        ("市金融监管局", "support"),
        ("北京证监局", "support"),
    ]
    assert answer["doc"]["doc_number"] == "京科发〔2022〕19号"
    code, out, _ = run(seed_store, "owners", BEIJING, "12")
    assert (
        "lead        市科委、中关村管委会" in out
        and "二、重点任务 › （三）硬科技孵化能力提升工程 › 12.强化大企业反向“硬孵化”" in out
    )


def test_owners_of_a_task_without_marker(seed_store: Path) -> None:
    code, out, _ = run(seed_store, "owners", QINGDAO, "二（一）1", "--json")
    assert code == 0 and json.loads(out)["agencies"] == []
    code, out, _ = run(seed_store, "owners", QINGDAO, "二（一）1")
    assert "该任务未明确责任单位" in out


def test_ambiguous_owners_exit_1(seed_store: Path) -> None:
    code, _, err = run(seed_store, "owners", SHANGHAI, "1")
    assert code == 1
    assert err.splitlines()[0] == "Error: '1' names 6 items of 003_b4579dfdc120689a; give a path"
    assert "  二（五）1  推动高质量孵化器合理布局" in err


def test_agency_by_alias_stays_in_its_jurisdiction(seed_store: Path) -> None:
    for name in ("中关村管委会", "中關村管委會", "北京市科学技术委员会"):
        code, out, _ = run(seed_store, "agency", name, "--json")
        found = json.loads(out)
        assert code == 0 and [d["doc"] for d in found["documents"]] == [BEIJING]
        tasks = found["documents"][0]["tasks"]
        assert len(tasks) == 26 and [t["role"] for t in tasks].count("lead") == 25
    code, out, _ = run(seed_store, "agency", "上海市科委", "--json")
    found = json.loads(out)
    assert [d["doc"] for d in found["documents"]] == [SHANGHAI]
    assert len(found["documents"][0]["tasks"]) == 23


def test_a_short_name_finds_every_jurisdiction(seed_store: Path) -> None:
    code, out, _ = run(seed_store, "agency", "市财政局", "--json")
    found = json.loads(out)
    assert sorted(a["canonical"] for a in found["agencies"]) == ["上海市财政局", "北京市财政局"]
    code, out, _ = run(seed_store, "agency", "北京市财政局", "--json")
    assert [a["canonical"] for a in json.loads(out)["agencies"]] == ["北京市财政局"]
    code, _, err = run(seed_store, "agency", "不存在局")
    assert code == 1 and "no agency named '不存在局'" in err


def test_agencies_counts(seed_store: Path) -> None:
    code, out, _ = run(seed_store, "agencies", "--doc", SHANGHAI, "--json")
    rows = {r["canonical"]: (r["lead"], r["support"]) for r in json.loads(out)}
    assert rows["上海市科学技术委员会"] == (19, 4)
    assert rows["相关区政府"] == (0, 20)
    assert json.loads(out)[0]["canonical"] == "上海市科学技术委员会"


def test_tasks_filtered_by_agency(seed_store: Path) -> None:
    code, out, _ = run(seed_store, "tasks", BEIJING, "--agency", "北京证监局", "--json")
    assert [t["seq"] for t in json.loads(out)] == [12, 16, 18, 19]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_graph_export(seed_store: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"kb.{fmt}"
    code, out, _ = run(seed_store, "graph", "export", "--format", fmt, "-o", str(target))
    assert code == 0
    if fmt == "graphml":
        g = nx.read_graphml(target)
        edge = g.edges["task:000_9df154392c23cece:12", "agency:中国证券监督管理委员会北京监管局"]
        assert edge["role"] == "support" and edge["name"] == "北京证监局"
        start, end = int(edge["start"]), int(edge["end"])
        original = (Path(__file__).parent.parent / "corpus" / f"{BEIJING}.txt").read_text(encoding="utf-8")
        assert (
            original[start:end]
            == "(責任單位:市科委、中關村管委會,市經濟和信息化局,市國資委,人民銀行營業管理部,市金融監管局,北京證監局)"
        )
        contains = [v for _, v, k in g.out_edges("doc:000_9df154392c23cece", data="kind") if k == "contains"]
        assert len(contains) == 3  # 一、二、三
    elif fmt == "json":
        data = json.loads(target.read_text(encoding="utf-8"))
        tasks = [n for n in data["nodes"] if n["kind"] == "task"]
        assert len(tasks) == 26 + 21 + 22 + 24 + 18
    else:
        g = nx.read_gexf(target)
        kinds = [k for _, k in g.nodes(data="kind")]
        assert (kinds.count("document"), kinds.count("task")) == (5, 111)
