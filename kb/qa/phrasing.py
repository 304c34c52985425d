"""How answers are worded, in the question's language: Chinese (either script) or English.

Only the words around the facts are written here; names come from the documents and quotes
are never converted.
"""

from __future__ import annotations

from collections.abc import Sequence

from kb.citation import Citation, printed
from kb.model import Responsibility, Role
from kb.normalize import to_traditional

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


def no_owner(where: Citation, english: bool) -> str:
    if english:
        return f"{where.source} {where.location}: the document names no responsible unit for this task."
    return f"{where.source}{where.location}：该任务未明确责任单位。"


def not_found(what: str, english: bool) -> str:
    if english:
        return f"Nothing in the knowledge base answers this ({what})."
    return f"知识库中没有找到{what}。"


def task_line(where: Citation, role: Role | None, deadline: str | None, english: bool) -> str:
    label = printed(where.path[-1]) + where.headings[-1] if where.path else ""
    role_text = (f" ({role})" if english else f"（{ROLE_ZH[role]}）") if role else ""
    due = (f", due {deadline}" if english else f"，完成时限：{deadline}") if deadline else ""
    return f"{where.source} {label}{role_text}{due}"


def in_script(text: str, script: str) -> str:
    """Our own wording in the question's script (quotes are never passed through here)."""
    return to_traditional(text) if script == "traditional" else text
