"""Places: the administrative divisions that scope documents and agency names.

Data: `kb/data/places.tsv` (provinces, prefecture-level units, the districts of the
municipalities and large cities, Taiwan's cities and counties: 台北市 … 连江县).
Jurisdictions are written the way officials write them: `北京市`, `青岛市`, `山东省`,
`北京市朝阳区`; central government documents are `国务院`, national laws `全国`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

CENTRAL = "国务院"
NATIONAL = "全国"

_ORG_SUFFIX = re.compile(
    r"(?:委员会|政府|办公厅|办公室|管委会|管委|局|厅|委|部|院|署|会|处|中心|银行|办|总局|公司|集团|"
    r"协会|联合会|学会|研究院|大学|学院|法院|检察院|海关|监狱|科|所|站|队|室|组|团|专班|"
    r"司|"  # a ministry's department: 财务司, 信息技术发展司
    r"分行|支行|分社|报社|合作社|供销社|农商行|馆|学校|高校|党校|"
    r"妇联|残联|侨联|文联|工商联|社科联|科联|台联|"  # people's organisations: 市妇联, 区残联
    r"开发区|经开区|高新区|综保区|保税区|新区|试验区|示范区|合作区)$"  # zones answer through their committees
)
_NATIONAL_PREFIX = re.compile(r"^(?:中华人民共和国|全国人民代表大会|全国人大)")
_CENTRAL_PREFIX = re.compile(r"^(?:国务院|中共中央|中央|国家|最高人民|中国人民银行|海关总署|审计署)")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    short: str
    level: str  # province, city, district
    parent: str
    abbr: str

    @property
    def qualified(self) -> str:
        """District names repeat across cities: 北京市朝阳区, 长春市朝阳区."""
        return self.parent + self.name if self.level == "district" else self.name


@lru_cache(maxsize=1)
def all_places() -> tuple[Place, ...]:
    text = (resources.files("kb") / "data" / "places.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(Place(*(row + [""] * (5 - len(row)))[:5]) for row in rows)


@lru_cache(maxsize=1)
def _by_name() -> dict[str, list[Place]]:
    index: dict[str, list[Place]] = {}
    for place in all_places():
        index.setdefault(place.name, []).append(place)
    return index


@lru_cache(maxsize=1)
def _by_short() -> dict[str, list[Place]]:
    # District short forms are often ordinary words (新华, 光明, 长安): full names only.
    index: dict[str, list[Place]] = {}
    for place in all_places():
        if len(place.short) >= 2 and place.level != "district":
            index.setdefault(place.short, []).append(place)
    return index


@lru_cache(maxsize=1)
def _prefix_pattern() -> re.Pattern[str]:
    names = sorted({p.name for p in all_places()} | set(_by_short()), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


def full_name(name: str) -> str:
    """The full name of a province or city given short (上海 -> 上海市); the name otherwise."""
    found = _by_short().get(name)
    return found[0].name if found else name


def get(name: str) -> list[Place]:
    """Places with this full name (several for repeated district names)."""
    return _by_name().get(name, [])


# a place a text starts with, known or not (梁溪区考核细则, 惠山区2025年度…): a name and its level
_LEADING_PLACE = re.compile(
    r"^(?![本全各该此])([\u4e00-\u9fff]{2,4}?(?:省|市|区|县|旗))(?![场域级属委局办厅院会府政])"
)


def leading_place(text: str) -> str | None:
    """The place word a title or a description starts with, known or not (梁溪区, 惠山区)."""
    m = _LEADING_PLACE.match(text.strip())
    return m.group(1) if m and m.group(1) not in ("市区", "城区", "社区", "园区", "新区", "景区") else None


def is_org_name(text: str) -> bool:
    """Whether a short text reads as the name of an organisation."""
    text = text.strip()
    if not 2 <= len(text) <= 60 or re.search(r"[。，；：！？]", text):
        return False
    return bool(_ORG_SUFFIX.search(text))


def place_of(name: str, context: str = "") -> str | None:
    """The jurisdiction a name starts with: 北京市科委 -> 北京市, 朝阳区科委 -> 北京市朝阳区.

    Repeated district names are resolved by which parent `context` mentions most.
    """
    name = name.strip()
    if name.startswith("中华人民共和国国务院"):  # the central government, not a national law
        return CENTRAL
    if _NATIONAL_PREFIX.match(name):
        return NATIONAL
    if _CENTRAL_PREFIX.match(name):
        return CENTRAL
    found, _ = _match(name, context)
    return found[-1].qualified if found else None


# Where Taiwan or Hong Kong words are a body's own words (資訊局), not a converter's.
_OWN_VOCABULARY = frozenset(["台湾省", "香港特别行政区", "澳门特别行政区"])


def is_mainland(jurisdiction: str | None) -> bool:
    """Whether a jurisdiction is on the mainland (the State Council, a province, a city …);
    False for Taiwan, Hong Kong and Macao, and when it is not known."""
    if not jurisdiction:
        return False
    if jurisdiction in (CENTRAL, NATIONAL):
        return True
    found = chain(jurisdiction)
    return bool(found) and not {found[0].name, found[0].parent} & _OWN_VOCABULARY


def split_place(name: str) -> tuple[str | None, str]:
    """(jurisdiction, the rest): 北京市科委 -> (北京市, 科委); 财政部 -> (None, 财政部)."""
    found, end = _match(name.strip(), "")
    return (found[-1].qualified, name.strip()[end:]) if found else (None, name.strip())


def chain(jurisdiction: str) -> list[Place]:
    """The places a jurisdiction names, outermost first: 北京市朝阳区 -> 北京市, 朝阳区."""
    return _match(jurisdiction, "")[0]


def _match(name: str, context: str) -> tuple[list[Place], int]:
    """The places a name starts with, and where they end."""
    found: list[Place] = []
    pos = 0
    while len(found) < 3:
        m = _prefix_pattern().match(name, pos)
        if not m:
            break
        candidates = _by_name().get(m.group(0)) or _by_short().get(m.group(0), [])
        if found:
            candidates = [c for c in candidates if c.parent == found[-1].name]
        if not candidates:
            break
        found.append(_choose(candidates, context))
        pos = m.end()
        if found[-1].level == "district":
            break
    return found, pos


def _choose(candidates: list[Place], context: str) -> Place:
    if len(candidates) == 1 or not context:
        return candidates[0]

    def mentions(place: Place) -> int:
        parent = get(place.parent)
        words = [place.parent] + [p.short for p in parent if p.short]
        return sum(context.count(w) for w in words if w)

    return max(candidates, key=mentions)


def province_of_abbr(char: str) -> str | None:
    """The province a document number's first character names: 京 -> 北京市, 国 -> 国务院."""
    if char == "国":
        return CENTRAL
    for place in all_places():
        if place.level == "province" and place.abbr == char and char not in _AMBIGUOUS_ABBR:
            return place.name
    return None


# City abbreviations share these characters (青 青岛, 宁 南京/宁波, 吉 吉林市 ...).
_AMBIGUOUS_ABBR = set("青宁吉新云台港澳")
