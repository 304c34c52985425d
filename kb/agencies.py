"""Agencies: canonical names, short names and aliases, scoped by jurisdiction.

`市科委` in a Beijing document is the Beijing commission, in a Shanghai document the
Shanghai one (DOMAIN.md section 4). A name is resolved in the jurisdiction of the document
that wrote it:

1. known names and aliases (`kb/data/agencies.tsv`, `central_agencies.tsv`, and the
   document's own issuers from its header and signature block);
2. relative names (`市财政局`, `区政府`, `市委人才办`) qualified with the jurisdiction;
3. short body names expanded with `kb/data/agency_terms.tsv` (`科委` -> 科学技术委员会).

Matching is script-, vocabulary- and width-insensitive (`kb.normalize.normalize`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kb import places
from kb.normalize import normalize, squeeze, to_mainland, to_simplified

COLLECTIVE = re.compile(
    r"^(?:各|相关|有关|其他|其它|属地|全部|所有)|(?:成员单位|有关部门|相关部门|有关单位|相关单位|职能部门|"
    r"主管部门|行业部门|各部门|各单位|等部门|等单位|属企业)$|^(?:市|区|县|省)级(?:相关|有关|各)?(?:部门|单位)$"
)
_RELATIVE = re.compile(r"^(市委|区委|县委|省委|市政府|区政府|县政府|省政府|市|区|县|省)(.*)$")


@dataclass(frozen=True, slots=True)
class Agency:
    """One body (or a collective of bodies) that can be responsible for tasks."""

    canonical: str  # full name, simplified script
    jurisdiction: str | None
    aliases: tuple[str, ...] = ()
    collective: bool = False

    @property
    def key(self) -> str:
        """Unique in a store: collectives and unqualified names carry their jurisdiction."""
        if self.jurisdiction and (self.collective or _RELATIVE.match(self.canonical)):
            return f"{self.canonical}@{self.jurisdiction}"
        return self.canonical


@dataclass
class _Entry:
    canonical: str
    jurisdiction: str | None
    aliases: set[str] = field(default_factory=set)


class Registry:
    """Resolves names as written to agencies, within a jurisdiction."""

    def __init__(self) -> None:
        self._scoped: dict[tuple[str | None, str], _Entry] = {}
        self._global: dict[str, _Entry] = {}
        self._names: set[str] = set()  # every known name, in matching form
        for canonical, jurisdiction, aliases in _data_rows("agencies.tsv"):
            self.add(canonical, jurisdiction or None, aliases)
        for canonical, aliases, _kind in _data_rows("central_agencies.tsv"):
            self.add(canonical, places.CENTRAL, aliases)

    def add(self, canonical: str, jurisdiction: str | None, aliases: str | list[str] = "") -> None:
        """Register a body and its aliases; relative aliases (市科委) only in its jurisdiction."""
        names = aliases.split("|") if isinstance(aliases, str) else list(aliases)
        entry = self._global.get(normalize(canonical)) or _Entry(canonical, jurisdiction)
        for name in [canonical, *names]:
            name = name.strip()
            if not name:
                continue
            entry.aliases.add(name)
            key = normalize(name)
            self._names.add(key)
            self._scoped[(jurisdiction, key)] = entry
            if not _RELATIVE.match(name):
                self._global.setdefault(key, entry)

    def resolve(self, name: str, jurisdiction: str | None) -> Agency:
        """The agency a name written in a document of `jurisdiction` refers to."""
        simple = squeeze(to_simplified(name)).strip("，、；。 ")
        if places.is_mainland(jurisdiction):
            simple = to_mainland(simple)  # 市经济和资讯化局 of a page converted for Taiwan readers
        collective = bool(COLLECTIVE.search(simple))
        entry = self._known(simple, jurisdiction)
        if entry is None and not collective:
            qualified = _qualify(simple, jurisdiction)
            entry = self._known(qualified, jurisdiction) or self._known(_expand(qualified), jurisdiction)
            if entry is None:
                canonical = _expand(qualified)
                return Agency(canonical, _scope(canonical, jurisdiction), (simple,), False)
        if entry is None:
            return Agency(simple, jurisdiction, (simple,), True)
        return Agency(entry.canonical, entry.jurisdiction, tuple(sorted(entry.aliases)), collective)

    def aliases(self, canonical: str) -> set[str]:
        """Every name the registry knows a body by (empty for unknown bodies)."""
        entry = self._global.get(normalize(canonical))
        return set(entry.aliases) if entry else set()

    def names(self) -> frozenset[str]:
        """Every name and alias the registry knows, in matching form (kb.normalize)."""
        return frozenset(self._names)

    def knows(self, name: str) -> bool:
        """Whether a name is a known agency name or alias in any jurisdiction."""
        return normalize(squeeze(name)) in self._names

    def for_document(self, issuers: tuple[str, ...], jurisdiction: str | None) -> DocumentAgencies:
        """A resolver for one document: its own issuers are learned first."""
        return DocumentAgencies(self, issuers, jurisdiction)

    def distinct(self, a: str, b: str) -> bool:
        """Whether two names are known to be two different bodies.

        Both must be known the same way: two named bodies, or two body types under the same
        relative prefix (市发展改革委, 市财政局). A type and a named body (市科委, 中关村管委会)
        may be one body with two names, so they are not known to be distinct.
        """
        ka, kb = self._identity(a), self._identity(b)
        if ka is None or kb is None or ka[0] != kb[0] or ka == kb:
            return False
        return frozenset((ka[1], kb[1])) not in _two_name_types()  # 市市场监管局、市知识产权局 may be one

    def _identity(self, name: str) -> tuple[str, str] | None:
        entry = self._known(name, None)
        if entry is not None:
            return "entry", entry.canonical
        m = _RELATIVE.match(squeeze(to_simplified(name)))
        body = m.group(2) if m and len(m.group(1)) == 1 else None
        if m and body and (body in _terms()[0] or body in _terms()[1]):
            return f"type{m.group(1)}", _terms()[0].get(body, body)
        return None

    def same_body(self, a: str, b: str) -> bool:
        """Whether two names are the two names of one body (一个机构两块牌子)."""
        ea, eb = self._global.get(normalize(a)), self._global.get(normalize(b))
        return ea is not None and ea is eb

    def _known(self, name: str, jurisdiction: str | None) -> _Entry | None:
        key = normalize(name)
        return self._scoped.get((jurisdiction, key)) or self._global.get(key)


class DocumentAgencies:
    """Names as one document writes them: its issuers' short forms resolve to them."""

    def __init__(self, reg: Registry, issuers: tuple[str, ...], jurisdiction: str | None):
        self.registry = reg
        self.jurisdiction = jurisdiction
        self._local: dict[str, Agency] = {}
        for issuer in issuers:
            for name in issuer.split("、"):
                agency = reg.resolve(issuer, jurisdiction)
                place, rest = places.split_place(name)
                forms = [name] + (
                    [f"{_relative_prefix(place)}{f}" for f in _short_forms(rest)] if place else []
                )
                for form in forms:
                    self._local.setdefault(normalize(form), agency)
        self._cache: dict[str, Agency] = {}

    def resolve(self, name: str) -> Agency:
        key = normalize(squeeze(to_simplified(name)))
        if key not in self._cache:
            known = self.registry._known(name, self.jurisdiction)
            local = self._local.get(key)
            self._cache[key] = (
                local
                if local is not None and known is None
                else self.registry.resolve(name, self.jurisdiction)
            )
        return self._cache[key]


def _scope(canonical: str, jurisdiction: str | None) -> str | None:
    return places.place_of(canonical) or jurisdiction


def _qualify(name: str, jurisdiction: str | None) -> str:
    """市财政局 in Beijing -> 北京市财政局; 市委人才办 -> 中共北京市委人才办."""
    m = _RELATIVE.match(name)
    if not m or not jurisdiction or m.group(2) == "":
        return name
    prefix, rest = m.groups()
    level = prefix[0]
    place = _level_place(jurisdiction, level)
    if place is None:
        return name
    if prefix.endswith("委"):
        return f"中共{place}委{rest}"
    if prefix.endswith("政府"):
        return f"{place}人民政府{rest}"
    return place + rest


def _level_place(jurisdiction: str, level: str) -> str | None:
    """The unit of `jurisdiction` at a level: 市 of 北京市朝阳区 is 北京市."""
    for place in places.chain(jurisdiction):
        if place.name.endswith(level) or (level == "市" and place.level == "city"):
            return place.name if place.level != "district" else place.qualified
    return None


def _relative_prefix(place: str) -> str:
    return place[-1] if place and place[-1] in "市区县省" else ""


@lru_cache(maxsize=1)
def _terms() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Body names: short form -> full, and full -> short forms."""
    expand: dict[str, str] = {}
    shorten: dict[str, list[str]] = {}
    for full, shorts in _data_rows("agency_terms.tsv"):
        forms = [s for s in shorts.split("|") if s]
        shorten[full] = forms
        for form in forms:
            expand.setdefault(form, full)
    return expand, shorten


@lru_cache(maxsize=1)
def _two_name_types() -> frozenset[frozenset[str]]:
    """Pairs of body types one body often holds together (kb/data/two_name_types.tsv)."""
    return frozenset(frozenset(row[:2]) for row in _data_rows("two_name_types.tsv"))


def _expand(name: str) -> str:
    """北京市科委 -> 北京市科学技术委员会; 海淀区政府 -> 北京市海淀区人民政府."""
    place, rest = places.split_place(name)
    if not place:
        return name
    body = _terms()[0].get(rest, rest)
    if places.chain(place)[-1].level == "district":
        return place + body
    return name[: len(name) - len(rest)] + body


def _short_forms(body: str) -> list[str]:
    forms = [body]
    for full, shorts in _terms()[1].items():
        if body == full:
            forms.extend(shorts)
    return forms


def _data_rows(name: str) -> list[list[str]]:
    text = (resources.files("kb") / "data" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The shared registry of shipped names (documents add their issuers to copies)."""
    return Registry()


def split_issuers(text: str) -> list[str]:
    """Issuing bodies listed in one string; the two names of one body stay together."""
    return join_same_body([squeeze(n) for n in re.split(r"[、；;，,\s]+", to_simplified(text)) if n.strip()])


def join_same_body(names: list[str]) -> list[str]:
    """Names in a list, the two names of one body joined with `、` (`市科委、中关村管委会`)."""
    out: list[str] = []
    for name in names:
        if out and registry().same_body(out[-1].split("、")[-1], name):
            out[-1] = f"{out[-1]}、{name}"
        else:
            out.append(name)
    return out
