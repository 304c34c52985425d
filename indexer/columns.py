"""The columns of a task table's header: index, task, deadline, and the units' roles.

A role column is named by a label (牵头单位, 配合部门, 责任单位, Taiwan's 主辦機關) or a bare role word
(牵头). Beside them: assessment tables (考核细则: the indicator is the task, the unit answering
for it is responsible, the assessing department a guide where both are named), project tables
(建设单位 / 实施主体 implement beside the 责任单位) and division columns of one body
(市卫健委内牵头处室: 基层处 is 市卫健委基层处, DOMAIN.md s. 7).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer import responsibility as rsp
from indexer.names import is_division
from indexer.roles import label_word
from kb import lexicon
from kb.labels import cn_number
from kb.model import Role

_VERBS = lexicon.alternation(lexicon.assess_verbs())  # 考核, 考评, 评价, 评估, 监测
_ROLE_COLUMN = re.compile(rf"^(?:{rsp.LABEL_WORDS}|(?P<bare>{rsp.ROLE_WORDS}))$")  # 牵头单位, or 牵头
TASK_COLUMN = re.compile(r"任务|措施|事项|工作|内容|举措|项目|要点")
INDEX_COLUMN = re.compile(r"^(?:序号|编号|序|项次|No\.?)$", re.IGNORECASE)  # 項次 (Taiwan)
_DEADLINE_COLUMN = re.compile(r"时限|时间|期限|节点|进度|期程|日期")  # 预定完成期程 (Taiwan)


@dataclass(frozen=True, slots=True)
class Columns:
    index: int | None
    task: int
    deadline: int | None
    roles: tuple[tuple[int, Role, str], ...]  # column, role, role word (牵头 of 牵头单位)
    # Division columns (市卫健委内牵头处室): column -> the body whose divisions it names (市卫健委).
    within: tuple[tuple[int, str], ...] = ()
    note: str = ""  # a note in a column's name: 责任单位（排名不分先后）

    def body_of(self, column: int) -> str | None:
        """The body a division column names divisions of, None for a unit column."""
        return next((body for i, body in self.within if i == column), None)


# A note on the order of a column's units, in brackets after its name: 责任单位（排名不分先后）.
NOTE = re.compile(r"[（(](?P<note>[^（）()]*?(?:不分先后|排名|排序|顺序)[^（）()]*)[）)]$")


def header(cells: list[str]) -> Columns | None:
    names = [re.sub(r"\s+", "", c) for c in cells]
    notes = [m.group("note") for n in names if (m := NOTE.search(n))]
    names = [NOTE.sub("", n) for n in names]
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
    return Columns(index, task, deadline, roles, within, "；".join(notes))


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


_LEVELLED = re.compile(rf"^([一二三四五])级(?:{_VERBS}|绩效)?指标")


def _column_role(name: str) -> tuple[Role, str] | None:
    """The role a column name gives its units, with its role word: 牵头单位 -> lead, 牵头."""
    if m := _ASSESSED_COLUMN.match(name):
        return Role.RESPONSIBLE, "被" + m.group("verb")
    m = _ROLE_COLUMN.match(name)
    if m is None:
        return None
    bare = m.group("bare")
    return (rsp.LABEL_ROLES[bare], bare) if bare else (rsp.label_role(m), label_word(m))


# Assessment tables (考核细则, 考评办法, 绩效考核指标, 评价指标: DOMAIN.md s. 7): each indicator is
# a task. The verbs of assessing (考核, 评价, 监测 …) are kb.lexicon's.
_ASSESSMENT = re.compile(rf"分值|评分|得分|{_VERBS}")
_ASSESSED_COLUMN = re.compile(rf"^被?(?P<verb>{_VERBS})对象$")  # 考核对象, 被评价对象
# The unit answering for an indicator: 被考核 (被评价 …), 责任, 负责, 主责.
ASSESSED_WORDS = frozenset(["责任", "负责", "主责", *("被" + v for v in lexicon.assess_verbs())])
_INDICATOR_COLUMN = re.compile(rf"(?:{_VERBS}|绩效)?(?:指标|内容|要点)(?:名称)?$")


def _assessment_roles(roles: tuple[tuple[int, Role, str], ...]) -> tuple[tuple[int, Role, str], ...]:
    """In an assessment table the unit answering for an indicator (责任单位, 被考核单位, 考核对象)
    is responsible; the assessing department (负责考核部门, 考核单位, 牵头考核单位) is recorded as such,
    a guide of the indicator where the table also names whom it assesses."""
    assessed = any(word in ASSESSED_WORDS for _, _, word in roles)
    return tuple(
        (i, Role.GUIDE, word) if assessed and assessing(word) else (i, role, word) for i, role, word in roles
    )


def assessing(word: str) -> bool:
    """Whether a column's role word names the assessing department (考核, 牵头评价, 负责监测), not
    the unit assessed (被考核)."""
    return not word.startswith("被") and any(v in word for v in lexicon.assess_verbs())


def divisions_of(body: str | None, value: str, bodies: rsp.Bodies, lists: bool = False) -> list[str]:
    """The names of a unit cell; in a division column, with the body its header names: 基层处
    under 市卫健委内牵头处室 is 市卫健委基层处 (a name that says whose it is stays as written)."""
    if body is None:
        return bodies.split(value, lists)
    # Two divisions are never one body's two names (一个机构两块牌子): every separator separates.
    names = bodies.split(re.sub(r"[，；,;]", "、", value))
    return [n if n.startswith(body) or not is_division(n) else body + n for n in names]
