"""English words in questions, in the Chinese the documents use: topics and agency names.

`kb/data/glossary.tsv` maps words (`incubator` 孵化器, `beijing` 北京); `agency_english.tsv`
maps the body part of an agency's English name (`finance bureau` 财政局, `customs` 海关,
`ministry of finance` 财政部). An agency name is put together in Chinese order: place, level
(`municipal` 市), body — `Beijing Municipal Finance Bureau` is 北京市财政局, `Beijing Customs`
北京海关, `People's Government of Chaoyang District` 朝阳区人民政府.

`kb/data/policy_terms.tsv` holds the official English of policy vocabulary (`greater bay area`
粤港澳大湾区|大湾区, `smart` 智慧|智能): a word the documents write several ways is put into the
one a store holds when `to_chinese` is told what the store holds, and two words side by side
into one compound when the store holds it (`northern` 北部 + `metropolis` 都会区 = 北部都会区).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import product

from kb import places
from kb.normalize import to_simplified

_LEVELS = {"municipal": "市", "municipality": "市", "city": "市", "provincial": "省", "province": "省",
           "district": "区"}  # fmt: skip
_FILLER = frozenset({"the", "of", "and", "for", "s"})
_CHINESE = re.compile(r"[\u4e00-\u9fff〔〕\[\]()（）\d]+")


_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen"]  # fmt: skip
_ORDINAL_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_ORDINAL_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                  "seventeenth", "eighteenth", "nineteenth"]  # fmt: skip


def _number_words() -> dict[str, int]:
    """one … thirty and first … thirtieth, with `twenty-one` and `twenty one` spellings."""
    words: dict[str, int] = {}
    for i, (cardinal, ordinal) in enumerate(zip(_UNITS, _ORDINAL_UNITS, strict=True), 1):
        words[cardinal], words[ordinal] = i, i
    for i, (cardinal, ordinal) in enumerate(zip(_TEENS, _ORDINAL_TEENS, strict=True), 10):
        words[cardinal], words[ordinal] = i, i
    for tens, (cardinal, ordinal) in {20: ("twenty", "twentieth"), 30: ("thirty", "thirtieth")}.items():
        words[cardinal], words[ordinal] = tens, tens
        if tens == 20:
            for i, (unit, unit_ordinal) in enumerate(zip(_UNITS, _ORDINAL_UNITS, strict=True), 1):
                for sep in ("-", " "):
                    words[f"{cardinal}{sep}{unit}"] = words[f"{cardinal}{sep}{unit_ordinal}"] = tens + i
    return words


NUMBER_WORDS = _number_words()  # English numbers a task is named by: twelve, the twelfth


@dataclass(frozen=True, slots=True)
class _Piece:
    kind: str  # place, level, local, bare, central, word
    chinese: str
    alternatives: tuple[str, ...] = ()  # every Chinese word for it, `chinese` first


def to_chinese(text: str, held: Callable[[str], bool] | None = None) -> str:
    """The Chinese words an English phrase stands for (Chinese kept, unknown words dropped).

    `held` says whether the documents hold a Chinese word: each English word is then put into
    the first of its renderings they hold, and two side by side into one compound they hold."""
    kept = [w for w in _CHINESE.findall(text) if re.search(r"[\u4e00-\u9fff]", w)]
    if kept:
        return " ".join(to_simplified(w) for w in kept)
    pieces = [p for p in _pieces(_words(text), _glossary()) if p is not None]
    if held is None:
        return " ".join(p.chinese for p in pieces)
    return " ".join(_held_words(pieces, held))


def _held_words(pieces: list[_Piece], held: Callable[[str], bool]) -> list[str]:
    """Each piece in the rendering the documents hold; a piece and the next as one compound
    where they hold it (智慧 + 出行 = 智慧出行), else each on its own."""
    out: list[str] = []
    i = 0
    while i < len(pieces):
        options = pieces[i].alternatives or (pieces[i].chinese,)
        if i + 1 < len(pieces) and pieces[i].kind == pieces[i + 1].kind == "word":
            after = pieces[i + 1].alternatives or (pieces[i + 1].chinese,)
            joined = next((a + b for a in options for b in after if held(a + b)), None)
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(next((o for o in options if held(o)), options[0]))
        i += 1
    return out


# English words that carry no topic (besides the question words of kb/data/lexicon.tsv).
FUNCTION = frozenset(
    (
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "about",
        "and",
        "or",
        "not",
        "no",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "shall",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "me",
        "my",
        "please",
        "tell",
        "give",
        "show",
        "list",
        "find",
        "get",
        "want",
        "know",
        "say",
        "says",
        "said",
        "mean",
        "written",
        "write",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "many",
        "much",
        "any",
        "all",
        "some",
        "each",
        "every",
        "other",
        "such",
        "than",
        "then",
        "so",
        "as",
        "if",
        "also",
        "only",
        "just",
        "very",
        "more",
        "most",
    )
)


def places_of(text: str) -> list[str]:
    """The places an English phrase names, in Chinese (`the Chongming plan` -> 崇明区)."""
    return [p.chinese for p in _pieces(_words(text), _glossary()) if p is not None and p.kind == "place"]


def unknown_words(text: str) -> list[str]:
    """The words of an English text the glossary cannot put into Chinese (function words and
    the question words of the lexicon aside): what a translation would silently drop."""
    from kb import lexicon

    known = {w for w in lexicon.question_words() if w.isascii()}
    words = _words(re.sub(r"[\u4e00-\u9fff〔〕\[\]()（）]+", " ", text))
    skip = FUNCTION | known | _FILLER | _vocabulary()
    return [w for w in words if not w.isdigit() and w not in skip]


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every single word of the glossary's and the agency names' English phrases."""
    phrases = list(_glossary()) + [e for e, _c, _s in _agency_rows()]
    return frozenset(word for phrase in phrases for word in phrase.split())


def agency_name(text: str) -> str | None:
    """Like `agency_to_chinese`, for English text only and knowing only places, levels and
    body names: no topic words (`tasks of Beijing Customs` is no agency's name)."""
    forms = agency_names(text)
    return forms[0] if forms else None


def agency_names(text: str) -> tuple[str, ...]:
    """Every Chinese name an English agency name can stand for, the usual first: a row of
    agency_english.tsv may give several (`transport bureau` 交通运输局|交通事务局: a mainland
    city's, Macao's)."""
    if re.search(r"[\u4e00-\u9fff]", text):
        return ()
    return _agencies(text, {k: p for k, p in _glossary().items() if p.kind == "place"})


def agency_to_chinese(text: str) -> str | None:
    """An agency's English name in Chinese (Chinese kept as written); None when a word of it is
    not known, so that nothing is looked up under a name the user did not give."""
    if re.search(r"[\u4e00-\u9fff]", text):
        return to_chinese(text)
    return _agency(text, _glossary())


def _agency(text: str, words: dict[str, _Piece]) -> str | None:
    forms = _agencies(text, words)
    return forms[0] if forms else None


def _agencies(text: str, words: dict[str, _Piece]) -> tuple[str, ...]:
    table = {**words, **{e: _Piece(scope, c) for e, c, scope in _agency_rows()}}
    table.update({e: _Piece("level", c) for e, c in _LEVELS.items()})
    pieces = _pieces(_words(text), table)
    if not pieces or any(p is None for p in pieces):
        return ()
    found = [p for p in pieces if p is not None]
    where = [p for p in found if p.kind == "place"]
    level = next((p.chinese for p in found if p.kind == "level"), "")
    bodies = [p for p in found if p.kind not in ("place", "level")]
    scope = next((p.kind for p in bodies if p.kind in ("local", "bare", "central")), "bare")
    place = "".join(p.chinese for p in where)
    if place and scope == "local":
        place = place if place.endswith(level) and level else _qualified(place, level)
    elif place and scope == "bare" and level == "区":
        place += level
    elif not place and level and scope == "local":
        place = level  # the Municipal Finance Bureau: 市财政局, as a document of any city writes it
    prefix = place if scope != "central" else ""
    return tuple(prefix + "".join(chosen) for chosen in product(*(p.chinese.split("|") for p in bodies)))


def place_of_word(word: str) -> str | None:
    """The Chinese place an English word names (`beijing` -> 北京), or None. A word the glossary
    does not hold may be a province's or a city's short name in pinyin (`shaoxing` 绍兴), when
    it spells exactly one (districts are left out: their names are too often plain words)."""
    piece = _glossary().get(word.lower())
    if piece is not None:
        return piece.chinese if piece.kind == "place" else None
    name, _, level = word.lower().partition(" ")
    if level in ("district", "county"):  # haishu district: a district's pinyin, said to be one
        return _spelled_district(name, "区" if level == "district" else "县")
    return _spelled_place(word.lower())


@lru_cache(maxsize=256)
def _spelled_district(word: str, suffix: str) -> str | None:
    from kb.bilingual import pinyin_like, spells

    if len(word) < 4 or not pinyin_like(word):
        return None
    found = {p.name for p in places.all_places() if p.level == "district" and p.name.endswith(suffix)
             and len(p.short) >= 2 and spells(word, p.short)}  # fmt: skip
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=256)
def _spelled_place(word: str) -> str | None:
    from kb.bilingual import pinyin_like, spells

    if len(word) < 4 or not pinyin_like(word):
        return None
    found = {p.short for p in places.all_places() if p.level != "district" and len(p.short) >= 2
             and spells(word, p.short)}  # fmt: skip
    return found.pop() if len(found) == 1 else None


def ends_with_body(phrase: str) -> bool:
    """Whether an English phrase ends with the name of a body type (`… finance bureau`,
    `… customs`): an agency's name, not the words after it (`Beijing Customs support`)."""
    words = f" {' '.join(_words(phrase))}"
    return any(words.endswith(f" {english}") for english in _body_words())


@lru_cache(maxsize=1)
def _body_words() -> tuple[str, ...]:
    return tuple(e for e, _c, _scope in _agency_rows())


def _qualified(short: str, level: str) -> str:
    """北京 -> 北京市, 朝阳 with 区 -> 朝阳区 (the full name a local body is written after)."""
    if level:
        return short + level
    full, rest = places.split_place(short)
    return full if full and not rest else short


def _words(text: str) -> list[str]:
    low = re.sub(r"['’]", "", text.lower())
    return re.sub(r"[^a-z0-9\-\s]", " ", low).split()


def _pieces(words: list[str], table: dict[str, _Piece]) -> list[_Piece | None]:
    """Longest known phrases first, left to right; None for an unknown word (fillers skipped)."""
    longest = max((len(k.split()) for k in table), default=1)
    out: list[_Piece | None] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            if phrase in table:
                out.append(table[phrase])
                i += size
                break
        else:
            if words[i] not in _FILLER:
                out.append(None)
            i += 1
    return out


@lru_cache(maxsize=1)
def _glossary() -> dict[str, _Piece]:
    """glossary.tsv, over the policy terms (never places; several renderings each)."""
    out = {e: _Piece("word", c.split("|")[0], tuple(c.split("|"))) for e, c, *_ in _rows("policy_terms.tsv")}
    out.update({e: _Piece("place" if _is_place(c) else "word", c) for e, c, *_ in _rows("glossary.tsv")})
    return out


def _is_place(chinese: str) -> bool:
    full, rest = places.split_place(chinese)
    return bool(full) and not rest


@lru_cache(maxsize=1)
def _agency_rows() -> list[tuple[str, str, str]]:
    return [(e, c, scope) for e, c, scope in _rows("agency_english.tsv") if scope != "acronym"]


def agency_rows() -> list[tuple[str, str, str]]:
    """Every row of kb/data/agency_english.tsv: English, Chinese, scope (local, bare, central,
    acronym)."""
    return [(e, c, scope) for e, c, scope in _rows("agency_english.tsv")]


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("kb") / "data" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
