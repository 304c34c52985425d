"""A llama-index retriever over the knowledge base: our own search, and the graph's roles.

`KbRetriever` is a `BaseRetriever`, so other llama-index applications can use the store:
each node is a unit's original text, its metadata the document, number, location and,
for tasks, the responsible agencies and their roles from the graph.
"""

from __future__ import annotations

import contextlib
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from kb.citation import title_of
from kb.errors import QueryError
from kb.search import analysis
from kb.search import query as queries
from kb.search.engine import Match, Request, engine

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Question words and particles (kb/data/stopwords.txt)."""
    text = (resources.files("kb") / "data" / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def keywords(text: str) -> list[str]:
    """The words of a question worth searching for (question words and particles left out)."""
    words: list[str] = []
    for group in analysis.required_terms(text):
        for word in group:
            if word not in stopwords() and word not in words and (len(word) > 1 or word.isdigit()):
                words.append(word)
    return words


class KbRetriever(BaseRetriever):
    """Units of the knowledge base that share the most (and rarest) words with a query.

    `docs` keeps to those documents; units holding `phrase` as written (标杆孵化器是, for a
    definition) come first.
    """

    def __init__(
        self, base: KnowledgeBase, limit: int = 8, docs: frozenset[str] | None = None,
        phrase: str | None = None, **kwargs: Any,
    ):  # fmt: skip
        super().__init__(**kwargs)
        self._base = base
        self._limit = limit
        self._docs = docs
        self._phrase = phrase

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        words = keywords(query_bundle.query_str)
        if not words:
            return []
        requests = [Request(tuple((w,) for w in words), docs=self._docs, limit=self._limit, any_word=True)]
        if self._phrase:
            with contextlib.suppress(QueryError):
                requests.insert(
                    0, queries.request(queries.parse(f'"{self._phrase}"'), self._limit, self._docs)
                )
        matches: dict[str, Match] = {}
        for request in requests:
            try:
                found = engine().search(self._base.generation.file("search"), request)
            except QueryError:
                continue
            for m in found:
                matches.setdefault(m.unit_id, m)
        return [self._node(m, words) for m in matches.values() if m.kind != "document"]

    def _node(self, m: Match, words: list[str]) -> NodeWithScore:
        hit = self._base.hit(m, words, "original")
        title = title_of(self._base.cached(hit.doc), m.start)
        metadata: dict[str, Any] = {
            "doc": hit.doc, "title": title, "doc_number": hit.doc_number or "",
            "location": hit.location, "seq": hit.seq, "path": list(hit.path), "start": m.start,
        }  # fmt: skip
        if hit.seq:
            task = self._base.cached(hit.doc).tasks[hit.seq - 1]
            metadata["agencies"] = "；".join(f"{r.name}（{r.role}）" for r in task.responsibilities)
        return NodeWithScore(node=TextNode(id_=m.unit_id, text=hit.text, metadata=metadata), score=m.score)
