"""A task named by its own words, matched against the titles and texts of the tasks.

`强化大企业反向硬孵化这项任务谁负责` names task 12 of seed 000 without quotes or a number.
The words are compared with each candidate task in matching form (kb.normalize.match_key): a
title that holds them (or that they hold) matches best, then a text that holds them, then the
share of their character pairs found in the title (or, counting less, in the text), which
lets a paraphrase find its task. The best task is chosen only when it beats the next by a
margin; otherwise the close ones are the candidates. Quoted words must be held as written.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from kb.citation import title_of
from kb.model import Document, Task, path_text
from kb.normalize import match_key
from kb.resolve import AMBIGUOUS, MAX_TARGETS, NOT_FOUND, Candidate, Problem, Target
from kb.store import DocumentRecord

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase

TITLE_HOLDS, HOLDS_TITLE, TEXT_HOLDS = 1.0, 0.95, 0.9
TEXT_PAIR = 0.6  # a term found only in the text counts this much
PART = 0.5  # a term the title holds in part: this much of its share of character pairs
TERMS = 0.7  # the share of a score the terms give; the rest is the words' character pairs (their order)
ENOUGH = 0.55  # a match by character pairs needs at least this share
MARGIN = 0.15  # … and must beat the next task by this much
CANDIDATES = 8
_POOL = 40  # tasks the search gives when no document is named
_SCAN = 600  # tasks of the named documents compared one by one, at most

_Entry = tuple[DocumentRecord, Document, Task]


def by_words(
    base: KnowledgeBase, words: str, records: list[DocumentRecord] | None, exact: bool
) -> tuple[tuple[Target, ...], Problem | None]:
    """The task (or tasks) the words name, or why none is chosen."""
    key = match_key(words)
    if not key:
        return (), Problem(NOT_FOUND, "task", words)
    pool = _pool(base, words, records)
    terms = _terms(words, key)
    weights = _rarity(terms, [(match_key(t.title), match_key(t.text)) for _, _, t in pool])
    scored = sorted(
        ((score(key, task, weights), i, entry) for i, entry in enumerate(pool) for task in [entry[2]]),
        key=lambda s: (-s[0], s[1]),
    )
    for level in (TITLE_HOLDS, HOLDS_TITLE, TEXT_HOLDS):
        held = [entry for value, _, entry in scored if value >= level]
        if held:
            if len(held) > MAX_TARGETS:
                return (), Problem(AMBIGUOUS, "many", words, tuple(_candidate(e) for e in held))
            return tuple(Target(*e) for e in held), None
    if exact or not scored or scored[0][0] < ENOUGH:
        return (), Problem(NOT_FOUND, "task", words)
    best = scored[0][0]
    close = [entry for value, _, entry in scored if value >= max(ENOUGH, best - MARGIN)]
    if len(close) == 1:
        return (Target(*close[0]),), None
    return (), Problem(AMBIGUOUS, "words", words, tuple(_candidate(e) for e in close[:CANDIDATES]))


def best_of(words: str, targets: tuple[Target, ...]) -> tuple[Target, ...]:
    """Of several tasks a label names, the one the words name best, when it stands out (all
    of them otherwise)."""
    key = match_key(words)
    if not key:
        return targets
    pool = [(t.record, t.doc, t.task) for t in targets]
    weights = _rarity(_terms(words, key), [(match_key(t.title), match_key(t.text)) for _, _, t in pool])
    scored = sorted(((score(key, t.task, weights), i) for i, t in enumerate(targets)), reverse=True)
    if scored[0][0] >= ENOUGH and scored[0][0] - scored[1][0] >= MARGIN:
        return (targets[scored[0][1]],)
    return targets


def _terms(words: str, key: str) -> list[str]:
    """The words' terms (segmented as search segments them: 孵化器, 引进, 国际, 人才), else their
    character pairs."""
    from kb.search import analysis

    stop = analysis.stopwords()
    found = [match_key(w) for group in analysis.required_terms(words) for w in group if w not in stop]
    return list(dict.fromkeys(t for t in found if t)) or sorted({key[i : i + 2] for i in range(len(key) - 1)})


def _rarity(terms: list[str], keys: list[tuple[str, str]]) -> dict[str, float]:
    """Each term, weighted by how few of the tasks compared hold it (金牌 in 金牌创业导师队伍建设
    says more than 队伍)."""
    n = len(keys)
    return {
        t: math.log(1 + n / (1 + sum(1 for title, text in keys if t in title or t in text))) for t in terms
    }


def score(key: str, task: Task, weights: dict[str, float] | None = None) -> float:
    """How well words (in matching form) name a task: 1 when its title holds them; else the
    (rarity-weighted) share of their terms (`weights`) its title, or less its text, holds; a
    term held only in part counts its share of character pairs, halved."""
    title, text = match_key(task.title), match_key(task.text)
    if key in title:
        return TITLE_HOLDS
    if len(title) >= 4 and title in key:
        return HOLDS_TITLE
    if key in text:
        return TEXT_HOLDS
    pairs = {key[i : i + 2] for i in range(len(key) - 1)}
    weight = weights or dict.fromkeys(pairs, 1.0)
    if not weight or not pairs:
        return 0.0
    by_terms = sum(w * _held(term, title, text) for term, w in weight.items()) / (sum(weight.values()) or 1.0)
    by_pairs = sum(1.0 if p in title else TEXT_PAIR if p in text else 0.0 for p in pairs) / len(pairs)
    return min(TERMS * by_terms + (1 - TERMS) * by_pairs, TEXT_HOLDS - 0.01)


def _held(term: str, title: str, text: str) -> float:
    if term in title:
        return 1.0
    if term in text:
        return TEXT_PAIR
    pairs = [term[i : i + 2] for i in range(len(term) - 1)]
    return PART * sum(1 for p in pairs if p in title) / len(pairs) if pairs else 0.0


def _pool(base: KnowledgeBase, words: str, records: list[DocumentRecord] | None) -> list[_Entry]:
    """The tasks to compare: every task of the named documents, else what the search finds."""
    if records is not None and sum(r.items for r in records) <= _SCAN:
        out = []
        for record in records:
            doc = base.cached(record.id)
            out += [(record, doc, t) for t in doc.tasks]
        return out
    from kb.search import analysis
    from kb.search.engine import Request

    terms = analysis.keywords(words)
    if not terms:
        return []
    docs = frozenset(r.id for r in records) if records is not None else None
    request = Request(tuple((w,) for w in terms), docs=docs, limit=_POOL, any_word=True)
    found: list[_Entry] = []
    seen: set[tuple[str, int]] = set()
    for m in base.generation.search_index().search(request):
        if m.kind != "task" or m.seq is None or (m.doc, m.seq) in seen:
            continue
        seen.add((m.doc, m.seq))
        doc = base.cached(m.doc)
        found.append((base.catalog[m.doc], doc, doc.tasks[m.seq - 1]))
    return found


def _candidate(entry: _Entry) -> Candidate:
    _, doc, task = entry
    return Candidate(doc.id, title_of(doc, task.span.start), path_text(task.path), task.title)
