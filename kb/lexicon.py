"""The vocabulary the indexer and the question reader share, as data (kb/data/lexicon.tsv).

Adding a phrasing is adding a row: role words (牵头, 配合, 主办 …) give a `Role` to a
responsibility label in a document and to the role asked about in a question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from kb.model import Role

_FILE = "lexicon.tsv"


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str, str], ...]:
    text = (resources.files("kb") / "data" / _FILE).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, word, *value = line.split("\t")
        rows.append((category, word, value[0] if value else ""))
    return tuple(rows)


def words(category: str) -> dict[str, str]:
    """The words of one category with their values, in file order."""
    return {word: value for cat, word, value in _rows() if cat == category}


@lru_cache(maxsize=1)
def role_labels() -> dict[str, Role]:
    """Role words of responsibility labels: 牵头 -> lead, 配合 -> support, 负责 -> responsible."""
    return {word: Role(value) for word, value in words("role_label").items()}


@lru_cache(maxsize=1)
def role_qualifiers() -> dict[str, Role]:
    """Words before a label that give its role: 主要 -> lead, 其他 -> support, and every role
    word whose role is stated (配合责任单位 supports)."""
    out = {word: Role(value) for word, value in words("role_qualifier").items()}
    out.update({w: r for w, r in role_labels().items() if r is not Role.RESPONSIBLE})
    return out


@lru_cache(maxsize=1)
def role_verbs() -> dict[str, Role]:
    """Verbs after the names of a clause marker: 牵头负责 -> lead, 组织落实 -> responsible,
    督促指导 -> guide."""
    return {word: Role(value) for word, value in words("role_verb").items()}


def unit_words() -> list[str]:
    """Nouns of responsibility labels: 单位, 部门, 机关 …"""
    return list(words("unit_word"))


def alternation(items: Iterable[str]) -> str:
    """A regex alternation of words, longest first (so 牵头考核 wins over 牵头)."""
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))
