"""Corrections rendered: what `kb correct` recorded, what `kb corrections` lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kb.corrections import Correction, Placed


def correction_json(c: Correction) -> dict[str, Any]:
    return c.to_json()


def correction_text(c: Correction) -> str:
    """What `kb correct` recorded."""
    lines = [f"corrected {c.path} {c.title} of {c.doc} (by {c.by} at {c.at})"]
    if c.agencies is not None:
        lines += _pairs_text(c.agencies, "  ")
    if c.deadline is not None:
        lines.append(f"  {'deadline':<12}{c.deadline}")
    was = "；".join(f"{n} ({r})" for n, r in c.extracted) or "no responsible unit"
    lines += [f"  {'note':<12}{c.note}", f"  {'extracted':<12}{was}"]
    return "\n".join(lines)


def _pairs_text(agencies: Sequence[tuple[str, Any]], indent: str) -> list[str]:
    if not agencies:
        return [f"{indent}(no responsible unit)"]
    lines = []
    for role in ("lead", "support", "responsible", "guide"):
        names = [n for n, r in agencies if str(r) == role]
        if names:
            lines.append(f"{indent}{role:<12}" + "；".join(names))
    return lines


def placed_json(p: Placed) -> dict[str, Any]:
    return {
        **p.correction.to_json(),
        "applies": not p.orphaned,
        "task_seq": p.seq,
        "orphaned": p.reason or None,
    }


def corrections_text(found: Sequence[Placed]) -> str:
    """What `kb corrections` lists: each correction, and whether it still applies."""
    lines: list[str] = []
    for p in found:
        c = p.correction
        status = "applies" if not p.orphaned else f"ORPHANED: {p.reason}"
        lines += [f"{c.doc}  {c.path}  {c.title}  [{status}]", f"  by {c.by} at {c.at}: {c.note}"]
        if c.agencies is not None:
            lines += _pairs_text(c.agencies, "  ")
        if c.deadline is not None:
            lines.append(f"  {'deadline':<12}{c.deadline}")
        lines.append("")
    n = len(found)
    orphans = sum(p.orphaned for p in found)
    tail = f", {orphans} orphaned" if orphans else ""
    lines.append(f"{n} correction{'s' if n != 1 else ''}{tail}")
    return "\n".join(lines)
