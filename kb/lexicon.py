"""The vocabulary the indexer and the question reader share, as data (kb/data/lexicon.tsv).

Adding a phrasing is adding a row: role words (牵头, 配合, 主办 …) give a `Role` to a
responsibility label in a document and to the role asked about in a question; question words
(谁, 哪些, 几, 是否, 何时 …), task nouns (任务, 事项, 考核项目), document nouns (方案, 意见),
aspect words (完成时限, 责任单位, 印发) and the small words around them tell the question reader
(kb.qa.slots) what a question names and asks, in Chinese and in English.
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
def assess_labels() -> dict[str, Role]:
    """Role words of an assessment table's unit columns: 负责考核, 考核, 被考核 (documents only),
    and for every verb of assessing (评价, 监测 …) the verb, 负责 + verb, 被 + verb (responsible)
    and 牵头 + verb (lead): 牵头评价司局, 负责评价部门, 评价单位."""
    out = {word: Role(value) for word, value in words("assess_label").items()}
    for verb in assess_verbs():
        for prefix, role in (("", Role.RESPONSIBLE), ("负责", Role.RESPONSIBLE), ("被", Role.RESPONSIBLE),
                             ("牵头", Role.LEAD)):  # fmt: skip
            out.setdefault(prefix + verb, role)
    return out


def assess_verbs() -> tuple[str, ...]:
    """The verbs of assessing: 考核, 考评, 评价, 评估, 监测."""
    return tuple(words("assess_verb"))


@lru_cache(maxsize=1)
def document_labels() -> dict[str, Role]:
    """Role words of labels seen in documents only: 执行 (执行部门), 统筹 (统筹单位), 督导 …"""
    return {word: Role(value) for word, value in words("doc_label").items()}


@lru_cache(maxsize=1)
def role_verbs() -> dict[str, Role]:
    """Verbs after the names of a clause marker: 牵头负责 -> lead, 组织落实 -> responsible,
    督促指导 -> guide."""
    return {word: Role(value) for word, value in words("role_verb").items()}


def unit_words() -> list[str]:
    """Nouns of responsibility labels: 单位, 部门, 机关 … and those of documents only (实体)."""
    return [*words("unit_word"), *words("doc_unit_word")]


def division_words() -> tuple[str, ...]:
    """Unit words of a body's own divisions: 处室, 科室 (of a 牵头处室 column)."""
    return tuple(words("division_word"))


# The categories the question reader uses (kb/data/lexicon.tsv says what each holds).
QUESTION_CATEGORIES = (
    "ask", "aux", "role_asked", "role_label", "unit_asked", "unit_word", "aspect_word", "mention",
    "task_noun", "measure", "doc_noun", "joint", "each", "this", "conj", "locative", "filler", "prep", "word",
    "group",
)  # fmt: skip


@lru_cache(maxsize=1)
def question_words() -> dict[str, dict[str, str]]:
    """Every word the question reader knows, with its categories and their values:
    `措施` -> {task_noun: task, doc_noun: doc}. Role words of labels (role_label) are question
    words too: their roles are read by `asked_role`."""
    out: dict[str, dict[str, str]] = {}
    for category, word, value in _rows():
        if category in QUESTION_CATEGORIES:
            out.setdefault(word, {})[category] = value
    return out


def asked_role(categories: dict[str, str]) -> str | None:
    """The role a question word asks about: lead, support, guide, or `any` (负责, 涉及);
    None when the word is no role word."""
    if "role_asked" in categories:
        return categories["role_asked"]
    if "role_label" in categories:
        role = Role(categories["role_label"])
        return "any" if role is Role.RESPONSIBLE else str(role)
    return None


def alternation(items: Iterable[str]) -> str:
    """A regex alternation of words, longest first (so 牵头考核 wins over 牵头)."""
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))
