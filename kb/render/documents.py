"""Documents rendered: the list, one document's facts and outline, indexing and removal runs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kb.citation import printed
from kb.knowledge import DocumentView
from kb.render.terminal import count, inline
from kb.store import DocumentRecord


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
    total = count(report.documents, "document")
    lines = [f"indexed in {report.seconds:.1f} s: {', '.join(counts)}; {total} in the store"]
    if report.removed:
        lines.append("removed (their files are gone): " + ", ".join(map(inline, report.removed)))
    return "\n".join(lines)


def removal_text(done: Any) -> str:
    """What `kb remove` did (a kb.remove.Removal)."""
    names = ", ".join(inline(r.id) for r in done.removed)
    left = count(done.documents, "document")
    return f"removed {count(len(done.removed), 'document')}: {names}; {left} in the store"


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
            count(r.items, "item"),
        ]
        lines = [f"{inline(r.id)}  " + "  ".join(map(inline, facts)), f"  {inline(r.title)}"]
        if r.issuers:
            lines.append("  issuers: " + "；".join(map(inline, r.issuers)))
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + f"\n\n{count(len(records), 'document')}"


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
        inline(r.title),
        f"  id            {inline(r.id)}",
        f"  number        {inline(r.doc_number or '-')}",
        f"  issuers       {inline('；'.join(r.issuers) or '-')}",
        f"  dates         {date_text or '-'}",
        f"  jurisdiction  {r.jurisdiction or '-'}",
        f"  addressees    {'，'.join(meta.addressees) or '-'}",
        f"  script        {r.script}",
        f"  source        {inline(r.source)}",
        "",
        "Parts",
    ]
    lines += [f"  {str(p.kind):<15} {p.title}".rstrip() for p in view.parts]
    lines += ["", f"Outline ({count(len(view.document.tasks), 'task')})"]
    for e in view.outline:
        mark = f"   [task {e.task_seq}]" if e.task_seq else ""
        label = printed(e.section.label)
        lines.append(f"  {'  ' * e.depth}{label}{e.section.title}{mark}")
    return "\n".join(lines)
