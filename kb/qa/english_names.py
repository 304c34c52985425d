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
        "station", "headquarters", "procuratorate", "police", "brigade", "detachment", "team", "council",
        "branch", "sub-bureau",
    )
    for form in (w, w + "s", w[:-1] + "ies" if w.endswith("y") else w + "es")
)  # fmt: skip
_AFTER = frozenset({"concerned", "involved"})  # the district governments concerned: 相关区政府
_JOIN = frozenset({"and", "of", "&"})
# words after a body's name that end it (the X Administration one of …, the X Commission finish …)
_THEN = frozenset({
    "one", "a", "an", "the", "also", "really", "still", "finish", "finishes", "complete", "completes",
    "carry", "carries", "implement", "implements", "start", "starts", "begin", "begins", "need", "needs",
    "get", "gets", "deliver", "delivers", "own", "owns",
})  # fmt: skip
_MAX_WORDS = 9
_WORD = re.compile(r"[a-z][a-z'’\-]*|&")
_WORD_ONLY = re.compile(r"[a-z][a-z'’\-]*")


@dataclass(frozen=True, slots=True)
class Named:
    """An agency named in English: where, its words, and its Chinese name when known."""

    start: int
    end: int
    english: str
    chinese: str | None
    forms: tuple[str, ...] = ()  # every Chinese name it can stand for (chinese the usual one)


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
    words = [_without_possessive(w) for w in words]  # the Municipal Public Security Bureau's duties
    for j, w in enumerate(words):
        if w.group() in _acronyms() and not _starts_name(words, j, stops):  # SASAC, MIIT
            out.append(Named(w.start(), w.end(), w.group(), _acronyms()[w.group()]))
            taken = j
            continue
        if j <= taken or w.group() not in _HEADS or not _ends_name(norm, words, j, stops):
            continue
        first = _left(words, j, stops)
        last = _right(words, j, stops)
        if first == last or not _contiguous(norm, words[first : last + 1]):
            continue  # a body's kind alone (which ministries) names no agency
        english = norm[words[first].start() : words[last].end()]
        forms = _chinese(english)
        chinese = forms[0] if forms else None
        out.append(Named(words[first].start(), words[last].end(), english, chinese, forms))
        taken = last
    return out


def _starts_name(words: list[re.Match[str]], j: int, stops: frozenset[str]) -> bool:
    """Whether the words after an acronym go on to a body's kind (the NDRC Energy Bureau)."""
    for k in range(j + 1, min(len(words), j + _MAX_WORDS)):
        if words[k].group() in stops:
            return False
        if words[k].group() in _HEADS:
            return True
    return False


@lru_cache(maxsize=1)
def _acronyms() -> dict[str, str]:
    """Acronyms of national bodies (kb/data/agency_english.tsv, scope `acronym`) -> their names."""
    return {e: c for e, c, scope in glossary.agency_rows() if scope == "acronym"}


def _without_possessive(w: re.Match[str]) -> re.Match[str]:
    """A word without its 's (bureau's is bureau), matched again so its span ends before it."""
    text = w.group()
    if text.replace("’", "'") == "people's":  # the People's Government, the People's Bank: a name's word
        return w
    if text.endswith(("'s", "’s")) and len(text) > 2:
        again = _WORD_ONLY.match(w.string, w.start(), w.end() - 2)
        if again is not None:
            return again
    return w


def _ends_name(norm: str, words: list[re.Match[str]], j: int, stops: frozenset[str]) -> bool:
    """Whether a body's word ends a name: not a modifier (the office building opinions)."""
    if j + 1 >= len(words) or norm[words[j].end() : words[j + 1].start()].strip():
        return True
    following = words[j + 1].group()
    ends = following in stops or following in _JOIN or following in _AFTER or following in _HEADS
    return ends or following in _THEN


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
        elif (w in stops and w not in _HEADS) or w.isdigit():  # … Government Services and Data …
            break
        first = k
        k -= 1
    return first


def _right(words: list[re.Match[str]], j: int, stops: frozenset[str]) -> int:
    """`Ministry of Finance`, `People's Government of Chaoyang District`; `… concerned`."""
    last = j
    # the district governments concerned; not `involved in` (a verb: is X involved in Y)
    verb = j + 2 < len(words) and words[j + 2].group() in ("in", "with")
    if j + 1 < len(words) and words[j + 1].group() in _AFTER and not verb:
        return j + 1
    if j + 2 < len(words) and words[j + 1].group() in ("of", "for"):  # Administration for Market Regulation
        k = j + 2
        while (
            k < len(words)
            and k - j < _MAX_WORDS
            and (words[k].group() not in stops | _JOIN or _and_within(words, k, stops))
        ):
            last = k
            if words[k].group() in _HEADS:
                break
            k += 1
    return last


def _and_within(words: list[re.Match[str]], k: int, stops: frozenset[str]) -> bool:
    """Whether `and` at k joins two words of one field (Bureau of Ecology and Environment),
    not a second body (Ministry of Finance and the Sports Bureau)."""
    if words[k].group() not in ("and", "&") or k + 1 >= len(words):
        return False
    for w in words[k + 1 : k + 4]:
        if w.group() in stops or w.group() in _JOIN:
            break
        if w.group() in _HEADS:
            return False
    return words[k + 1].group() not in stops and words[k + 1].group() not in _JOIN


def _contiguous(norm: str, words: list[re.Match[str]]) -> bool:
    """Whether words follow each other with only blanks (or a place's 's: Macao's Housing
    Bureau) between them."""
    return all(
        norm[a.end() : b.start()].strip() in ("", "'s", "’s") for a, b in zip(words, words[1:], strict=False)
    )


_EVERY_LEVEL = re.compile(
    r"^(?:the\s+|all\s+(?:the\s+)?)?(district|county|municipal|city|town|township)\s+(?:people'?s\s+)?governments$"
)
_LEVEL_OF = {
    "district": "区",
    "county": "县",
    "municipal": "市",
    "city": "市",
    "town": "镇",
    "township": "乡",
}


_POSSESSIVE = re.compile(r"(?<!people)'s\b")


def _chinese(english: str) -> tuple[str, ...]:
    """The names put together from known words (place, level, body), the usual first; none
    when a word is unknown. A level's governments with no place named are every one of them:
    the district governments 各区政府."""
    english = _POSSESSIVE.sub("", english.replace("’", "'"))  # Macao's Housing Bureau: of Macao
    every = _EVERY_LEVEL.match(english)
    if every:
        return (f"各{_LEVEL_OF[every.group(1)]}政府",)
    words = english.split()
    if words and words[-1] in _AFTER:
        return tuple(f"相关{inner}" for inner in glossary.agency_names(" ".join(words[:-1])))
    return glossary.agency_names(english)
