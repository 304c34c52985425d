"""Deadlines of tasks (完成时限) as documents write them: the field words and the value shapes.

Fields: `完成时限：…`, `时间节点：…`, `时间表：…` (Hong Kong), `完成期程：…` (Taiwan), with or
without a qualifier (`推展时间表`, `预定完成期程`). Values: `2024年底前`, `2025年6月底前`,
`2025年第三季度前`, `2025年第一季`, `2024年汛前`, `2026年起`, `12月底前`, `全年推进`, `长期坚持`,
`持续进行`, recurring times (`每年`, `每季度`), dates in figures (`2024.12`, `2024-12-31前`),
and Taiwan's years of the Republic (`113年底前`, `114年起`, never a bare `113年`), also said as
a plan (`预计115年12月完成`, kept as written). A span of
years (`2022-2025年`) is a plan's period, not a deadline, unless a field says so (its value is
taken as written) or it stands in a marker beside the bodies (`（市甲局负责，2024—2025年）`).
Patterns run on the simplified view.

In an item's running text (`in_text`), a deadline is a field (`；时间节点：2026年底前` after the
marker) or a clause of its own closing a sentence: `…，2027年6月底前完成。`, Taiwan's
`…，115年12月底前完成。`. A date that opens a sentence or sits inside one is part of the task's
goal (`到2027年，建成…`, `2026年起，推行…`, `力争2027年实现…`): no deadline. A closing clause
must say by when (前, 底, 末, 起) or that the work is done (完成, 建成 …): a bare `2025年` is not.
"""

from __future__ import annotations

import re

FIELD_WORDS = (
    r"完成时限|完成时间|完成日期|完成期限|完成期程|完成节点|时间节点|时限要求|时间要求|时间安排|截止时间|"
    r"截止日期|时限|期限|进度安排|时间表|期程|时间"
)
# A field word with what may stand before it: 推展时间表, 预定完成期程, 计划完成时间.
FIELD_QUALIFIER = r"推展|推行|落实|实施|计划|预计|预定|执行|工作|目标"  # 目标时间 (Hong Kong)
FIELD = re.compile(rf"^(?:{FIELD_QUALIFIER})?(?:{FIELD_WORDS})$")
_ROC_YEAR = r"1[01]\d年(?=\d|年?底|年?初|年?中|前|起|上半年|下半年|第|内)"
_YEAR = rf"(?:(?:19|20)\d{{2}}年|{_ROC_YEAR})"
DEADLINE = re.compile(
    rf"(?:{_YEAR}(?:\d{{1,2}}月(?:\d{{1,2}}日)?|第[一二三四1-4]季度?)?"
    r"(?:年?底|年?初|年?中|末|上半年|下半年|年?内|汛期?)?(?:前|以前|之前|起|开始)?"
    r"|\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?(?:前|以前)?"
    r"|(?:今年|明年)(?:底|年底|内|上半年|下半年)?(?:前|以前)?"
    r"|第[一二三四]季度(?:末|底)?(?:前|以前)?"
    r"|(?:年底|年内|每年|全年|长期|持续|常态化)[^，；。）]{0,4}?)"
    r"(?:完成|见效|启动|出台|建成|实现|推进|坚持|实施|开展|落实|进行)?"
)
_STANDING = re.compile(
    r"^(?:长期坚持|长期推进|长期实施|长期开展|持续推进|持续实施|持续开展|持续进行|持续落实|常态化推进|常态化开展|"
    r"常态化实施)$"
)


# A date in figures: 2024.12, 2024-12-31, 2024/6 (前 or 底前 after it).
_FIGURES = re.compile(
    r"^(?:19|20)\d{2}[.．\-/](?:0?[1-9]|1[0-2])(?:[.．\-/](?:0?[1-9]|[12]\d|3[01]))?(?:底)?(?:前|以前)?$"
)
# A recurring time: 每年, 每季度, 每半年, 每月 (a report or a review that comes round again).
_RECURRING = re.compile(r"^(?:每年|每季度?|每半年|每月|每周|每旬)(?:度)?$")
# A span of years (2024—2025年, 2024-2025年, 2024年—2025年, 2024至2025年): a deadline only in a
# marker, beside the bodies (`（市甲局负责，2024—2025年）`); alone it is a plan's period.
_PERIOD = re.compile(r"^(?:19|20)\d{2}(?:年)?[—–\-－~～至到](?:19|20)\d{2}年(?:底|末)?(?:前)?$")


# A field: its name and the colon (`完成时限：`); `field_value` says whether it is a deadline's.
_NAMED = re.compile(r"(?P<field>[\u4e00-\u9fff]{2,6})[ \t]*[：]")


def field_value(clause: str) -> str | None:
    """The value of a clause that is a deadline field: `时间节点：2025年底前` -> 2025年底前."""
    m = _NAMED.match(clause)
    if m and FIELD.match(m.group("field")):
        return clause[m.end() :].strip(" \t\u3000，。") or None
    return None


def head_deadline(head: str) -> str | None:
    """A deadline before a marker's labels: `2025年底前完成，…` or `完成时限：2024年6月底；…`."""
    head = head.strip(" \t\n\u3000，；。")
    if head and is_deadline(head):
        return head
    m = _NAMED.match(head)
    if m and FIELD.match(m.group("field")):
        return head[m.end() :].strip(" \t\n\u3000，；。") or None
    return None


# A deadline said as a plan: `预计115年12月完成`, `预定2025年底前完成` (Taiwan's running text).
_PLANNED = re.compile(r"^(?:预计|预定|计划)(?:于|在)?(?=\d)")
_PLANNED_YEAR = re.compile(r"1[01]\d年(?:完成|建成|实施|上线|启用|完工)")


def is_deadline(text: str) -> bool:
    """Whether a text is a deadline and nothing else: `2024年底前`, `2026年起`, `长期坚持`, `每年`,
    `预计115年12月完成`."""
    text, planned = _PLANNED.subn("", text.strip(), count=1)
    if planned and _PLANNED_YEAR.fullmatch(text):
        return True  # `预定116年完成`: a plan's year of the Republic is no bare 116年
    if _STANDING.match(text) or _RECURRING.match(text) or _FIGURES.match(text):
        return True
    m = DEADLINE.fullmatch(text)
    return bool(m) and bool(re.search(r"\d|年底|年内|全年|每年|今年|明年|季度|长期|持续|常态化", text))


def is_period(text: str) -> bool:
    """Whether a text is a span of years and nothing else: `2024—2025年`."""
    return bool(_PERIOD.match(text.strip()))


# A field in running text, after a sentence, a clause or a marker's bracket: `；时间节点：2026年底前`.
_TEXT_FIELD = re.compile(
    rf"(?:^|(?<=[。；，\n）】]))[ \t\u3000]*(?:{FIELD_QUALIFIER})?(?:{FIELD_WORDS})[ \t]*[：]"
    r"[ \t\u3000]*(?P<value>[^。；，\n（）【】]{2,30})(?=[。；\n]|$)"
)
# A clause closing a sentence: after `，`, before `。` or `；`.
_CLOSING_CLAUSE = re.compile(r"(?<=，)(?P<clause>[^，。；！？（）【】\n]{3,24})(?=[。；])")
_BY_WHEN = re.compile(r"前|底|末|起|完成|见效|建成|实现|出台|启动|到位")


def in_text(text: str) -> str | None:
    """The deadline an item's running text states: a deadline field, else the first clause of
    its own closing a sentence that is a deadline (`，2027年6月底前完成。`); None otherwise."""
    field = _TEXT_FIELD.search(text)
    if field is not None:
        return field.group("value").strip()
    for m in _CLOSING_CLAUSE.finditer(text):
        clause = m.group("clause").strip()
        if is_deadline(clause) and _BY_WHEN.search(clause):
            return clause
    return None
