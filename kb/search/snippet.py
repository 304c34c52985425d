"""Snippets: a window of a unit's original text with the matched words marked.

Matching happens on the normalised text; `kb.normalize.offsets_of` maps every match back to
the original characters, so the marks fall on the words as the document writes them
(智慧財產權 for a search on 知识产权). The text is shown as written, or converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kb.normalize import convert, normalize, offsets_of, original_span

WIDTH = 160  # characters of context around the first match
_LEAD = 40
_ONE_LINE = str.maketrans("\r\n\t", "   ")  # same length: the marks stay on their words


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    marks: tuple[tuple[int, int], ...]  # [start, end) ranges of `text` to highlight
    cut_before: bool
    cut_after: bool

    def render(self, opening: str, closing: str) -> str:
        out, pos = [], 0
        for start, end in self.marks:
            out += [self.text[pos:start], opening, self.text[start:end], closing]
            pos = end
        out.append(self.text[pos:])
        return ("…" if self.cut_before else "") + "".join(out) + ("…" if self.cut_after else "")


def matches(text: str, words: list[str], until: int | None = None) -> list[tuple[int, int]]:
    """Spans of the original text where any of `words` (normalised, longest first) occurs;
    with `until`, only in the pieces starting before the first match + `until` characters.

    Lines and sentences are normalised one at a time (no phrase of the conversion tables
    crosses them), so aligning a normalised piece with its original stays cheap.
    """
    words = [w for w in words if w]
    if not words or not text:
        return []
    patterns = [_pattern(word) for word in words]
    found: list[tuple[int, int]] = []
    limit = len(text)
    for start, piece in _pieces(text):
        if start >= limit:
            break
        norm = normalize(piece)
        if not any(pattern.search(norm) for pattern in patterns):
            continue  # most pieces hold no word: aligning them with the original is wasted
        offsets = offsets_of(piece, norm)
        covered = [False] * len(norm)
        for pattern in patterns:
            for m in pattern.finditer(norm):
                if not any(covered[m.start() : m.end()]):
                    covered[m.start() : m.end()] = [True] * (m.end() - m.start())
                    a, b = original_span(offsets, m.start(), m.end())
                    found.append((start + a, start + b))
        if found and until is not None:
            limit = min(limit, min(found)[0] + until)
    return sorted(found)


@lru_cache(maxsize=256)
def _pattern(word: str) -> re.Pattern[str]:
    """A word's characters with up to three punctuation marks or blanks between them, which do
    not break a match (反向“硬孵化); made once per word, not once per hit."""
    return re.compile(r"[\W_]{0,3}".join(re.escape(c) for c in word))


_PIECE = re.compile(r"[^\n。]*(?:[\n。]|$)")


def _pieces(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _PIECE.finditer(text) if m.group()]


def snippet(
    text: str, words: list[str], script: str = "original", width: int = WIDTH, vocabulary: bool = False
) -> Snippet:
    """The part of `text` around its first match, in the script asked for.

    `vocabulary`: the text is a traditional document's, shown in simplified script with
    mainland words (kb.normalize.to_mainland): 智慧財產權 -> 知识产权, the marks on it.
    """
    spans = matches(text, words, until=width)
    start = max(0, spans[0][0] - _LEAD) if spans else 0
    end = min(len(text), start + width)
    window = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    shown, marks = _in_script(text[start:end], window, script, vocabulary)
    return Snippet(shown.translate(_ONE_LINE), tuple(marks), start > 0, end < len(text))


def _in_script(
    text: str, marks: list[tuple[int, int]], script: str, vocabulary: bool
) -> tuple[str, list[tuple[int, int]]]:
    """Convert piece by piece between the marks, so each mark stays on its words (moved where
    a converted word is longer or shorter than the original)."""
    if script == "original":
        return text, marks
    cuts = sorted({0, len(text), *(p for m in marks for p in m)})
    pieces = [convert(text[a:b], script, vocabulary) for a, b in zip(cuts, cuts[1:], strict=False)]
    if not vocabulary and len("".join(pieces)) != len(text):
        return text, marks  # characters only: never seen, keep the original
    moved, pos = {0: 0}, 0  # each cut's place in the converted text
    for cut, piece in zip(cuts[1:], pieces, strict=False):
        pos += len(piece)
        moved[cut] = pos
    return "".join(pieces), [(moved[a], moved[b]) for a, b in marks]
