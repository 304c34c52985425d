"""Deadlines of tasks (完成时限) as documents write them: the field words and the value shapes.

Fields: `完成时限：…`, `时间节点：…`, `时间表：…` (Hong Kong), `完成期程：…` (Taiwan), with or
without a qualifier (`推展时间表`, `预定完成期程`). Values: `2024年底前`, `2025年6月底前`,
`2025年第三季度前`, `2025年第一季`, `2024年汛前`, `2026年起`, `12月底前`, `全年推进`, `长期坚持`,
`持续进行`, recurring times (`每年`, `每季度`), dates in figures (`2024.12`, `2024-12-31前`),
and Taiwan's years of the Republic (`113年底前`, `114年起`, never a bare `113年`). A span of
years (`2022-2025年`) is a plan's period, not a deadline, unless a field says so (its value is
taken as written) or it stands in a marker beside the bodies (`（市甲局负责，2024—2025年）`).
Patterns run on the simplified view.
"""

from __future__ import annotations

import re

FIELD_WORDS = (
    r"完成时限|完成时间|完成日期|完成期限|完成期程|完成节点|时间节点|时限要求|时间要求|时间安排|截止时间|"
    r"截止日期|时限|期限|进度安排|时间表|期程|时间"
)
# A field word with what may stand before it: 推展时间表, 预定完成期程, 计划完成时间.
FIELD_QUALIFIER = r"推展|推行|落实|实施|计划|预计|预定|执行|工作"
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


def is_deadline(text: str) -> bool:
    """Whether a text is a deadline and nothing else: `2024年底前`, `2026年起`, `长期坚持`, `每年`."""
    text = text.strip()
    if _STANDING.match(text) or _RECURRING.match(text) or _FIGURES.match(text):
        return True
    m = DEADLINE.fullmatch(text)
    return bool(m) and bool(re.search(r"\d|年底|年内|全年|每年|今年|明年|季度|长期|持续|常态化", text))


def is_period(text: str) -> bool:
    """Whether a text is a span of years and nothing else: `2024—2025年`."""
    return bool(_PERIOD.match(text.strip()))
