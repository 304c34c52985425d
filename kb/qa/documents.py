"""Finding the document a question names: a number, a title, an id, or a description such as
`上海的孵化器方案` or `the Beijing incubator plan` (a place and some words of the title).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from kb import places
from kb.normalize import match_key
from kb.resolve import CatalogIndex, candidates
from kb.store import DocumentRecord

_PARTICLES = re.compile(r"[的之]|关于|有关|那个|这个|文件|政策")
_ENOUGH = 0.5  # share of the description's character pairs a title must contain


def find(index: CatalogIndex, phrase: str) -> list[DocumentRecord]:
    """The documents a phrase names, best first; several when it is not specific."""
    record = index.catalog.get(phrase.strip())
    exact = [record] if record is not None else candidates(index, phrase)
    if exact:
        return exact
    where, words = _places_in(phrase)
    pool = index.in_places(where) if where else index.records
    pairs = _pairs(words)
    if not pairs:
        return pool if where else []
    allowed = {r.id for r in pool} if where else None
    hits: Counter[str] = Counter()
    for pair in pairs:  # the documents whose titles hold each pair of characters
        hits.update(r.id for r in index.title_contains(pair) if allowed is None or r.id in allowed)
    best = max(hits.values(), default=0) / len(pairs)
    if best < _ENOUGH:
        return []
    return [r for r in pool if hits[r.id] / len(pairs) == best]


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
