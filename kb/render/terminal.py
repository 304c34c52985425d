"""Text for a terminal and JSON: control characters escaped, Chinese readable, columns aligned."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

# Control characters (tab and newline kept in text with lines), lone surrogates (file names
# that were not UTF-8), and what terminals take as commands: never printed raw.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSAFE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\ud800-\udfff]")  # json.dumps escapes the others
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    if "\ud800" <= c <= "\udfff":
        return "\ufffd"  # a byte of a name that was not UTF-8
    return _NAMED.get(c) or f"\\x{ord(c):02x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` safe to print on a terminal: control characters escaped (`\\x1b`, `\\n` in
    one line), undecodable bytes of file names as U+FFFD."""
    return (_UNSAFE_LINE if one_line else _UNSAFE).sub(_escape, text)


def inline(text: str | None) -> str:
    """`text` (or nothing) safe to print as part of one line."""
    return printable(text or "", one_line=True)


def count(n: int, word: str, plural: str | None = None) -> str:
    """`1 document`, `2 documents`, `1,200 documents`."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def to_json(value: Any) -> str:
    """JSON with Chinese readable; every control character escaped, undecodable bytes of
    file names as U+FFFD."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else f"\\u{ord(m.group()):04x}", text)


def width(text: str) -> int:
    """Columns a string takes in a terminal (wide CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    rows = [list(map(str, r)) for r in rows]
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)
