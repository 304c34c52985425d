"""The catalogue as a user names its documents: by id, number, title, words of the title, a
place, or a description such as `上海的孵化器方案` (a place and some words of the title).

Lookups go through indexes built on first use, never a pass over every record per question
(a store may hold thousands). Matching is script- and vocabulary-insensitive and ignores
spaces, brackets and quotes, so `京科發〔2022〕19號`, `京科发[2022]19号` and
`标杆孵化器培育行动方案` all find seed 000.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cached_property, lru_cache

from kb import places
from kb.normalize import match_key, number_key
from kb.store import DocumentRecord

# what a description holds besides the title's words: small words, and the annex table it
# names (青浦建筑垃圾任务职责分工表 is the table of the 青浦 建筑垃圾 document)
_PARTICLES = re.compile(
    r"[的之]|关于|有关|那个|这个|[这那该此][份张]|这一|文件|政策|(?:任务|职责|责任|工作)*(?:分工表|分解表|一览表)$"
)
# A number whose prefix is written in pinyin (kb.qa.tokens writes them so): guofa〔2018〕42号
# the issuers a description starts with: 工信部等七部门, 七部门联合印发的, 三部委
_ISSUED_BY = re.compile(
    r"^[^的]{0,12}?等?[一二三四五六七八九十两\d]+(?:个)?(?:部门|部委|单位|委办局)(?:联合)?(?:印发|发布)?的?"
)
_POINTERS = re.compile(r"那个|这个|[这那该此][份张]|这一")
_SPELLED = re.compile(r"^\s*(?P<prefix>[a-z][a-z \-']*?)\s*〔(?P<year>\d{4})〕(?P<serial>\d+)号\s*$")
_BARE_YEAR_SERIAL = re.compile(r"^〔(\d{4})〕第?0*(\d+)号$")
_YEAR_SERIAL = re.compile(r"〔(\d{4})〕第?0*(\d+)号")
_ENOUGH = 0.5  # share of the description's character pairs a title must contain


class CatalogIndex:
    """A catalogue's documents by number, id prefix, title words or place, without a pass over
    every record per question (a store may hold thousands). Results keep the catalogue's order.
    """

    def __init__(self, catalog: Mapping[str, DocumentRecord]):
        self.catalog = catalog
        self.records = list(catalog.values())

    @cached_property
    def _numbers(self) -> dict[str, list[DocumentRecord]]:
        out: dict[str, list[DocumentRecord]] = {}
        for r in self.records:
            if r.number_key:
                out.setdefault(r.number_key, []).append(r)
        return out

    @cached_property
    def _titles(self) -> dict[str, list[DocumentRecord]]:
        out: dict[str, list[DocumentRecord]] = {}
        for r in self.records:
            for key in dict.fromkeys(r.title_keys):
                out.setdefault(key, []).append(r)
        return out

    @cached_property
    def _title_text(self) -> _Joined:
        return _Joined(["\x01".join(r.title_keys) for r in self.records])

    @cached_property
    def _place_text(self) -> _Joined:
        return _Joined([f"{r.jurisdiction or ''}\x01{r.title}" for r in self.records])

    @cached_property
    def _year_serials(self) -> dict[tuple[str, str], list[DocumentRecord]]:
        out: dict[tuple[str, str], list[DocumentRecord]] = {}
        for r in self.records:
            m = _YEAR_SERIAL.search(r.number_key or "")
            if m:
                out.setdefault((m.group(1), m.group(2)), []).append(r)
        return out

    def by_number(self, query: str) -> list[DocumentRecord]:
        spelled = _SPELLED.match(query)
        if spelled:
            return self.by_spelled_number(*spelled.group("prefix", "year", "serial"))
        key = number_key(query) or ""
        if "〔*〕" in key:  # 粤府办11号文: the number of any year
            return self._by_yearless(key)
        bare = _BARE_YEAR_SERIAL.match(key)
        if bare:  # document No. 7 of 2024: every document of that year and serial
            return list(self._year_serials.get((bare.group(1), bare.group(2)), []))
        return list(self._numbers.get(key, [])) or self._by_number_end(key)

    def _by_yearless(self, key: str) -> list[DocumentRecord]:
        prefix, _, serial = key.partition("〔*〕")
        serial = serial.removesuffix("号").lstrip("0")
        out = []
        for r in self.records:
            m = re.match(r"^(?P<prefix>[^〔]+)〔\d{4}〕第?0*(?P<serial>\d+)号$", r.number_key or "")
            if m and m.group("serial") == serial and prefix in m.group("prefix"):
                out.append(r)
        return out

    def _by_number_end(self, key: str) -> list[DocumentRecord]:
        """Documents whose number holds a number written without some of its words (联税〔2023〕8号
        for 财政部联税〔2023〕8号, 崇府办〔2021〕13号 for 沪崇府办发〔2021〕13号; 〔2023〕8号 alone is not
        enough): the same year and serial, and a prefix of two characters or more in the stored one."""
        m = re.match(r"^(?P<prefix>[^〔]{2,})〔(?P<year>\d{4})〕第?0*(?P<serial>\d+)号$", key)
        if not m:
            return []
        found = self._year_serials.get((m.group("year"), m.group("serial")), [])
        return [r for r in found if m.group("prefix") in (r.number_key or "").split("〔")[0]]

    def by_spelled_number(self, prefix: str, year: str, serial: str) -> list[DocumentRecord]:
        """Documents numbered `year`/`serial` whose number's prefix the pinyin words spell
        (`hu fu ban fa` 沪府办发, `guobanfa` 国办发); the last words may be enough (`of guofa`)."""
        from kb.bilingual import spelled_suffix

        words = prefix.replace("-", " ").split()
        found = []
        pool = self._year_serials.get((year, serial.lstrip("0") or "0"), [])
        for r in pool:
            head = (r.number_key or "").split("〔")[0]
            if spelled_suffix(words, head):
                found.append(r)
        return found or _issued_by_english(prefix, pool)

    def by_id_prefix(self, query: str) -> list[DocumentRecord]:
        return [r for r in self.records if r.id.startswith(query)]

    @cached_property
    def _short_names(self) -> dict[str, list[DocumentRecord]]:
        out: dict[str, list[DocumentRecord]] = {}
        for r in self.records:
            if r.line is None and "/" in r.id:  # a file's id with its folders: a/通知
                out.setdefault(r.id.rsplit("/", 1)[1], []).append(r)
        return out

    def by_short_name(self, query: str) -> list[DocumentRecord]:
        """Documents whose id is `query` after its folders (通知 for a/通知 and b/通知)."""
        return list(self._short_names.get(query, []))

    def by_title(self, key: str) -> list[DocumentRecord]:
        """Documents one of whose titles (in matching form) is `key`."""
        return list(self._titles.get(key, []))

    def title_contains(self, text: str) -> list[DocumentRecord]:
        """Documents one of whose titles (in matching form) contains `text`."""
        return [self.records[i] for i in self._title_text.holding(text)]

    @cached_property
    def _issuers(self) -> dict[str, list[DocumentRecord]]:
        """Documents by the names of their issuers (matching form; 政府 for 人民政府 too)."""
        out: dict[str, list[DocumentRecord]] = {}
        for r in self.records:
            for name in r.issuers:
                for form in dict.fromkeys((match_key(name), match_key(name.replace("人民政府", "政府")))):
                    if len(form) >= 2:
                        out.setdefault(form, []).append(r)
        return out

    def issued_by(self, key: str) -> tuple[str, list[DocumentRecord]]:
        """The longest issuer's name a description (matching form) starts with, and its documents."""
        for size in range(min(len(key), 30), 1, -1):
            found = self._issuers.get(key[:size])
            if found:
                return key[:size], list(found)
        return "", []

    def in_places(self, names: Sequence[str]) -> list[DocumentRecord]:
        """Documents of (or titled with) every place named: 上海, 青岛市."""
        found: set[int] | None = None
        for name in names:
            here = set(self._place_text.holding(name))
            found = here if found is None else found & here
        return [self.records[i] for i in sorted(found or ())]


class _Joined:
    """Strings searched for a substring all at once: which of them hold it."""

    def __init__(self, texts: list[str]):
        self.text = "\x00".join(texts)
        self.starts: list[int] = []
        pos = 0
        for t in texts:
            self.starts.append(pos)
            pos += len(t) + 1

    def holding(self, needle: str) -> list[int]:
        """Indexes of the strings that contain `needle`, in order."""
        out: list[int] = []
        if not needle or "\x00" in needle:
            return out
        pos = self.text.find(needle)
        while pos != -1:
            i = bisect_right(self.starts, pos) - 1
            out.append(i)
            following = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
            pos = self.text.find(needle, following)  # one hit per string is enough
        return out


def find_documents(index: CatalogIndex, phrase: str) -> list[DocumentRecord]:
    """The documents a phrase names, best kind of match first: an id, a number, a title (or a
    fragment of one), else a description (a place and words of the title); several when it is
    not specific, none when nothing matches."""
    record = index.catalog.get(phrase.strip())
    exact = [record] if record is not None else candidates(index, phrase)
    if exact:
        return exact
    issued = _by_issuer(index, phrase)
    if issued:
        return issued
    where, words = _places_in(phrase)
    words = [w for w in (_ISSUED_BY.sub("", w) for w in words) if w]  # 工信部等七部门: who issued it
    pool = index.in_places(where) if where else index.records
    pairs = _pairs(words)
    if not pairs:
        return pool if where else []
    found = _described(index, pool, where, pairs)
    kindless = _pairs([_without_kind(" ".join(words))])
    if not found and len(kindless) >= (1 if where else 2) and kindless != pairs:  # 考核办法: its 细则
        found = _described(index, pool, where, kindless)
    if not where and (lead := places.leading_place(phrase)):  # 梁溪区考核细则: not 惠山区's
        found = [r for r in found if lead in r.title or lead in (r.jurisdiction or "")]
    if not found:
        return []
    # 上海农村公路方案: the city's own plan, not a district's whose title starts with 上海市
    own = [r for r in found if r.jurisdiction and any(_is_named(r.jurisdiction, w) for w in where)]
    return own or found


# what joins an issuer to the document it issued: 行政院的计划, 南京市政府印发的意见
_ISSUED_JOIN = re.compile(r"^(?:的|印发的|发布的|出台的|制定的|联合印发的)")


def _by_issuer(index: CatalogIndex, phrase: str) -> list[DocumentRecord]:
    """The documents a description names by their issuer (行政院的绿能计划, 南京市政府的实施意见):
    of that issuer's documents, those whose titles hold the other words (all of them when
    only a document's kind is left); none when no issuer starts the description."""
    key = match_key(phrase)
    issuer, pool = index.issued_by(key)
    if not pool:
        return []
    pool = list({r.id: r for r in pool + index.title_contains(issuer)}.values())  # 行政院…方案 too
    rest = _ISSUED_JOIN.sub("", key[len(issuer) :])
    if not rest:
        return pool
    kind = max((k for k in _doc_kinds() if rest.endswith(k)), key=len, default="")
    words = rest[: len(rest) - len(kind)]
    if not words:
        of_kind = [r for r in pool if any(_kind_of(t) == kind for t in r.title_keys)]
        return of_kind or pool
    return _described(index, pool, [issuer], _pairs([rest]))


def _described(
    index: CatalogIndex, pool: list[DocumentRecord], where: list[str], pairs: set[str]
) -> list[DocumentRecord]:
    """The documents of the pool whose titles hold the most of a description's character
    pairs, when that is enough of them."""
    allowed = {r.id for r in pool} if where else None
    hits: Counter[str] = Counter()
    for pair in pairs:  # the documents whose titles hold each pair of characters
        hits.update(r.id for r in index.title_contains(pair) if allowed is None or r.id in allowed)
    best = max(hits.values(), default=0) / len(pairs)
    if best < _ENOUGH:
        return []
    return [r for r in pool if hits[r.id] / len(pairs) == best]


def _without_kind(text: str) -> str:
    """A description without the document kind it ends with (苏州园区考核办法 -> 苏州园区考核)."""
    key = match_key(text)
    kind = max((k for k in _doc_kinds() if key.endswith(k)), key=len, default="")
    return key[: len(key) - len(kind)] if kind else key


def of_place_and_kind(index: CatalogIndex, phrase: str) -> tuple[DocumentRecord | None, str]:
    """A place's one document of the kind a description ends with, and the description's other
    words (深圳“超充之城”方案: the only 方案 of Shenzhen, and 超充之城, a nickname no title holds
    that the caller looks for in the document's text); None when the place has no such document
    or several."""
    where, words = _places_in(phrase)
    key = match_key(_POINTERS.sub("", "".join(words)))  # 超充之城 keeps its 之
    kind = max((k for k in _doc_kinds() if key.endswith(k)), key=len, default=None)
    if not where or kind is None:
        return None, ""
    found = [r for r in index.in_places(where) if any(_kind_of(t) == kind for t in r.title_keys)]
    return (found[0], key[: -len(kind)].removesuffix("的")) if len(found) == 1 else (None, "")


def _kind_of(title_key: str) -> str | None:
    """The document kind a title ends with (方案 for …行动方案20242026年, 通知 for …的通知)."""
    title = re.sub(r"\d{4}\d{4}年$|\d{4}年$", "", title_key)
    kinds = [k for k in _doc_kinds() if title.endswith(k)]
    return min(kinds, key=len) if kinds else None


@lru_cache(maxsize=1)
def _doc_kinds() -> tuple[str, ...]:
    """Document nouns in matching form (方案, 实施方案, 通知 …; kb/data/lexicon.tsv)."""
    from kb import lexicon

    return tuple(k for w in lexicon.words("doc_noun") if (k := match_key(w)) and not k.isascii())


def _is_named(jurisdiction: str, place: str) -> bool:
    """Whether a jurisdiction is the place itself (上海市 for 上海), not a place inside it."""
    return jurisdiction == place or jurisdiction == places.full_name(place)


def candidates(index: CatalogIndex, query: str) -> list[DocumentRecord]:
    """Documents whose id prefix, number, short name (通知 for a/通知) or title matches
    `query`, best kind of match first."""
    found = index.by_number(query) or index.by_id_prefix(query) + index.by_short_name(query)
    if found:
        return list({r.id: r for r in found}.values())
    key = match_key(query)
    if not key:
        return []
    return index.by_title(key) or index.title_contains(key)


def _places_in(phrase: str) -> tuple[list[str], list[str]]:
    """Place names in a phrase, and the words left."""
    found: list[str] = []
    words = []
    for part in phrase.split():
        rest = part
        for m in reversed(list(_place_pattern().finditer(part))):
            found.append(m.group(0))
            rest = rest[: m.start()] + " " + rest[m.end() :]
        words += rest.split()
    return found, words


def places_in(phrase: str) -> list[str]:
    """The province and city names in a phrase (上海, 青岛市)."""
    return _places_in(phrase)[0]


def _pairs(words: list[str]) -> set[str]:
    pairs: set[str] = set()
    for word in words:
        key = match_key(_PARTICLES.sub("", word))
        pairs |= {key[i : i + 2] for i in range(len(key) - 1)} or ({key} if key else set())
    return pairs


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern[str]:
    """Province and city names, full or short, and districts' full names (海曙区; their short
    names are too often plain words)."""
    kept = [p for p in places.all_places() if p.level != "district"]
    names = {p.name for p in kept} | {p.short for p in kept if len(p.short) >= 2}
    names |= {p.name for p in places.all_places() if p.level == "district" and len(p.name) >= 3}
    return re.compile("|".join(sorted((re.escape(n) for n in names), key=len, reverse=True)))


def _issued_by_english(english: str, pool: Sequence[DocumentRecord]) -> list[DocumentRecord]:
    """Of the documents of one year and serial, those whose issuer an English name glosses best
    (document No. 22 of 2025 of the Guizhou provincial government office: 贵州省人民政府办公厅, not
    贵州省人民政府); of equally good ones, those whose issuer's name is shortest (the Guizhou
    provincial government: 贵州省人民政府). None below half of the English words."""
    from kb import bilingual
    from kb.english_agencies import CLOSE, ENOUGH, written_out

    if not pool or not any(r.issuers for r in pool):
        return []
    scored: list[tuple[float, int, DocumentRecord]] = []
    for r in pool:
        ranked = bilingual.rank(english, [written_out(i) for i in r.issuers])
        if ranked and ranked[0].score >= ENOUGH:
            best = max(ranked, key=lambda s: (s.score, -len(r.issuers[s.index])))
            scored.append((best.score, len(r.issuers[best.index]), r))
    if not scored:
        return []
    top = max(s for s, _n, _r in scored)
    close = [(n, r) for s, n, r in scored if s >= top - CLOSE]
    shortest = min(n for n, _r in close)
    return [r for n, r in close if n == shortest]
