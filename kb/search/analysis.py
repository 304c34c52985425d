"""Text analysis for search: normalised text cut into words with positions.

One analysis for documents and queries: `kb.normalize.normalize` (simplified script, mainland
vocabulary, width-folded, lower-case), then rjieba (jieba's Rust port) in search mode with
the shipped agency names as a user dictionary. Every word gets a position; the shorter words
search mode finds inside a long word share its position, so a quoted phrase matches the
positions of the words it is made of. Digits and Latin words are kept (the 3 in 第3项);
punctuation and blanks are not.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from operator import itemgetter
from typing import Any

from kb.normalize import normalize

_lock = threading.Lock()
_START = itemgetter(1)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    position: int
    start: int  # character offsets in the normalised text
    end: int


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import rjieba  # the dictionary loads here: only search needs it

    with _lock:
        segmenter = rjieba.Jieba()
        for word in user_words():
            segmenter.add_word(word, None, None)
    return segmenter


@lru_cache(maxsize=1)
def user_words() -> tuple[str, ...]:
    """Agency names from the shipped data, in matching form."""
    words: set[str] = set()
    for name in ("agencies.tsv", "central_agencies.tsv"):
        text = (resources.files("kb") / "data" / name).read_text(encoding="utf-8")
        for line in text.splitlines():
            if line and not line.startswith("#"):
                cols = line.split("\t")
                names = [cols[0], *cols[2 if name == "agencies.tsv" else 1].split("|")]
                words.update(n for n in names if 2 < len(n) <= 30 and "、" not in n)
    return tuple(sorted(normalize(w) for w in words))


def tokens(text: str, *, normalized: bool = False) -> list[Token]:
    """The words of a text with their positions."""
    return [Token(w, p, s, e) for w, p, s, e in _words(text if normalized else normalize(text))]


def positions(text: str) -> dict[str, list[int]]:
    """Each word of a text and where it occurs: what an index needs, in one pass."""
    return counted_positions(text)[0]


def counted_positions(text: str) -> tuple[dict[str, list[int]], int]:
    """`positions` (a new dict the caller may change), and how many positions there are."""
    raw = _jieba().tokenize(normalize(text), mode="search")
    raw.sort(key=_START)
    out: dict[str, list[int]] = {}
    position, word_end = -1, -1
    for word, start, end in raw:
        if not (word[0].isalnum() or word[-1].isalnum()):
            continue
        if start >= word_end:
            position += 1
        if end > word_end:
            word_end = end
        where = out.get(word)
        if where is None:
            out[word] = [position]
        else:
            where.append(position)
    return out, position + 1


@lru_cache(maxsize=4096)
def heading_positions(text: str) -> dict[str, list[int]]:
    """`positions` of a heading, remembered: every unit under a heading repeats it."""
    return positions(text)


def _words(norm: str) -> list[tuple[str, int, int, int]]:
    """(word, position, start, end) of normalised text, shorter words inside a word sharing its position."""
    raw = _jieba().tokenize(norm, mode="search")
    raw.sort(key=_START)  # stable: a word's sub-words and the word itself stay together
    out = []
    position, word_end = -1, -1
    for word, start, end in raw:
        # Keep words with a letter, digit or Chinese character (punctuation and blanks are not).
        if not (word[0].isalnum() or word[-1].isalnum()):
            continue
        if start >= word_end:  # past the last word: a new position
            position += 1
        if end > word_end:
            word_end = end
        out.append((word, position, start, end))
    return out


def required_terms(text: str) -> list[list[str]]:
    """For each word of a query, the smallest words that make it up (what a match needs).

    `知识产权` -> [知识, 产权]: a document may write it as one word or two.
    """
    groups: dict[int, list[Token]] = {}
    for token in tokens(text):
        groups.setdefault(token.position, []).append(token)
    return [_tiling(group) for _, group in sorted(groups.items())]


def _tiling(group: list[Token]) -> list[str]:
    """The sub-words that cover a word exactly, longest first from the left, else the word."""
    word = max(group, key=lambda t: t.end - t.start)
    parts = [t for t in group if t is not word]
    out, pos = [], word.start
    while pos < word.end:
        step = max((t for t in parts if t.start == pos), key=lambda t: t.end, default=None)
        if step is None:
            return [word.text]
        out.append(step.text)
        pos = step.end
    return out or [word.text]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Question words and particles (kb/data/stopwords.txt)."""
    text = (resources.files("kb") / "data" / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def keywords(text: str) -> list[str]:
    """The words of a question worth searching for (question words and particles left out)."""
    words: list[str] = []
    for group in required_terms(text):
        for word in group:
            if word not in stopwords() and word not in words and (len(word) > 1 or word.isdigit()):
                words.append(word)
    return words
