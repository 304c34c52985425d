"""Passages for a free question: our own search over the knowledge base, no llama-index.

Units holding a phrase as written come first (标杆孵化器是, for a definition), then units with
every word of the query, then units with the most (and rarest) of them: a question whose
words no single passage holds still finds the passages that hold most of them.
`kb.qa.retriever.KbRetriever` offers the same passages to llama-index applications.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kb.citation import title_of
from kb.errors import QueryError
from kb.search import analysis
from kb.search import query as queries
from kb.search.engine import Match, Request

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase


@dataclass(frozen=True, slots=True)
class Passage:
    """A unit's original text and where it stands (doc, title, number, location, seq, path,
    start, and for a task its agencies with their roles)."""

    id: str
    text: str
    score: float
    metadata: dict[str, Any]


def retrieve(
    base: KnowledgeBase,
    query: str,
    limit: int = 8,
    docs: frozenset[str] | None = None,
    phrase: str | tuple[str, ...] | None = None,
) -> list[Passage]:
    """The passages that answer a query best, at most `limit` of each kind of match; those
    holding a phrase (one of several) as written first."""
    words = analysis.keywords(query)
    if not words:
        return []
    required = tuple((w,) for w in words)
    requests = [
        Request(required, docs=docs, limit=limit),
        Request(required, docs=docs, limit=limit, any_word=True),
    ]
    for held in reversed((phrase,) if isinstance(phrase, str) else phrase or ()):
        with contextlib.suppress(QueryError):
            requests.insert(0, queries.request(queries.parse(f'"{held}"'), limit, docs))
    matches: dict[str, Match] = {}
    for request in requests:
        try:
            found = base.generation.search_index().search(request)
        except QueryError:
            continue
        for m in found:
            matches.setdefault(m.unit_id, m)
    return [_passage(base, m, words) for m in matches.values() if m.kind != "document"]


def _passage(base: KnowledgeBase, m: Match, words: list[str]) -> Passage:
    hit = base.hit(m, words, "original")
    title = title_of(base.cached(hit.doc), m.start)
    metadata: dict[str, Any] = {
        "doc": hit.doc, "title": title, "doc_number": hit.doc_number or "",
        "location": hit.location, "seq": hit.seq, "path": list(hit.path), "start": m.start,
    }  # fmt: skip
    if hit.seq:
        task = base.cached(hit.doc).tasks[hit.seq - 1]
        metadata["agencies"] = "；".join(f"{r.name}（{r.role}）" for r in task.responsibilities)
    return Passage(m.unit_id, hit.text, m.score, metadata)
