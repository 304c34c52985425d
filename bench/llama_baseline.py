"""The llama-index baseline: the documents as `TextNode`s in a `BM25Retriever` (bm25s)
whose words are jieba's.

`BM25Retriever` ignores `tokenizer=`: it always tokenises with bm25s's regex splitter
`(?u)\\b\\w\\w+\\b`, which reads a run of Chinese characters as one "word" (a whole
sentence) and drops one-character words (法, 税, 省), with English stop words and an English
stemmer. `JiebaBM25Retriever` gives bm25s jieba's words instead, documents and queries
alike: jieba in search mode (as jieba's ChineseAnalyzer cuts), lower case, tokens without a
letter, digit or Chinese character dropped, one-character words kept, and jieba's
ChineseAnalyzer stop list (English function words and 的, 了, 和) rather than bm25s's
Chinese list, which also drops words policy queries are made of (任务, 促进, 加强, 具体).
No stemming. Retrieval is bm25s's, with the nodes' original text returned.
"""

from __future__ import annotations

import logging
import time
from functools import partial
from typing import Any

from bench.corpus import Subset
from bench.measure import Throughput, throughput


def jieba_words(text: str) -> list[str]:
    """jieba's search-mode words of a text, punctuation and blanks left out."""
    import jieba

    return [w for w in jieba.cut_for_search(text) if any(c.isalnum() for c in w)]


def _retriever_class() -> Any:
    """`JiebaBM25Retriever`, defined on first use: llama-index takes a second to import."""
    import bm25s
    import numpy as np
    from jieba.analyse.analyzer import STOP_WORDS
    from llama_index.core.schema import MetadataMode, NodeWithScore, QueryBundle
    from llama_index.core.vector_stores.utils import metadata_dict_to_node, node_to_metadata_dict
    from llama_index.retrievers.bm25 import BM25Retriever

    class JiebaBM25Retriever(BM25Retriever):  # type: ignore[misc]
        """BM25Retriever over jieba's words (see the module docstring)."""

        def __init__(self, nodes: list[Any], similarity_top_k: int = 10):
            self.words = bm25s.tokenization.Tokenizer(
                lower=True, splitter=jieba_words, stopwords=sorted(STOP_WORDS), stemmer=None
            )
            texts = [node.get_content(metadata_mode=MetadataMode.EMBED) for node in nodes]
            tokens = self.words.tokenize(texts, return_as="tuple", show_progress=False)
            corpus = [node_to_metadata_dict(node) | {"node_id": node.node_id} for node in nodes]
            bm25 = bm25s.BM25(corpus=corpus)
            bm25.index(tokens, show_progress=False)
            super().__init__(existing_bm25=bm25, similarity_top_k=similarity_top_k, skip_stemming=True)

        def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
            ids = self.words.tokenize([query_bundle.query_str], update_vocab=False, show_progress=False)
            found, scores = self.bm25.retrieve(
                ids,
                k=self.similarity_top_k,
                show_progress=False,
                weight_mask=np.array(self.corpus_weight_mask) if self.corpus_weight_mask else None,
            )
            return [
                NodeWithScore(node=metadata_dict_to_node(entry), score=float(score))
                for entry, score in zip(found[0], scores[0], strict=True)
            ]

    return JiebaBM25Retriever


def _jieba_ready() -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


def build(subset: Subset) -> tuple[Throughput, Any]:
    """Nodes and retriever built from the subset (jieba loaded first); the time, and the retriever."""
    from llama_index.core.schema import TextNode

    retriever_class = _retriever_class()
    _jieba_ready()
    started = time.perf_counter()
    nodes = [TextNode(id_=d.id, text=d.text, metadata={"title": d.title}) for d in subset.docs]
    retriever = retriever_class(nodes, similarity_top_k=10)
    return throughput(time.perf_counter() - started, subset.megabytes, len(subset.docs)), retriever


def query_timings(retriever: Any, queries: list[str], passes: int) -> list[float]:
    """Seconds per `retrieve` (ten nodes), after a warm-up pass."""
    from bench.measure import timed_passes

    return timed_passes([partial(retriever.retrieve, q) for q in queries], passes)
