"""Full-text search in SQL: a `Request` as a tsquery over the units' tsvectors (GIN-indexed).

The same matching as the whoosh engine (`kb.search.whoosh_engine`): every word in a unit's
text and headings (weights D and C), phrases there as consecutive positions (`<->`), in either
reading (whole words, or the smallest words that make them up); or every word in a document
unit's titles (A); or every word in a task's agency names (B). `any_word` asks for any word
anywhere. Filters are SQL: `doc_id = ANY(...)`, `agencies && ...`.

Ranking: `ts_rank_cd` with the fields weighted as whoosh weights them (text 1, headings 2,
names 1.5, titles 3, scaled to at most 1), divided by 1 + log(length), times, for each word of
the query, its inverse unit frequency (from `terms`) when the query has more than one word, so
a rare word counts for more than a common one (as BM25 would have it). Ties go to document id
and unit order. A long task indexed in pieces is found once, by its best piece.
"""

from __future__ import annotations

import math
from typing import Any

from kb.backends.postgres.rows import WEIGHTS, quote_lexeme
from kb.search.engine import Match, Request, SearchIndex

_TEXT, _TITLE, _NAMES = ":CD", ":A", ":B"  # the weights of each field in a unit's tsvector
_NORMALIZATION = 1  # ts_rank_cd: divide by 1 + the logarithm of the unit's length

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
    phrases = []
    for whole, pieces in request.phrases:
        readings = [_phrase(r) for r in (whole, pieces) if r]
        phrases.append("(" + " | ".join(readings) + ")")
    text = " & ".join([quote_lexeme(w) + _TEXT for w in words] + phrases)
    if not words:
        return text
    others = [" & ".join(quote_lexeme(w) + weight for w in words) for weight in (_TITLE, _NAMES)]
    return " | ".join(f"({part})" for part in [text, *others])


def _phrase(words: tuple[str, ...]) -> str:
    return " <-> ".join(quote_lexeme(w) + _TEXT for w in words)


class PostgresSearch(SearchIndex):
    """The units of one snapshot (its connection and transaction)."""

    def __init__(self, conn: Any, units: int):
        self.conn = conn
        self.units = units

    def search(self, request: Request) -> list[Match]:
        if not (request.required or request.phrases):
            return []
        params: dict[str, Any] = {"q": tsquery(request), "limit": request.limit, "weights": WEIGHTS}
        filters = ""
        if request.docs is not None:
            filters += " AND doc_id = ANY(%(docs)s)"
            params["docs"] = sorted(request.docs)
        if request.agencies is not None:
            filters += " AND agencies && %(agencies)s::text[]"
            params["agencies"] = sorted(request.agencies)
        sql = _SEARCH.format(rank=self._rank(request, params), filters=filters)
        found = self.conn.execute(sql, params).fetchall()
        return [
            Match(unit, doc, kind, float(score), seq, label, tuple(path), start, stop)
            for unit, doc, kind, seq, label, path, start, stop, score in found
        ]

    def _rank(self, request: Request, params: dict[str, Any]) -> str:
        """ts_rank_cd over the whole query; with several words, each word's own rank weighted
        by how rare it is, so the rare words of a question decide."""
        rank = f"ts_rank_cd(%(weights)s::float4[], words, %(q)s::tsquery, {_NORMALIZATION})"
        words = list(dict.fromkeys(w for group in request.required for w in group))
        if len(words) < 2:
            return rank
        freq = self.frequencies(words)
        total = max(freq[""], 1)
        parts = []
        for i, word in enumerate(words):
            params[f"w{i}"] = quote_lexeme(word)
            idf = math.log(1 + total / (1 + freq.get(word, 0)))
            parts.append(
                f"{idf:.6f} * ts_rank_cd(%(weights)s::float4[], words, %(w{i})s::tsquery, {_NORMALIZATION})"
            )
        return f"{rank} + " + " + ".join(parts)

    def count(self) -> int:
        return self.units

    def frequencies(self, words: list[str]) -> dict[str, int]:
        found = dict(
            self.conn.execute(
                "SELECT word, greatest(content, title, names) FROM terms WHERE word = ANY(%s)", (words,)
            ).fetchall()
        )
        out = {w: int(found.get(w, 0)) for w in words}
        out[""] = self.units
        return out
