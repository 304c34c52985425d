"""How answers are worded, in the question's language: Chinese (either script) or English.

Only the words around the facts are written here; names come from the documents and quotes
are never converted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kb import places
from kb.citation import Citation
from kb.model import Corrected, Responsibility, Role, Task
from kb.normalize import to_traditional

if TYPE_CHECKING:
    from kb.qa.result import Candidate
    from kb.responsibilities import AgencySummary

ROLE_ZH = {Role.LEAD: "牵头", Role.SUPPORT: "配合", Role.RESPONSIBLE: "负责", Role.GUIDE: "指导"}


def names(responsibilities: Sequence[Responsibility], role: Role) -> list[str]:
    return [r.name for r in responsibilities if r.role is role]


def task_roles(where: Citation, rs: Sequence[Responsibility], kind: str, english: bool) -> str:
    """One task's agencies, worded for an owner, lead or support question."""
    lead, support = names(rs, Role.LEAD), names(rs, Role.SUPPORT)
    other = [(r.role, r.name) for r in rs if r.role in (Role.RESPONSIBLE, Role.GUIDE)]
    if english:
        head = f"{where.source} {where.location}: "
        parts = []
        if lead and kind != "support_of_task" or kind == "lead_of_task":
            parts.append(f"lead: {'、'.join(lead) or 'none named'}")
        if support and kind != "lead_of_task" or kind == "support_of_task":
            parts.append(f"support: {'、'.join(support) or 'none named'}")
        parts += [f"{str(role)}: {name}" for role, name in other]
        return head + "; ".join(parts) + "."
    head = f"{where.source}{where.location}："
    parts = []
    if kind == "lead_of_task":
        parts.append(f"由{'、'.join(lead)}牵头" if lead else "未明确牵头单位")
        if support:
            parts.append(f"配合单位为{'、'.join(support)}")
    elif kind == "support_of_task":
        parts.append(f"配合单位为{'、'.join(support)}" if support else "未列配合单位")
        if lead:
            parts.append(f"牵头单位为{'、'.join(lead)}")
    else:
        if lead:
            parts.append(f"牵头单位为{'、'.join(lead)}")
        if support:
            parts.append(f"配合单位为{'、'.join(support)}")
    parts += [f"{ROLE_ZH[role]}单位为{name}" for role, name in other]
    return head + "；".join(parts) + "。"


def corrected(c: Corrected, english: bool) -> str:
    """The mark of a task an official corrected, with the basis given."""
    if english:
        return f" (corrected by {c.by} on {c.at[:10]}: {c.note})"
    return f"（已更正：{c.by}，{c.at[:10]}，{c.note}）"


def no_owner(where: Citation, english: bool) -> str:
    if english:
        return f"{where.source} {where.location}: the document names no responsible unit for this task."
    return f"{where.source}{where.location}：该任务未明确责任单位。"


def not_found(what: str, english: bool) -> str:
    if english:
        return f"Nothing in the knowledge base answers this ({what})."
    return f"知识库中没有找到{what}。"


def task_entry(task: Task, role: Role | None, english: bool) -> str:
    """One task in a list: its path and title, the role asked about and the deadline."""
    role_text = (f" ({role})" if english else f"（{ROLE_ZH[role]}）") if role else ""
    due = (f", due {task.deadline}" if english else f"，完成时限：{task.deadline}") if task.deadline else ""
    return f"{''.join(task.path)}  {task.title}{role_text}{due}"


def in_script(text: str, script: str) -> str:
    """Our own wording in the question's script (quotes are never passed through here)."""
    return to_traditional(text) if script == "traditional" else text


# -- ambiguity ----------------------------------------------------------------------------------


def several_items(ref: str, candidates: Sequence[Candidate], reason: str, english: bool) -> str:
    """Why a task reference is ambiguous, and how to name one of its candidates."""
    docs = len({c.doc for c in candidates})
    example = next((c.path for c in candidates if not c.heading), candidates[0].path)
    if reason == "heading":
        if english:
            return f"{ref!r} is a heading, not a task; name one of the tasks under it, such as {example}."
        return f"“{ref}”是标题，不是任务；请指明其下的一项任务（如{example}）。"
    if english:
        where = f"{docs} documents" if docs > 1 else "the document"
        return (
            f"{ref!r} names {len(candidates)} items in {where}; "
            f"name the document or give a path such as {example}."
        )
    where = f"{docs}份文件中的" if docs > 1 else ""
    return f"“{ref}”对应{where}{len(candidates)}个条目，请指明文件或给出路径（如{example}）。"


def several_documents(phrase: str, count: int, english: bool) -> str:
    if english:
        return f"{phrase!r} matches {count} documents; name one of them."
    return f"“{phrase}”对应{count}份文件，请指明其中一份。"


def candidate_lines(candidates: Sequence[Candidate], script: str) -> list[str]:
    """The candidates of an ambiguous answer, grouped by document, in the answer's script."""
    if all(not c.path for c in candidates):
        return [in_script(f"  {c.doc}  {c.doc_title}", script) for c in candidates]
    mark = " (a heading)" if script == "english" else "（标题）"
    several = len({c.doc for c in candidates}) > 1
    lines: list[str] = []
    for i, c in enumerate(candidates):
        if several and (i == 0 or candidates[i - 1].doc != c.doc):
            lines.append(f"  {c.doc}  《{c.doc_title}》")
        indent = "    " if several else "  "
        lines.append(f"{indent}{c.path}  {c.title}{mark if c.heading else ''}")
    return [in_script(line, script) for line in lines]


# -- agencies -----------------------------------------------------------------------------------

_ROLE_EN = {"lead": "lead", "support": "support", "responsible": "responsible", "guide": "guide"}
_VERB_EN = {"lead": "leads", "support": "supports"}


def no_agency(name: str, role: str | None, english: bool) -> str:
    """What was looked for when no agency of that name has tasks (in that role)."""
    if english:
        return f"no agency named {name!r} is responsible for any task"
    verb = {"lead": "牵头", "support": "配合"}.get(role or "", "负责")
    return f"由“{name}”{verb}的任务"


def several_agencies(name: str, count: int, english: bool) -> str:
    if english:
        return f"{name!r} names {count} agencies in different places:"
    return f"“{name}”对应{count}个单位："


def agency_head(
    summary: AgencySummary, role: str | None, counts: Counter[str], docs: int, english: bool
) -> str:
    """One agency's line above its tasks: what it does, how often, in how many documents."""
    who = _display(summary)
    total = sum(counts.values())
    if english:
        if role:
            done = f"{_VERB_EN.get(role, role)} {_n(counts[role], 'task')}"
            return f"{who} {done} in {_n(docs, 'document')} ({_roles(counts, True)} in all):"
        return f"{who}: {_n(total, 'task')} in {_n(docs, 'document')} ({_roles(counts, True)}):"
    if role:
        done = f"{ROLE_ZH[Role(role)]}{counts[role]}项任务"
        return f"{who}{done}，分布在{docs}份文件中（全部任务：{_roles(counts, False)}）："
    return f"{who}共有{total}项任务，分布在{docs}份文件中（{_roles(counts, False)}）："


def agency_has_no_role(
    summary: AgencySummary, role: str, counts: Counter[str], docs: int, listed: bool, english: bool
) -> str:
    """An agency asked about in a role it has in no task: say so, and what it does instead
    (`listed`: its tasks follow)."""
    who, total = _display(summary), sum(counts.values())
    if english:
        where = f"in {_n(docs, 'document')} ({_roles(counts, True)})"
        return f"{who} {_VERB_EN.get(role, role)} no task; its {_n(total, 'task')} {where}" + (
            ":" if listed else "."
        )
    where = f"分布在{docs}份文件中（{_roles(counts, False)}）"
    return f"{who}没有{ROLE_ZH[Role(role)]}的任务；它的{total}项任务{where}" + ("：" if listed else "。")


def agency_count(name: str, counts: Counter[str], english: bool) -> str:
    """An agency of a document with its number of tasks per role."""
    if english:
        return f"{name} ({counts['lead']} lead, {counts['support']} support)"
    return f"{name}（牵头{counts['lead']}项、配合{counts['support']}项）"


def document_without_owners(title: str, english: bool) -> str:
    if english:
        return f"《{title}》 names no responsible unit for any of its tasks."
    return f"《{title}》未明确任何任务的责任单位。"


def _display(summary: AgencySummary) -> str:
    """The agency's full name, with its place when the name does not say it (各区政府（北京市）)."""
    where = summary.jurisdiction or ""
    if not where or places.place_of(summary.canonical) == where:
        return summary.canonical
    return f"{summary.canonical}（{where}）"


def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _roles(counts: Counter[str], english: bool) -> str:
    order = [r for r in ("lead", "support", "responsible", "guide") if counts[r]]
    if english:
        return ", ".join(f"{counts[r]} {_ROLE_EN[r]}" for r in order)
    return "、".join(f"{ROLE_ZH[Role(r)]}{counts[r]}项" for r in order)


def in_several_documents(ref: str, count: int, english: bool) -> str:
    if english:
        return f"{count} documents have a task {ref!r}; each is answered:"
    return f"{count}份文件都有“{ref}”这项任务，分别回答如下："
