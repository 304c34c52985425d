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
# A query's different words and phrases searched with: a query inside MAX_CHARS made of many
# words (a pasted paragraph) or of one word repeated answers in well under a second.
MAX_WORDS = 32
MAX_PHRASES = 8
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


_YEAR = re.compile(r"\d{4}")


def year(value: str | int) -> str:
    """A year filter as typed (2023, " 2023 "): four digits, else a QueryError."""
    text = str(value).strip()
    if not _YEAR.fullmatch(text):
        raise QueryError(f"{value!r} is not a year: give a year such as 2023")
    return text


def request(parsed: ParsedQuery, limit: int, docs: frozenset[str] | None = None,
            agencies: frozenset[str] | None = None) -> Request:  # fmt: skip
    """The analysed form of a parsed query: each word and phrase once, at most MAX_WORDS words
    and MAX_PHRASES phrases (the first ones; `notes` says so)."""
    words = typed_words(parsed.words)
    required = list(dict.fromkeys(group for word in words for group in word))
    phrases = []
    for phrase in dict.fromkeys(parsed.phrases):
        whole = _whole_words(phrase)
        pieces = tuple(w for group in analysis.required_terms(phrase) for w in group)
        if pieces and (whole, pieces) not in phrases:
            phrases.append((whole, pieces))
    if not required and not phrases:
        raise QueryError(f"nothing to search for in {parsed.text!r}: give words or a quoted phrase")
    notes = []
    for kind, found, most in (("words", required, MAX_WORDS), ("phrases", phrases, MAX_PHRASES)):
        if len(found) > most:
            notes.append(f"the query has {len(found)} different {kind}: searched with the first {most}")
    kept = set(required[:MAX_WORDS])
    searched = tuple(w for w in words if kept.issuperset(w))
    return Request(tuple(required[:MAX_WORDS]), tuple(phrases[:MAX_PHRASES]), docs, agencies, limit,
                   notes=tuple(notes), words=searched)  # fmt: skip


def typed_words(text: str) -> list[tuple[tuple[str, ...], ...]]:
    """The words of a query as its user typed them (separated by blanks), each once, each as
    its groups of required terms: `公租房 申请条件` is two words, `雁阵效应` one."""
    chunks = dict.fromkeys(text.split())
    words = (tuple(tuple(g) for g in analysis.required_terms(chunk)) for chunk in chunks)
    return list(dict.fromkeys(w for w in words if w))


def terms(parsed: ParsedQuery) -> list[str]:
    """What a hit shows highlighted: the phrases, and the query's whole words, longest first."""
    words = set(list(dict.fromkeys(_whole_words(parsed.words)))[:MAX_WORDS])
    words |= {
        re.sub(r"\s+", "", normalize(phrase)) for phrase in list(dict.fromkeys(parsed.phrases))[:MAX_PHRASES]
    }
    return sorted(words, key=len, reverse=True)


def _whole_words(phrase: str) -> tuple[str, ...]:
    longest: dict[int, analysis.Token] = {}
    for token in analysis.tokens(phrase):
        current = longest.get(token.position)
        if current is None or token.end - token.start > current.end - current.start:
            longest[token.position] = token
    return tuple(longest[p].text for p in sorted(longest))
