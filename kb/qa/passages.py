"""Choosing the sentences that answer a free question (no llama-index here).

A sentence scores the weights of the question's words it contains. Besides:
- a sentence under a heading naming what is asked (目标 under 工作目标) counts that word
  ASPECT_IN_HEADING times;
- for `多少家高质量孵化器`, a sentence giving a number of 家 before 孵化器 gains, for `什么是X`
  a sentence defining X (`X是…`, `X指…`) gains most;
- a heading alone (`(四)工作目标`, `3.树立孵化器标杆。`) is never an answer;
- the plan's own text counts more than an interpretation or notice around it (SECONDARY);
- a question naming a document, or a place (`上海`, `青岛`), is answered from that document
  or that place's documents, and the place's name no longer counts as a word to find.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb import places
from kb.model import Document, PartKind
from kb.normalize import match_key, normalize
from kb.qa.glossary import to_chinese

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase
    from kb.qa.slots import Slots
    from kb.store import DocumentRecord

ASPECT_IN_HEADING = 3.0
COUNT = 1.0  # a count of what is asked gains this share of the question's total weight
DEFINITION = 2.0  # a definition of what is asked gains this share
SECONDARY = 0.8  # a sentence of an interpretation (内容解读) or a notice counts this much
_MEASURE = re.compile(
    r"(?:多少|几)(?P<m>[家个项所名位座支只批类亿万元]{1,2})(?P<noun>[^？?，,。！!、\s]{0,12})"
)
_EN_COUNT = re.compile(r"\bhow\s+(?:many|much)\b", re.I)
_NUMBER = r"(?:\d+(?:\.\d+)?(?:[-－~～至到]\d+)?|[一二三四五六七八九十百千万两]+)"
_DEFINED = re.compile(
    r"^(?:请问)?什么(?:是|叫|叫做)(?P<a>[^的？?，,。]{2,20})[？?。]*$"
    r"|^(?:请问)?(?P<b>[^的？?，,。]{2,20}?)(?:是什么|指什么|是指什么|如何界定|怎么界定|怎样界定|如何定义|的(?:定义|含义|概念|范围)是什么)[？?。]*$"
    # who holds a post, what a collective name is made of: 总指挥由谁担任, 建设主管部门包括哪些单位
    r"|^(?:请问)?(?:[^？?，,。]{0,30}的)?(?P<c>[^的？?，,。]{2,20}?)"
    r"(?:由谁担任|由谁出任|是谁|由谁牵头|包括哪些|包含哪些|是指哪些|指哪些|由哪些[^？?，,。]{0,4}组成)[^？?，,。]{0,6}[？?。]*$"
    # a field of the document asked by its label alone: 承诺事项的起迄时间？ (起迄时间：2021/1-2024/5)
    r"|^[^？?]{2,60}的(?P<d>[^的？?，,。\s]{2,8})[？?]$"
)
# what a thing is called: 地方创生平台的网站叫什么名字, 该系统的名称是什么
_NAME_ASKED = re.compile(
    r"(?:的)?(?P<n>[^的？?，,。\s]{1,6}?)(?:叫什么(?:名字|名称)?|的?(?:名称|名字)(?:是什么|叫什么)?)[？?。]*$"
)
_QUOTED_NAME = "[「“《『][^」”》』]{2,40}[」”》』]"
_EN_DEFINED = re.compile(
    r"^\s*what\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?P<x>[^?]+?)\s*\??\s*$"
    r"|^\s*who\s+(?:serves|acts)\s+as\s+(?:the\s+)?(?P<y>[^?]+?)\s+(?:of|in|for)\b",  # a post
    re.I,
)
# A responsibility marker alone: (责任单位：…) answers who, not what.
_MARKER_ONLY = re.compile(
    r"^\s*[（(【](?:[^（(）)]{0,12})(?:责任|牵头|配合|主办|协办|负责)[^）)]*[）)】][。;；]?\s*$"
)
_HEADING_ONLY = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[.．、])\s*[^，,；;。：:]{0,30}[。：:]?\s*$"
)


@dataclass(frozen=True, slots=True)
class Focus:
    """What a free question is about, besides its words."""

    docs: frozenset[str] | None = None  # the documents to answer from (None: all)
    places: tuple[str, ...] = ()  # place words that chose those documents
    measure: str | None = None  # 家 in 多少家 ("" for how many); None when no count is asked
    counted: str | None = None  # 孵化器 in 多少家高质量孵化器
    term: str | None = None  # X in 什么是X, normalized
    titles: frozenset[str] = frozenset()  # the titles of the documents answered from (never an answer)
    named: str | None = None  # 网站 in 平台的网站叫什么名字: a sentence giving its 「name」 answers

    @property
    def phrases(self) -> tuple[str, ...]:
        """Words an answer holds as written: 标杆孵化器是 (or 建筑垃圾主要指, 总指挥：) for a
        definition, 家高质量孵化器 for a count."""
        if self.term:
            return tuple(self.term + end for end in ("是", "是指", "主要指", "指", "：", "包括", "由"))
        if self.measure and self.counted:
            return (self.measure + self.counted,)
        return ()


def focus(base: KnowledgeBase, q: Slots, records: tuple[DocumentRecord, ...] = ()) -> Focus:
    """The documents, count or definition a free question asks about: the documents named
    (`records`), else those of the places named."""
    english = q.language == "english"
    text = q.question if english else q.norm
    docs: frozenset[str] | None = None
    named: tuple[str, ...] = ()
    if records:
        docs = frozenset(r.id for r in records)
    elif q.places:
        pool = [r.id for r in base.catalog_index.in_places(list(q.places))]
        if pool and len(pool) < len(base.catalog):
            docs, named = frozenset(pool), q.places
    measure, counted = None, None
    m = _MEASURE.search(text)
    if m:
        measure, counted = m.group("m"), m.group("noun") or None
    elif english and _EN_COUNT.search(text):
        measure = ""
    answered = list(records) or [base.catalog[d] for d in docs or () if d in base.catalog]
    titles = (
        frozenset(normalize(r.title) for r in answered)
        | frozenset(normalize(r.title_original) for r in answered)
        | frozenset(k for r in answered for k in r.title_keys)  # the plan's own title under its notice's
    )
    name = _NAME_ASKED.search(text)
    return Focus(docs, named, measure, counted, _term(q, text), titles, name.group("n") if name else None)


def _term(q: Slots, text: str) -> str | None:
    if q.language == "english":
        m = _EN_DEFINED.match(q.question)
        return normalize(to_chinese(m.group("x") or m.group("y")).replace(" ", "")) or None if m else None
    text = _within_document(q, text)
    m = _DEFINED.match(text)
    return (m.group("a") or m.group("b") or m.group("c") or m.group("d")) if m else None


def _within_document(q: Slots, text: str) -> str:
    """The question without the document it names when what follows is in it (青浦建筑垃圾实施意见
    中建筑垃圾如何界定: 建筑垃圾如何界定); as it is when it asks about the document itself
    (上海农村公路方案的工作目标是什么: the document's own 工作目标, kb.qa.free)."""
    if not q.doc or q.doc not in text:
        return text
    rest = text.replace(q.doc, "", 1).strip()
    return re.sub(r"^(?:中|里|里面|内|之中)", "", rest) if re.match(r"(?:中|里|内)", rest) else text


def defines(q: Slots) -> bool:
    """Whether a question asks what a term is (什么是X, X是指什么, X如何界定), not who holds a post."""
    if q.language == "english":
        return False
    m = _DEFINED.match(_within_document(q, q.norm))
    return bool(m and (m.group("a") or m.group("b")))


def without_places(words: list[str], f: Focus) -> list[str]:
    """The question's words without the place names that chose the documents."""
    if not f.places:
        return words
    return [w for w in words if not _is_place(w)]


def _is_place(word: str) -> bool:
    full, rest = places.split_place(word)
    return bool(full) and not rest


def secondary(doc: Document, start: int) -> bool:
    """Whether a position is in an interpretation or notice part, not in the policy itself."""
    part = next((p for p in doc.parts if p.span.start <= start < p.span.end), None)
    return part is not None and part.kind in (PartKind.INTERPRETATION, PartKind.NOTICE)


def score(
    sentence: str, heading: str, weights: dict[str, float], aspect: set[str], f: Focus, minor: bool = False
) -> float:
    """How well one sentence (under `heading`) answers; 0 for a heading alone or no word.
    `minor`: the sentence is in an interpretation or notice (see `secondary`)."""
    norm = normalize(sentence)
    if not_an_answer(sentence, norm, f):
        return 0.0
    found = sum(w for word, w in weights.items() if word in norm)
    under = sum(ASPECT_IN_HEADING * w for word, w in weights.items() if word in aspect and word in heading)
    # a sentence under a heading naming all that is asked answers it (the document's 工作目标)
    whole = bool(aspect) and set(weights) <= aspect and all(word in heading for word in aspect)
    if (found <= 0 and not whole) or len(norm) <= 4:
        return 0.0
    total = sum(weights.values())
    found += under
    if f.measure is not None and _counts(norm, f):
        found += COUNT * total
    defined = (
        re.search(rf"{re.escape(f.term)}(?:主要)?(?:是|指|即|系|，是|：|:|包括|由)", norm[: len(f.term) + 8])
        if f.term
        else None
    )
    if defined:  # 总指挥：… defines the post; 副总指挥：… another one, so it gains less
        before = norm[: defined.start()]
        own = not re.search(r"[\u4e00-\u9fff]", before) or before.endswith(("称", "的"))
        found += DEFINITION * total * (1.0 if own else 0.5)
    if f.named and re.search(
        rf"{_QUOTED_NAME}\s*{re.escape(f.named)}|{re.escape(f.named)}\s*{_QUOTED_NAME}", norm
    ):
        found += DEFINITION * total  # 建置「地方创生资讯共享交流平台」网站: the website's name
    return found * (SECONDARY if minor else 1.0)


def not_an_answer(sentence: str, norm: str, f: Focus) -> bool:
    """A heading alone, a responsibility marker alone, or a document's title: never quoted."""
    return bool(
        _HEADING_ONLY.match(sentence) or _MARKER_ONLY.match(norm) or norm.strip(" 。") in f.titles
        or match_key(sentence) in f.titles
    )  # fmt: skip


def _counts(norm: str, f: Focus) -> bool:
    """Whether a sentence gives a number of what is counted (20家高质量孵化器)."""
    if not f.measure:
        return bool(re.search(r"\d", norm))
    counted = normalize(f.counted or "")
    tail = counted[-3:] if counted else ""
    pattern = rf"{_NUMBER}\s*{re.escape(f.measure)}" + (
        rf"[^，。；;]{{0,8}}{re.escape(tail)}" if tail else ""
    )
    return re.search(pattern, norm) is not None
