"""Search answers that do what they say: bounded queries, filters that filter, partial matches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BEIJING, SHANGHAI
from test_hostile import calls

from cli import main
from kb.errors import QueryError
from kb.knowledge import KnowledgeBase
from kb.search import analysis
from kb.search import query as queries


def ids(base: KnowledgeBase, query: str, **filters: object) -> list[tuple[str, str | None, int | None]]:
    return [(h.doc, h.kind, h.seq) for h in base.search(query, limit=50, **filters).hits]  # type: ignore[arg-type]


def cli(store: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


# --- queries built to be slow ------------------------------------------------------------------


def test_a_word_repeated_is_searched_once(seeds: KnowledgeBase) -> None:
    query = "知识产权" * 250  # 1,000 characters, the longest query there is
    assert queries.request(queries.parse(query), 10).required == (("知识", "产权"),)
    assert ids(seeds, query) == ids(seeds, "知识产权")
    assert seeds.search(query).notes == ()
    once = calls(lambda: seeds.search("知识产权"))
    assert calls(lambda: seeds.search(query)) < 2 * once  # 250 copies of the word cost 261 s


def distinct_words(count: int) -> list[str]:
    text = Path(__file__).parent.parent.joinpath("corpus", f"{BEIJING}.txt").read_text(encoding="utf-8")
    words: dict[tuple[str, ...], str] = {}  # each a word of its own in a query
    for token in analysis.tokens(text):
        groups = analysis.required_terms(token.text)
        if len(token.text) >= 2 and token.text.isalnum() and len(groups) == 1:
            words.setdefault(tuple(groups[0]), token.text)
    return list(words.values())[:count]


def test_a_query_of_many_words_searches_the_first_ones_and_says_so(seeds: KnowledgeBase) -> None:
    words = distinct_words(100)
    request = queries.request(queries.parse(" ".join(words)), 10)
    assert len(request.required) == queries.MAX_WORDS == 32
    result = seeds.search(" ".join(words))
    assert result.notes == ("the query has 100 different words: searched with the first 32",)
    bounded = calls(lambda: seeds.search(" ".join(words[:32])))
    assert calls(lambda: seeds.search(" ".join(words))) < 2 * bounded
    code, out, _ = cli(Path(seeds.generation.path).parent, "search", " ".join(words), "--json")
    assert code == 0 and json.loads(out)["notes"] == list(result.notes)


# --- filters that filter -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "note"),
    [
        ({"year": "2099"}, "--year 2099 matched no document"),
        ({"issuer": "火星局"}, "--issuer 火星局 matched no document"),
        (
            {"issuer": "中关村管委会", "year": "2014"},
            "--issuer 中关村管委会 and --year 2014 together matched no document",
        ),
        ({"doc": BEIJING, "year": "2023"}, f"--doc {BEIJING} and --year 2023 together matched no document"),
    ],
)
def test_a_filter_that_matches_no_document_gives_no_hits_and_says_so(
    seeds: KnowledgeBase, filters: dict[str, str], note: str
) -> None:
    result = seeds.search("孵化器", **filters)  # type: ignore[arg-type]
    assert (result.hits, result.notes) == ((), (note,))


def test_filters_on_the_command_line(seed_store: Path) -> None:
    code, out, err = cli(seed_store, "search", "孵化器", "--year", "2099")
    assert (code, out, err) == (0, "(--year 2099 matched no document)\nno results for '孵化器'\n", "")
    code, out, _ = cli(seed_store, "search", "孵化器", "--issuer", "火星局", "--json")
    assert (
        code == 0
        and json.loads(out)["hits"] == []
        and json.loads(out)["notes"] == ["--issuer 火星局 matched no document"]
    )
    assert {
        h["doc"]
        for h in json.loads(cli(seed_store, "search", "孵化器", "--year", "2023", "--json")[1])["hits"]
    } == {SHANGHAI}


@pytest.mark.parametrize("year", ["abc", "20", "2023x", "-1"])
def test_a_year_that_is_not_a_year_is_a_usage_error(
    seed_store: Path, seeds: KnowledgeBase, year: str
) -> None:
    code, _, err = cli(seed_store, "search", "孵化器", "--year", year)
    assert code == 2 and "--year" in err and "a year such as 2023" in err
    with pytest.raises(QueryError, match="a year such as 2023"):
        seeds.search("孵化器", year=year)


def test_an_agency_filter_naming_no_agency_is_an_error_in_search_and_tasks(seed_store: Path) -> None:
    message = "Error: no agency named '火星局' is responsible for any task: `kb agencies` lists them\n"
    assert cli(seed_store, "search", "孵化器", "--agency", "火星局") == (1, "", message)
    assert cli(seed_store, "tasks", BEIJING, "--agency", "火星局") == (1, "", message)
    # An agency the store knows, with no task in this document: no task, and no error.
    code, out, _ = cli(seed_store, "tasks", "004", "--agency", "中关村管委会")
    assert code == 0 and out.endswith("\n0 tasks\n")


# --- several words, no passage holding them all ------------------------------------------------


def test_words_no_passage_holds_together_give_the_passages_holding_most(seeds: KnowledgeBase) -> None:
    result = seeds.search("离岸孵化器 金种子企业 火星基地", limit=50)
    assert (result.partial, result.held, result.words) == (True, 2, 3)
    # Exactly the passages that hold both 离岸孵化器 and 金种子企业, none holding only one.
    both = {(h.doc, h.seq) for h in seeds.search("离岸孵化器 金种子企业", limit=50).hits}
    assert both and {(h.doc, h.seq) for h in result.hits} == both
    whole = seeds.search("离岸孵化器 金种子企业", limit=50)
    assert (whole.partial, whole.held, whole.words) == (False, 2, 2)


def test_one_word_of_two_is_a_partial_answer_in_text_and_json(seed_store: Path, seeds: KnowledgeBase) -> None:
    result = seeds.search("离岸孵化器 公租房", limit=50)
    assert (result.partial, result.held, result.words) == (True, 1, 2)
    assert {(h.doc, h.seq) for h in result.hits} == {
        (h.doc, h.seq) for h in seeds.search("离岸孵化器", limit=50).hits
    }
    code, out, _ = cli(seed_store, "search", "离岸孵化器 公租房")
    assert code == 0
    assert out.splitlines()[0] == "(no passage holds every word of the query: these hold 1 of its 2 words)"
    data = json.loads(cli(seed_store, "search", "离岸孵化器 公租房", "--json")[1])
    assert (data["partial"], data["words_held"], data["words"]) == (True, 1, 2) and data["hits"]


def test_no_word_found_is_no_result_and_not_partial(seeds: KnowledgeBase) -> None:
    result = seeds.search("公租房 火星")
    assert (result.hits, result.partial, result.held) == ((), False, 0)
