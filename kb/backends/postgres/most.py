"""Units holding the most of a query's words, in SQL: the PostgreSQL side of `kb.search.most`.

For a query no unit matches whole (`公租房 申请条件`, no passage holding both), the same units as
the whoosh engine gives: a word is held when each of its groups is, all of a group's words in
one field (text and headings, titles, agency names); the units holding the most words are the
answer, each phrase still required and the filters still applied. One statement counts the
words each unit holds and which words the best units hold; the search (`PostgresSearch`)
then scores the best units by those words, BM25F as whoosh scores them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kb.backends.postgres.rows import fits, quote_lexeme
from kb.backends.postgres.search import _NAMES, _TEXT, _TITLE, _filters, _phrase

if TYPE_CHECKING:
    from kb.backends.postgres.search import PostgresSearch
    from kb.search.engine import Request

Word = tuple[tuple[str, ...], ...]  # a typed word: its groups of smallest words


class MostHeld:
    """The words of one request as tsqueries, and the units holding the most of them."""

    def __init__(self, index: PostgresSearch, request: Request):
        self.index, self.request = index, request
        phrases = [w for whole, parts in request.phrases for w in (*whole, *parts)]
        # A word too long to be a lexeme is in no unit: a word holding one is held nowhere,
        # a phrase holding one matches nowhere (then no unit is allowed at all).
        held = [word for word in request.words if all(fits(w) for group in word for w in group)]
        self.words: list[Word] = held if all(fits(w) for w in phrases) else []
        self.queries = [_word_query(word) for word in self.words]

    def _where(self, params: dict[str, Any]) -> list[str]:
        """Sets the query `q` of the units that may count (holding a word and every phrase);
        the SQL of whether a unit holds each word."""
        held = []
        for i, query in enumerate(self.queries):
            params[f"word{i}"] = query
            held.append(f"(words @@ %(word{i})s::tsquery)")
        wanted = " | ".join(f"({q})" for q in self.queries)
        for whole, parts in self.request.phrases:
            readings = " | ".join(_phrase(r) for r in (whole, parts) if r)
            wanted = f"({wanted}) & ({readings})"
        params["q"] = wanted
        return held

    def most(self) -> tuple[int, list[Word]]:
        """How many words the best units hold, and the words any of them holds."""
        params: dict[str, Any] = {}
        holds = self._where(params)
        count = " + ".join(f"{h}::int" for h in holds)
        flags = ", ".join(f"{h} AS h{i}" for i, h in enumerate(holds))
        held = ", ".join(f"bool_or(h{i})" for i in range(len(holds)))
        sql = (
            f"SELECT n, {held} FROM (SELECT {count} AS n, {flags} FROM units "
            f"WHERE words @@ %(q)s::tsquery {_filters(self.request, params)}) counted "
            "GROUP BY n ORDER BY n DESC LIMIT 1"
        )
        row = self.index.conn.execute(sql, params).fetchone()
        if row is None:
            return 0, []
        return int(row[0]), [word for word, flag in zip(self.words, row[1:], strict=True) if flag]

    def only(self, params: dict[str, Any], most: int) -> str:
        """SQL keeping the best units only (those holding `most` words); sets the query `q`."""
        count = " + ".join(f"{h}::int" for h in self._where(params))
        params["most"] = most
        return f" AND {count} = %(most)s"


def _word_query(word: Word) -> str:
    """A unit holds a word when it holds each group, all of a group's words in one field."""
    groups = []
    for group in word:
        fields = [" & ".join(quote_lexeme(w) + weight for w in group) for weight in (_TEXT, _TITLE, _NAMES)]
        groups.append("(" + " | ".join(f"({f})" for f in fields) + ")")
    return " & ".join(groups)
