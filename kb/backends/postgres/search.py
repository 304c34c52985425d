"""Full-text search in SQL: a `Request` as a tsquery over the units' tsvectors (GIN-indexed).

The same matching as the whoosh engine (`kb.search.whoosh_engine`): every word in a unit's
text and headings (weights D and C), phrases there as consecutive positions (`<->`), in either
reading (whole words, or the smallest words that make them up); or every word in a document
unit's titles (A); or every word in a task's agency names (B). `any_word` asks for any word
anywhere. Filters are SQL: `doc_id = ANY(...)`, `agencies && ...`.

Ranking is whoosh's BM25F, computed in SQL: for each word and field, `ts_rank_cd` with one
weight per field and no normalisation counts the word's occurrences in that field, weighted
as whoosh weights them (a heading's words twice, titles three times, names 1.5 times); with
the unit's field length, the average length and the word's unit frequency per field (table
`terms`), that gives each word's BM25 term score, summed over the parts of the query that
match, as whoosh sums them. (whoosh keeps field lengths rounded to a byte, so scores differ
a little; hits are the same.) Ties go to document id and unit order. A long task indexed in
pieces is found once, by its best piece. A query no unit matches whole falls back to the
units holding the most of its words (`search_most`, kb.backends.postgres.most), as whoosh's does.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from kb.backends.postgres.failures import guarded
from kb.backends.postgres.rows import fits, quote_lexeme
from kb.search.engine import Match, Request, SearchIndex

TEXT, TITLE, NAMES = ":CD", ":A", ":B"  # the weights of each field in a unit's tsvector
K1, B = 1.2, 0.75  # whoosh's BM25F defaults
# Per field: the tsquery weight, ts_rank_cd's weights {D,C,B,A} and the factor that make it
# count whoosh's term weight, and the length column.
FIELDS = {
    "content": (TEXT, "{0.5,1,0,0}", 2.0, "content_len"),
    "title": (TITLE, "{0,0,0,1}", 3.0, "title_len"),
    "names": (NAMES, "{0,0,1,0}", 1.5, "names_len"),
}

_SEARCH = """
SELECT id, doc_id, kind, seq, label, path, start, stop, score FROM (
    SELECT DISTINCT ON (doc_id, CASE WHEN kind = 'task' THEN seq::text ELSE id END)
        id, doc_id, kind, seq, label, path, start, stop, ord, ({rank}) AS score
    FROM units
    WHERE words @@ %(q)s::tsquery {filters}
    ORDER BY doc_id, CASE WHEN kind = 'task' THEN seq::text ELSE id END, score DESC, ord
) best
ORDER BY score DESC, doc_id, ord
LIMIT %(limit)s
"""


def tsquery(request: Request) -> str:
    """The request as a tsquery literal (lexemes quoted, so nothing is parsed again)."""
    words = [word for group in request.required for word in group]
    if request.any_word:
        return " | ".join(quote_lexeme(w) for w in dict.fromkeys(words))
    text = _text_query(request)
    if not words:
        return text
    others = [" & ".join(quote_lexeme(w) + weight for w in words) for weight in (TITLE, NAMES)]
    return " | ".join(f"({part})" for part in [text, *others])


def _text_query(request: Request) -> str:
    """Every word and phrase in the text and headings."""
    words = [word for group in request.required for word in group]
    phrases = []
    for whole, pieces in request.phrases:
        readings = [phrase_query(r) for r in (whole, pieces) if r]
        phrases.append("(" + " | ".join(readings) + ")")
    return " & ".join([quote_lexeme(w) + TEXT for w in words] + phrases)


def phrase_query(words: tuple[str, ...]) -> str:
    return " <-> ".join(quote_lexeme(w) + TEXT for w in words)


class PostgresSearch(SearchIndex):
    """The units of one snapshot (its connection and transaction)."""

    def __init__(self, conn: Any, meta: dict[str, str], location: str = ""):
        self.conn = conn
        self.location = location
        self.units = int(meta.get("units", 0))
        self.lengths = {f: int(meta.get(f"{f}_len", 0)) for f in FIELDS}

    @guarded
    def search(self, request: Request) -> list[Match]:
        if not (request.required or request.phrases):
            return []
        words = [w for group in request.required for w in group]
        words += [w for whole, parts in request.phrases for w in (*whole, *parts)]
        if not all(fits(w) for w in words):  # a word too long to be indexed is in no unit
            if not request.any_word:
                return []
            kept = tuple(g for g in (tuple(w for w in group if fits(w)) for group in request.required) if g)
            request = replace(request, required=kept, phrases=())
            if not kept:
                return []
        params: dict[str, Any] = {"q": tsquery(request), "limit": request.limit}
        filters = filters_sql(request, params)
        return self.matches(_SEARCH.format(rank=Rank(self, params).of(request), filters=filters), params)

    @guarded
    def search_most(self, request: Request) -> tuple[list[Match], int]:
        """The units holding the most of the request's words (each phrase still required),
        scored as whoosh scores them (kb.search.most): BM25F of every word a best unit holds."""
        from kb.backends.postgres.most import MostHeld

        if not request.words or frozenset() in (request.docs, request.agencies):
            return [], 0
        return MostHeld(self, request).matches()

    def matches(self, sql: str, params: dict[str, Any]) -> list[Match]:
        """The units a search statement gives (its columns as `_SEARCH`'s), as matches."""
        return [match(row) for row in self.conn.execute(sql, params).fetchall()]

    def count(self) -> int:
        return self.units

    @guarded
    def field_frequencies(self, words: list[str]) -> dict[str, dict[str, int]]:
        """In how many units each word is, per field."""
        rows = self.conn.execute(
            "SELECT word, content, title, names FROM terms WHERE word = ANY(%s)", (words,)
        ).fetchall()
        found = {w: {"content": c, "title": t, "names": n} for w, c, t, n in rows}
        return {w: found.get(w, {"content": 0, "title": 0, "names": 0}) for w in words}

    def frequencies(self, words: list[str]) -> dict[str, int]:
        out = {w: max(f.values()) for w, f in self.field_frequencies(words).items()}
        out[""] = self.units
        return out


def match(row: tuple[Any, ...]) -> Match:
    """A row of a search statement (id, doc, kind, seq, label, path, start, stop, score)."""
    unit, doc, kind, seq, label, path, start, stop, score = row
    return Match(unit, doc, kind, float(score), seq, label, tuple(path), start, stop)


def filters_sql(request: Request, params: dict[str, Any]) -> str:
    """The request's document and agency filters, as SQL."""
    filters = ""
    if request.docs is not None:
        filters += " AND doc_id = ANY(%(docs)s)"
        params["docs"] = sorted(request.docs)
    if request.agencies is not None:
        filters += " AND agencies && %(agencies)s::text[]"
        params["agencies"] = sorted(request.agencies)
    return filters


class Rank:
    """The SQL of one request's BM25F score (words and constants as parameters)."""

    def __init__(self, index: PostgresSearch, params: dict[str, Any]):
        self.index, self.params = index, params
        self.freq: dict[str, dict[str, int]] = {}

    def of(self, request: Request) -> str:
        # Each word once, as whoosh's query has it: two groups sharing a word (营商环境 生态环境,
        # both holding 环境) score it once.
        words = list(dict.fromkeys(w for group in request.required for w in group))
        pieces = [w for whole, parts in request.phrases for w in (*whole, *parts)]
        self.freq = self.index.field_frequencies(list(dict.fromkeys(words + pieces)))
        if request.any_word:
            return " + ".join(self.term(w, f) for w in words for f in FIELDS) or "0"
        text = [self.term(w, "content") for w in words]
        for whole, parts in request.phrases:  # whoosh scores a phrase as its words
            for reading in (whole, parts):
                if reading:
                    term = self._param(phrase_query(reading), "phrase")
                    score = " + ".join(self.term(w, "content") for w in reading)
                    text.append(f"CASE WHEN words @@ {term}::tsquery THEN {score} ELSE 0 END")
        branches: list[tuple[str, list[str]]] = [(_text_query(request), text)]
        if words:
            for field in ("title", "names"):
                query = " & ".join(quote_lexeme(w) + FIELDS[field][0] for w in words)
                branches.append((query, [self.term(w, field) for w in words]))
        out = []
        for query, terms in branches:
            total = " + ".join(terms) or "0"
            if query is None:
                out.append(f"({total})")
            else:
                out.append(
                    f"CASE WHEN words @@ {self._param(query, 'branch')}::tsquery THEN {total} ELSE 0 END"
                )
        return " + ".join(out)

    def term(self, word: str, field: str) -> str:
        """BM25 of one word in one field of the unit (0 where the field lacks it)."""
        weight, weights, factor, length = FIELDS[field]
        n = self.index.units or 1
        df = self.freq.get(word, {}).get(field, 0)
        if df == 0:
            return "0"
        idf = math.log(n / (df + 1)) + 1
        average = (self.index.lengths[field] / n) or 1
        lexeme = self._param(quote_lexeme(word) + weight, "w")
        tf = f"({factor} * ts_rank_cd('{weights}'::float4[], words, {lexeme}::tsquery, 0))"
        norm = f"{K1 * (1 - B)} + {K1 * B / average} * {length}"
        return f"({idf} * {tf} * {K1 + 1} / ({tf} + {norm}))"

    def _param(self, value: str, prefix: str) -> str:
        name = f"{prefix}{len(self.params)}"
        self.params[name] = value
        return f"%({name})s"
