"""Printed labels of numbered headings: Chinese numerals, canonical forms, and parsing what users type.

Canonical labels are what users type: 二 (for 二、), （三）, 12 (for 12.), （1）, ①, 第十二条,
第一章; a clause of item 5 with its own marker is 5-2.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

CN_DIGITS = "零〇一二三四五六七八九十百千两"
_CN_VALUE = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_number(text: str) -> int:
    """The value of a Chinese or Arabic numeral: 十二 -> 12, 二十六 -> 26, 12 -> 12."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_VALUE:
            digit = _CN_VALUE[ch]
        elif ch in _CN_UNIT:
            total += (digit or 1) * _CN_UNIT[ch]
            digit = 0
    return total + digit


def cn_numeral(n: int) -> str:
    """12 -> 十二, 26 -> 二十六, 105 -> 一百零五, 1010 -> 一千零一十."""
    digits = "零一二三四五六七八九"
    if 0 <= n < 10:
        return digits[n]
    if 10 <= n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    if not 0 < n < 100000:
        return str(n)
    out, zero = "", False
    for value, name in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero else "") + digits[digit] + name
            zero = False
        elif out:
            zero = True
    return out


def canonical_label(level: int, number: int, kind: str = "") -> str:
    """The label as users type it: 二, （三）, 12, （1）, ①, 第十二条, 第一章."""
    if kind:
        return f"第{cn_numeral(number)}{kind}"
    if level == 3:
        return cn_numeral(number)
    if level == 4:
        return f"（{cn_numeral(number)}）"
    if level == 5:
        return str(number)
    if level == 6:
        return f"（{number}）"
    return CIRCLED[number - 1] if 0 < number <= len(CIRCLED) else str(number)


_CN = "一二三四五六七八九十百千零〇两"
_BIG = "壹贰貳参參叁肆伍陆陸柒捌玖拾"
_TOKEN = re.compile(
    rf"(?P<clause>(?:\d+|[（(][{_CN}]+[）)]|[{_CN}]+|第[{_CN}\d]+[条章节])-\d+)"  # 5-2, （十）-1
    rf"|第\s*(?P<ord>[{_CN}\d]+)\s*(?P<kind>[条章节编項项点點])"
    rf"|(?P<big>[{_BIG}]+)[、.．]?"  # 贰、 參、: Taiwan's parts, labelled as printed
    rf"|[（(]\s*(?P<pcn>[{_CN}]+)\s*[）)]"
    r"|[（(]\s*(?P<par>\d+)\s*[）)]"
    rf"|(?P<circ>[{CIRCLED}])"
    rf"|(?P<cn>[{_CN}]+)[、.．]?"
    r"|(?P<ar>\d+)[.．、]?"
    r"|(?P<sep>[\s›>/|]+)"
)
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９（）", "0123456789()")


def reference(ref: str) -> list[set[str]] | None:
    """What a task reference may mean, element by element; None if it is not a reference.

    `二（三）12` -> [{二}, {（三）}, {12}]; a bare Chinese numeral alone may be a chapter or an
    item: `十二` -> [{十二, 12}], while `12` -> [{12}]. `第十二项` is item 12.
    """
    text = ref.strip().translate(_WIDE_DIGITS)
    if _DOTTED.match(text):
        return _dotted([int(n) for n in re.findall(r"\d+", text)])
    out: list[list[str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            return None
        pos = m.end()
        g = m.groupdict()
        if g["sep"]:
            continue
        out.append(_options(g))
    # Inside a path a bare numeral means what it is written as: 二 a chapter, 2 an item.
    return [set(o[:1]) if i < len(out) - 1 else set(o) for i, o in enumerate(out)] or None


# 4.1.1, as English readers (and outlines) number a path: 四（一）1 in a document's own labels
_DOTTED = re.compile(r"^\d{1,3}(?:\.\d{1,3})+\.?$")


def _dotted(numbers: list[int]) -> list[set[str]]:
    """A dotted path's elements: a chapter or part (4, 四, （四）) before the last, then the item
    (1, （一）, （1）), so `4.1.1` names 四 › （一） › 1 and `4.1` names 四 › （一）."""
    head = [{str(n), cn_numeral(n), f"（{cn_numeral(n)}）"} for n in numbers[:-1]]
    last = numbers[-1]
    return [*head, {str(last), f"（{cn_numeral(last)}）", f"（{last}）"}]


def _options(g: dict[str, str | None]) -> list[str]:
    """The labels a token may be, the form it is written in first."""
    if g["ord"]:
        number = cn_number(g["ord"])
        if (g["kind"] or "") in "项項点點":
            return [str(number), cn_numeral(number)]
        return [f"第{cn_numeral(number)}{g['kind']}"]
    if g["big"]:  # the part as printed, in either script (参 and 叁 are both 3)
        big = g["big"].replace("貳", "贰").replace("參", "参").replace("陸", "陆")
        return list(dict.fromkeys([big, big.replace("叁", "参"), big.replace("参", "叁")]))
    if g["pcn"]:
        return [f"（{cn_numeral(cn_number(g['pcn']))}）"]
    if g["par"]:
        return [f"（{int(g['par'])}）"]
    if g["clause"]:
        return [g["clause"].replace("(", "（").replace(")", "）")]
    if g["circ"]:
        return [g["circ"]]
    if g["cn"]:
        number = cn_number(g["cn"])
        return [cn_numeral(number), str(number)]
    return [str(int(g["ar"] or 0))]  # typed in Arabic: an item (12.), not a chapter (十二、)


# -- which labels a document has, compactly (for the catalogue) ---------------------------------

_MAX_BIT = 4096  # numbers above are never filtered out
_SHAPES = (
    (re.compile(rf"^第([{_CN}\d]+)([条章节编])$"), None),  # 第十二条: its kind is the shape
    (re.compile(r"^（(\d+)）$"), "（1）"),
    (re.compile(rf"^（([{_CN}]+)）$"), "（一）"),
    (re.compile(r"^(\d+)(?:-\d+)?$"), "1"),  # a clause 5-2 stands under item 5
    (re.compile(rf"^([{_CN}]+)$"), "一"),
)


def label_key(label: str) -> tuple[str, int] | None:
    """Shape and number of a canonical label: 第十二条 -> (条, 12), （三） -> (（一）, 3), 12 -> (1, 12)."""
    if len(label) == 1 and label in CIRCLED:
        return "①", CIRCLED.index(label) + 1
    for pattern, shape in _SHAPES:
        m = pattern.match(label)
        if m:
            number = cn_number(m.group(1))
            return (shape or m.group(2)), number
    return None


def label_bits(labels: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """Per label shape, a bit for each number a document uses: what `may_have_label` reads."""
    masks: dict[str, int] = {}
    for label in labels:
        key = label_key(label)
        if key is None and _DOTTED.match(label):  # 2.3 as printed: item 3 of a path (measure 2.3)
            key = "1", int(label.rstrip(".").rsplit(".", 1)[-1])
        if key is not None and 0 < key[1] < _MAX_BIT:
            masks[key[0]] = masks.get(key[0], 0) | (1 << key[1])
    return tuple(sorted(masks.items()))


def may_have_label(bits: tuple[tuple[str, int], ...], options: set[str]) -> bool:
    """Whether a document with `bits` can have a heading labelled one of `options` (never a
    false no: an option whose shape or number is not kept answers yes)."""
    masks = dict(bits)
    for option in options:
        key = label_key(option)
        if key is None or not 0 < key[1] < _MAX_BIT or (masks.get(key[0], 0) >> key[1]) & 1:
            return True
    return False
