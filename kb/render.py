"""Rendering results for a terminal and as JSON (Chinese kept readable)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from kb.citation import Citation, for_task, printed
from kb.corrections import Correction, Placed
from kb.knowledge import DocumentView, Owners
from kb.model import Corrected, Responsibility, Role, Task, TaskRef, path_text
from kb.qa import phrasing
from kb.qa.answer import Answer
from kb.responsibilities import AgencySummary, AgencyTasks
from kb.search.results import SearchResult
from kb.store import DocumentRecord

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


def _line(text: str | None) -> str:
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
        lines.append("removed (their files are gone): " + ", ".join(map(_line, report.removed)))
    return "\n".join(lines)


def removal_text(done: Any) -> str:
    """What `kb remove` did (a kb.remove.Removal)."""
    names = ", ".join(_line(r.id) for r in done.removed)
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
        lines = [f"{_line(r.id)}  " + "  ".join(map(_line, facts)), f"  {_line(r.title)}"]
        if r.issuers:
            lines.append("  issuers: " + "；".join(map(_line, r.issuers)))
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
        _line(r.title),
        f"  id            {_line(r.id)}",
        f"  number        {_line(r.doc_number or '-')}",
        f"  issuers       {_line('；'.join(r.issuers) or '-')}",
        f"  dates         {date_text or '-'}",
        f"  jurisdiction  {r.jurisdiction or '-'}",
        f"  addressees    {'，'.join(meta.addressees) or '-'}",
        f"  script        {r.script}",
        f"  source        {_line(r.source)}",
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


# -- tasks and agencies -----------------------------------------------------------------------


IMPLIED = "（默认）"  # after a body a standing rule gives the task (以下各项均由各区政府落实)
GUIDE_LEADS = "未另列牵头单位，由指导单位牵头 (only a guiding unit is named: it leads)"


def agency_json(r: Responsibility) -> dict[str, Any]:
    return {
        "name": r.name, "canonical": r.canonical, "role": str(r.role), "collective": r.collective,
        "verb": r.verb, "implied": r.implied,
    }  # fmt: skip


def guide_leads(responsibilities: Sequence[Responsibility]) -> bool:
    """Whether a task names only guiding units (`（市发展改革委指导）`): the guide is who leads."""
    return bool(responsibilities) and all(r.role is Role.GUIDE for r in responsibilities)


def task_json(t: Task) -> dict[str, Any]:
    return {
        "doc": t.doc,
        "seq": t.seq,
        "label": t.label,
        "path": list(t.path),
        "title": t.title,
        "text": t.text,
        "deadline": t.deadline,
        "agencies": [agency_json(r) for r in t.responsibilities],
        "corrected": corrected_json(t.corrected),
    }


def corrected_json(c: Corrected | None) -> dict[str, Any] | None:
    """How an official corrected a task (null when not corrected), with what extraction said."""
    if c is None:
        return None
    return {
        "by": c.by, "at": c.at, "note": c.note,
        "extracted": [{"name": n, "role": str(r)} for n, r in c.extracted],
        "extracted_deadline": c.extracted_deadline,
    }  # fmt: skip


CORRECTED = "（已更正）"


def _mark(t: Task | TaskRef) -> str:
    return CORRECTED if t.corrected else ""


def _corrected_lines(c: Corrected | None, indent: str) -> list[str]:
    if c is None:
        return []
    was = "；".join(f"{n} ({r})" for n, r in c.extracted) or "no responsible unit"
    lines = [f"{indent}{CORRECTED} by {c.by} at {c.at}: {c.note}", f"{indent}extraction read: {was}"]
    if c.extracted_deadline:
        lines.append(f"{indent}extraction's deadline: {c.extracted_deadline}")
    return lines


def _roles_text(responsibilities: Sequence[Responsibility], indent: str) -> list[str]:
    if not responsibilities:
        return [f"{indent}(no responsible unit named)"]
    lines = []
    for role in ("lead", "support", "responsible", "guide"):
        names = [r.name + (IMPLIED if r.implied else "") for r in responsibilities if str(r.role) == role]
        if names:
            lines.append(f"{indent}{role:<12}" + "；".join(names))
    if guide_leads(responsibilities):
        lines.append(f"{indent}{GUIDE_LEADS}")
    return lines


def tasks_text(record: DocumentRecord, tasks: Sequence[Task]) -> str:
    lines = [_line(record.title) + (f"（{_line(record.doc_number)}）" if record.doc_number else ""), ""]
    for t in tasks:
        due = f"   [{t.deadline}]" if t.deadline else ""
        lines.append(f"{t.seq:>4}  {path_text(t.path)}  {t.title}{_mark(t)}{due}")
        lines += _roles_text(t.responsibilities, "        ")
    lines += ["", count(len(tasks), "task")]
    return "\n".join(lines)


def owners_json(o: Owners) -> dict[str, Any]:
    return {
        "doc": record_json(o.record),
        "task": task_json(o.task),
        "agencies": [agency_json(r) for r in o.task.responsibilities],
        "citation": str(for_task(o.document, o.task)),
        "by_order": o.by_order or None,
    }


# Role words that say no more than the role: not repeated after the name.
_PLAIN_WORDS = frozenset(["牵头", "配合", "责任", "负责", "指导", "参与", "协办", "主办"])


def owners_text(o: Owners) -> str:
    cite = for_task(o.document, o.task)
    lines = [cite.source, f"  {cite.location}{_mark(o.task)}", ""]
    if o.by_order:
        note = f"no item printed {o.by_order}; its task {o.task.seq} in order is {path_text(o.task.path)}"
        lines.insert(2, f"  ({note})")
    if o.task.responsibilities:
        for r in o.task.responsibilities:
            canonical = f"   ({r.canonical})" if r.canonical != r.name else ""
            verb = f"   [{r.verb}]" if r.verb and r.verb not in _PLAIN_WORDS else ""
            implied = f"{IMPLIED}   [implied: a standing rule of the document]" if r.implied else ""
            lines.append(f"  {str(r.role):<12}{r.name}{implied}{canonical}{verb}")
        if guide_leads(o.task.responsibilities):
            lines.append(f"  {GUIDE_LEADS}")
    else:
        lines.append("  该任务未明确责任单位 (the document names no responsible unit for this task)")
    if o.task.deadline:
        lines.append(f"  {'deadline':<12}{o.task.deadline}")
    lines += _corrected_lines(o.task.corrected, "  ")
    lines += ["", *("  " + line for line in o.task.text.splitlines() if line.strip())]
    return "\n".join(lines)


def summary_json(s: AgencySummary) -> dict[str, Any]:
    return {
        "key": s.key,
        "canonical": s.canonical,
        "jurisdiction": s.jurisdiction,
        "collective": s.collective,
        "names": list(s.names),
        "lead": s.counts.get("lead", 0),
        "support": s.counts.get("support", 0),
        "responsible": s.counts.get("responsible", 0),
        "guide": s.counts.get("guide", 0),
        "tasks": s.total,
    }


def agencies_text(summaries: Sequence[AgencySummary]) -> str:
    rows = [
        (s.canonical + (" (collective)" if s.collective else ""), s.jurisdiction or "-",
         str(s.counts.get("lead", 0)), str(s.counts.get("support", 0)),
         str(s.counts.get("responsible", 0) + s.counts.get("guide", 0)))
        for s in summaries
    ]  # fmt: skip
    shown = [[_line(cell) for cell in row] for row in rows]
    return (
        table(["AGENCY", "JURISDICTION", "LEAD", "SUPPORT", "OTHER"], shown)
        + f"\n\n{count(len(rows), 'agency', 'agencies')}"
    )


def agency_tasks_json(found: AgencyTasks) -> dict[str, Any]:
    docs: dict[str, dict[str, Any]] = {}
    for a in found.assignments:
        entry = docs.setdefault(a.record.id, {
            "doc": a.record.id, "title": a.record.title, "doc_number": a.record.doc_number, "tasks": [],
        })  # fmt: skip
        entry["tasks"].append({
            "seq": a.task.seq, "label": a.task.label, "path": list(a.task.path), "title": a.task.title,
            "deadline": a.task.deadline, "role": str(a.responsibility.role), "name": a.responsibility.name,
            "corrected": a.task.corrected,
        })  # fmt: skip
    return {
        "query": found.query,
        "agencies": [summary_json(s) for s in found.agencies],
        "documents": list(docs.values()),
    }


def agency_tasks_text(found: AgencyTasks) -> str:
    lines = []
    for s in found.agencies:
        where = f" ({s.jurisdiction})" if s.jurisdiction else ""
        lead, support = s.counts.get("lead", 0), s.counts.get("support", 0)
        lines.append(f"{s.canonical}{where}: {lead} lead, {support} support")
    current = None
    for a in found.assignments:
        if a.record.id != current:
            current = a.record.id
            number = f"（{a.record.doc_number}）" if a.record.doc_number else ""
            lines += ["", f"{_line(a.record.title)}{_line(number)}  [{_line(a.record.id)}]"]
        due = f"   [{a.task.deadline}]" if a.task.deadline else ""
        lines.append(
            f"  {str(a.responsibility.role):<12}{''.join(a.task.path):<10}{a.task.title}{_mark(a.task)}{due}"
        )
    lines += ["", count(len(found.assignments), "task")]
    return "\n".join(lines)


# -- search -------------------------------------------------------------------------------------


def search_json(result: SearchResult) -> dict[str, Any]:
    return {
        "query": result.query,
        "notes": list(result.notes),
        "partial": result.partial,
        "words": result.words,
        "words_held": result.held,
        "hits": [
            {
                "doc": h.doc,
                "title": h.title,
                "doc_number": h.doc_number,
                "kind": h.kind,
                "path": list(h.path),
                "label": h.label,
                "seq": h.seq,
                "location": h.location,
                "score": round(h.score, 4),
                "snippet": h.snippet.render("<em>", "</em>"),
                "text": h.text,
            }
            for h in result.hits
        ],
    }


def search_text(result: SearchResult, marks: tuple[str, str] = ("«", "»")) -> str:
    lines = [f"({note})" for note in result.notes]
    if result.partial:
        held = f"these hold {result.held} of its {result.words} words"
        lines.append(f"(no passage holds every word of the query: {held})")
    if not result.hits:
        return "\n".join([*lines, f"no results for {result.query!r}"])
    for i, h in enumerate(result.hits, 1):
        number = f"（{_line(h.doc_number)}）" if h.doc_number else ""
        where = f"  {_line(h.location)}" if h.location else ""
        lines.append(
            f"{i:>2}. {_line(h.title)}{number}{where}   [{_line(h.doc)}{f' task {h.seq}' if h.seq else ''}]"
        )
        lines.append(f"    {h.snippet.render(*marks)}")
    return "\n".join(lines)


# -- answers ------------------------------------------------------------------------------------


def citation_json(c: Citation) -> dict[str, Any]:
    return {"doc": c.doc, "doc_number": c.doc_number, "title": c.title, "path": list(c.path), "seq": c.seq,
            "location": c.location, "quote": c.quote}  # fmt: skip


def answer_json(a: Answer, explain: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "question": a.question,
        "kind": a.kind,
        "answer": a.answer,
        "agencies": [
            {"name": r.name, "written": r.written or r.name, "canonical": r.canonical, "role": str(r.role)}
            for r in a.agencies
        ],
        "tasks": [task_json(t) for t in a.tasks],
        "citations": [citation_json(c) for c in a.citations],
        "candidates": [
            {
                "id": c.path or c.doc,
                "title": c.title or c.doc_title,
                "doc": c.doc,
                "path": c.path or None,
                "doc_title": c.doc_title,
                "heading": c.heading,
            }
            for c in a.candidates
        ],  # fmt: skip
        "flagged_citations": list(a.flagged),
        "script": a.script,
        "verdict": a.verdict,
        "count": a.count,
    }
    if explain and a.explanation is not None:
        out["explain"] = a.explanation.as_dict()
    return out


def answer_text(a: Answer, explain: bool = False) -> str:
    lines = [a.answer]
    for i, c in enumerate(a.citations, 1) if a.kind not in ("free", "documents") else ():
        where = phrasing.in_script(str(c), a.script)  # our wording; the quote stays as written
        lines += ["", f"[{i}] {where}", *("    " + line for line in c.quote.splitlines() if line.strip())]
    if a.kind == "documents":
        lines += ["", *(f"  {phrasing.in_script(c.source, a.script)}：“{c.quote}”" for c in a.citations)]
    if a.candidates:
        lines += ["", *phrasing.candidate_lines(a.candidates, a.script)]
    if a.flagged:
        numbers = "、".join(f"[{n}]" for n in a.flagged)
        lines += [
            "",
            f"! the answer cites {numbers}, which no retrieved passage has: do not rely on those parts",
        ]
    if explain and a.explanation is not None:
        lines += ["", "How the question was read:", *("  " + line for line in a.explanation.lines())]
    return "\n".join(lines)


# -- corrections --------------------------------------------------------------------------------


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
