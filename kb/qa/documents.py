"""Finding the document a question names: a number, a title, an id, or a description such as
`上海的孵化器方案` or `the Beijing incubator plan` (a place and some words of the title).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from kb import places
from kb.normalize import match_key
from kb.resolve import candidates
from kb.store import DocumentRecord

_PARTICLES = re.compile(r"[的之]|关于|有关|那个|这个|文件|政策")
_ENOUGH = 0.5  # share of the description's character pairs a title must contain


def find(records: Iterable[DocumentRecord], phrase: str) -> list[DocumentRecord]:
    """The documents a phrase names, best first; several when it is not specific."""
    records = list(records)
    exact = [r for r in records if r.id == phrase.strip()] or candidates(records, phrase)
    if exact:
        return exact
    where, words = _places_in(phrase)
    pool = [r for r in records if not where or in_place(r, where)]
    pairs = _pairs(words)
    if not pairs:
        return pool if where else []
    scored = [(sum(1 for p in pairs if any(p in t for t in r.title_keys)) / len(pairs), r) for r in pool]
    best = max((s for s, _ in scored), default=0.0)
    if best < _ENOUGH:
        return []
    return [r for s, r in scored if s == best]


def _places_in(phrase: str) -> tuple[list[str], list[str]]:
    """Place names in a phrase, and the words left."""
    found: list[str] = []
    words = []
    for part in phrase.split():
        rest = part
        for m in reversed(list(_place_pattern().finditer(part))):
            found.append(m.group(0))
            rest = rest[: m.start()] + " " + rest[m.end() :]
        words += rest.split()
    return found, words


def places_in(phrase: str) -> list[str]:
    """The province and city names in a phrase (上海, 青岛市)."""
    return _places_in(phrase)[0]


def in_place(record: DocumentRecord, names: list[str]) -> bool:
    """Whether a document is of (or titled with) every place named."""
    where = record.jurisdiction or ""
    return all(n in where or n in record.title for n in names)


def _pairs(words: list[str]) -> set[str]:
    pairs: set[str] = set()
    for word in words:
        key = match_key(_PARTICLES.sub("", word))
        pairs |= {key[i : i + 2] for i in range(len(key) - 1)} or ({key} if key else set())
    return pairs


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern[str]:
    """Province and city names, full or short (district names are too often plain words)."""
    kept = [p for p in places.all_places() if p.level != "district"]
    names = {p.name for p in kept} | {p.short for p in kept if len(p.short) >= 2}
    return re.compile("|".join(sorted((re.escape(n) for n in names), key=len, reverse=True)))
