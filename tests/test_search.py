"""Search: script- and vocabulary-insensitive, phrases, digits, filters, bad queries, updates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BEIJING, SHANGHAI, ZGC, copy_corpus

from cli import main
from indexer.pipeline import index
from kb.errors import QueryError
from kb.knowledge import KnowledgeBase
from kb.search.snippet import matches, snippet


def ids(base: KnowledgeBase, query: str, **filters: object) -> list[tuple[str, str | None, int | None]]:
    return [(h.doc, h.kind, h.seq) for h in base.search(query, limit=50, **filters).hits]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "group",
    [
        ["知识产权", "知識產權", "智慧財產權", "智慧财产权"],
        ["數位化", "数字化", "数位化"],
        ["資訊技術", "信息技术", "资讯技术"],
    ],
)
def test_scripts_and_vocabulary_give_the_same_hits(seeds: KnowledgeBase, group: list[str]) -> None:
    results = [
        [(h.doc, h.kind, h.seq, round(h.score, 6)) for h in seeds.search(q, limit=50).hits] for q in group
    ]
    assert results[0]  # the group must find something for the comparison to mean anything
    assert all(r == results[0] for r in results[1:])


def test_intellectual_property_finds_both_plans(seeds: KnowledgeBase) -> None:
    hits = seeds.search("知识产权", limit=50).hits
    docs = {h.doc for h in hits}
    assert {BEIJING, SHANGHAI} <= docs
    shanghai = next(h for h in hits if h.doc == SHANGHAI)
    assert (shanghai.kind, shanghai.seq) == ("task", 6)
    assert shanghai.snippet.render("[", "]").startswith("6.提升[智慧財產權]服務能級。")


def test_snippets_quote_the_original_or_convert(seeds: KnowledgeBase) -> None:
    hit = next(h for h in seeds.search("知识产权", limit=50).hits if h.doc == BEIJING and h.seq == 9)
    assert "[知識産權]機構和律師加強合作" in hit.snippet.render("[", "]")
    assert hit.text.startswith("9.促進標桿孵化器拓展“硬服務”。")
    converted = next(
        h
        for h in seeds.search("知识产权", limit=50, script="simplified").hits
        if h.doc == BEIJING and h.seq == 9
    )
    assert "[知识产权]机构和律师加强合作" in converted.snippet.render("[", "]")
    assert converted.text == hit.text  # the text itself stays original


def test_snippets_in_simplified_script_give_a_traditional_plans_words_as_mainland_words(
    seeds: KnowledgeBase,
) -> None:
    hits = seeds.search("知识产权", limit=50, script="simplified").hits
    shanghai = next(h for h in hits if h.doc == SHANGHAI and h.seq == 6)
    assert shanghai.snippet.render("[", "]").startswith("6.提升[知识产权]服务能级。")  # 智慧財產權
    assert shanghai.text.startswith("6.提升智慧財產權服務能級。")  # the text itself stays original
    beijing = next(h for h in seeds.search("反向硬孵化", script="simplified").hits if h.seq == 12)
    assert beijing.snippet.render("[", "]").startswith("12.强化大企业[反向]“[硬][孵化]”。支持国内外大企业")
    original = next(h for h in seeds.search("反向硬孵化").hits if h.seq == 12)
    assert original.snippet.render("[", "]").startswith("12.強化大企業[反向]“[硬][孵化]”。支援國內外大企業")


def test_a_simplified_documents_snippets_keep_its_words(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "一、任务\n（一）对口支援。做好支援边疆工作，建设网路平台。\n", encoding="utf-8"
    )
    assert index([folder], tmp_path / "store", workers=1).ok
    hit = KnowledgeBase.open(tmp_path / "store").search("网路平台", script="simplified").hits[0]
    assert hit.snippet.render("[", "]") == "（一）对口支援。做好支援边疆工作，建设[网路平台]。"


def test_snippet_of_a_long_text_marks_the_original_words() -> None:
    # 智慧財產權 normalises to 知识产权, one character shorter: the marks further on must not drift.
    text = "加強智慧財產權保護。\n" * 400 + "強化大企業反向“硬孵化”，推動網路安全。"
    shown = snippet(text, ["硬孵化", "网络安全"])
    assert (
        shown.render("[", "]")
        == "…強智慧財產權保護。 加強智慧財產權保護。 加強智慧財產權保護。 強化大企業反向“[硬孵化]”，推動[網路安全]。"
    )
    assert matches(text, ["知识产权"])[:2] == [(2, 7), (13, 18)]


def test_a_long_task_is_found_once_quoting_the_piece_that_matched(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    filler = "各区要结合实际制定配套措施，明确时间表和路线图，确保各项任务落到实处。"
    body = filler * 60 + "建设城市数据中台。" + filler * 60 + "完善城市数据中台运行机制。" + filler * 60
    text = f"关于推进数字政府建设的实施方案\n一、重点任务\n1.推进数据共享。{body}（责任单位：市大数据局）\n2.优化政务服务。\n"
    (folder / "plan.txt").write_text(text, encoding="utf-8")
    assert index([folder], tmp_path / "store", workers=1).ok
    base = KnowledgeBase.open(tmp_path / "store")
    hits = base.search("城市数据中台", limit=10).hits
    assert [(h.doc, h.kind, h.seq, h.label) for h in hits] == [("plan", "task", 1, "1")]
    start = text.index("1.推进数据共享")
    task = base.owners("plan", "1").task
    assert task.span.start == start and len(task.text) > 6000
    assert task.span.start <= hits[0].span.start and hits[0].span.end <= task.span.end
    assert "城市数据中台" in hits[0].text and len(hits[0].text) <= 3000
    assert [r.canonical for r in task.responsibilities] == ["市大数据局"]


def test_phrase_query(seeds: KnowledgeBase) -> None:
    assert ids(seeds, '"反向硬孵化"') == [(BEIJING, "task", 12)]
    assert ids(seeds, "“强化大企业反向”") == [(BEIJING, "task", 12)]
    # The words are all in task 12, but not as this phrase.
    assert ids(seeds, '"硬孵化反向"') == []
    assert ids(seeds, "硬孵化 反向") != []


def test_digits_are_searchable(seeds: KnowledgeBase) -> None:
    assert (BEIJING, "paragraph", None) in ids(seeds, "20家")
    assert ids(seeds, '"3-5家离岸孵化器"') == [(BEIJING, "paragraph", None)]
    assert ids(seeds, "web3.0") == [(BEIJING, "task", 13)]


def test_agency_filter_by_alias(seeds: KnowledgeBase) -> None:
    for name in ("中关村管委会", "中關村管委會", "北京市科学技术委员会"):
        found = ids(seeds, "知识产权", agency=name)
        assert found == [(BEIJING, "task", 9), (BEIJING, "task", 13)]
    assert ids(seeds, "知识产权", agency="上海市科委") == [(SHANGHAI, "task", 6)]


def test_document_issuer_and_year_filters(seeds: KnowledgeBase) -> None:
    assert {d for d, _, _ in ids(seeds, "孵化器", doc="京科發〔2022〕19號")} == {BEIJING}
    assert {d for d, _, _ in ids(seeds, "孵化器", issuer="中关村管委会")} == {BEIJING, ZGC}
    assert {d for d, _, _ in ids(seeds, "孵化器", year="2023")} == {SHANGHAI}
    # Filters that leave no document find nothing (whoosh took an empty filter for none).
    assert ids(seeds, "孵化器", issuer="市乙委") == []
    assert ids(seeds, "孵化器", year="1999") == []


@pytest.mark.parametrize("query", ['"知识产权', "知识产权 AND", "((((知识产权", "知识产权 *", "OR 知识产权"])
def test_malformed_queries_are_searched_as_text(seeds: KnowledgeBase, query: str) -> None:
    assert ids(seeds, query) == ids(seeds, "知识产权")


@pytest.mark.parametrize("query", ["((((", "*", "AND", '"', "。，！", "x" * 1001])
def test_queries_with_nothing_to_search_are_refused(seed_store: Path, query: str) -> None:
    result = CliRunner().invoke(main, ["--store", str(seed_store), "search", query])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1
    with pytest.raises(QueryError):
        KnowledgeBase.open(seed_store).search(query)


def test_json_output(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["--store", str(seed_store), "search", '"反向硬孵化"', "--json"])
    data = json.loads(result.stdout)
    assert data["query"] == '"反向硬孵化"'
    hit = data["hits"][0]
    assert {k: hit[k] for k in ("doc", "doc_number", "path", "label", "seq")} == {
        "doc": BEIJING,
        "doc_number": "京科发〔2022〕19号",
        "path": ["二", "（三）", "12"],
        "label": "12",
        "seq": 12,
    }
    assert hit["snippet"].startswith("12.強化大企業<em>反向“硬孵化</em>”。")
    paragraph = json.loads(
        CliRunner().invoke(main, ["--store", str(seed_store), "search", "金种子企业", "--json"]).stdout
    )["hits"][0]
    assert (paragraph["doc"], paragraph["kind"], paragraph["seq"], paragraph["label"]) == (
        BEIJING,
        "paragraph",
        None,
        None,
    )
    assert paragraph["location"] == "一、总体思路 › （三）工作目标"


def test_updates_and_deletions_reach_the_index(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    store = tmp_path / "store"
    index([corpus], store, workers=1)
    base = KnowledgeBase.open(store)
    assert ids(base, "雁阵效应") == [(BEIJING, "task", 12)]
    path = corpus / f"{BEIJING}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("雁陣效應", "鸿雁效应"), encoding="utf-8")
    (corpus / f"{SHANGHAI}.txt").unlink()
    report = index([corpus], store, workers=1)
    assert report.updated == [BEIJING] and report.removed == [SHANGHAI]
    after = KnowledgeBase.open(store)
    assert ids(after, "雁阵效应") == []
    assert ids(after, "鸿雁效应") == [(BEIJING, "task", 12)]
    assert SHANGHAI not in {d for d, _, _ in ids(after, "孵化器")}
    # The store's search index and its graph agree on which documents exist.
    docs_in_graph = {n.split(":", 1)[1] for n in after.graph().nodes if n.startswith("doc:")}
    assert docs_in_graph == set(after.catalog)
    # The previous generation, kept for readers that opened it, still answers as before.
    assert ids(base, "雁阵效应") == [(BEIJING, "task", 12)]


def test_a_single_digit_is_a_word(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "一、任务\n1.落实第3项措施。\n2.落实第4项措施。\n", encoding="utf-8"
    )
    index([tmp_path / "in"], tmp_path / "store", workers=1)
    base = KnowledgeBase.open(tmp_path / "store")
    assert ids(base, "第3项") == [("a", "task", 1)]
    assert ids(base, "3") == [("a", "task", 1)]
    assert ids(base, '"第4项措施"') == [("a", "task", 2)]


def test_a_store_built_again_at_the_same_path_is_searched_afresh(tmp_path: Path) -> None:
    # The engine keeps a generation's searcher open between queries; a store rebuilt at the
    # same path (the same generation name) must not be answered from the old one.
    corpus = copy_corpus(tmp_path / "corpus")
    store = tmp_path / "store"
    index([corpus / f"{BEIJING}.txt"], store, workers=1)
    assert ids(KnowledgeBase.open(store), "雁阵效应") == [(BEIJING, "task", 12)]
    shutil.rmtree(store)
    index([corpus / f"{SHANGHAI}.txt"], store, workers=1)
    again = KnowledgeBase.open(store)
    assert ids(again, "雁阵效应") == []
    assert {d for d, _, _ in ids(again, "孵化器")} == {SHANGHAI}
