"""Search results: hits quoting the original text, ready to show."""

from __future__ import annotations

from dataclasses import dataclass

from kb.model import Span
from kb.search.snippet import Snippet


@dataclass(frozen=True, slots=True)
class Hit:
    """One unit a search found."""

    doc: str
    title: str
    doc_number: str | None
    kind: str  # document, task, paragraph
    path: tuple[str, ...]
    location: str  # 二、重点任务 › （三）… › 12.强化大企业反向“硬孵化”
    label: str | None
    seq: int | None
    score: float
    span: Span
    text: str  # the unit's original text
    snippet: Snippet


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The hits of a query, and what the answer must say about how they were found."""

    query: str
    hits: tuple[Hit, ...]
    notes: tuple[str, ...] = ()  # words left out of a long query, filters that matched nothing
    partial: bool = False  # no unit holds every word: these hold `held` of the `words`
    held: int = 0  # words of the query each hit holds
    words: int = 0  # words of the query searched with
