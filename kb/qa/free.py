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
from kb.qa import passages, phrasing
from kb.qa.question import Question
from kb.qa.result import NOT_FOUND, Answer, citation_at
from kb.qa.retriever import KbRetriever, keywords

if TYPE_CHECKING:
    from llama_index.core.schema import NodeWithScore

    from kb.knowledge import KnowledgeBase

COVERAGE = 0.6  # share of the question's weighted words the best passage must contain
QUOTES = 3  # quotes in an extractive answer, unless the question's limit says otherwise
PASSAGES = 5  # passages given to an LLM, likewise
RETRIEVE = 30  # passages retrieved for an extractive answer
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
# A line break inside a sentence (pages extracted from PDF: `今年经济社会发展的⏎主要预期目标⏎是：…`):
# after a word that cannot end a sentence or heading, or before one that cannot start one.
_WRAPPED = re.compile(r"(?<=[的和与及在是对为把将了从向以按由经并或等])[ \t\u3000]*\n[ \t\u3000]*(?=\S)"
                      r"|[ \t\u3000]*\n[ \t\u3000]*(?=[是的了：，、；。）”])")  # fmt: skip


def configure_llama_index() -> None:
    """llama-index never reaches for OpenAI keys, tiktoken files or NLTK data: set it all."""
    from llama_index.core import Settings
    from llama_index.core.embeddings import MockEmbedding
    from llama_index.core.llms import MockLLM

    Settings.llm = MockLLM()
    Settings.embed_model = MockEmbedding(embed_dim=8)
    Settings.tokenizer = list  # characters: Chinese text has no spaces to count words by


def answer(
    base: KnowledgeBase, q: Question, script: str, llm: llms.LlmConfig | None, limit: int | None
) -> Answer:
    """Quote the sentences that answer `q` best (or let an LLM answer from their passages)."""
    configure_llama_index()
    english = script == "english"
    f = passages.focus(base, q)
    subject = passages.without_places(keywords(q.topic or q.text), f)
    aspect = keywords(q.aspect or "")
    weights = _weights(base, subject + [w for w in aspect if w not in subject])
    query = " ".join(subject + aspect)
    retriever = KbRetriever(base, limit=RETRIEVE, docs=f.docs, phrase=f.phrase)
    nodes = retriever.retrieve(query) if weights else []
    best = max((_coverage(n, weights) for n in nodes), default=0.0)
    if best < COVERAGE:
        text = phrasing.not_found(f"与“{q.text}”相关的内容" if not english else repr(q.text), english)
        return Answer(q.text, NOT_FOUND, phrasing.in_script(text, script), script=script)
    scored = _sentences(base, nodes, weights, set(aspect), f)
    if llm is not None:
        ranked = list(dict.fromkeys(id(node) for *_, node in scored))
        by_id = {id(n): n for n in nodes}
        return _llm_answer(base, q, [by_id[i] for i in ranked[: limit or PASSAGES]], llm, script)
    return _extractive(base, q, scored[: limit or QUOTES], script)


def _weights(base: KnowledgeBase, words: list[str]) -> dict[str, float]:
    """Rarer words weigh more; a word the corpus does not contain weighs most."""
    if not words:
        return {}
    freq = base.generation.search_index().frequencies([normalize(w) for w in words])
    total = max(freq.get("", 0), 1)
    return {w: math.log(1 + total / (1 + freq.get(normalize(w), 0))) for w in words}


def _coverage(node: NodeWithScore, weights: dict[str, float]) -> float:
    """Share of the question's weighted words a passage (with its headings) contains."""
    text = normalize(node.node.get_content() + " " + str(node.node.metadata.get("location", "")))
    return sum(w for word, w in weights.items() if word in text) / (sum(weights.values()) or 1.0)


def _sentences(
    base: KnowledgeBase,
    nodes: list[NodeWithScore],
    weights: dict[str, float],
    aspect: set[str],
    f: passages.Focus,
) -> list[tuple[float, int, int, str, NodeWithScore]]:
    """Sentences of the passages, best first (kb.qa.passages.score)."""
    scored = []
    for rank, node in enumerate(nodes):
        meta = node.node.metadata
        heading = normalize(str(meta.get("location", "")))
        doc = base.cached(meta["doc"])
        minor = passages.secondary(doc, meta["start"])
        content = node.node.get_content()
        lead = _lead_in(doc.text, meta["start"], content)
        for m in _SENTENCE.finditer(_WRAPPED.sub("", content)):
            sentence = (lead if m.start() == 0 else "") + m.group(0).strip()
            value = passages.score(sentence, heading, weights, aspect, f, minor)
            if value > 0:
                scored.append((value - 0.01 * rank, rank, m.start(), sentence, node))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    return scored


def _lead_in(text: str, start: int, content: str) -> str:
    """The start of a sentence a wrapped page put on the lines above a passage (`今年…的⏎主要预期
    目标⏎` above `是：地区生产总值增长…`); "" when the passage starts a sentence."""
    if not content or start <= 0:
        return ""
    joined = _WRAPPED.sub("", text[max(0, start - 200) : start] + content[0])[:-1]
    if not joined or joined[-1] in "\n。！？；":
        return ""
    return re.split(r"[。！？；\n]", joined)[-1].strip()


def _extractive(
    base: KnowledgeBase, q: Question, scored: list[tuple[float, int, int, str, NodeWithScore]], script: str
) -> Answer:
    """The best sentences, quoted as written, each with its citation."""
    chosen, citations = [], []
    for *_, sentence, node in scored:
        cite = _citation(base, node, sentence)
        citations.append(cite)
        where = phrasing.in_script(f"{cite.source} {node.node.metadata['location']}".rstrip(), script)
        chosen.append(f"[{len(citations)}] “{sentence}”——{where}")
    head = (
        "According to the documents:"
        if script == "english"
        else phrasing.in_script("根据知识库中的原文：", script)
    )
    return Answer(q.text, "free", head + "\n" + "\n".join(chosen), citations=tuple(citations), script=script)


def _citation(base: KnowledgeBase, node: NodeWithScore, quote: str) -> Citation:
    meta = node.node.metadata
    return citation_at(base.cached(meta["doc"]), meta["start"], meta["seq"], quote)


def _llm_answer(
    base: KnowledgeBase, q: Question, nodes: list[NodeWithScore], config: llms.LlmConfig, script: str
) -> Answer:
    given = []
    citations = []
    for node in nodes:
        meta = node.node.metadata
        source = f"《{meta['title']}》" + (f"（{meta['doc_number']}）" if meta["doc_number"] else "")
        given.append((f"{source} {meta['location']}".strip(), node.node.get_content()))
        citations.append(_citation(base, node, node.node.get_content()))
    reply = llms.complete(config, q.text, given)
    numbers = llms.cited(reply)
    flagged = tuple(n for n in numbers if not 1 <= n <= len(citations))
    used = tuple(citations[n - 1] for n in numbers if 1 <= n <= len(citations))
    return Answer(q.text, "free", reply, citations=used or tuple(citations), flagged=flagged, script=script)
