"""A llama-index retriever over the knowledge base: our own search, and the graph's roles.

`KbRetriever` is a `BaseRetriever`, so other llama-index applications can use the store:
each node is a unit's original text, its metadata the document, number, location and,
for tasks, the responsible agencies and their roles from the graph (kb.qa.retrieval, which
`kb ask` itself uses without llama-index).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from kb.qa.retrieval import retrieve
from kb.search.analysis import keywords, stopwords

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase

__all__ = ["KbRetriever", "keywords", "stopwords"]


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
        found = retrieve(self._base, query_bundle.query_str, self._limit, self._docs, self._phrase)
        return [
            NodeWithScore(node=TextNode(id_=p.id, text=p.text, metadata=p.metadata), score=p.score)
            for p in found
        ]
