"""Tables of tasks: rows flattened to tab-separated lines, with a responsible-unit column.

A header row names the columns (序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 ...); every row
below it is a task. A unit given only on the first row of a group applies to the rows after
it until the next one, and a row with a single cell (`一、…`) starts a new group; so does a
group row naming units (`（一）` | `优化营商环境` | `区甲局`) above rows of Arabic 序号, its units
going to the cells its rows leave empty.

The header's columns are read by `indexer.columns`; tables flattened one cell per line (a web
page's table as text) by `indexer.cells`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from indexer import responsibility as rsp
from indexer.columns import ASSESSED_WORDS, Columns, divisions_of, header
from indexer.names import split_plain
from indexer.order_notes import ORDER_NOTE, order_note
from kb.agencies import COLLECTIVE
from kb.labels import cn_number
from kb.model import Role, Span

_LABEL_CELL = re.compile(r"（[一二三四五六七八九十]+）|\d+-\d+|第[一二三四五六七八九十百零]+条")
# A unit cell that names no one: 无, —, /, （未明确） (what `kb export` writes for a task without).
_NONE_CELL = re.compile(r"[/／—\-－无]+|[（(]?未明确[）)]?")
_GROUP = re.compile(r"^(?P<cn>[一二三四五六七八九十]+)[、.．]|^[（(](?P<pcn>[一二三四五六七八九十]+)[）)]")


@dataclass(frozen=True, slots=True)
class Row:
    """One task row of a table."""

    span: Span  # the row's line
    label: str  # its 序号, or its place in the table
    group: str | None  # the label of the group row above it (二, （三）), if any
    group_start: int | None  # where that group row starts
    task: Span  # the task cell
    marker: rsp.Marker | None
    content: Span | None = None  # the cells before its units (task and content), where they differ


def rows(
    view: str, start: int, end: int, bodies: rsp.Bodies, conv: rsp.Convention, complete: bool = False
) -> Iterator[Row]:
    """Task rows of every table with a responsible-unit column in view[start:end].

    `complete`: the tables come from cells (.docx, .xlsx, .csv, HTML), merged cells already given
    in every row they cover, so an empty cell is empty, not "as above".
    """
    table: _Table | None = None
    above: list[str] = []  # the last lines with text before a header: title and note rows
    taken = ""  # the note line under the table that has ended
    for line_start, line in _lines(view, start, end):
        cells = [c.strip() for c in line.split("\t")]
        filled = [c for c in cells if c]
        found = header(cells) if len(cells) >= 2 else None
        if table is not None and found is None and _note_row(filled):
            table.notes.append(filled[0])  # a note row under its header or its rows: `（排名不分先后）`
            continue
        if (
            found is not None
            or len(cells) < 2
            and not (table and len(filled) == 1 and _GROUP.match(cells[0]))
        ):
            if table is not None:
                after = line if line.strip() else _next_line(view, line_start + len(line), end)
                # the ended table's note (not the next table's header, nor one of its notes)
                taken = note(after) if found is None and header(after.split("\t")) is None else ""
                yield from table.read(view, bodies, conv.within(table.columns.note, *table.notes, taken))
            table = _Table(found, complete, [note(a) for a in above]) if found is not None else None
            if found is not None:
                above = []
            elif line.strip():
                above = [] if line == taken else [*above, line][-_ABOVE:]
                taken = ""
            continue
        if table is None and filled:  # a title or note row in a cell of its own: `\t\t（排名不分先后）`
            above = [*above, line][-_ABOVE:]
        if table is None or not filled:  # a row of empty cells (a Markdown table's rule)
            continue
        if len(filled) == 1 and _GROUP.match(filled[0]):
            table.group = _group(view, line_start, line, filled[0], bodies, conv)
            continue
        table.lines.append((line_start, line, cells, table.group))
    if table is not None:
        yield from table.read(view, bodies, conv.within(table.columns.note, *table.notes))


# The lines above a header that may be its notes: a title row and a note row, in either order.
_ABOVE = 2
# A table's note on its own line, above or under it: `注：责任单位排名不分先后`, `说明：…`, `表中…`,
# `以下…`, a line saying only that the order means nothing (`（责任单位排名不分先后）`), or its
# title row `重点任务分工表（责任单位排名不分先后）` (`order_notes.order_note`); never a task's own marker.
_NOTE_LINE = re.compile(
    r"^[\s*＊※]*(?:(?:注|备注|附注|说明)[\s\d一二三四五六七八九十]*[：:.、]|以下|下表|表中|本表|上表|以上)"
    r"|表[\s]*[（(][^（）()]*不分先后"
)


def _note_row(filled: list[str]) -> bool:
    """Whether a row is a note of one cell that the order means nothing (`（排名不分先后）`)."""
    return len(filled) == 1 and ORDER_NOTE.match(filled[0]) is not None


def note(line: str) -> str:
    """The line if it is a table's note (`_NOTE_LINE`, `order_notes.order_note`: the line or a
    cell of it, as a title row's last cell `（责任单位排名不分先后）`), else ''."""
    if _NOTE_LINE.search(line) or any(order_note(c) for c in line.split("\t") if c.strip()):
        return line
    return ""


def _next_line(view: str, pos: int, end: int) -> str:
    """The first line with text after `pos` (a note row under a table: `注：…排名不分先后`)."""
    for _, line in _lines(view, pos, end):
        if line.strip():
            return line
    return ""


# A group of an assessment table that applies to every unit assessed: 通用考核项目（全部责任单位）.
# The collective it names (全部责任单位) answers for its indicators: the table's units are only
# some of the units it assesses (its 说明 says which).
_ALL_UNITS = re.compile(r"[（(](?P<name>(?:全部|所有|各)(?:责任|被考核|考核)?(?:单位|部门))[）)]")


class _Group(NamedTuple):
    """A group row (`一、…`) of a table and what it says of all its rows."""

    label: str
    start: int  # where its row starts
    every: str  # the collective it applies to (全部责任单位), or ""
    entries: tuple[rsp.Entry, ...] = ()  # its own marker: `二、民生保障（牵头单位：区甲局）`


def _group(view: str, start: int, line: str, text: str, bodies: rsp.Bodies, conv: rsp.Convention) -> _Group:
    every = _ALL_UNITS.search(text)
    found = rsp.markers(view, start, start + len(line), bodies, conv)
    entries = tuple(e for m in found for e in m.entries)
    return _Group(_group_label(text), start, every.group("name") if every else "", entries)


class _Table:
    """The lines of one table after its header, read once the table has ended."""

    def __init__(self, columns: Columns, complete: bool = False, notes: list[str] | None = None):
        self.columns = columns
        self.notes = notes or []  # its note rows: above its header (a title or note row), under it
        self.complete = complete  # merged cells given in every row: an empty cell is empty
        self.group: _Group | None = None
        self.lines: list[tuple[int, str, list[str], _Group | None]] = []

    def _lists_bodies(self) -> bool:
        """Whether the table's unit cells put `，` or `；` between two bodies (as `kb export` writes
        them), so that `、` joins the two names of one body (市科委、中关村管委会) in all its cells."""
        for _, _, cells, _ in self.lines:
            for i, _, _ in self.columns.roles:
                parts = split_plain(cells[i], "，；") if i < len(cells) else []
                if sum(not COLLECTIVE.search(p) for p in parts) >= 2:
                    return True
        return False

    def read(self, view: str, bodies: rsp.Bodies, conv: rsp.Convention) -> Iterator[Row]:
        lists = self._lists_bodies()
        inherited: dict[int, str] = {}
        group: _Group | None = None
        for count, (line_start, line, cells, in_group) in enumerate(self._grouped(bodies, conv, lists), 1):
            if in_group is not group:
                group, inherited = in_group, {}
            yield _row(
                view,
                line_start,
                line,
                cells,
                self.columns,
                group,
                {} if self.complete else inherited,
                count,
                bodies,
                conv,
                lists,
            )

    def _grouped(
        self, bodies: rsp.Bodies, conv: rsp.Convention, lists: bool
    ) -> list[tuple[int, str, list[str], _Group | None]]:
        """The task lines, the group rows that name units taken out: a row labelled by a group
        label (`（一）` or `一` in its 序号 cell, or `（一）优化营商环境` as its task) with a row of
        Arabic 序号 after it heads the rows up to the next group, and its unit cells are a marker
        of the group (`_from_group`: they fill only the cells its rows leave empty)."""
        out: list[tuple[int, str, list[str], _Group | None]] = []
        heading: _Group | None = None
        above: _Group | None = None  # the group row of `rows` the lines were under
        for k, (line_start, line, cells, in_group) in enumerate(self.lines):
            if in_group is not above:
                above, heading = in_group, None
            label = self._group_label(cells)
            nxt = self.lines[k + 1][2] if k + 1 < len(self.lines) else None
            if label and nxt is not None and self._arabic(nxt):
                groups = _unit_groups(cells, self.columns, None, {}, bodies, lists)
                entries = tuple(rsp.assign(groups, conv))
                heading = _Group(label, line_start, in_group.every if in_group else "", entries)
                continue
            out.append((line_start, line, cells, heading or in_group))
        return out

    def _group_label(self, cells: list[str]) -> str | None:
        index = self.columns.index
        first = cells[index] if index is not None and index < len(cells) else ""
        if re.fullmatch(r"[一二三四五六七八九十]+", first):
            return first
        task = cells[self.columns.task] if self.columns.task < len(cells) else ""
        for text in (first, task if not first else ""):
            if _GROUP.match(text):
                return _group_label(text)
        return None

    def _arabic(self, cells: list[str]) -> bool:
        index = self.columns.index
        return index is not None and index < len(cells) and cells[index].isdigit()


def _lines(view: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    pos = start
    for line in view[start:end].split("\n"):
        yield pos, line
        pos += len(line) + 1


def _row(
    view: str,
    line_start: int,
    line: str,
    cells: list[str],
    columns: Columns,
    group: _Group | None,
    inherited: dict[int, str],
    count: int,
    bodies: rsp.Bodies,
    conv: rsp.Convention,
    lists: bool,
) -> Row:
    def cell(i: int | None) -> str:
        return cells[i] if i is not None and i < len(cells) else ""

    groups = _unit_groups(cells, columns, group, inherited, bodies, lists)
    given = _from_group(group, groups)  # the group's lead before the row's units, the rest after
    leads = [g for g in given if g.role is Role.LEAD]
    entries = rsp.assign(leads + groups + [g for g in given if g.role is not Role.LEAD], conv)
    label = cell(columns.index)
    if re.fullmatch(r"\d+|[一二三四五六七八九十]+", label):
        label = str(cn_number(label))
    elif not _LABEL_CELL.fullmatch(label):  # （一）, 5-1 (a clause), 第三条 stay as printed
        label = str(count)
    starts = [line_start]
    for raw in line.split("\t"):
        starts.append(starts[-1] + len(raw) + 1)
    task = (
        Span(starts[columns.task], starts[columns.task + 1] - 1)
        if columns.task < len(cells)
        else Span(line_start, line_start)
    )
    span = Span(line_start, line_start + len(line.rstrip()))
    deadline = _deadline(cell(columns.deadline), columns, inherited)
    marker = rsp.Marker(span, entries, deadline) if entries else None
    return Row(span, label, group.label if group else None, group.start if group else None, task, marker)


def _unit_groups(
    cells: list[str],
    columns: Columns,
    group: _Group | None,
    inherited: dict[int, str],
    bodies: rsp.Bodies,
    lists: bool,
) -> list[rsp.Group]:
    """The units a row's cells give, per unit column; an empty cell takes the one above (a
    merged cell), except that a row naming its own lead is no continuation of a merged cell:
    its empty support cells are empty (`1 甲项 市甲局 市乙局` then `2 乙项 市丙局 ·`: 乙项 has no
    supporter). Beside a 牵头 column, a 责任单位 column gives the others: it supports."""

    def cell(i: int) -> str:
        return cells[i] if i < len(cells) else ""

    lead_roles = (
        {Role.LEAD} if any(r is Role.LEAD for _, r, _ in columns.roles) else {Role.LEAD, Role.RESPONSIBLE}
    )
    own_lead = any(cell(i) for i, role, _ in columns.roles if role in lead_roles and not columns.body_of(i))
    groups: list[rsp.Group] = []
    for i, role, word in columns.roles:
        supports = role is Role.SUPPORT or role is Role.RESPONSIBLE and role not in lead_roles
        value = cell(i) or ("" if own_lead and supports else inherited.get(i, ""))
        if cell(i):
            inherited[i] = cell(i)
        body = columns.body_of(i)
        names = [] if not value or _NONE_CELL.fullmatch(value) else divisions_of(body, value, bodies, lists)
        if not names and group is not None and group.every and word in ASSESSED_WORDS:
            names = [group.every]  # a group for every unit assessed: 全部责任单位 answers for it
        if names:
            groups.append(rsp.Group(role, names, word))
    return groups


def _from_group(group: _Group | None, own: list[rsp.Group]) -> list[rsp.Group]:
    """What a group row's marker gives a row of the group: its units in the roles the row's own
    cells leave empty (a row naming its own lead keeps it; the group's supporters still join)."""
    if group is None or not group.entries:
        return []
    roles = {g.role for g in own}
    if Role.LEAD in roles or Role.RESPONSIBLE in roles:
        roles |= {Role.LEAD, Role.RESPONSIBLE}
    names = {n for g in own for n in g.names}
    return [
        rsp.Group(e.role, [e.name], e.verb)
        for e in group.entries
        if e.role not in roles and e.name not in names
    ]


def _deadline(value: str, columns: Columns, inherited: dict[int, str]) -> str | None:
    """A row's deadline; an empty cell of a pasted table takes the one above (a merged cell),
    as its units do; `——` is none."""
    if columns.deadline is None:
        return None
    if value:
        inherited[columns.deadline] = "" if _NONE_CELL.fullmatch(value) else value
    return inherited.get(columns.deadline) or None


def _group_label(text: str) -> str:
    m = _GROUP.match(text)
    assert m is not None
    return m.group("cn") or f"（{m.group('pcn')}）"
