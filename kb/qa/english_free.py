"""Free questions asked in English about the documents they name: the sentences whose Chinese
glosses (kb.bilingual, CC-CEDICT) hold most of the question's words, quoted as written.

The glossary that turns a question into Chinese words (kb.qa.glossary) knows the policy
vocabulary only; a question such as `How many general airports and helipads should Guangdong
have by 2026` is instead compared, word by word, with every sentence of the documents named
(or of the places named), as kb.english compares a paraphrase with task titles. A figure asked
for (how many, what share, what target) prefers sentences giving a number, a year asked for the
sentences naming it. Nothing is translated, so nothing the question says is silently dropped:
a word no sentence holds only lowers the score, and below ENOUGH the caller answers as before.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kb import bilingual
from kb.normalize import match_key, normalize
from kb.qa import passages
from kb.qa.result import Answer, citation_at
from kb.qa.wording import say

if TYPE_CHECKING:
    from kb.model import Document
    from kb.qa.passages import Focus
    from kb.qa.result import Asked

ENOUGH = 0.45  # share of the question's (weighted) words the best sentence's glosses must hold
CLOSE = 0.12  # … and the others quoted must be this close to it
MAX_DOCS = 5  # documents compared sentence by sentence, at most
NUMBER_GAIN = 0.1  # a figure asked for: a sentence giving a number gains this much
YEAR_GAIN = 0.3  # a year asked for: a sentence naming it (not in a title) gains this much
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
_FIGURE = re.compile(r"\bhow\s+(?:many|much|long)\b|\bwhat\s+(?:share|percentage|proportion|target|"
                     r"number|amount|ratio|level|rate|scale|size)\b|\bhow\s+(?:high|large|big)\b",
                     re.I)  # fmt: skip
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
# Words that ask, not say what is asked about (the rest is compared with the sentences).
_ASKING = frozenset(
    [
        "what", "which", "who", "whom", "whose", "how", "many", "much", "long", "does", "do", "did", "is",
        "are", "was", "were", "should", "would", "will", "must", "can", "could", "say", "says", "said",
        "about", "under", "according", "its", "their", "set", "sets", "have", "has", "by", "in", "of",
        "the", "for", "on", "to", "a", "an", "and", "or", "any", "there", "this", "that", "these", "those",
        "tell", "me", "please", "give", "show", "list",
    ]
)  # fmt: skip


def answer(a: Asked, f: Focus) -> Answer | None:
    """The sentences of the documents in focus that answer an English question, or None when
    no document is in focus or no sentence holds enough of its words."""
    words = _asked_words(a)
    if not words:
        return None
    ids = f.docs if f.docs is not None else _described(a, words)  # the low-altitude economy: its plan
    if ids and len(ids) > MAX_DOCS and not a.res.records:  # a city's many: those the words describe
        ids = _described(a, words) & ids
    if not ids or len(ids) > MAX_DOCS:
        return None
    docs = [a.base.cached(d) for d in sorted(ids)]
    found = [(doc, start, text) for doc in docs for start, text in _sentences(doc, _with_titles(a, f, ids))]
    if not found:
        return None
    headings = [_heading(doc, start) for doc, start, _ in found]  # 主要目标 above the figures: the aim
    titled = _with_titles(a, f, ids).titles
    ranked = bilingual.rank(" ".join(words), [_untitled(text, titled) for _, _, text in found], headings)
    year = _YEAR.search(a.q.question)
    figure = bool(_FIGURE.search(a.q.question))
    scored = sorted(
        ((s.score + _gain(found[s.index][2], year, figure), s.index) for s in ranked),
        key=lambda x: (-x[0], x[1]),
    )
    if not scored or scored[0][0] < ENOUGH:
        return None
    best = scored[0][0]
    chosen = [found[i] for score, i in scored[: a.limit or 3] if score >= best - CLOSE]
    citations, lines = [], []
    for doc, start, text in chosen:
        cite = citation_at(doc, start, _task_at(doc, start), text)
        citations.append(cite)
        lines.append(f"[{len(citations)}] “{text}”——{a.text(f'{cite.source} {cite.location}'.rstrip())}")
    head = a.text(say("quoted_head", a.english))
    return Answer(
        a.q.question, "free", head + "\n" + "\n".join(lines), citations=tuple(citations), script=a.script
    )


def _described(a: Asked, words: list[str]) -> frozenset[str]:
    """The documents whose titles the question's words describe, when no document or place is
    named (kb.english: the same match as a description's)."""
    from kb import english as en

    return frozenset(r.id for r in en.documents(a.base.catalog_index, " ".join(words), list(a.q.places)))


def _with_titles(a: Asked, f: Focus, ids: frozenset[str]) -> Focus:
    """The focus with the titles of every document answered from (never an answer)."""
    from dataclasses import replace

    keys = {k for d in ids if d in a.base.catalog for k in a.base.catalog[d].title_keys}
    return replace(f, titles=f.titles | keys)


def _asked_words(a: Asked) -> list[str]:
    """The question's words that say what is asked about: not the asking words, not the
    places."""
    out = []  # the document's own words stay: every sentence holds them, so they weigh little …
    named = set()  # … unless they named it (the Hong Kong policy address: 施政报告 is in no sentence)
    if a.res.records and a.q.doc and a.q.doc_kind == "phrase" and a.q.words:
        named = set(re.findall(r"[a-z][a-z&\-]*", a.q.doc.lower()))
    for w in re.findall(r"[a-z][a-z&\-]*", a.q.question.lower().replace("’", "'")):
        w = w.removesuffix("'s")
        if w in _ASKING or len(w) < 2 or _is_place(w) or w in named:
            continue
        out.append(w)
    return out


def _is_place(word: str) -> bool:
    from kb.qa.glossary import place_of_word

    return place_of_word(word) is not None


def _sentences(doc: Document, f: Focus) -> list[tuple[int, str]]:
    """The sentences of a document that may answer: no heading, marker or title alone."""
    out = []
    for m in _SENTENCE.finditer(doc.text):
        text = m.group(0).strip()
        norm = normalize(text)
        if len(norm) <= 6 or passages.not_an_answer(text, norm, f):
            continue
        out.append((m.start() + (len(m.group(0)) - len(m.group(0).lstrip())), text))
    return out


def _untitled(text: str, titles: frozenset[str] | set[str]) -> str:
    """A sentence without the document's own 《title》 (现将《…方案》印发给你们 says nothing of
    what the title's words are about)."""
    return _TITLE.sub(lambda m: " " if match_key(m.group(1)) in titles else m.group(0), text)


_TITLE = re.compile(r"《([^》]*)》")


def _gain(text: str, year: re.Match[str] | None, figure: bool) -> float:
    gain = 0.0
    if year is not None and year.group(1) in re.sub(r"《[^》]*》", "", text):  # not a title's (2024—2027年)
        gain += YEAR_GAIN
    if figure and re.search(r"\d", match_key(text).replace(year.group(1) if year else "\x00", "")):
        gain += NUMBER_GAIN
    return gain


def _heading(doc: Document, start: int) -> str:
    """The titles of the sections a position is in."""
    return " ".join(s.title for s in doc.sections if s.span.start <= start < s.span.end)


def _task_at(doc: Document, start: int) -> int | None:
    """The task a sentence is in (its seq), if any."""
    holding = [t for t in doc.tasks if t.span.start <= start < t.span.end]
    return min(holding, key=lambda t: t.span.end - t.span.start).seq if holding else None
