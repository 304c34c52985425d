"""Agency names in a question, found by lookup of known names (a gazetteer), longest first.

Known names: the shipped registry (kb/data/agencies.tsv, central_agencies.tsv: every
canonical name and alias), the store's own agencies (as written, in full, either name of a
joint body) and body types after a level or a place (`市财政局`, `区政府`, `北京市财政局`,
`奉贤区建管委`: kb/data/agency_terms.tsv and places.tsv). A question is short, so every
substring is looked up in a set; no name is ever taken from "the text before a verb". English
names are read by kb.qa.glossary (`the Beijing Municipal Finance Bureau` -> 北京市财政局).
Everything is in the normal form of kb.normalize (the form questions are read in).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kb import places
from kb.agencies import _data_rows, registry
from kb.normalize import normalize, number_key
from kb.qa import glossary

# What a local body's short name starts with (市财政局, 区委组织部, 市政府办公厅 …).
_LEVELS = ("市", "区", "县", "省", "镇", "乡", "市委", "区委", "县委", "省委", "市政府", "区政府",
           "县政府", "省政府")  # fmt: skip
_BARE_MIN = 3  # a body type alone (财政局) counts from this length: 科委 alone is too short
_NOT_BARE = frozenset({"人民政府", "政府", "委员会", "办公室", "办公厅"})
_MAX_WORDS = 9  # an English agency name has at most this many words


@dataclass(frozen=True, slots=True)
class Mention:
    """An agency named in a question: where, and the name (normal form, Chinese)."""

    start: int
    end: int
    name: str


@lru_cache(maxsize=1)
def _shipped() -> frozenset[str]:
    """Names from the registry, and body types after a level (市财政局, 区科委)."""
    names = set(registry().names())
    for full, shorts in _data_rows("agency_terms.tsv"):
        for term in {full, *(s for s in shorts.split("|") if s)}:
            term = normalize(term)
            names.update(level + term for level in _LEVELS)
            if (
                len(term) >= _BARE_MIN or len(term) == 2 and term[-1] in "委局厅办"
            ) and term not in _NOT_BARE:
                names.add(term)
    return frozenset(n for n in names if len(n) >= 2)


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Places an agency's name may start with: full names and short forms (districts too:
    before a body's name 奉贤 is the district)."""
    out: set[str] = set()
    for p in places.all_places():
        out.add(normalize(p.name))
        if len(p.short) >= 2:
            out.add(normalize(p.short))
    return frozenset(out)


class Gazetteer:
    """Every agency name a question may use, looked up longest first."""

    def __init__(self, names: Iterable[str] = (), numbers: Iterable[str] = ()):
        extra = {normalize(n).strip() for n in names if n}
        # the store's document numbers (kb.normalize.number_key form): a question's number is
        # read as one of them first (工信部联节〔2024〕187号 is a number, not 工信部 + 联节…)
        self.numbers = frozenset(number_key(n) for n in numbers if n)
        parts = {p for n in extra for p in n.split("、")}
        bare = {b for n in parts if (b := _without_place(n)) != n and len(b) >= 3}
        divisions = {d for n in parts if (d := _division_of(n))}
        self.known = frozenset(n for n in extra | parts | bare | divisions if len(n) >= 2)  # a store's
        self.names = _shipped() | self.known
        self.longest = max(len(n) for n in self.names)
        self._by_ending: dict[str, list[str]] | None = None
        self._by_core: dict[str, list[tuple[int, str, str]]] | None = None

    def by_parts(self, english: str, glossed: str | None = None) -> str | None:
        """The known name an English name is built of, part by part (kb.agency_parts: the
        Municipal Bureau of Ecology and Environment 市生态环境局, the Development Bureau 发展局),
        unless the name put together word by word (`glossed`) is one of those parts' names
        already (the Beijing Municipal Finance Bureau 北京市财政局 keeps its place)."""
        from kb import agency_parts

        if self._by_core is None:
            grouped: dict[str, list[tuple[int, str, str]]] = {}
            for n in sorted(self.names):  # a store's names before the registry's
                level, core = agency_parts.core(n, _place_names())
                grouped.setdefault(core, []).append((0 if n in self.known else 1, level, n))
            self._by_core = grouped
        _, cores = agency_parts.forms(english, _is_place_word)
        if not cores:
            return None
        if glossed and agency_parts.core(normalize(glossed), _place_names())[1] in cores:
            return None
        return agency_parts.best(english, self._by_core, _is_place_word)

    def preferred(self, forms: Sequence[str]) -> str:
        """Of the Chinese names an English name can stand for (交通运输局, 交通事务局: the
        Transport Bureau of a mainland city, of Macao), the first a store knows, with or
        without its place; else the usual one (the first)."""
        names = [normalize(f) for f in forms]
        return next((n for n in names if n in self.known or _without_place(n) in self.known), names[0])

    def english(self, name: str) -> str | None:
        """The known name an English agency name stands for (kb.english_agencies), or None."""
        from kb.english_agencies import best_name

        if self._by_ending is None:
            grouped: dict[str, list[str]] = {}
            for n in sorted(self.names):
                grouped.setdefault(n[-1], []).append(n)
            self._by_ending = grouped
        return best_name(name, self._by_ending)

    def find(self, norm: str, free: list[bool]) -> list[Mention]:
        """Agency names in `norm`, leftmost-longest, only where `free` is True."""
        out: list[Mention] = []
        i = 0
        while i < len(norm):
            end = self._longest_at(norm, i, free)
            if end is None:
                i += 1
                continue
            start = _place_before(norm, i, free) if norm[i] in "市区县省镇乡" or end - i >= 3 else i
            out.append(Mention(start, end, norm[start:end]))
            i = end
        return out

    def _longest_at(self, norm: str, i: int, free: list[bool]) -> int | None:
        for end in range(min(len(norm), i + self.longest), i + 1, -1):
            if norm[i:end] in self.names and all(free[i:end]):
                if end < len(norm) and norm[end - 1].isascii() and norm[end].isalnum():
                    continue
                return end
        return None


def _is_place_word(word: str) -> bool:
    """Whether an English word names a place (or is part of one: hong, kong)."""
    return word in ("hong", "kong", "macao", "macau", "sar") or glossary.place_of_word(word) is not None


def _without_place(name: str) -> str:
    """A name without the place or level it starts with, as officials also say it: 区建管委 ->
    建管委, 上海海事局 -> 海事局 (市级平台 keeps its 市级)."""
    for size in range(min(len(name) - 2, 8), 1, -1):
        if name[:size] in _place_names():
            return name[size:]
    if name[:1] in "市区县省" and name[1:2] not in "级委政":
        return name[1:]
    return name


_DIVISION = re.compile(r"^(.{2,}?[委局厅部办署])([^委局厅部办署]{2,8}(?:[处科室]|(?<!公)司))$")


def _division_of(name: str) -> str | None:
    """A division named without the body it belongs to, as officials also say it:
    市交通委港务监管处 -> 港务监管处, a ministry's department 卫生健康委医政司 -> 医政司
    (kb.responsibilities matches it by the name's end)."""
    m = _DIVISION.match(name)
    return m.group(2) if m else None


def _place_before(norm: str, i: int, free: list[bool]) -> int:
    """Where a place name written just before position `i` starts (北京 before 市财政局)."""
    for size in range(min(i, 8), 1, -1):
        if norm[i - size : i] in _place_names() and all(free[i - size : i]):
            return i - size
    return i


# -- English --------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z][a-z'’\-]*")


def english_mentions(norm: str, free: list[bool]) -> list[Mention]:
    """English agency names (`the Beijing Municipal Finance Bureau`), as their Chinese names;
    a span counts only when every word of it is known (kb/data/agency_english.tsv, glossary)."""
    words = [m for m in _WORD.finditer(norm) if all(free[m.start() : m.end()])]
    out: list[Mention] = []
    i = 0
    while i < len(words):
        if words[i].group() in ("the", "a", "an"):
            i += 1
            continue
        found = None
        for j in range(min(len(words), i + _MAX_WORDS), i, -1):
            if not _contiguous(norm, words[i:j]) or not glossary.ends_with_body(
                " ".join(w.group() for w in words[i:j])
            ):
                continue
            chinese = glossary.agency_name(norm[words[i].start() : words[j - 1].end()])
            if chinese:
                found = (j, chinese)
                break
        if found is None:
            i += 1
            continue
        j, chinese = found
        out.append(Mention(words[i].start(), words[j - 1].end(), normalize(chinese)))
        i = j
    return out


def _contiguous(norm: str, words: list[re.Match[str]]) -> bool:
    return all(norm[a.end() : b.start()].strip() == "" for a, b in zip(words, words[1:], strict=False))
