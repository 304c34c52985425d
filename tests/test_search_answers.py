"""Search answers that do what they say: bounded queries, filters that filter, partial matches."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import BEIJING
from test_hostile import calls

from cli import main
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
