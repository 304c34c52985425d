"""English names of bodies no registry holds in English, read by their parts (kb/data/
agency_parts.tsv): a level (municipal 市, district 区), the words of the body's field
(ecology 生态, civil air defence 民防|人防, transport 运输, logistics 物流, development 发展) and
its kind (bureau 局, commission 委, office 办, department 厅, administration 署, division 处,
centre 中心), in either order (the Bureau of Ecology and Environment, the Ecology and
Environment Bureau). The Chinese names they can form (生态环境局, 民防办, 运输及物流局) are looked
up among known names by their core (the name without its place and level): the one of the
level named first, else any. A place written in the name (of Hong Kong, Jiaxing) is left to
the question's place; `and`, `of`, `the` join parts. Nothing matches unless every word is a
part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from itertools import product

_JOINERS = ("", "和", "及", "与")  # how two fields are joined in Chinese: 生态环境, 运输及物流
_SMALL = frozenset({"the", "of", "and", "&", "for", "people's"})
_LEVEL_CHARS = "市区县省镇乡"
_MAX_FIELDS = 4


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, tuple[str, ...]]]:
    out: dict[str, dict[str, tuple[str, ...]]] = {"level": {}, "body": {}, "field": {}}
    text = resources.files("kb").joinpath("data/agency_parts.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, english, chinese = line.split("\t")
        out[kind][english.replace(",", "")] = tuple(chinese.split("|"))
    return out


def _words(english: str) -> list[str]:
    return re.findall(r"[a-z][a-z'’\-]*|&", english.lower().replace("’", "'"))


def parts(
    english: str, is_place: object = None
) -> tuple[str | None, list[tuple[str, ...]], tuple[str, ...]] | None:
    """(level, the fields' Chinese forms, the body's) an English name is made of, or None
    when a word is no part (a proper name: left to other readers)."""
    table = _table()
    words = [w for w in _words(english) if w not in _SMALL or w == "and"]
    level: str | None = None
    fields: list[tuple[str, ...]] = []
    body: tuple[str, ...] = ()
    i = 0
    while i < len(words):
        w = words[i]
        if w == "and":
            i += 1
            continue
        if w in table["level"] and not fields and level is None:
            level, i = table["level"][w][0], i + 1
            continue
        found = next(
            (
                size
                for size in range(min(6, len(words) - i), 0, -1)
                if " ".join(words[i : i + size]) in table["field"]
            ),
            0,
        )
        if found:
            fields.append(table["field"][" ".join(words[i : i + found])])
            i += found
            continue
        if w in table["body"] and not body:
            body, i = table["body"][w], i + 1
            continue
        if callable(is_place) and is_place(w):  # of Hong Kong, Jiaxing's: the question's place
            i += 1
            continue
        return None
    if not body or not fields or len(fields) > _MAX_FIELDS:
        return None
    return level, fields, body


def forms(english: str, is_place: object = None) -> tuple[str | None, list[str]]:
    """The level, and the Chinese cores an English name can stand for (生态环境局, 民防办)."""
    read = parts(english, is_place)
    if read is None:
        return None, []
    level, fields, body = read
    out: list[str] = []
    for chosen in product(*fields):
        for joins in product(_JOINERS, repeat=len(chosen) - 1):
            middle = chosen[0] + "".join(j + f for j, f in zip(joins, chosen[1:], strict=True))
            out += [middle + b for b in body]
    return level, list(dict.fromkeys(out))


def core(name: str, place_names: Iterable[str] = ()) -> tuple[str, str]:
    """A name's level character (or '') and its core: 嘉兴市生态环境局 -> (市, 生态环境局)."""
    for place in sorted(place_names, key=len, reverse=True):
        if name.startswith(place) and len(name) > len(place) + 1:
            name = name[len(place) :]
            break
    if name[:1] in _LEVEL_CHARS and len(name) > 2:
        return name[0], name[1:]
    return "", name


def best(english: str, by_core: dict[str, list[tuple[int, str, str]]], is_place: object = None) -> str | None:
    """The known name an English name is built of: of the names whose core it forms (`by_core`:
    each core's names as (rank, level, name), a store's rank 0, the registry's 1), the best
    ranked, then of the level named (a name without place or level when none is named), then
    of the first form (民防 before 人防), then the shortest; None when none or it is no parts' name."""
    level, cores = forms(english, is_place)
    found = [(k, *entry) for k, c in enumerate(cores) for entry in by_core.get(c, ())]
    if not found:
        return None
    return min(found, key=lambda e: (e[1], e[2] != (level or ""), e[0], len(e[3]), e[3]))[3]
