"""Free questions: passages retrieved through llama-index, answered by quoting them.

By default the answer is extractive: the sentences of the retrieved passages that share the
most (and rarest) words with the question, quoted as written, each with its citation. With
an LLM configured, the LLM writes the answer from those passages only. Either way, a
question whose distinctive words the corpus does not contain gets `not_found`.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from kb.citation import Citation
from kb.normalize import normalize
from kb.qa import llm as llms
from kb.qa import phrasing
from kb.qa.answer import NOT_FOUND, Answer
from kb.qa.question import Question
from kb.qa.retriever import KbRetriever, keywords
from kb.search.engine import engine

if TYPE_CHECKING:
    from llama_index.core.schema import NodeWithScore

    from kb.knowledge import KnowledgeBase

COVERAGE = 0.6  # share of the question's weighted words the best passage must contain
QUOTES = 3
RETRIEVE = 30  # passages retrieved for an extractive answer
# A word of what is asked (目标) in a passage's heading (工作目标) is the strongest sign that
# the passage answers the question: it counts this many times its weight.
ASPECT_IN_HEADING = 3.0
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


def configure_llama_index() -> None:
    """llama-index never reaches for OpenAI keys, tiktoken files or NLTK data: set it all."""
    from llama_index.core import Settings
    from llama_index.core.embeddings import MockEmbedding
    from llama_index.core.llms import MockLLM

    Settings.llm = MockLLM()
    Settings.embed_model = MockEmbedding(embed_dim=8)
    Settings.tokenizer = list  # characters: Chinese text has no spaces to count words by


def answer(base: KnowledgeBase, q: Question, script: str, llm: llms.LlmConfig | None, limit: int) -> Answer:
    configure_llama_index()
    english = script == "english"
    subject, aspect = keywords(q.topic or q.text), keywords(q.aspect or "")
    weights = _weights(base, subject + [w for w in aspect if w not in subject])
    query = " ".join(subject + aspect)
    nodes = KbRetriever(base, limit=RETRIEVE).retrieve(query) if weights else []
    best = max((_coverage(n, weights) for n in nodes), default=0.0)
    if best < COVERAGE:
        text = phrasing.not_found(f"与“{q.text}”相关的内容" if not english else repr(q.text), english)
        return Answer(q.text, NOT_FOUND, phrasing.in_script(text, script), script=script)
    scored = _sentences(nodes, weights, set(aspect))
    if llm is not None:
        ranked = list(dict.fromkeys(id(node) for *_, node in scored))
        by_id = {id(n): n for n in nodes}
        return _llm_answer(q, [by_id[i] for i in ranked[:limit]], llm, script)
    return _extractive(q, scored, script)


def _weights(base: KnowledgeBase, words: list[str]) -> dict[str, float]:
    """Rarer words weigh more; a word the corpus does not contain weighs most."""
    if not words:
        return {}
    freq = engine().frequencies(base.generation.file("search"), [normalize(w) for w in words])
    total = max(freq.get("", 0), 1)
    return {w: math.log(1 + total / (1 + freq.get(normalize(w), 0))) for w in words}


def _coverage(node: NodeWithScore, weights: dict[str, float]) -> float:
    """Share of the question's weighted words a passage (with its headings) contains."""
    text = normalize(node.node.get_content() + " " + str(node.node.metadata.get("location", "")))
    return sum(w for word, w in weights.items() if word in text) / (sum(weights.values()) or 1.0)


def _sentences(
    nodes: list[NodeWithScore], weights: dict[str, float], aspect: set[str]
) -> list[tuple[float, int, int, str, NodeWithScore]]:
    """Sentences of the passages, best first; a sentence under a heading naming what is asked
    (目标 under 工作目标) gains that word ASPECT_IN_HEADING times."""
    scored = []
    for rank, node in enumerate(nodes):
        heading = normalize(str(node.node.metadata.get("location", "")))
        for m in _SENTENCE.finditer(node.node.get_content()):
            sentence = m.group(0).strip()
            norm = normalize(sentence)
            score = sum(w for word, w in weights.items() if word in norm)
            in_heading = (w for word, w in weights.items() if word in aspect and word in heading)
            score += sum(ASPECT_IN_HEADING * w for w in in_heading)
            if score > 0 and len(norm) > 4:
                scored.append((score - 0.01 * rank, rank, m.start(), sentence, node))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    return scored


def _extractive(q: Question, scored: list[tuple[float, int, int, str, NodeWithScore]], script: str) -> Answer:
    """The best sentences, quoted as written, each with its citation."""
    chosen, citations = [], []
    for *_, sentence, node in scored[:QUOTES]:
        meta = node.node.metadata
        cite = Citation(meta["doc"], meta["doc_number"] or None, meta["title"], tuple(meta["path"]), (),
                        meta["seq"], sentence)  # fmt: skip
        citations.append(cite)
        chosen.append(f"[{len(citations)}] “{sentence}”——{cite.source} {meta['location']}".rstrip())
    head = (
        "According to the documents:"
        if script == "english"
        else phrasing.in_script("根据知识库中的原文：", script)
    )
    return Answer(q.text, "free", head + "\n" + "\n".join(chosen), citations=tuple(citations), script=script)


def _llm_answer(q: Question, nodes: list[NodeWithScore], config: llms.LlmConfig, script: str) -> Answer:
    passages = []
    citations = []
    for node in nodes:
        meta = node.node.metadata
        source = f"《{meta['title']}》" + (f"（{meta['doc_number']}）" if meta["doc_number"] else "")
        passages.append((f"{source} {meta['location']}".strip(), node.node.get_content()))
        number = meta["doc_number"] or None
        text = node.node.get_content()
        citations.append(
            Citation(meta["doc"], number, meta["title"], tuple(meta["path"]), (), meta["seq"], text)
        )
    reply = llms.complete(config, q.text, passages)
    numbers = llms.cited(reply)
    flagged = tuple(n for n in numbers if not 1 <= n <= len(citations))
    used = tuple(citations[n - 1] for n in numbers if 1 <= n <= len(citations))
    return Answer(q.text, "free", reply, citations=used or tuple(citations), flagged=flagged, script=script)
