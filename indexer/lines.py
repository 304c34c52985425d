"""The line around a position, looked for within a bounded reach.

Documents may come as a single line of megabytes (pages extracted without line breaks). The
parser asks, of many positions, where their line starts and ends; an unbounded search from
each would make parsing quadratic in such a document. The decisions that look at a line
compare it with a few hundred characters at most (a heading, a run-on page, a title line),
so looking `REACH` characters either way answers them exactly.
"""

from __future__ import annotations

REACH = 4096


def line_start(view: str, pos: int, floor: int = 0) -> int:
    """Where the line holding `pos` starts, or `pos - REACH` (not before `floor`) if further."""
    low = max(floor, pos - REACH)
    return view.rfind("\n", low, pos) + 1 or low


def line_end(view: str, pos: int, ceiling: int | None = None) -> int:
    """Where the line holding `pos` ends (its newline), or `pos + REACH` (at most `ceiling`,
    by default the end of the text) if further."""
    high = min(len(view) if ceiling is None else ceiling, pos + REACH)
    found = view.find("\n", pos, high)
    return found if found != -1 else high


def ends_line(view: str, pos: int) -> bool:
    """Whether a newline is found (within reach) at or after `pos`."""
    return view.find("\n", pos, pos + REACH) != -1
