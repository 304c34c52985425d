"""Agency names in a responsibility list: separators, conjunctions, `等` lists, joint bodies.

Each list is read on its own (DOMAIN.md s. 3-4): `，`, `；`, `、`, and `和`/`及`/`以及` between
two names separate bodies. A `、` pair is one body with two names (一个机构两块牌子,
`市科委、中关村管委会`) only where the pair is known as one (the registry's joint bodies, the
document's own issuers), or where the list itself uses `，` between bodies and nothing says the
two are distinct (a collective, three names, two body types the registry knows apart).
`海淀、朝阳等相关区政府` becomes the district governments, `A等有关部门` A and the collective,
`A等部门` A alone; a level of government without a body (`各省、自治区、直辖市人民政府`) shares
the body after it; a division after a body's division shares its prefix (`市交通委科技处、港务处`);
two names written without a separator (`市甲委市乙办`) are two bodies.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kb import places
from kb.agencies import COLLECTIVE, registry

_INLINE_LEAD = re.compile(r"[（(]牵头[）)]$|牵头$")
_CONJUNCTION = re.compile(r"以及|和|及|与")
# `等` ends a list, except inside words (高等院校, 中等职业学校, 同等条件).
_ETC = re.compile(r"^(?P<head>.+?)(?<![高中初同平均对])等(?:\d+个|[一二三四五六七八九十]+个)?(?P<tail>.*)$")


SameBody = Callable[[str, str], bool]


def split_names(value: str, same_body: SameBody | None = None, lists: bool = False) -> list[str]:
    """Agency names in one list, in order.

    `same_body(a, b)` says whether the document knows two names as one body (its issuers, the
    registry in its jurisdiction); without it, the registry alone is asked. `lists`: the list
    stands in a table whose cells put `，` or `；` between bodies (as `kb export` writes them).
    """
    value = strip_notes(value).strip(" ，、；。")
    parts = split_plain(value, "，；")
    commas = lists or sum(not COLLECTIVE.search(p) for p in parts) >= 2  # `，` between bodies
    out: list[str] = []
    for part in parts:
        for group in _expand_etc(part):
            out.extend(_split_group(group, commas, same_body))
    return _shared_prefixes([n for name in out for n in _unglued(name) if _is_name(n)])


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


def _split_group(group: str, commas: bool, same_body: SameBody | None) -> list[str]:
    """The bodies of a group between `，`: `A、B和C` is three, `A、B` one only if it is one body."""
    names = [n for name in _join_levels(split_plain(group, "、")) for n in _split_conjunctions(name)]
    names = _share_body(names)
    if len(names) < 2:
        return names
    if (
        len(names) == 2
        and "、" in group
        and commas
        and not any(COLLECTIVE.search(n) for n in names)
        and not registry().distinct(*names)
    ):
        return ["、".join(names)]
    return _join_known(names, same_body)


def _join_known(names: list[str], same_body: SameBody | None) -> list[str]:
    """Adjacent names known as the two names of one body, joined with `、`."""
    out: list[str] = []
    for name in names:
        if out and "、" not in out[-1] and _one_body(out[-1], name, same_body):
            out[-1] = f"{out[-1]}、{name}"
        else:
            out.append(name)
    return out


def _one_body(a: str, b: str, same_body: SameBody | None) -> bool:
    if COLLECTIVE.search(a) or COLLECTIVE.search(b):
        return False
    if same_body is not None:
        return same_body(a, b)
    return registry().same_body(a, b) or registry().knows(f"{a}、{b}")


def _split_conjunctions(name: str) -> list[str]:
    """`市甲局和各区政府` -> both; `市经济和信息化局` stays one (`市经济` names no body), and so
    does a level of government before the body it shares (`各直辖市及县（市）政府`)."""
    if not _CONJUNCTION.search(name) or registry().knows(name):
        return [name]
    for m in _CONJUNCTION.finditer(name):
        left, right = name[: m.start()].strip(), _clean_name(name[m.end() :])
        if (
            left
            and right
            and _depth(left) == 0
            and agency_like(left.split("、")[-1])
            and not _BARE_LEVEL.match(left.split("、")[-1])  # 各直辖市及县（市）政府: one collective
            and agency_like(right.split("、")[0])
        ):
            return [left, *_split_conjunctions(right)]
    return [name]


def _depth(text: str) -> int:
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def _expand_etc(part: str) -> list[str]:
    """`海淀、朝阳等相关区政府` -> the four district governments; `A等有关部门` -> A, 有关部门;
    `A等部门` -> A (the tail names no body of its own); `A等和各区政府` -> A, 各区政府;
    `A等部门和各区政府` -> A, 各区政府 and `A等有关部门以及各区政府` -> A, 有关部门, 各区政府."""
    m = _ETC.match(part)
    if not m:
        return [part]
    head, tail = m.group("head"), _clean_name(m.group("tail"))
    items = split_plain(head, "、，")
    kind = re.match(r"^(?:相关|有关|各)?(?P<level>区|县|市)(?P<body>.*)$", tail)
    if kind and items and all(_is_place(i, kind.group("level")) for i in items):
        level, body = kind.group("level"), kind.group("body")
        return [(i if i.endswith(level) else i + level) + body for i in items]
    joined = _KIND_AND.match(tail)  # `A等部门和各区政府`: A, then the bodies after the conjunction
    if joined and agency_like(after := _clean_name(joined.group("rest"))):
        word = joined.group("kind")
        return [head] + ([word] if agency_like(word) else []) + [after]
    if tail and not agency_like(tail) and not _KIND.match(tail):
        return [part]  # `A、B等单位应当予以支持`: a sentence, not a list of bodies
    return [head] + ([tail] if tail and agency_like(tail) else [])


# What may follow `A等` without naming a body of its own: 部门, 单位, 有关方面 …
_KIND = re.compile(
    r"^(?:相关|有关|其他|其它|各)?"
    r"(?:部门|单位|机构|机关|组织|方面|企业|主体|地区|城市|省份)?(?:参与)?$"
)


# `等部门和…`, `等有关单位以及…`: the kind ends the first list, a conjunction starts the next.
_KIND_AND = re.compile(
    r"^(?P<kind>(?:相关|有关|其他|其它|各)?(?:部门|单位|机构|机关))(?:以及|和|及|与)(?P<rest>.+)$"
)


_PLACE_BODY = re.compile(r"^(?P<place>.+?)(?P<level>省|市|区|县)(?P<body>.*(?:政府|委员会|委|局|厅|办))$")


def _share_body(names: list[str]) -> list[str]:
    """Places before a place's body share the body: `广州、深圳、珠海市政府` -> the three city
    governments (as `海淀、朝阳等相关区政府` does with 等)."""
    m = _PLACE_BODY.match(names[-1]) if len(names) >= 2 else None
    if m is None or not _is_place(m.group("place"), m.group("level")):
        return names
    level, body = m.group("level"), m.group("body")
    if not all(not agency_like(n) and _is_place(n, level) for n in names[:-1]):
        return names
    return [(n if n.endswith(level) else n + level) + body for n in names[:-1]] + [names[-1]]


# A level of government without a body (`各省`, `自治区`, `县（市）`): it shares the body named
# after it, as in `各省、自治区、直辖市人民政府` or `各区、县（市）政府`.
_BARE_LEVEL = re.compile(
    r"^(?:各|相关|有关)?(?:省|自治区|直辖市|计划单列市|副省级城市|地级市|市|区|县|县（市）|县（市、区）|"
    r"市（州）|州|盟|旗|乡|镇|乡镇|街道|区县|市县|市区)$"
)


def _join_levels(names: list[str]) -> list[str]:
    """`各省`, `自治区`, `直辖市人民政府` -> `各省、自治区、直辖市人民政府` (one collective), and
    `各市、县人民政府`; a level of another tier before a body that is no government stays apart
    (`各乡镇`, `县工信局`: the townships and a county bureau)."""
    out: list[str] = []
    pending: list[str] = []
    for name in names:
        if _BARE_LEVEL.match(name):
            pending.append(name)
            continue
        if pending and _tier(pending[-1]) != _tier(name) and not _GOVERNMENT.search(name):
            out += pending
            pending = []
        out.append("、".join([*pending, name]))
        pending = []
    return out + pending


_GOVERNMENT = re.compile(r"(?:人民政府|政府|党委|党委和政府|办事处)$")
# Tiers of government: a level shares a bureau only with levels of its own tier.
_TIERS = (
    ("省", "自治区", "直辖市", "计划单列市", "副省级城市"),
    ("地级市", "市（州）", "市", "州", "盟"),
    ("县（市、区）", "县（市）", "区县", "市县", "市区", "区", "县", "旗"),
    ("乡镇", "乡", "镇", "街道"),
)


def _tier(name: str) -> int | None:
    """The tier of the level a name starts with (各乡镇 -> 3, 县工信局 -> 2), or None."""
    name = re.sub(r"^(?:各|相关|有关)", "", name)
    for tier, levels in enumerate(_TIERS):
        if name.startswith(levels):
            return tier
    return None


# A division of a body (科技处, 办公室 …) and a body that has divisions (市交通委, 区住建局 …).
_DIVISION = re.compile(r"(?:处|科|室|中心|总队|支队|大队)$")
_BODY_END = re.compile(r"^.{2,}?(?:委员会|管委会|委|局|厅|部|办(?!公)|署)")  # 办 of 市重大办, not of 办公室
_ANCHORED = re.compile(r"^(?:市|区|县|省|州|镇|乡|街道|社区|各|相关|有关|其他|国家|国务院|中共|中国|全国)")


def _shared_prefixes(names: list[str]) -> list[str]:
    """`市交通委科技处`, `港务处` -> `市交通委港务处`: a bare division after another division of a
    body shares that body's name."""
    out: list[str] = []
    prefix = ""
    for name in names:
        if prefix and _DIVISION.search(name) and not _anchored(name):
            out.append(prefix + name)
            continue
        m = _BODY_END.match(name)
        prefix = m.group() if m and _DIVISION.search(name) and len(m.group()) < len(name) else ""
        out.append(name)
    return out


def is_division(name: str) -> bool:
    """A bare division's name (基层处, 办公室), that does not say whose it is."""
    return bool(_DIVISION.search(name)) and not _anchored(name)


def _anchored(name: str) -> bool:
    """Whether a name says whose it is: a place, a level or a known body. A place level's
    character that starts a word of the division (市场推广处, 区域合作科) anchors nothing: a 处, 科
    or 室 naming no body type (局, 委, 厅, 办 …) and no level (市级) is a body's division."""
    if _LEVEL_WORD.match(name) and not registry().knows(name):
        return False
    return bool(_ANCHORED.match(name)) or places.split_place(name)[0] is not None or registry().knows(name)


# A division whose first character is also a place level (市场推广处, 区域合作处, 省际交流科,
# 县域经济室): no 级 after the level, no body type in the name.
_LEVEL_WORD = re.compile(
    r"^(?=[市区县省州镇乡](?!级))(?!.*(?:委|局|厅|办(?!公室)|政府|署|部|院|会|所|站)).*(?:处|科|室)$"
)


# Two bodies written without a separator: `市住房城乡建设管理委市重大办`, `区建设管理委区规划资源局`.
_GLUED = re.compile(
    r"^(?P<a>(?P<level>[市区县])[^、，（）]{1,20}?(?:委|局|办|厅))(?P<b>(?P=level)[^、，（）]{2,20})$"
)


def _unglued(name: str) -> list[str]:
    m = _GLUED.match(name)
    if not m or registry().knows(name):
        return [name]
    a, b = m.group("a"), m.group("b")
    if places.is_org_name(a) and places.is_org_name(b) and not _DIVISION.search(b):
        return [a, *_unglued(b)]
    return [name]


def _is_place(name: str, level: str) -> bool:
    full = name if name.endswith(level) else name + level
    return bool(places.get(full))


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:由|请|和|及|以及|与)", "", name.strip(" \t\u3000“”\"'"))
    return name.strip(" \t\u3000“”\"'。")


def _is_name(name: str) -> bool:
    """Not page furniture such as `…办公室咨询热线：0737-12345`, nor a whole sentence, nor
    the word a list uses for none (`配合单位：无`, `協辦機關：無`, `——`, `/`)."""
    return (
        len(name) <= 40 and "：" not in name and not re.search(r"\d{5}", name) and not _NONE.fullmatch(name)
    )


# What stands in a list for "no unit of this role": a dash or slash, or a word saying none.
_NONE = re.compile(r"[/／—\-－─]+|[无無]|暂[无無]|暫無|[无無]需|不涉及|N/?A", re.IGNORECASE)


def strip_notes(value: str) -> str:
    """Drop trailing asides such as `（按职责分工负责）` and the verb after a list."""
    value = re.sub(rf"[（(](?:{_BY_DUTY}|分别负责|各自负责)[）)]$", "", value.strip())
    return re.sub(rf"(?:{_BY_DUTY}|分别负责|负责)$", "", value).strip()


# `按职责分工负责`, `按照职责分工配合`, `按各自职责负责`, `按照职能分工落实`.
_BY_DUTY = r"按(?:照)?(?:各自)?(?:职责|职能)(?:分工)?(?:负责|配合|落实)"


# What a collective names ends with: 有关部门, 各街乡, 各区、县（市）, 各地区 (not 各区政府要建立机制).
_COLLECTIVE_END = re.compile(
    r"(?:部门|单位|机构|机关|政府|区|县|市|州|盟|旗|省|街乡|街道|街镇|镇街|乡镇|镇|乡|企业|高校|院校|学校|医院|园区|"
    r"组织|方面|地区|城市|委办局)(?:（[^（）]{1,8}）)?$"
)
_TRAILING_NAME = re.compile(r"^(?P<body>.+?)（(?P<other>[^（）]{2,20})）$")  # 市水务局（海洋局）


def agency_like(name: str) -> bool:
    """Whether a text reads as an agency's name, a collective's (各区政府, 有关部门) or a known one."""
    name = _INLINE_LEAD.sub("", name).strip()
    if not name or len(name) > 40:
        return False
    if places.is_org_name(name) or registry().knows(name):
        return True
    m = _TRAILING_NAME.match(name)
    if m and places.is_org_name(m.group("body")) and places.is_org_name(m.group("other")):
        return True  # one body's two names, the second in brackets
    return bool(COLLECTIVE.search(name)) and bool(_COLLECTIVE_END.search(name))
