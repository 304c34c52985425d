"""Free questions: passages retrieved from the knowledge base, answered by quoting them.

By default the answer is extractive: the sentences of the retrieved passages (kb.qa.retrieval)
that share the most (and rarest) words with the question, quoted as written, each with its
citation; a document named keeps the answer to it. No llama-index is imported for that. With
an LLM configured, the LLM writes the answer from those passages only (llama-index's LLM
classes, kb.qa.llm). Either way, a question whose distinctive words the corpus does not
contain gets `not_found`.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from kb.citation import Citation, printed, title_of
from kb.normalize import normalize
from kb.qa import llm as llms
from kb.qa import passages, phrasing
from kb.qa.glossary import to_chinese, unknown_words
from kb.qa.result import NOT_FOUND, Answer, Asked, citation_at
from kb.qa.retrieval import Passage, retrieve
from kb.qa.wording import say
from kb.search.analysis import keywords

if TYPE_CHECKING:
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
# 标杆孵化器的【建设目标】是什么: the subject, and the aspect asked about it.
_ASPECT = re.compile(
    r"^(?:请问)?(?P<s>.{2,40}?)的(?P<a>[^的,。?]{1,12}?)(?:是什么|是哪些|有哪些|是多少|有多少|是怎样的|如何|怎么样|有什么|包括什么|包括哪些|\s*\?$)"
)
_OF_DOCUMENT = re.compile(
    r"^\s*的?(?P<a>[^的,。?]{1,12}?)(?:是什么|是哪些|有哪些|是多少|有多少|是怎样的|如何|怎么样|有什么|包括什么|包括哪些)"
    r"|^\s*的(?P<b>[^的,。?]{1,12}?)\s*\?$"  # 标杆孵化器方案的工作目标？
)
# how a question asks who holds a post or what a body is made of: not words to find
_POST = re.compile(r"由谁(?:来)?(?:担任|出任)|由哪些[^？?，,。]{0,4}组成|是谁")
# 分几级, 有多少个, 几类: the question word of a figure; the text states the figure, not 几级
_HOW_MANY = re.compile(r"几|多少|幾")
_EN_ASPECT = re.compile(
    r"\bwhat\s+(?:is|are|were)\s+(?:the\s+)?(?P<a>.+?)\s+(?:of|for)\s+(?:the\s+)?(?P<s>[^?]+)", re.I
)


def configure_llama_index() -> None:
    """llama-index never reaches for OpenAI keys, tiktoken files or NLTK data: set it all."""
    from llama_index.core import Settings
    from llama_index.core.embeddings import MockEmbedding
    from llama_index.core.llms import MockLLM

    Settings.llm = MockLLM()
    Settings.embed_model = MockEmbedding(embed_dim=8)
    Settings.tokenizer = list  # characters: Chinese text has no spaces to count words by


def topic_and_aspect(a: Asked) -> tuple[str, str]:
    """What a free question is about, and the aspect of it asked (标杆孵化器 / 建设目标), in
    Chinese; a document the question names is left out of its words."""
    q = a.q
    if q.language == "english":
        from kb.qa.rendering import held_by

        held = held_by(a.base)  # each word as the documents write it (smart: 智慧 or 智能)
        m = _EN_ASPECT.search(q.question)
        if m:
            return to_chinese(m.group("s"), held), to_chinese(m.group("a"), held)
        return to_chinese(q.question, held), ""
    text = q.norm
    if a.res.records and q.doc and q.doc_kind == "phrase":
        text = text.replace(q.doc, " ")
    m = _ASPECT.search(text)
    if m:
        return m.group("s"), m.group("a")
    m = _OF_DOCUMENT.search(text)  # the document's name taken out: `的工作目标是什么`
    return ("", m.group("a") or m.group("b")) if m and a.res.records else (text, "")


def answer(a: Asked) -> Answer:
    """Quote the sentences that answer a question best (or let an LLM answer from their passages)."""
    base = a.base
    f = passages.focus(base, a.q, a.res.records)
    defined = bool(f.term) and passages.defines(a.q)
    if a.q.language == "english" and a.llm is None and not (defined or a.q.aspect == "definition"):
        from kb.qa import english_free

        quoted = english_free.answer(a, f)
        if quoted is not None:
            return quoted
    # a definition (建筑垃圾如何界定) is about its term, with no aspect of it to look for in headings
    topic, aspect_text = (f.term or "", "") if defined else topic_and_aspect(a)
    topic = _POST.sub(" ", topic)  # 总指挥由谁担任: documents write 总指挥：…, not 担任
    topic, aspect_text = _HOW_MANY.sub(" ", topic), _HOW_MANY.sub(" ", aspect_text)
    subject = passages.without_places(keywords(topic), f)
    if a.q.language == "english":  # words the glossary cannot translate: the corpus has none of them
        subject += [w for w in unknown_words(a.q.question) if w not in subject]
    aspect = keywords(aspect_text)
    weights = _weights(base, subject + [w for w in aspect if w not in subject])
    query = " ".join(subject + aspect)
    if not weights and len(a.res.records) == 1:  # 标杆孵化器方案讲了什么: its parts
        return _outline(a)
    found = retrieve(base, query, RETRIEVE, f.docs, f.phrases) if weights else []
    best = max((_coverage(p, weights) for p in found), default=0.0)
    if best < COVERAGE:
        text = phrasing.not_found(say("what_passages", a.english, ref=a.q.question), a.english)
        return Answer(a.q.question, NOT_FOUND, a.text(text), script=a.script)
    scored = _sentences(base, found, weights, set(aspect), f)
    if a.llm is not None:
        ranked = list(dict.fromkeys(id(p) for *_, p in scored))
        by_id = {id(p): p for p in found}
        return _llm_answer(base, a, [by_id[i] for i in ranked[: a.limit or PASSAGES]], a.llm)
    return _extractive(base, a, _distinct(scored)[: a.limit or QUOTES])


def _distinct(
    scored: list[tuple[float, int, int, str, Passage]],
) -> list[tuple[float, int, int, str, Passage]]:
    """Each sentence once: a task's passage and its paragraph's may hold the same one."""
    seen: set[tuple[str, str]] = set()
    out = []
    for entry in scored:
        key = (str(entry[4].metadata["doc"]), normalize(entry[3]))
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


def _weights(base: KnowledgeBase, words: list[str]) -> dict[str, float]:
    """Rarer words weigh more; a word the corpus does not contain weighs most."""
    if not words:
        return {}
    freq = base.generation.search_index().frequencies([normalize(w) for w in words])
    total = max(freq.get("", 0), 1)
    return {w: math.log(1 + total / (1 + freq.get(normalize(w), 0))) for w in words}


def _coverage(passage: Passage, weights: dict[str, float]) -> float:
    """Share of the question's weighted words a passage (with its headings) contains."""
    text = normalize(passage.text + " " + str(passage.metadata.get("location", "")))
    return sum(w for word, w in weights.items() if word in text) / (sum(weights.values()) or 1.0)


def _sentences(
    base: KnowledgeBase,
    found: list[Passage],
    weights: dict[str, float],
    aspect: set[str],
    f: passages.Focus,
) -> list[tuple[float, int, int, str, Passage]]:
    """Sentences of the passages, best first (kb.qa.passages.score)."""
    scored = []
    for rank, node in enumerate(found):
        meta = node.metadata
        heading = normalize(str(meta.get("location", "")))
        doc = base.cached(meta["doc"])
        minor = passages.secondary(doc, meta["start"])
        content = node.text
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


def _outline(a: Asked) -> Answer:
    """What a document is made of: its top-level headings, cited."""
    doc = a.base.cached(a.res.records[0].id)
    top = [s for s in doc.sections if s.parent is None]
    if not top:
        return Answer(a.q.question, NOT_FOUND, a.text(phrasing.not_found(
            say("what_passages", a.english, ref=a.q.question), a.english)), script=a.script)  # fmt: skip
    parts = "；".join(f"{printed(s.label)}{s.title}" for s in top)
    citations = tuple(citation_at(doc, s.span.start, None, doc.quote(s.heading)) for s in top)
    text = say("outline", a.english, title=title_of(doc), n=len(top), parts=parts)
    return Answer(a.q.question, "free", a.text(text), citations=citations, script=a.script)


def _extractive(base: KnowledgeBase, a: Asked, scored: list[tuple[float, int, int, str, Passage]]) -> Answer:
    """The best sentences, quoted as written, each with its citation."""
    chosen, citations = [], []
    for *_, sentence, passage in scored:
        cite = _citation(base, passage, sentence)
        citations.append(cite)
        where = a.text(f"{cite.source} {passage.metadata['location']}".rstrip())
        chosen.append(f"[{len(citations)}] “{sentence}”——{where}")
    head = a.text(say("quoted_head", a.english))
    return Answer(
        a.q.question, "free", head + "\n" + "\n".join(chosen), citations=tuple(citations), script=a.script
    )


def _citation(base: KnowledgeBase, passage: Passage, quote: str) -> Citation:
    meta = passage.metadata
    return citation_at(base.cached(meta["doc"]), meta["start"], meta["seq"], quote)


def _llm_answer(base: KnowledgeBase, a: Asked, found: list[Passage], config: llms.LlmConfig) -> Answer:
    configure_llama_index()
    given = []
    citations = []
    for passage in found:
        meta = passage.metadata
        source = f"《{meta['title']}》" + (f"（{meta['doc_number']}）" if meta["doc_number"] else "")
        given.append((f"{source} {meta['location']}".strip(), passage.text))
        citations.append(_citation(base, passage, passage.text))
    reply = llms.complete(config, a.q.question, given)
    numbers = llms.cited(reply)
    flagged = tuple(n for n in numbers if not 1 <= n <= len(citations))
    used = tuple(citations[n - 1] for n in numbers if 1 <= n <= len(citations))
    return Answer(
        a.q.question, "free", reply, citations=used or tuple(citations), flagged=flagged, script=a.script
    )
