"""Tasks and agencies rendered: a document's tasks, who owns one, agencies and their tasks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kb.citation import for_task
from kb.knowledge import Owners
from kb.model import Corrected, Responsibility, Role, Task, TaskRef, path_text
from kb.render.documents import record_json
from kb.render.terminal import count, inline, table
from kb.responsibilities import AgencySummary, AgencyTasks
from kb.store import DocumentRecord

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
    lines = [inline(record.title) + (f"（{inline(record.doc_number)}）" if record.doc_number else ""), ""]
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
    shown = [[inline(cell) for cell in row] for row in rows]
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
            lines += ["", f"{inline(a.record.title)}{inline(number)}  [{inline(a.record.id)}]"]
        due = f"   [{a.task.deadline}]" if a.task.deadline else ""
        lines.append(
            f"  {str(a.responsibility.role):<12}{''.join(a.task.path):<10}{a.task.title}{_mark(a.task)}{due}"
        )
    lines += ["", count(len(found.assignments), "task")]
    return "\n".join(lines)
