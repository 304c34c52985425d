"""Notes that the order of a list of units means nothing (排名不分先后), in either script.

A table's note says it for the table's units: a row of its own (`（责任单位排名不分先后）`,
`以上单位排名不分先后。`, `注：责任单位排名不分先后`) or the end of its title row
(`重点任务分工表（责任单位排名不分先后）`). Only `re` here: the spreadsheet reader keeps such a row
out of a sheet's title rows without loading the marker reader.
"""

from __future__ import annotations

import re

# A line that says only that the order of units means nothing (a table's note, in either script):
# `（责任单位排名不分先后）`, `以上单位排名不分先后。`, `注：责任单位排名不分先后`; never a marker of its own
# (`责任单位：A、B，排名不分先后` names bodies after a colon).
_NOTE_PREFIX = r"^[\s*＊※]*(?:(?:注|备注|備註|附注|附註|说明|說明)[\s\d一二三四五六七八九十]*[：:.．、]\s*)?"
_NO_ORDER_WORDS = r"(?:排名|排序|顺序|順序)?不分先[后後]"
ORDER_NOTE = re.compile(
    _NOTE_PREFIX
    + r"[（(【\[]?[^（）()【】\[\]\t：:、，,；;]{0,30}?"
    + _NO_ORDER_WORDS
    + r"[^（）()【】\[\]\t：:、]{0,12}?[）)】\]]?[。.；;]?\s*$"
)
# A title row that ends with such a note: `重点任务分工表（责任单位排名不分先后）`; not a list of
# bodies (`责任单位：A、B（排名不分先后）`).
ORDER_NOTE_TITLE = re.compile(
    r"^[^（）()\t：:、，,；;]{2,80}[（(][^（）()\t：:、，,；;]{0,30}?"
    + _NO_ORDER_WORDS
    + r"[^（）()\t：:、]{0,12}[）)]\s*$"
)


def order_note(line: str) -> bool:
    """Whether a line is a note that a list's order means nothing, on its own or ending a title."""
    return bool(ORDER_NOTE.search(line) or ORDER_NOTE_TITLE.search(line))
