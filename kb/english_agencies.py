"""Agencies named in English, matched against the store's agencies by their Chinese names.

Each agency's names (as the documents write them, and in full) are glossed in English from
their parts (kb.bilingual): a place (上海 Shanghai, or its pinyin), a level (市 municipal, 区
district), the body's words with its short form written out first (市教委 -> 教育委员会:
education commission; 区建管委 -> 建设和管理委员会; kb/data/agency_terms.tsv) and the kind of
body (局 bureau, 委 commission, 大学 university, 政府 government); a proper name is read in
pinyin (Tongji 同济). The English name is compared with every agency of the documents named
(all of them when none is): the best wins, with the others as close as it (several places'
市体育局 for `the Sports Bureau`, to be narrowed by the document). Nothing is matched below
half of the English words.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from kb import bilingual
from kb.normalize import match_key

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase

ENOUGH = 0.6
CLOSE = 0.05
_LEVELS = {"市": "municipal", "区": "district", "县": "county", "省": "provincial", "镇": "town"}


@lru_cache(maxsize=1)
def _short_forms() -> list[tuple[str, str]]:
    """Body types' short forms -> their full names, longest first (住房城乡建设管理委 before 建管委)."""
    from kb.agencies import _data_rows

    pairs = [(s, full) for full, shorts in _data_rows("agency_terms.tsv") for s in shorts.split("|") if s]
    return sorted(pairs, key=lambda p: -len(p[0]))


def written_out(name: str) -> str:
    """A name with its body type's short form in full, and its level in English: 市教委 ->
    `municipal 教育委员会`."""
    key = match_key(name)
    for short, full in _short_forms():
        if key.endswith(short) and short != full:
            key = key[: -len(short)] + full
            break
    for level, english in _LEVELS.items():
        if key.startswith(level) and len(key) > 2:
            return f"{english} {key[1:]}"
    return key


def match(base: KnowledgeBase, english: str, docs: Iterable[str] | None = None) -> list[str]:
    """Keys of the store's agencies an English name names (in the documents `docs`, when given)."""
    index = base.agency_index
    wanted = set(docs) if docs is not None else None
    keys = [k for k in index.all_keys() if wanted is None or index.in_documents(k, wanted)]
    forms: list[str] = []
    owner: list[str] = []
    for key in keys:
        for form in index.forms(key):
            forms.append(form)
            owner.append(key)
    ends = _ends(english)
    if ends:
        kept = [i for i, f in enumerate(forms) if f.endswith(ends)]
        forms, owner = [forms[i] for i in kept], [owner[i] for i in kept]
    ranked = bilingual.rank(english, [written_out(f) for f in forms])
    if not ranked or ranked[0].score < ENOUGH:
        return []
    best = ranked[0].score
    return sorted({owner[s.index] for s in ranked if s.score >= best - CLOSE})


# How the names of a kind of body end in Chinese: only those are compared (a store has thousands).
_ENDINGS = {
    "bureau": "局署办处厅委", "commiss": "委会", "committe": "委会组", "offic": "办室厅处局组",
    "ministri": "部", "depart": "部厅处局司", "administr": "局署委会", "author": "局委办",
    "agenc": "局署委办部", "univers": "大学院", "govern": "政府", "center": "中心", "centr": "中心",
    "corpor": "公司团", "compani": "公司", "group": "团组", "bank": "行", "custom": "关",
    "institut": "院所", "academi": "院", "court": "院", "associ": "会", "feder": "会", "station": "站",
    "headquart": "部", "procurator": "院", "polic": "局队", "team": "队组班", "brigad": "队",
    "council": "会委", "branch": "局行社",
}  # fmt: skip


def _ends(english: str) -> tuple[str, ...]:
    words = bilingual.stems(english)
    heads = [w for w in words if w in _ENDINGS]
    if not heads:
        return ()
    head = heads[0] if words and words[0] in _ENDINGS and "of" in english.split() else heads[-1]
    return tuple(_ENDINGS[head])


def best_name(english: str, by_ending: dict[str, list[str]]) -> str | None:
    """The known Chinese name (names grouped by their last character) an English name names
    best, or None: how a question's English name is looked up before any store is asked."""
    ends = _ends(english)
    pool = (
        [n for e in ends for n in by_ending.get(e, ())]
        if ends
        else [n for g in by_ending.values() for n in g]
    )
    ranked = bilingual.rank(english, [written_out(n) for n in pool])
    if not ranked or ranked[0].score < ENOUGH:
        return None
    best = ranked[0].score
    close = [(r.score, pool[r.index]) for r in ranked if r.score >= best - CLOSE]
    return min(close, key=lambda c: (-round(c[0], 6), len(c[1]), c[1]))[1]  # the best, then the shortest
