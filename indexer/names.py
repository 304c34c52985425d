"""Agency names in a responsibility list: separators, `等` lists, joint bodies, collectives.

Where a document uses `，` between agencies (`comma`), `、` joins the two names of one body
(`市科委、中关村管委会`) unless the group cannot be one body; elsewhere `、` separates them.
`海淀、朝阳等相关区政府` becomes the district governments, `A等有关部门` A and the collective,
and a level of government without a body (`各省、自治区、直辖市人民政府`) shares the body after it.
"""

from __future__ import annotations

import re

from kb import places
from kb.agencies import COLLECTIVE, join_same_body, registry

_INLINE_LEAD = re.compile(r"[（(]牵头[）)]$|牵头$")


def split_names(value: str, comma: bool) -> list[str]:
    """Agency names in a list, by the document's separators; `等` lists expanded."""
    value = strip_notes(value).strip(" ，、；。")
    parts = split_plain(value, "，；" if comma else "，；、")
    out: list[str] = []
    for part in _join_levels(parts):
        for name in _expand_etc(part, comma):
            out.extend(_split_distinct(name) if comma else [name])
    return join_same_body(out)


def split_plain(value: str, separators: str) -> list[str]:
    """Split at separators outside brackets."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in value:
        if ch in "（(《":
            depth += 1
        elif ch in "）)》" and depth:
            depth -= 1
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [_clean_name(p) for p in parts if _clean_name(p)]


def _expand_etc(part: str, comma: bool) -> list[str]:
    """`海淀、朝阳等相关区政府` -> the four district governments; `A等有关部门` -> A, 有关部门."""
    m = re.match(r"^(?P<head>.+?)等(?:\d+个|[一二三四五六七八九十]+个)?(?P<tail>.*)$", part)
    if not m:
        return [part]
    head, tail = m.group("head"), m.group("tail").strip()
    items = split_plain(head, "、，")
    kind = re.match(r"^(?:相关|有关|各)?(?P<level>区|县|市)(?P<body>.*)$", tail)
    if kind and all(_is_place(i, kind.group("level")) for i in items):
        level, body = kind.group("level"), kind.group("body")
        return [(i if i.endswith(level) else i + level) + body for i in items]
    names = items if not comma else [head]
    return names + ([tail] if tail else [])


# A level of government without a body (`各省`, `自治区`, `县（市）`): it shares the body named
# after it, as in `各省、自治区、直辖市人民政府` or `各区、县（市）政府`.
_BARE_LEVEL = re.compile(
    r"^(?:各|相关|有关)?(?:省|自治区|直辖市|计划单列市|副省级城市|地级市|市|区|县|县（市）|县（市、区）|"
    r"市（州）|州|盟|旗|乡|镇|乡镇|街道|区县|市县|市区)$"
)


def _join_levels(names: list[str]) -> list[str]:
    """`各省`, `自治区`, `直辖市人民政府` -> `各省、自治区、直辖市人民政府` (one collective)."""
    out: list[str] = []
    pending: list[str] = []
    for name in names:
        if _BARE_LEVEL.match(name):
            pending.append(name)
            continue
        out.append("、".join([*pending, name]))
        pending = []
    return out + pending


def _split_distinct(name: str) -> list[str]:
    """Where `、` joins one body's two names (一个机构两块牌子), a group that cannot be one splits.

    One body has two names, not three; a collective (各区政府) is never another body's second
    name; and the registry knows some pairs are two bodies (市发展改革委, 市财政局).
    """
    names = _join_levels(split_plain(name, "、"))
    if len(names) < 2:
        return [name]
    if (
        len(names) > 2
        or any(COLLECTIVE.search(n) for n in names)
        or all(registry().distinct(a, b) for i, a in enumerate(names) for b in names[i + 1 :])
    ):
        return names
    return [name]


def _is_place(name: str, level: str) -> bool:
    full = name if name.endswith(level) else name + level
    return bool(places.get(full))


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:由|请|和|及|以及)", "", name.strip(" \t\u3000“”\"'"))
    name = name.strip(" \t\u3000“”\"'。")
    # Not a name: page furniture such as `…办公室咨询热线：0737-12345`.
    return "" if len(name) > 40 or "：" in name or re.search(r"\d{5}", name) else name


def strip_notes(value: str) -> str:
    """Drop trailing asides such as `（按职责分工负责）` and the verb after a list."""
    value = re.sub(
        r"[（(](?:按职责分工负责|按职责分工配合|按职责负责|分别负责|各自负责)[）)]$", "", value.strip()
    )
    return re.sub(r"(?:按职责分工负责|按职责分工配合|按职责负责|分别负责|负责)$", "", value).strip()


# What a collective names ends with: 有关部门, 各街乡, 各区、县（市）, 各地区 (not 各区政府要建立机制).
_COLLECTIVE_END = re.compile(
    r"(?:部门|单位|机构|机关|政府|区|县|市|州|盟|旗|省|街乡|街道|乡镇|镇|乡|企业|高校|院校|学校|医院|"
    r"组织|方面|地区|城市)(?:（[^（）]{1,8}）)?$"
)


def agency_like(name: str) -> bool:
    """Whether a text reads as an agency's name, a collective's (各区政府, 有关部门) or a known one."""
    name = _INLINE_LEAD.sub("", name).strip()
    if not name or len(name) > 40:
        return False
    if places.is_org_name(name) or registry().knows(name):
        return True
    return bool(COLLECTIVE.search(name)) and bool(_COLLECTIVE_END.search(name))
