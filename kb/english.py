"""Documents, tasks and places named in English, matched against the Chinese of the store.

A description (`the Shanghai sponge city opinion`, `Fengxian's park city opinion`, `the 2026
quantum city work points`) is matched against the documents' titles: its places (in English or
in pinyin) and year narrow the catalogue, then its words are compared with the titles through
kb.bilingual; the best title wins when it beats the next by a margin, else the close ones are
all named. A task's paraphrase (`who leads the construction of sponge-type parks`) is matched
the same way against the titles (and, counting less, the texts) of the tasks of the documents
named. Nothing is translated into Chinese first, so no word is silently dropped: an English
word no title holds only lowers the score.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from kb import bilingual, places
from kb.catalog import CatalogIndex
from kb.citation import title_of
from kb.model import Document, Task, path_text
from kb.resolve import AMBIGUOUS, NOT_FOUND, Candidate, Problem, Target
from kb.store import DocumentRecord

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase

ENOUGH = 0.5  # the share of a description's (weighted) words a title must hold
MARGIN = 0.12  # … and by how much the best must beat the next to be the one
TASK_ENOUGH = 0.45
WEAK_ENOUGH = 0.3  # … or this much, when the best beats the next by twice the margin
LABEL_ENOUGH = 0.3  # among the tasks a label names, the words need only say which
_SCAN = 3000  # tasks compared one by one when no document is named, at most
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_POSSESSIVE = re.compile(r"['’]s\b")


@lru_cache(maxsize=4096)
def place_named(word: str) -> str | None:
    """The place an English word names in pinyin (`Fengxian` 奉贤区, `Qingpu` 青浦区), or None."""
    word = word.lower()
    if len(word) < 4 or not bilingual.pinyin_like(word):
        return None
    found = []
    for p in places.all_places():
        short = p.short if len(p.short) >= 2 else p.name[:-1]
        if len(short) >= 2 and bilingual.spells(word, short):
            found.append(p)
    if not found:
        return None
    found.sort(key=lambda p: {"province": 0, "city": 1}.get(p.level, 2))
    return found[0].name


def documents(index: CatalogIndex, phrase: str, named: list[str]) -> list[DocumentRecord]:
    """The documents an English description names (`named`: the places it names, in Chinese)."""
    text = _POSSESSIVE.sub("", phrase)
    year = _YEAR.search(text)
    pool = index.in_places(named) if named else index.records
    own = [
        r for r in pool if r.jurisdiction and any(r.jurisdiction in (p, places.full_name(p)) for p in named)
    ]  # noqa: E501
    if year:
        dated = [r for r in pool if year.group(1) in _years(r)]
        pool = dated or pool
    text = _without_places(text.lower(), named)
    words = " ".join(w for w in re.findall(r"[a-z][a-z\-]*", text) if not _is_place(w, named))
    if not pool or not words.strip():
        return own or list(pool) if named else []
    # a document is also named by its issuers (the Executive Yuan plan: a plan 行政院 issued)
    ranked = bilingual.rank(words, [" ".join((*(r.title_keys or (r.title,)), *r.issuers)) for r in pool])
    if not ranked or ranked[0].score < ENOUGH:
        return []
    close = [pool[s.index] for s in ranked if s.score >= ranked[0].score - MARGIN]
    mine = [r for r in close if r in own]  # Shanghai's plan: the city's own, not a district's
    return mine if mine and len(mine) < len(close) else close


def _without_places(text: str, named: list[str]) -> str:
    """The text without the two-word places it names (hong kong); one-word places stay."""
    words, out, i = text.split(), [], 0
    while i < len(words):
        if i + 1 < len(words) and _is_place(f"{words[i]} {words[i + 1]}", named):
            i += 2
            continue
        out.append(words[i])
        i += 1
    return " ".join(out)


def _years(record: DocumentRecord) -> str:
    return f"{(record.date or '')[:4]} {record.number_key or ''} {record.title}"


def _is_place(word: str, named: list[str]) -> bool:
    from kb.qa.glossary import place_of_word

    chinese = place_of_word(word) or place_named(word)
    if not chinese:
        return False
    return any(chinese.startswith(n) or n.startswith(chinese) for n in named)


def named_in_pinyin(index: CatalogIndex, text: str) -> list[DocumentRecord]:
    """The documents a name in pinyin that no dictionary holds points to (Guicheng 桂城, a
    street no place table lists): those whose titles it spells, when a few do; else none."""
    found: list[DocumentRecord] = []
    if sum(r.items for r in index.records) > _SCAN:  # a large store: titles are not read one by one
        return found
    for word in re.findall(r"[a-z]{5,}", text.lower()):
        if not bilingual.pinyin_like(word):
            continue
        spelled = [r for r in index.records if bilingual.spells_in(word, r.title)]
        few = 0 < len(spelled) <= _FEW_SPELLED and len(spelled) < len(index.records)
        if few and not bilingual.known_english(word):
            found += [r for r in spelled if r not in found]
    return found


_FEW_SPELLED = 3


def tasks(
    base: KnowledgeBase, words: str, records: list[DocumentRecord] | None
) -> tuple[tuple[Target, ...], Problem | None]:
    """The task an English paraphrase names in the documents named (every document of a small
    store when none is, or those a name in pinyin points to), or the close ones as candidates."""
    pool = records if records is not None else (named_in_pinyin(base.catalog_index, words)
                                                or list(base.catalog.values()))  # fmt: skip
    if sum(r.items for r in pool) > _SCAN:
        return (), Problem(NOT_FOUND, "task", words)
    entries = [(r, doc, t) for r in pool for doc in [base.cached(r.id)] for t in doc.tasks]
    ranked = bilingual.rank(words, [t.title for _, _, t in entries], [t.text for _, _, t in entries])
    if not ranked or ranked[0].score < TASK_ENOUGH and not _stands_out(ranked):
        return (), Problem(NOT_FOUND, "task", words)
    close = [entries[s.index] for s in ranked if s.score >= ranked[0].score - MARGIN]
    if len(close) > 1:
        close = _titled_whole(words, close)
    if len(close) == 1:
        return (Target(*close[0]),), None
    return (), Problem(AMBIGUOUS, "words", words, tuple(_candidate(d, t) for _, d, t in close[:8]))


def _titled_whole(words: str, close: list[tuple[DocumentRecord, Document, Task]]) -> list[
        tuple[DocumentRecord, Document, Task]]:  # fmt: skip
    """Of close tasks, the one whose title alone holds every word of the paraphrase (shore power
    enforcement: 强化岸电使用执法监管, not the task whose text names 执法总队), or whose title holds
    far more of them than any other's (road collapse prevention scenario: 路面塌陷防治应用场景),
    when one does."""
    scores = _title_scores(words, [t.title for _, _, t in close])
    whole = [e for e, s in zip(close, scores, strict=True) if s >= 1.0 - 1e-9]
    if len(whole) == 1:
        return whole
    ranked = sorted(scores, reverse=True)
    if ranked[0] >= TASK_ENOUGH and ranked[0] - ranked[1] >= 2 * MARGIN:
        return [close[scores.index(ranked[0])]]
    return close


def _title_scores(words: str, titles: list[str]) -> list[float]:
    by_index = {s.index: s.score for s in bilingual.rank(words, titles)}
    return [by_index.get(i, 0.0) for i in range(len(titles))]


def _stands_out(ranked: list[bilingual.Scored]) -> bool:
    """A paraphrase some of whose words the glosses miss (household waste sorting, 生活垃圾分类:
    domestic, classify) still names the one task that beats every other by far."""
    best = ranked[0].score
    second = ranked[1].score if len(ranked) > 1 else 0.0
    return best >= WEAK_ENOUGH and best - second >= 2 * MARGIN


def best_of(words: str, targets: tuple[Target, ...]) -> tuple[Target, ...]:
    """Of several tasks a label names, the one an English paraphrase names best (all when
    none stands out)."""
    ranked = bilingual.rank(words, [t.task.title for t in targets], [t.task.text for t in targets])
    if len(ranked) > 1 and ranked[0].score >= LABEL_ENOUGH and ranked[0].score - ranked[1].score >= MARGIN:
        return (targets[ranked[0].index],)
    return targets


def _candidate(doc: Document, task: Task) -> Candidate:
    return Candidate(doc.id, title_of(doc, task.span.start), path_text(task.path), task.title)
