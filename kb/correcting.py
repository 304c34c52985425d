"""Making, undoing, listing and sharing corrections (`kb correct`, `kb corrections`).

What an official types is resolved like everywhere else: the document by id, number or title
fragment, the task by label or path, each agency by the names the store and the registry know
in the document's place. An unknown agency name is refused with the nearest known names,
unless the official says it is a new agency. Writes hold the store's writer lock.
"""

from __future__ import annotations

import csv
import datetime
import getpass
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kb.agencies import registry
from kb.corrections import Correction, Placed, extracted_of, same_task, words_of
from kb.errors import AgencyNotFound, KbError, QueryError
from kb.model import Role, Task, path_text
from kb.normalize import match_key
from kb.resolve import find_task

if TYPE_CHECKING:
    from kb.backends.base import Store
    from kb.knowledge import KnowledgeBase
    from kb.store import DocumentRecord

# The columns of a corrections sheet: the 任务分工表's, then where the task is and who said so.
COLUMNS = (
    "文件", "文号", "序号", "重点任务", "牵头单位", "配合单位", "指导单位", "完成时限",
    "依据", "更正人", "更正时间", "原提取结果", "状态",
)  # fmt: skip
NONE_CELL = "（无）"  # 牵头单位 of a correction saying the task has no responsible unit
JOIN = "；"  # agencies in one cell (、 joins the two names of one body)


@dataclass(frozen=True, slots=True)
class Change:
    """What an official asks to change in one task."""

    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    guide: tuple[str, ...] = ()
    none: bool = False  # the task has no responsible unit
    deadline: str | None = None
    note: str = ""
    by: str | None = None
    new_agency: bool = False  # accept names no document and no registry knows

    @property
    def agencies(self) -> tuple[tuple[str, Role], ...] | None:
        if self.none:
            return ()
        named = [(n, Role.LEAD) for n in self.lead] + [(n, Role.SUPPORT) for n in self.support]
        named += [(n, Role.GUIDE) for n in self.guide]
        return tuple(named) or None


def correct(base: KnowledgeBase, store: Store, doc_ref: str, task_ref: str, change: Change) -> Correction:
    """Record a correction of one task (replacing an earlier one of the same task)."""
    record, task = _target(base, doc_ref, task_ref)
    _check(change)
    doc = base.cached(record.id)
    for name, _role in change.agencies or ():
        _known(base, name, doc.meta.jurisdiction, change.new_agency)
    made = Correction(
        doc=record.id, doc_hash=record.text_hash, path=path_text(task.path), words=words_of(task),
        title=task.title, agencies=change.agencies, deadline=change.deadline, note=change.note.strip(),
        by=change.by or _user(), at=_now(), extracted=extracted_of(task),
        extracted_deadline=task.corrected.extracted_deadline if task.corrected else task.deadline,
    )  # fmt: skip
    with store.locked():
        log = store.corrections()
        kept = [c for c in log.read() if not same_task(c, made)]
        log.write([*kept, made])
    return made


def undo(base: KnowledgeBase, store: Store, doc_ref: str, task_ref: str) -> Correction:
    """Remove the correction of one task: extraction's reading holds again."""
    record = base.record(doc_ref)
    with store.locked():
        log = store.corrections()
        found = log.read()
        path = _path_of(base, record.id, task_ref)
        gone = [c for c in found if c.doc == record.id and c.path == path]
        if not gone:
            raise KbError(f"task {task_ref} of {record.id} has no correction: `kb corrections` lists them")
        log.write([c for c in found if c not in gone])
    return gone[0]


def listing(base: KnowledgeBase, doc_ref: str | None = None) -> list[Placed]:
    """The corrections (of one document, or all), each with where it applies or why not."""
    doc = base.record(doc_ref).id if doc_ref else None
    return [p for p in base.placed if doc is None or doc in (p.doc, p.correction.doc)]


def _target(base: KnowledgeBase, doc_ref: str, task_ref: str) -> tuple[DocumentRecord, Task]:
    record = base.record(doc_ref)
    return record, find_task(base.cached(record.id), task_ref)


def _path_of(base: KnowledgeBase, doc_id: str, task_ref: str) -> str:
    """The path of the task `task_ref` names, or `task_ref` itself for an orphan's path."""
    try:
        return path_text(find_task(base.cached(doc_id), task_ref).path)
    except KbError:
        return task_ref.strip()


def _check(change: Change) -> None:
    if change.none and (change.lead or change.support or change.guide):
        raise QueryError("--none says the task has no responsible unit: leave out --lead/--support/--guide")
    if change.agencies is None and change.deadline is None:
        raise QueryError("nothing to correct: give --lead, --support, --guide, --none or --deadline")
    if not change.note.strip():
        raise QueryError('say why with --note (e.g. --note "依据2024年市政府办公厅通知")')
    names = [n for n, _ in change.agencies or ()]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise QueryError(f"{'、'.join(twice)} is named twice: give each agency one role")


def _known(base: KnowledgeBase, name: str, jurisdiction: str | None, new_agency: bool) -> None:
    """Refuse a name neither the store nor the registry knows, naming the nearest known ones."""
    if not name.strip():
        raise QueryError("an agency name is empty: give names separated by commas")
    index = base.agency_index_extracted
    if new_agency or registry().knows(name) or index.match(name) and index.only_in(name, jurisdiction):
        return
    resolved = registry().resolve(name, jurisdiction)
    if index.first(resolved.key) is not None or resolved.collective:
        return
    near = index.near(name)
    hint = "; known: " + "、".join(s.canonical for s in near) if near else ""
    raise AgencyNotFound(
        f"no agency named {name!r} is known{hint}; check the name, or add --new-agency if it is a new one"
    )


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def _now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


# -- sharing them as a sheet ---------------------------------------------------------------------


def export_csv(base: KnowledgeBase, path: str | os.PathLike[str], force: bool = False) -> int:
    """Write every correction as a CSV sheet (UTF-8 with BOM, for Excel); returns the rows."""
    from kb.export import write_file

    rows = [COLUMNS] + [_row(base, p) for p in base.placed]
    write_file(path, _csv_text(rows), force)
    return len(rows) - 1


def _csv_text(rows: Sequence[Sequence[str]]) -> str:
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return "\ufeff" + out.getvalue()


def _row(base: KnowledgeBase, p: Placed) -> tuple[str, ...]:
    c = p.correction
    record = base.catalog.get(p.doc or c.doc)
    by_role = {role: JOIN.join(n for n, r in c.agencies or () if r is role) for role in Role}
    lead = NONE_CELL if c.none else by_role[Role.LEAD] or by_role[Role.RESPONSIBLE]
    extracted = JOIN.join(f"{n}（{_ROLE_ZH[r]}）" for n, r in c.extracted) or NONE_CELL
    status = "已应用" if not p.orphaned else f"未应用：{_REASONS_ZH.get(p.reason, p.reason)}"
    return (
        c.doc, (record.doc_number or "") if record else "", c.path, c.title, lead, by_role[Role.SUPPORT],
        by_role[Role.GUIDE], c.deadline or "", c.note, c.by, c.at, extracted, status,
    )  # fmt: skip


_ROLE_ZH = {Role.LEAD: "牵头", Role.SUPPORT: "配合", Role.RESPONSIBLE: "负责", Role.GUIDE: "指导"}
_REASONS_ZH = {
    "the document is no longer in the store": "文件已不在知识库中",
    "the task's words changed": "任务原文已变化",
    "the document no longer has this task": "文件中已无此任务",
}


@dataclass(frozen=True, slots=True)
class Imported:
    """What `kb corrections import` did: corrections made, and the rows refused with why."""

    made: tuple[Correction, ...]
    refused: tuple[str, ...]  # one line per refused row


def import_csv(
    base: KnowledgeBase, store: Store, path: str | os.PathLike[str], by: str | None = None,
    new_agency: bool = False,
) -> Imported:  # fmt: skip
    """Make the corrections a sheet lists (as `export_csv` writes it); a row whose task is not
    found, or whose 重点任务 is no longer the task's title, is refused and named."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise KbError(f"cannot read {os.fspath(path)}: {getattr(e, 'strerror', None) or e}") from e
    reader = csv.DictReader(text.splitlines())
    missing = [
        c
        for c in ("文件", "序号", "重点任务", "牵头单位", "配合单位", "依据")
        if c not in (reader.fieldnames or ())
    ]
    if missing:
        raise KbError(
            f"{os.fspath(path)} has no column {'、'.join(missing)}: export one with `kb corrections export`"
        )
    made: list[Correction] = []
    refused: list[str] = []
    for line, row in enumerate(reader, start=2):
        try:
            made.append(_from_row(base, row, by, new_agency))
        except KbError as e:
            refused.append(f"{os.fspath(path)}, row {line}: {e}")
    if made:
        with store.locked():
            log = store.corrections()
            kept = [c for c in log.read() if not any(same_task(c, m) for m in made)]
            log.write([*kept, *made])
    return Imported(tuple(made), tuple(refused))


def _from_row(base: KnowledgeBase, row: dict[str, str], by: str | None, new_agency: bool) -> Correction:
    doc_ref = (row.get("文件") or "").strip() or (row.get("文号") or "").strip()
    record, task = _target(base, doc_ref, row["序号"])
    if match_key(row["重点任务"]) != match_key(task.title):
        raise KbError(f"task {row['序号']} of {record.id} is now “{task.title}”, not “{row['重点任务']}”")
    lead_cell = (row.get("牵头单位") or "").strip()
    change = Change(
        lead=() if lead_cell == NONE_CELL else _names(lead_cell),
        support=_names(row.get("配合单位", "")),
        guide=_names(row.get("指导单位", "")),
        none=lead_cell == NONE_CELL,
        deadline=(row.get("完成时限") or "").strip() or None,
        note=(row.get("依据") or "").strip(),
        by=by or (row.get("更正人") or "").strip() or None,
        new_agency=new_agency,
    )
    _check(change)
    doc = base.cached(record.id)
    for name, _role in change.agencies or ():
        _known(base, name, doc.meta.jurisdiction, new_agency)
    at = (row.get("更正时间") or "").strip() or _now()
    return Correction(
        doc=record.id, doc_hash=record.text_hash, path=path_text(task.path), words=words_of(task),
        title=task.title, agencies=change.agencies, deadline=change.deadline, note=change.note,
        by=change.by or _user(), at=at, extracted=extracted_of(task),
        extracted_deadline=task.corrected.extracted_deadline if task.corrected else task.deadline,
    )  # fmt: skip


def _names(cell: str) -> tuple[str, ...]:
    return tuple(
        n.strip()
        for n in cell.replace(";", JOIN).replace(",", JOIN).replace("，", JOIN).split(JOIN)
        if n.strip()
    )
