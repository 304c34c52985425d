"""Responsibilities across documents: which tasks an agency has, and every agency's workload.

Answered from the catalogue alone (each record keeps its owned tasks without their text), so
no document is loaded. An agency is found by any name it is known by: as written in a
document (市科委), its canonical name, either name of a joint body (中关村管委会), a shipped
alias, in either script. A name written the same way in several jurisdictions (市财政局)
finds each of them; a qualified name (北京市财政局) only its own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from kb.agencies import registry
from kb.errors import AgencyNotFound
from kb.model import Responsibility, Role, TaskRef
from kb.normalize import match_key
from kb.store import DocumentRecord


@dataclass(frozen=True, slots=True)
class AgencySummary:
    """One agency as the store knows it, with its workload."""

    key: str
    canonical: str
    jurisdiction: str | None
    collective: bool
    names: tuple[str, ...]  # as written in the documents
    counts: dict[str, int] = field(default_factory=dict)  # role -> number of tasks

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Assignment:
    """One task of one agency: the task, and the responsibility that links them."""

    record: DocumentRecord
    task: TaskRef
    responsibility: Responsibility


@dataclass(frozen=True, slots=True)
class AgencyTasks:
    """What `kb agency NAME` answers: the agencies the name matched, and their tasks."""

    query: str
    agencies: tuple[AgencySummary, ...]
    assignments: tuple[Assignment, ...]


class AgencyIndex:
    """Agencies of the stored documents, by every name they are known by."""

    def __init__(self, records: Iterable[DocumentRecord]):
        self._assignments: dict[str, list[Assignment]] = defaultdict(list)
        self._names: dict[str, set[str]] = defaultdict(set)
        self._first: dict[str, Responsibility] = {}
        for record in records:
            for task in record.owned:
                for r in task.responsibilities:
                    self._assignments[r.key].append(Assignment(record, task, r))
                    self._first.setdefault(r.key, r)
                    self._names[r.key].add(r.name)
        self._aliases: dict[str, set[str]] | None = None

    def _alias_keys(self) -> dict[str, set[str]]:
        if self._aliases is None:
            self._aliases = {}
            for key, names in self._names.items():
                canonical = self._first[key].canonical
                forms = set(names) | {canonical} | registry().aliases(canonical)
                forms |= {part for form in list(forms) for part in form.split("、")}
                forms |= {_before_bracket(form) for form in list(forms)}  # 各区政府（新区管委会）
                keys = {match_key(f) for f in forms if f}
                self._aliases[key] = keys | {folded(k) for k in keys}
        return self._aliases

    def all_keys(self) -> list[str]:
        """Every agency's key."""
        return list(self._assignments)

    def forms(self, key: str) -> set[str]:
        """Every name (matching form) the agency `key` is known by."""
        return self._alias_keys().get(key, set())

    def in_documents(self, key: str, docs: set[str]) -> bool:
        """Whether the agency `key` has a task in one of `docs`."""
        return any(a.record.id in docs for a in self._assignments.get(key, ()))

    def all_names(self) -> list[str]:
        """Every name the stored agencies are known by: as written, in full, the shipped
        aliases of their canonical names, and without a second name in brackets or with 政府
        for 人民政府 (各区政府 for 各区人民政府)."""
        out: set[str] = set()
        for key, names in self._names.items():
            canonical = self._first[key].canonical
            out |= names | {canonical} | registry().aliases(canonical)
        shorter = {_before_bracket(n) for n in out}  # 各区政府（管委会）: also 各区政府
        return sorted(out | shorter | {n.replace("人民政府", "政府") for n in out | shorter})

    def match(self, query: str) -> list[str]:
        """Keys of the agencies `query` names (exact names first, else a fragment)."""
        q = match_key(query)
        if not q:
            return []
        aliases = self._alias_keys()
        keys = {k for k, forms in aliases.items() if q in forms or folded(q) in forms}
        for jurisdiction in self._jurisdictions():  # 市发改委 as a document of each place would write it
            resolved = registry().resolve(query, jurisdiction)
            if resolved.key in self._assignments and (jurisdiction is None or not resolved.collective):
                keys.add(resolved.key)
        if not keys and (full := _with_level(query)) != query:  # 杭州发改委: 杭州市发改委
            return self.match(full)
        if not keys:  # 澳门特别行政区体育局, 台南市水利局: a body its place's documents write bare
            keys = self._of_place(query)
        if not keys:  # a fragment: one name of a joint body (市科委、中关村管委会) or a name's end
            keys = {k for k, forms in aliases.items() if any(_ends_part(f, q) for f in forms)}
        if not keys:  # a body asked by its generic name: 人民银行 for 人民银行上海分行
            keys = {k for k, forms in aliases.items() if any(branch_of(f, q) for f in forms)}
        return sorted(keys)

    def _of_place(self, query: str) -> set[str]:
        """Keys of the agencies a place's documents write as the rest of a name that starts
        with the place (体育局 in a 澳门特别行政区 document for 澳门体育局)."""
        from kb import places

        place, rest = places.split_place(query)
        rest_key = match_key(rest)
        if place is None or len(rest_key) < 2:
            return set()
        return {
            k for k, forms in self._alias_keys().items()
            if rest_key in forms and self._sits_in(k, place)
        }  # fmt: skip

    def _sits_in(self, key: str, place: str) -> bool:
        return any(place in places_of(a.record.jurisdiction) for a in self._assignments[key])

    def place_of_name(self, query: str) -> str | None:
        """The place a name starts with when it names only bodies its place's documents write
        without it (澳门特别行政区工务局: 工务局 of the Macao documents, not of Tainan's)."""
        from kb import places

        of_place = self._of_place(query)
        return places.split_place(query)[0] if of_place and set(self.match(query)) == of_place else None

    def divisions(self, query: str, docs: set[str]) -> list[str]:
        """Keys of the divisions of the body `query` names that have tasks in `docs` (市交通委:
        市交通委科技信息处, 市交通委执法总队): a plan a body issues often gives its tasks to its
        own divisions."""
        q = match_key(query)
        if len(q) < 3:
            return []
        return sorted(
            k
            for k, forms in self._alias_keys().items()
            if self.in_documents(k, docs) and any(_division_of(f, q) for f in forms)
        )

    def _jurisdictions(self) -> list[str | None]:
        """Where the agencies of the stored tasks sit (None first: names that need no place)."""
        found = {r.jurisdiction for r in self._first.values() if r.jurisdiction}
        return [None, *sorted(found)]

    def first(self, key: str) -> Responsibility | None:
        """The first responsibility of the agency `key` (its names and place), if any task names it."""
        return self._first.get(key)

    def only_in(self, name: str, jurisdiction: str | None) -> Responsibility | None:
        """The one agency `name` names among those of `jurisdiction` (or of no place), if one."""
        q = match_key(name)
        keys = [
            k for k, forms in self._alias_keys().items()
            if q in forms and self._first[k].jurisdiction in (jurisdiction, None)
        ]  # fmt: skip
        return self._first[keys[0]] if len(keys) == 1 else None

    def summary(self, key: str, doc: str | None = None) -> AgencySummary:
        first = self._first[key]
        counts: dict[str, int] = defaultdict(int)
        for a in self._assignments[key]:
            if doc is None or a.record.id == doc:
                counts[str(a.responsibility.role)] += 1
        return AgencySummary(
            key, first.canonical, first.jurisdiction, first.collective,
            tuple(sorted(self._names[key])), dict(counts),
        )  # fmt: skip

    def near(self, query: str, limit: int = 8) -> list[AgencySummary]:
        """Agencies whose names hold `query` or come close to it: the candidates for a name no
        agency has."""
        import difflib

        q = match_key(query)
        aliases = self._alias_keys()
        found = [k for k, forms in aliases.items() if any(q in f or (f and f in q) for f in forms)]
        if len(found) < limit:
            every = {f: k for k, forms in aliases.items() for f in forms}
            found += [every[f] for f in difflib.get_close_matches(q, list(every), n=limit, cutoff=0.5)]
        return [self.summary(k) for k in list(dict.fromkeys(found))[:limit]]

    def require(self, query: str) -> list[str]:
        """Like `match`, but an agency no task names is an error saying what to do."""
        keys = self.match(query)
        if not keys:
            raise AgencyNotFound(
                f"no agency named {query!r} is responsible for any task: `kb agencies` lists them"
            )
        return keys

    def tasks_of(self, key: str) -> list[Assignment]:
        """The tasks of one agency (by key)."""
        return list(self._assignments.get(key, []))

    def tasks(self, query: str) -> AgencyTasks:
        """Every task of the agencies `query` names, across documents, in document order."""
        keys = self.require(query)
        found = [a for k in keys for a in self._assignments[k]]
        found.sort(key=lambda a: (a.record.id, a.task.seq, _ROLE_ORDER[a.responsibility.role]))
        return AgencyTasks(query, tuple(self.summary(k) for k in keys), tuple(found))

    def workloads(self, doc: str | None = None) -> list[AgencySummary]:
        """Agencies with their number of tasks per role, busiest first."""
        keys = [
            k
            for k, items in self._assignments.items()
            if doc is None or any(a.record.id == doc for a in items)
        ]
        out = [self.summary(k, doc) for k in keys]
        return sorted(out, key=lambda s: (-s.counts.get("lead", 0), -s.total, s.canonical))


@lru_cache(maxsize=256)
def places_of(jurisdiction: str | None) -> frozenset[str]:
    """The places a jurisdiction lies in, as kb.places.split_place names them."""
    from kb import places

    return frozenset(p.qualified for p in places.chain(jurisdiction)) if jurisdiction else frozenset()


def folded(key: str) -> str:
    """A name (matching form) as written in other ways of the same body: a district's short
    name (公安青浦区分局, 公安青浦分局 -> 公安青浦分局), no ministry before a body under it
    (交通运输部上海海事局 -> 上海海事局) and 政府 for 人民政府 (各区人民政府 -> 各区政府)."""
    key = _ministry_prefix().sub("", key, count=1) if len(key) > 8 else key
    key = key.replace("人民政府", "政府")
    return _district_pattern().sub(lambda m: _districts()[m.group(0)], key)


def _before_bracket(name: str) -> str:
    """A name before the second name it gives in brackets (各区政府（新区管委会） -> 各区政府);
    the name itself when it gives none."""
    m = re.match(r"^(.{3,}?)[（(][^（）()]+[）)]$", name.strip())
    return m.group(1) if m else name


@lru_cache(maxsize=1)
def _districts() -> dict[str, str]:
    from kb import places

    return {
        match_key(p.name): match_key(p.short)
        for p in places.all_places()
        if p.level == "district" and len(p.short) >= 2 and p.name != p.short
    }


@lru_cache(maxsize=1)
def _district_pattern() -> re.Pattern[str]:
    names = sorted(_districts(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names) or "(?!)")


@lru_cache(maxsize=1)
def _ministry_prefix() -> re.Pattern[str]:
    """A central ministry's name before a body's own name (交通运输部上海海事局)."""
    names = [match_key(n) for n in registry().names() if n.endswith(("部", "总局"))]
    kept = sorted({n for n in names if len(n) >= 3}, key=len, reverse=True)
    return re.compile("^(?:" + "|".join(re.escape(n) for n in kept) + ")(?=.{4,}$)" if kept else "(?!)")


_ROLE_ORDER = {Role.LEAD: 0, Role.SUPPORT: 1, Role.RESPONSIBLE: 2, Role.GUIDE: 3}


# How the name of a body's branch in a place ends: 人民银行上海分行, 中国人民银行嘉兴市分行.
_BRANCH = re.compile(r"(?:中心支行|分行|支行|营业管理部|分局|分公司|分中心|分院)$")


def branch_of(form: str, generic: str) -> bool:
    """Whether a name (matching form) is a branch in a place of the body `generic` names
    (人民银行: 人民银行上海分行, 中国人民银行嘉兴市分行, 人民银行营业管理部): the generic name, with
    or without 中国, then a place's name or none, then a branch word."""
    from kb import places

    generic = generic[2:] if generic.startswith("中国") else generic
    if len(generic) < 3:
        return False
    body = form[2:] if form.startswith("中国") else form
    if not body.startswith(generic):
        return False
    rest = body[len(generic) :]
    end = _BRANCH.search(rest)
    if end is None:
        return False
    place = rest[: end.start()]
    return not place or (places.split_place(place)[0] is not None and not places.split_place(place)[1])


_DIVISION = re.compile(r"^[\u4e00-\u9fff]{1,10}(?:处|室|科|所|总队|支队|大队|办公室)$")


def _division_of(form: str, body: str) -> bool:
    """Whether a name (matching form) is a division of `body` (市交通委 + 科技信息处)."""
    return form.startswith(body) and _DIVISION.match(form[len(body) :]) is not None


def _ends_part(form: str, fragment: str) -> bool:
    """Whether a fragment ends one of the names a form joins with 、: 中关村管委会 in 市科委、中关村
    管委会, 市财政局 in 北京市财政局; not 国务院 in 国务院国资委 (the body there is the 国资委)."""
    return any(part.endswith(fragment) for part in form.split("、"))


def _with_level(name: str) -> str:
    """A body's name whose place is written without its level word (杭州发改委, 宁波市 the place
    meant), with it (杭州市发改委); the name itself otherwise."""
    from kb import places

    place, rest = places.split_place(name)
    if place is None or not rest:
        return name
    written = places.chain(place)[-1].name
    short = name.strip()[: len(name.strip()) - len(rest)]
    return written + rest if short != written and written.startswith(short) else name
