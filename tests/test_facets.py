"""Facets over the catalogue: values, counts among the rows kept, filters that must all hold."""

from __future__ import annotations

import pytest

from indexer.pipeline import index
from kb import facets
from kb.errors import QueryError
from kb.knowledge import KnowledgeBase

SIMPLIFIED = (
    "市甲局关于推进示范工作的通知\n\n一、重点任务\n"
    "1.建设示范基地。推动基地建设。（责任单位：市甲局；完成时限：2025年底前）\n"
    "2.完善配套政策。（牵头单位：市乙委；配合单位：市甲局；完成时限：长期坚持）\n"
    "3.加强督促检查。（责任单位：市甲局）\n"
)
TRADITIONAL = (
    "市甲局關於推進示範工作的通知\n\n一、重點任務\n"
    "1.建設示範園區。推動園區建設。（責任單位：市甲局；完成時限：2026年6月底前）\n"
    "2.健全工作機制。（牽頭單位：市丙局；配合單位：市甲局）\n"
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("facets")
    (folder / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (folder / "b.txt").write_text(TRADITIONAL, encoding="utf-8")
    (folder / "c.txt").write_text("市乙委工作要点\n\n一、总体要求\n做好全年工作。\n", encoding="utf-8")
    store = folder / "store"
    assert index([folder], store, workers=1).ok
    return KnowledgeBase.open(store)


def counts(found: tuple[facets.Facet, ...]) -> dict[str, dict[str, int]]:
    return {f.name: {v.value: v.count for v in f.values} for f in found}


def test_agency_tasks_by_role_and_by_the_year_of_their_deadline(base: KnowledgeBase) -> None:
    listing = facets.tasks(base.agency("市甲局"), {})
    assert listing.total == 5
    got = counts(listing.facets)
    assert got["role"] == {"lead": 3, "support": 2}
    assert got["doc"] == {"a": 3, "b": 2}
    assert got["deadline"] == {"2025": 1, "2026": 1, "other": 1, "none": 2}  # 长期坚持 names no year


def test_agency_filters_must_all_hold_and_the_facets_count_what_is_left(base: KnowledgeBase) -> None:
    listing = facets.tasks(base.agency("市甲局"), {"role": "support", "doc": "b", "deadline": None})
    assert [(a.record.id, a.task.seq) for a in listing.found.assignments] == [("b", 2)]
    assert counts(listing.facets)["deadline"] == {"none": 1}
    assert [v.selected for v in listing.facets[0].values] == [True]
    assert facets.tasks(base.agency("市甲局"), {"deadline": "2026"}).found.assignments[0].record.id == "b"


def test_documents_by_script_and_owners(base: KnowledgeBase) -> None:
    listing = facets.documents(base.docs(), {})
    assert listing.total == 3 and [r.id for r in listing.records] == ["a", "b", "c"]
    got = counts(listing.facets)
    assert got["doc_script"] == {"simplified": 2, "traditional": 1}
    assert got["owners"] == {"yes": 2, "no": 1}
    kept = facets.documents(base.docs(), {"owners": "yes", "doc_script": "traditional"})
    assert [r.id for r in kept.records] == ["b"] and kept.filters == {
        "owners": "yes",
        "doc_script": "traditional",
    }
    assert facets.documents(base.docs(), {"owners": "maybe"}).records == ()


def test_an_unknown_facet_is_a_query_error(base: KnowledgeBase) -> None:
    with pytest.raises(QueryError, match="unknown filter 'colour'"):
        facets.documents(base.docs(), {"colour": "red"})
