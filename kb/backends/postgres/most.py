"""Units holding the most of a query's words, in SQL: the PostgreSQL side of `kb.search.most`.

For a query no unit matches whole (`公租房 申请条件`, no passage holding both), the same units as
the whoosh engine gives: a word is held when each of its groups is, all of a group's words in
one field (text and headings, titles, agency names); the units holding the most words are the
answer, each phrase still required and the filters still applied. One statement finds the
units holding any word and which words each holds, keeps those holding the most, and scores
them by the words any of them holds, BM25F as whoosh scores them (each word's terms once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kb.backends.postgres.rows import fits, quote_lexeme
from kb.backends.postgres.search import FIELDS, NAMES, TEXT, TITLE, Rank, filters_sql, match, phrase_query
from kb.search.most import Word

if TYPE_CHECKING:
    from kb.backends.postgres.search import PostgresSearch
    from kb.search.engine import Match, Request


class MostHeld:
    """The words of one request as tsqueries, and the units holding the most of them."""

    def __init__(self, index: PostgresSearch, request: Request):
        self.index, self.request = index, request
        phrases = [w for whole, parts in request.phrases for w in (*whole, *parts)]
        # A word too long to be a lexeme is in no unit: a word holding one is held nowhere,
        # a phrase holding one matches nowhere (then no unit is allowed at all).
        held = [word for word in request.words if all(fits(w) for group in word for w in group)]
        self.words: list[Word] = held if all(fits(w) for w in phrases) else []

    def matches(self) -> tuple[list[Match], int]:
        """The best units, best first, and how many words they hold (0: no unit holds any)."""
        if not self.words:
            return [], 0
        params: dict[str, Any] = {"limit": self.request.limit}
        holds = []
        for i, word in enumerate(self.words):
            params[f"word{i}"] = _word_query(word)
            holds.append(f"(words @@ %(word{i})s::tsquery)")
        wanted = " | ".join(f"({params[f'word{i}']})" for i in range(len(self.words)))
        for whole, parts in self.request.phrases:
            wanted = f"({wanted}) & (" + " | ".join(phrase_query(r) for r in (whole, parts) if r) + ")"
        params["q"] = wanted
        sql = _MOST.format(
            flags=", ".join(f"{h} AS h{i}" for i, h in enumerate(holds)),
            count=" + ".join(f"h{i}::int" for i in range(len(holds))),
            filters=filters_sql(self.request, params),
            held=", ".join(f"bool_or(h{i}) AS h{i}" for i in range(len(holds))),
            rank=self._rank(params),
        )
        # Never prepared: a generic plan of this statement (which psycopg's prepared statements
        # come to after a few runs) scans every unit and is ten times slower.
        found = self.index.conn.execute(sql, params, prepare=False).fetchall()
        most = found[0][-1] if found else 0
        return [match(row[:-1]) for row in found], most

    def _rank(self, params: dict[str, Any]) -> str:
        """BM25F of the words a best unit holds: each lexeme's terms, counted once, when a word
        holding it is held by one of the best units (`held`)."""
        lexemes: dict[str, list[int]] = {}
        for i, word in enumerate(self.words):
            for w in dict.fromkeys(w for group in word for w in group):
                lexemes.setdefault(w, []).append(i)
        rank = Rank(self.index, params)
        rank.freq = self.index.field_frequencies(list(lexemes))
        parts = []
        for w, words in lexemes.items():
            terms = [t for t in (rank.term(w, f) for f in FIELDS) if t != "0"]
            if terms:
                when = " OR ".join(f"held.h{i}" for i in words)
                parts.append(f"CASE WHEN {when} THEN {' + '.join(terms)} ELSE 0 END")
        return " + ".join(parts) or "0"


# The units holding any word (and every phrase, within the filters), with which words each
# holds; the best of them (holding the most); which words they hold; their scores.
_MOST = """
WITH counted AS MATERIALIZED (
    SELECT *, {count} AS n FROM (
        SELECT id, doc_id, kind, seq, label, path, start, stop, ord, words, content_len, title_len,
               names_len, {flags}
        FROM units
        WHERE words @@ %(q)s::tsquery {filters}
    ) holding
), best AS (
    SELECT * FROM counted WHERE n = (SELECT max(n) FROM counted)
), held AS (
    SELECT {held} FROM best
)
SELECT id, doc_id, kind, seq, label, path, start, stop, score, n FROM (
    SELECT DISTINCT ON (doc_id, CASE WHEN kind = 'task' THEN seq::text ELSE id END)
        id, doc_id, kind, seq, label, path, start, stop, ord, n, ({rank}) AS score
    FROM best, held
    ORDER BY doc_id, CASE WHEN kind = 'task' THEN seq::text ELSE id END, score DESC, ord
) ranked
ORDER BY score DESC, doc_id, ord
LIMIT %(limit)s
"""


def _word_query(word: Word) -> str:
    """A unit holds a word when it holds each group, all of a group's words in one field."""
    groups = []
    for group in word:
        fields = [" & ".join(quote_lexeme(w) + weight for w in group) for weight in (TEXT, TITLE, NAMES)]
        groups.append("(" + " | ".join(f"({f})" for f in fields) + ")")
    return " & ".join(groups)
