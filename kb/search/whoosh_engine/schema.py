"""The index's fields, and kb.search.analysis as whoosh's analyzer.

Fields: `content`, a unit's text and the titles of the headings above it; `title` (document
units: titles, number, issuers, jurisdiction); `names` (agency names); `doc` and `agency`
(agency keys) for filters; `ref`, what a hit needs, stored. In `content` a heading's words
count HEADING_WEIGHT times and sit HEADING_GAP positions after the text, so no phrase spans
the two.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Analyzer, Token
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from kb.search import analysis
from kb.search.units import Unit

FIELDS = ("content", "title", "names")
HEADING_WEIGHT = 2.0
HEADING_GAP = 1000


class Text(str):
    """The value of a unit's `content` field: its text (the string itself) and its headings.

    A string, so that whoosh hands it to the analyzer (it takes lists and tuples as words).
    """

    heading: str

    def __new__(cls, body: str, heading: str) -> Text:
        text = super().__new__(cls, body)
        text.heading = heading
        return text

    @property
    def body(self) -> str:
        return str(self)


class PolicyAnalyzer(Analyzer):
    """kb.search.analysis as a whoosh analyzer (pre-analysed token lists pass through)."""

    def __call__(  # type: ignore[override]
        self, value: Any, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
        removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
        mode: str = "", **kwargs: Any,
    ) -> Iterator[Token]:  # fmt: skip
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if isinstance(value, Text):  # text, then headings: what the segment writer does, token by token
            body, count = analysis.counted_positions(value.body)
            words = [(w, p, 1.0) for w, where in body.items() for p in where]
            if value.heading:
                heading = analysis.heading_positions(value.heading).items()
                words += [(w, count + HEADING_GAP + p, HEADING_WEIGHT) for w, where in heading for p in where]
        else:
            words = [(t.text, t.position, 1.0) for t in analysis.tokens(value)]
        for text, position, boost in words:
            token.text, token.boost, token.stopped = text, boost, False
            if positions:
                token.pos = start_pos + position
            yield token


def schema() -> Schema:
    words = PolicyAnalyzer()
    return Schema(
        doc=ID(stored=True),
        agency=KEYWORD(commas=True, lowercase=False),
        title=TEXT(analyzer=words, field_boost=3.0, phrase=False),
        content=TEXT(analyzer=words, phrase=True),
        names=TEXT(analyzer=words, field_boost=1.5, phrase=False),
        # What a hit needs, in one stored value: id, kind, seq, label, path, start, end.
        ref=STORED,
    )


def fields(unit: Unit) -> dict[str, Any]:
    ref = (unit.id, unit.kind, unit.seq, unit.label, unit.path, unit.span.start, unit.span.end)
    values: dict[str, Any] = {"doc": unit.doc, "ref": ref}
    if unit.content or unit.heading:
        values["content"] = Text(unit.content, unit.heading)
    for name in ("title", "names"):
        if getattr(unit, name):
            values[name] = getattr(unit, name)
    if unit.agencies:
        values["agency"] = ",".join(unit.agencies)
    return values
