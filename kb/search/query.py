"""Queries as users type them: words and quoted phrases, never a syntax error.

`知识产权 "强化大企业反向"` is every word of the query (in any field) and the phrase (in the
text). Quotes may be ASCII or Chinese (“”, 「」); a stray quote is ignored, and so are operator
words and symbols (AND, OR, NOT, *, parentheses): the rest is searched as plain text. A query
with nothing left to search for is refused with one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.errors import QueryError
from kb.normalize import normalize, undecodable
from kb.search import analysis
from kb.search.engine import Request

MAX_CHARS = 1000
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')
_OPERATORS = re.compile(r"(?<![A-Za-z])(?:AND|OR|NOT)(?![A-Za-z])")


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    text: str  # what the user typed
    words: str  # the plain-text part
    phrases: tuple[str, ...]


def parse(text: str) -> ParsedQuery:
    if len(text) > MAX_CHARS:
        raise QueryError(f"the query is too long ({len(text)} characters; at most {MAX_CHARS})")
    if (where := undecodable(text)) is not None:
        raise QueryError(f"the query is not valid text ({where}): is the terminal set to UTF-8?")
    phrases = tuple(p.strip() for m in _QUOTED.finditer(text) for p in m.groups() if p and p.strip())
    words = _QUOTED.sub(" ", text)
    words = _OPERATORS.sub(" ", re.sub(r"[\"“”「」『』]", " ", words))
    return ParsedQuery(text, words, phrases)


def request(parsed: ParsedQuery, limit: int, docs: frozenset[str] | None = None,
            agencies: frozenset[str] | None = None) -> Request:  # fmt: skip
    """The analysed form of a parsed query."""
    required = tuple(tuple(group) for group in analysis.required_terms(parsed.words))
    phrases = []
    for phrase in parsed.phrases:
        whole = _whole_words(phrase)
        pieces = tuple(w for group in analysis.required_terms(phrase) for w in group)
        if pieces:
            phrases.append((whole, pieces))
    if not required and not phrases:
        raise QueryError(f"nothing to search for in {parsed.text!r}: give words or a quoted phrase")
    return Request(required, tuple(phrases), docs, agencies, limit)


def terms(parsed: ParsedQuery) -> list[str]:
    """What a hit shows highlighted: the phrases, and the query's whole words, longest first."""
    words = set(_whole_words(parsed.words))
    words |= {re.sub(r"\s+", "", normalize(phrase)) for phrase in parsed.phrases}
    return sorted(words, key=len, reverse=True)


def _whole_words(phrase: str) -> tuple[str, ...]:
    longest: dict[int, analysis.Token] = {}
    for token in analysis.tokens(phrase):
        current = longest.get(token.position)
        if current is None or token.end - token.start > current.end - current.start:
            longest[token.position] = token
    return tuple(longest[p].text for p in sorted(longest))
