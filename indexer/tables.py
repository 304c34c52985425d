"""Tables of tasks: rows flattened to tab-separated lines, with a responsible-unit column.

A header row names the columns (序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 ...); every row
below it is a task. A unit given only on the first row of a group applies to the rows after
it until the next one, and a row with a single cell (`一、…`) starts a new group.

Tables flattened one cell per line (a web page's table as text) are read by `indexer.cells`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from indexer import responsibility as rsp
from indexer.names import is_division, split_plain
from indexer.roles import label_word
from kb.agencies import COLLECTIVE
from kb.labels import cn_number
from kb.model import Role, Span

_ROLE_COLUMN = re.compile(rf"^(?:{rsp.LABEL_WORDS}|(?P<bare>{rsp.ROLE_WORDS}))$")  # 牵头单位, or 牵头
TASK_COLUMN = re.compile(r"任务|措施|事项|工作|内容|举措|项目|要点")
INDEX_COLUMN = re.compile(r"^(?:序号|编号|序|项次|No\.?)$", re.IGNORECASE)  # 項次 (Taiwan)
_DEADLINE_COLUMN = re.compile(r"时限|时间|期限|节点|进度|期程|日期")  # 预定完成期程 (Taiwan)
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


@dataclass(frozen=True, slots=True)
class Columns:
    index: int | None
    task: int
    deadline: int | None
    roles: tuple[tuple[int, Role, str], ...]  # column, role, role word (牵头 of 牵头单位)
    # Division columns (市卫健委内牵头处室): column -> the body whose divisions it names (市卫健委).
    within: tuple[tuple[int, str], ...] = ()

    def body_of(self, column: int) -> str | None:
        """The body a division column names divisions of, None for a unit column."""
        return next((body for i, body in self.within if i == column), None)


def rows(
    view: str, start: int, end: int, bodies: rsp.Bodies, conv: rsp.Convention, complete: bool = False
) -> Iterator[Row]:
    """Task rows of every table with a responsible-unit column in view[start:end].

    `complete`: the tables come from cells (.docx, .xlsx, .csv, HTML), merged cells already given
    in every row they cover, so an empty cell is empty, not "as above".
    """
    table: _Table | None = None
    for line_start, line in _lines(view, start, end):
        cells = [c.strip() for c in line.split("\t")]
        filled = [c for c in cells if c]
        found = header(cells) if len(cells) >= 2 else None
        if (
            found is not None
            or len(cells) < 2
            and not (table and len(filled) == 1 and _GROUP.match(cells[0]))
        ):
            if table is not None:
                yield from table.read(view, bodies, conv)
            table = _Table(found, complete) if found is not None else None
            continue
        if table is None or not filled:  # a row of empty cells (a Markdown table's rule)
            continue
        if len(filled) == 1 and _GROUP.match(filled[0]):
            table.group = _group(view, line_start, line, filled[0], bodies, conv)
            continue
        table.lines.append((line_start, line, cells, table.group))
    if table is not None:
        yield from table.read(view, bodies, conv)


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

    def __init__(self, columns: Columns, complete: bool = False):
        self.columns = columns
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
        for count, (line_start, line, cells, in_group) in enumerate(self.lines, 1):
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


def _lines(view: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    pos = start
    for line in view[start:end].split("\n"):
        yield pos, line
        pos += len(line) + 1


def header(cells: list[str]) -> Columns | None:
    names = [re.sub(r"\s+", "", c) for c in cells]
    roles = _implementers(
        tuple((i, *found) for i, n in enumerate(names) if (found := _column_role(n)) is not None), names
    )
    within = tuple((i, m.group("body")) for i, n in enumerate(names) if (m := _DIVISION_COLUMN.match(n)))
    if within and any(i not in dict(within) for i, _, _ in roles):
        roles = _after_units(roles, names, dict(within))
    else:
        within = ()
    if not roles:
        return None
    assessment = any(_ASSESSMENT.search(n) for n in names)
    if assessment:
        roles = _assessment_roles(roles)
    role_columns = {i for i, _, _ in roles}
    index = next((i for i, n in enumerate(names) if INDEX_COLUMN.match(n)), None)
    indicators = [i for i, n in enumerate(names) if i not in role_columns and _INDICATOR_COLUMN.search(n)]
    task = _finest(names, indicators) if assessment and indicators else None  # each indicator is a task
    if task is None:
        task = next((i for i, n in enumerate(names) if i not in role_columns and TASK_COLUMN.search(n)), None)
    if task is None:
        task = next((i for i in range(len(names)) if i not in role_columns and i != index), None)
    if task is None:
        return None
    deadline = next(
        (
            i
            for i, n in enumerate(names)
            if i not in role_columns and i != task and _DEADLINE_COLUMN.search(n)
        ),
        None,
    )
    return Columns(index, task, deadline, roles, within)


# Who builds or carries out a project (a project table: 序号 | 项目名称 | 建设内容 | 建设单位 |
# 责任单位 | 完成时间): an implementer beside the units answering for the project.
_IMPLEMENTER_COLUMN = re.compile(r"^(?:项目)?(?P<word>建设|承建|实施)(?:单位|主体)$")


def _implementers(
    roles: tuple[tuple[int, Role, str], ...], names: list[str]
) -> tuple[tuple[int, Role, str], ...]:
    """A 建设单位 or 实施主体 column supports (after the other unit columns: the 责任单位 leads
    the project) where another unit column answers for the row; alone, it is responsible."""
    implementers = [(i, m.group("word")) for i, n in enumerate(names) if (m := _IMPLEMENTER_COLUMN.match(n))]
    columns = {i for i, _ in implementers}
    others = tuple(r for r in roles if r[0] not in columns)
    if not implementers or not others:
        return roles or tuple((i, Role.RESPONSIBLE, word) for i, word in implementers)
    return others + tuple((i, Role.SUPPORT, word) for i, word in implementers)


# A column of the divisions inside one body beside the table's unit columns: 市卫健委内牵头处室
# names 市卫健委's own divisions (基层处 is 市卫健委基层处), in the role its label gives.
_DIVISION_COLUMN = re.compile(rf"^(?P<body>[\u4e00-\u9fff]{{2,12}}?)内(?P<role>{rsp.LABEL_WORDS})$")


def _after_units(
    roles: tuple[tuple[int, Role, str], ...], names: list[str], within: dict[int, str]
) -> tuple[tuple[int, Role, str], ...]:
    """The unit columns, then the division columns (their role word is the label after 内:
    牵头处室): a body's divisions never come before the units, so the 牵头单位 lead first."""
    units = tuple(r for r in roles if r[0] not in within)
    divisions = []
    for i in sorted(within):
        m = _DIVISION_COLUMN.match(names[i])
        assert m is not None
        found = _column_role(names[i][m.start("role") :])
        if found is not None:
            divisions.append((i, found[0], names[i][m.start("role") :]))
    return units + tuple(divisions)


def _finest(names: list[str], indicators: list[int]) -> int:
    """The indicator column a row's task is read from: the finest of 一级指标, 二级指标 … (the
    coarser ones are merged over several rows), else the first."""
    levels = [(cn_number(m.group(1)), i) for i in indicators if (m := _LEVELLED.match(names[i]))]
    return max(levels)[1] if levels else indicators[0]


_LEVELLED = re.compile(r"^([一二三四五])级(?:考核|考评|绩效)?指标")


def _column_role(name: str) -> tuple[Role, str] | None:
    """The role a column name gives its units, with its role word: 牵头单位 -> lead, 牵头."""
    if _ASSESSED_COLUMN.match(name):
        return Role.RESPONSIBLE, "被考核"
    m = _ROLE_COLUMN.match(name)
    if m is None:
        return None
    bare = m.group("bare")
    return (rsp.LABEL_ROLES[bare], bare) if bare else (rsp.label_role(m), label_word(m))


# Assessment tables (考核细则, 考评办法, 绩效考核指标: DOMAIN.md s. 7): each indicator is a task.
_ASSESSMENT = re.compile(r"分值|评分|考核|考评|得分")
_ASSESSED_COLUMN = re.compile(r"^(?:考核对象|被考核对象|考评对象)$")
_ASSESSED_WORDS = frozenset(["被考核", "责任", "负责", "主责"])  # the unit answering for an indicator
_INDICATOR_COLUMN = re.compile(r"(?:考核|考评|绩效)?(?:指标|内容|要点)(?:名称)?$")


def _assessment_roles(roles: tuple[tuple[int, Role, str], ...]) -> tuple[tuple[int, Role, str], ...]:
    """In an assessment table the unit answering for an indicator (责任单位, 被考核单位, 考核对象)
    is responsible; the assessing department (负责考核部门, 考核单位, 牵头考核单位) is recorded as such,
    a guide of the indicator where the table also names whom it assesses."""
    assessed = any(word in _ASSESSED_WORDS for _, _, word in roles)
    return tuple(
        (i, Role.GUIDE, word) if assessed and "考" in word and word != "被考核" else (i, role, word)
        for i, role, word in roles
    )


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
        if not names and group is not None and group.every and word in _ASSESSED_WORDS:
            names = [group.every]  # a group for every unit assessed: 全部责任单位 answers for it
        if names:
            groups.append(rsp.Group(role, names, word))
    return groups


def divisions_of(body: str | None, value: str, bodies: rsp.Bodies, lists: bool = False) -> list[str]:
    """The names of a unit cell; in a division column, with the body its header names: 基层处
    under 市卫健委内牵头处室 is 市卫健委基层处 (a name that says whose it is stays as written)."""
    if body is None:
        return bodies.split(value, lists)
    # Two divisions are never one body's two names (一个机构两块牌子): every separator separates.
    names = bodies.split(re.sub(r"[，；,;]", "、", value))
    return [n if n.startswith(body) or not is_division(n) else body + n for n in names]


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
