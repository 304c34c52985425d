"""Agency names in an English question: where they are, and their Chinese when it can be put
together.

A name ends with the word for a kind of body (`… Bureau`, `… Commission`, `… University`,
`the district governments concerned`) or starts with one before `of` (`the Ministry of
Finance`); it runs back over the words before it up to a word no name holds (the, does, which,
tasks, lead …). Its Chinese is put together by kb.qa.glossary when every word is known
(`Beijing Municipal Finance Bureau` 北京市财政局); otherwise the English is kept and
kb.english_agencies matches it against the store's agencies by their names' glosses
(`Tongji University` 同济大学, `the PBOC Business Management Department` 人民银行营业管理部).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kb import lexicon
from kb.qa import glossary

_HEADS = frozenset(
    form
    for w in (
        "bureau", "commission", "committee", "office", "ministry", "department", "administration",
        "authority", "agency", "university", "government", "center", "centre", "corporation", "company",
        "group", "bank", "customs", "institute", "academy", "court", "association", "federation",
        "station", "headquarters", "procuratorate", "police", "brigade", "detachment", "team",
    )
    for form in (w, w + "s", w[:-1] + "ies" if w.endswith("y") else w + "es")
)  # fmt: skip
_AFTER = frozenset({"concerned", "involved"})  # the district governments concerned: 相关区政府
_JOIN = frozenset({"and", "of", "&"})
_MAX_WORDS = 9
_WORD = re.compile(r"[a-z][a-z'’\-]*|&")


@dataclass(frozen=True, slots=True)
class Named:
    """An agency named in English: where, its words, and its Chinese name when known."""

    start: int
    end: int
    english: str
    chinese: str | None


@lru_cache(maxsize=1)
def _stops() -> frozenset[str]:
    """Words no agency's name holds: function words and the question words of the lexicon."""
    asked = {w for words in lexicon.question_words() for w in words.split() if w.isascii()}
    return frozenset(
        asked | glossary.FUNCTION | {"both", "task", "tasks", "item", "items", "share", "shared"}
    )


def find(norm: str, free: list[bool]) -> list[Named]:
    """The agencies an English question names, left to right."""
    words = [m for m in _WORD.finditer(norm) if all(free[m.start() : m.end()])]
    stops = _stops() - _JOIN
    out: list[Named] = []
    taken = -1
    for j, w in enumerate(words):
        if j <= taken or w.group() not in _HEADS or not _ends_name(norm, words, j, stops):
            continue
        first = _left(words, j, stops)
        last = _right(words, j, stops)
        if first == last or not _contiguous(norm, words[first : last + 1]):
            continue  # a body's kind alone (which ministries) names no agency
        english = norm[words[first].start() : words[last].end()]
        out.append(Named(words[first].start(), words[last].end(), english, _chinese(english)))
        taken = last
    return out


def _ends_name(norm: str, words: list[re.Match[str]], j: int, stops: frozenset[str]) -> bool:
    """Whether a body's word ends a name: not a modifier (the office building opinions)."""
    if j + 1 >= len(words) or norm[words[j].end() : words[j + 1].start()].strip():
        return True
    following = words[j + 1].group()
    return following in stops or following in _JOIN or following in _AFTER or following in _HEADS


def _left(words: list[re.Match[str]], j: int, stops: frozenset[str]) -> int:
    first = j
    k = j - 1
    while k >= 0 and j - k < _MAX_WORDS:
        w = words[k].group()
        if w in _JOIN:  # Development and Reform Commission, not `… Commission and the Sports Bureau`
            if k == 0 or words[k - 1].group() in stops or words[k - 1].group() in _JOIN:
                break
            if words[k - 1].group() in _HEADS:
                break
        elif w in stops or w.isdigit():
            break
        first = k
        k -= 1
    return first


def _right(words: list[re.Match[str]], j: int, stops: frozenset[str]) -> int:
    """`Ministry of Finance`, `People's Government of Chaoyang District`; `… concerned`."""
    last = j
    if j + 1 < len(words) and words[j + 1].group() in _AFTER:
        return j + 1
    if j + 2 < len(words) and words[j + 1].group() == "of":
        k = j + 2
        while k < len(words) and k - j < _MAX_WORDS and words[k].group() not in stops | _JOIN:
            last = k
            if words[k].group() in _HEADS:
                break
            k += 1
    return last


def _contiguous(norm: str, words: list[re.Match[str]]) -> bool:
    return all(norm[a.end() : b.start()].strip() == "" for a, b in zip(words, words[1:], strict=False))


def _chinese(english: str) -> str | None:
    """The name put together from known words (place, level, body), or None."""
    words = english.split()
    if words and words[-1] in _AFTER:
        inner = glossary.agency_name(" ".join(words[:-1]))
        return f"相关{inner}" if inner else None
    return glossary.agency_name(english)
