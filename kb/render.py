"""Rendering results for a terminal and as JSON (Chinese kept readable)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from kb.knowledge import DocumentView
from kb.store import DocumentRecord

_LEVEL_SUFFIX = {3: "、", 5: "."}


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


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


def printed_label(label: str, level: int) -> str:
    """A canonical label as printed in an outline: 二 -> 二、, 12 -> 12."""
    return label + _LEVEL_SUFFIX.get(level, "") if not label.endswith("条") else label


def record_json(r: DocumentRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "title_original": r.title_original,
        "doc_number": r.doc_number,
        "issuers": list(r.issuers),
        "date": r.date,
        "jurisdiction": r.jurisdiction,
        "script": r.script,
        "items": r.items,
        "path": r.source,
    }


def index_text(report: Any) -> str:
    """The summary of an indexing run (an indexer.pipeline.IndexReport)."""
    counts = [
        f"{len(report.added)} added",
        f"{len(report.updated)} updated",
        f"{report.unchanged} unchanged",
        f"{len(report.removed)} removed",
        f"{len(report.errors)} failed",
    ]
    lines = [
        f"indexed in {report.seconds:.1f} s: {', '.join(counts)}; {report.documents} documents in the store"
    ]
    if report.removed:
        lines.append("removed (their files are gone): " + ", ".join(report.removed))
    return "\n".join(lines)


def docs_text(records: Sequence[DocumentRecord]) -> str:
    if not records:
        return "no documents"
    blocks = []
    for r in records:
        facts = [
            r.doc_number or "(no number)",
            r.date or "(no date)",
            r.jurisdiction or "(no jurisdiction)",
            r.script,
            f"{r.items} items",
        ]
        lines = [f"{r.id}  " + "  ".join(facts), f"  {r.title}"]
        if r.issuers:
            lines.append("  issuers: " + "；".join(r.issuers))
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + f"\n\n{len(records)} documents"


def show_json(view: DocumentView) -> dict[str, Any]:
    doc, meta = view.document, view.document.meta
    return {
        **record_json(view.record),
        "addressees": list(meta.addressees),
        "dates": {
            "written": meta.dates.written,
            "published": meta.dates.published,
            "effective": meta.dates.effective,
            "repealed": meta.dates.repealed,
        },
        "parts": [
            {"kind": str(p.kind), "title": p.title, "start": p.span.start, "end": p.span.end}
            for p in view.parts
        ],
        "outline": [
            {
                "label": e.section.label,
                "title": e.section.title,
                "level": e.section.level,
                "depth": e.depth,
                "task": e.task_seq,
                "start": e.section.span.start,
                "end": e.section.span.end,
            }
            for e in view.outline
        ],
        "tasks": len(doc.tasks),
    }


def show_text(view: DocumentView) -> str:
    r, meta = view.record, view.document.meta
    dates = meta.dates
    date_text = ", ".join(
        f"{name} {value}"
        for name, value in (
            ("written", dates.written),
            ("published", dates.published),
            ("effective", dates.effective),
            ("repealed", dates.repealed),
        )
        if value
    )
    lines = [
        r.title,
        f"  id            {r.id}",
        f"  number        {r.doc_number or '-'}",
        f"  issuers       {'；'.join(r.issuers) or '-'}",
        f"  dates         {date_text or '-'}",
        f"  jurisdiction  {r.jurisdiction or '-'}",
        f"  addressees    {'，'.join(meta.addressees) or '-'}",
        f"  script        {r.script}",
        f"  source        {r.source}",
        "",
        "Parts",
    ]
    lines += [f"  {str(p.kind):<15} {p.title}".rstrip() for p in view.parts]
    lines += ["", f"Outline ({len(view.document.tasks)} tasks)"]
    for e in view.outline:
        mark = f"   [task {e.task_seq}]" if e.task_seq else ""
        label = printed_label(e.section.label, e.section.level)
        lines.append(f"  {'  ' * e.depth}{label}{e.section.title}{mark}")
    return "\n".join(lines)
