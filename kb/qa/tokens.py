"""A question cut into typed pieces, each found on its own in the normal form.

Pieces are claimed in order, each only where nothing before it claimed the text: document
numbers (any bracket style), 《titles》, quoted words, task references (第十二项, 任务12,
（三）, 二（三）3, #12, task 12, the 12th task), agency names (kb.qa.gazetteer), place
names, then the words of the lexicon (kb/data/lexicon.tsv). What is left is text. The normal
form is kb.normalize's (simplified, mainland vocabulary, half-width, lower case), the form
search uses, so a question in traditional script or with full-width digits reads the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kb import lexicon, places
from kb.bilingual import pinyin_like
from kb.normalize import DOC_NUMBER_TAIWAN, normalize, number_key
from kb.qa import english_names, glossary
from kb.qa.gazetteer import Gazetteer
from kb.qa.task_refs import TASK_REF, task_value

NUMBER, TITLE, QUOTE, TASK, AGENCY, PLACE, WORD, TEXT, SPACE, PUNCT = (
    "number", "title", "quote", "task", "agency", "place", "word", "text", "space", "punct",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Token:
    """One piece of a question: its kind, its text (normal form) and what it stands for."""

    kind: str
    text: str
    start: int
    end: int
    value: str = ""  # a task reference, an agency's or a place's name (Chinese)
    cats: dict[str, str] = field(default_factory=dict)  # WORD: lexicon categories -> values

    def has(self, *categories: str) -> bool:
        return any(c in self.cats for c in categories)


def normal_form(text: str) -> str:
    """The form a question is read in: kb.normalize, blanks collapsed; the levels an English name
    lists in brackets after its own (the county (city, district) governments) dropped, as 各县（市、
    区）人民政府 is one collective body."""
    return _LEVELS_AFTER.sub(r"\1", re.sub(r"\s+", " ", normalize(text)).strip())


_LEVEL = r"(?:cit(?:y|ies)|districts?|counties|county|towns?|townships?)"
_LEVELS_AFTER = re.compile(
    rf"\b(count(?:y|ies)|cit(?:y|ies)|provinces?|districts?)\s*\(\s*{_LEVEL}(?:\s*(?:,|/|and|or)\s*{_LEVEL})*\s*\)",
    re.IGNORECASE,
)


_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号"
    rf"|{DOC_NUMBER_TAIWAN}"  # 府授资综字第1130000000号, 台教高(二)字第…号
)
# What the prefix of a document number (its issuer's abbreviation) never holds: 市财政局负责|京科发
_NOT_IN_NUMBER = (
    "ask",
    "role_asked",
    "role_label",
    "aspect_word",
    "mention",
    "locative",
    "this",
    "task_noun",
)
# 京科发2022年19号: a number written without brackets, its prefix ending like an issuer's
_BARE_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,10}[发函字文办规令告])\s*((?:19|20)\d{2})\s*年?\s*第?\s*(\d{1,5})\s*号"
)
# 粤府办11号文: a number written without its year (the catalogue lists every year's)
_YEARLESS_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,10}[发函字办])\s*(\d{1,4})\s*号(?=文|的|里|中|第|\s|$|[，,。？?])"
)
# Guofa [2018] No. 42, Hu Fu Ban Fa [2024] No. 3, Jing Ke Fa (2022) 19: a number's prefix in
# pinyin (English questions); kb.catalog finds the documents it spells
_SPELLED_NUMBER = re.compile(
    r"(?<![a-z])(?P<prefix>[a-z]+(?:[ \-][a-z]+){0,7})\s*[\[(〔［【]?"
    r"\s*(?P<year>(?:19|20)\d{2})\s*[\])〕］】]?"
    r"\s*,?\s*(?:no\.?|number|#)?\s*(?P<serial>\d{1,5})(?![\d.])(?:\s*hao\b)?"
)
_TITLE = re.compile(r"《([^《》]{2,120})》")
# a decimal section number (5.5, 4.2.1) before a heading's words, as emergency plans print
# them; not an amount (3.5亿元, 2.5倍) or a date (2022.12)
_SECTION_NUMBER = re.compile(
    r"(?<![\d.])\d{1,2}(?:\.\d{1,2}){1,3}(?![\d.])\s*(?=[\u4e00-\u9fff])(?![亿万千百十元倍个项家米吨年月日号条款期批类])"
)
# 措施1.1, 第2.3项, 任务4.1.1: a dotted item label named as a task (not a heading's number)
_CN_DOTTED = re.compile(
    r"(?:措施|任务|事项|举措|条目|第)\s*(?P<d>\d{1,2}(?:\.\d{1,2}){1,3})(?![\d.])(?!\s*[亿万千百十元倍个家米吨年月日号])\s*(?:项|条|点)?(?:任务|措施)?"
)
_EN_SECTION = re.compile(
    r"\b(?:task|measure|item|section|paragraph|point)s?\s+\d{1,2}(?:\.\d{1,2}){1,3}\b(?!\.\d)"
)  # measure 3.9 (its words): a section's number, no label; without words, task 4.1.1 is a path
_NAMED_AFTER = re.compile(r"\s*\(\s*([^()\d][^()]{2,60}?)\s*\)")
_SINGLE_QUOTED = re.compile(r"(?<![a-z0-9])'([^']{2,60}?)'(?![a-z0-9])")
_QUOTES = {"“": "”", "「": "」", "『": "』", '"': '"', "‘": "’", "〝": "〞"}
_PUNCT = set("，。？！；：,.?!;:…—～~/\\|()（）【】[]<>〈〉-_·•*")


def tokens(norm: str, gazetteer: Gazetteer, english: bool = False) -> list[Token]:
    """The pieces of a question in normal form, in order."""
    free = [True] * len(norm)
    found: list[Token] = []

    def claim(kind: str, start: int, end: int, value: str = "") -> None:
        if start < end and all(free[start:end]):
            free[start:end] = [False] * (end - start)
            found.append(Token(kind, norm[start:end], start, end, value))

    for m in _DOC_NUMBER.finditer(norm):
        start = _number_start(norm, m.start(), m.end(), gazetteer)
        claim(NUMBER, start, m.end(), norm[start : m.end()])
    for m in _BARE_NUMBER.finditer(norm):
        prefix = m.group(1)
        start = m.start() + len(prefix) - len(_number_prefix(prefix, gazetteer))
        claim(NUMBER, start, m.end(), f"{norm[start : m.start(2)].strip()}〔{m.group(2)}〕{m.group(3)}号")
    for m in _YEARLESS_NUMBER.finditer(norm):
        prefix = _number_prefix(m.group(1), gazetteer)
        start = m.start() + len(m.group(1)) - len(prefix)
        if len(prefix) >= 2:
            claim(NUMBER, start, m.end(), f"{prefix}〔*〕{m.group(2)}号")
    if english:
        for m in _SPELLED_NUMBER.finditer(norm):
            begin = _spelled_start(norm, m)
            if begin is not None:
                prefix = norm[begin : m.start("year")].strip(" [(〔［【").strip()
                claim(NUMBER, begin, m.end(), f"{prefix}〔{m.group('year')}〕{m.group('serial')}号")
    for m in _TITLE.finditer(norm):
        claim(TITLE, m.start(), m.end(), m.group(1))
    for start, end, inner in _quoted(norm):
        claim(QUOTE, start, end, inner)
    if english:  # 'improving the technical system' (not the apostrophe of Shanghai's)
        for m in _SINGLE_QUOTED.finditer(norm):
            claim(QUOTE, m.start(), m.end(), m.group(1).strip())
    for m in _CN_DOTTED.finditer(norm):
        claim(TASK, m.start(), m.end(), m.group("d"))
    for m in _SECTION_NUMBER.finditer(norm):  # 5.5培训演练: the section's words name it
        claim(PUNCT, m.start(), m.end(), "section")
    if english:  # measure 3.9 (expanding the training programme): no label; its words name it
        for m in _EN_SECTION.finditer(norm):
            after = _NAMED_AFTER.match(norm, m.end())
            if after:
                claim(PUNCT, m.start(), m.end(), "section")
                claim(QUOTE, after.start(), after.end(), after.group(1).strip())
            elif not m.group(0).startswith(("section", "paragraph")):  # task 4.1.1: the path 四（一）1
                claim(TASK, m.start(), m.end(), m.group(0).split()[-1])
            else:
                claim(PUNCT, m.start(), m.end(), "section")
    pos = 0
    while (ref := TASK_REF.search(norm, pos)) is not None:
        value = task_value(ref, english)  # a number word (task twelve) or a reference; not `task force`
        if value:
            claim(TASK, ref.start(), ref.end(), value)
        pos = ref.end() if value else ref.start() + 1
        after = _NAMED_AFTER.match(norm, ref.end()) if value else None
        if after:  # task 20 (computing power support): the task's own words, as if quoted
            claim(QUOTE, after.start(), after.end(), after.group(1).strip())
    for mention in gazetteer.find(norm, free):
        if not _splits_noun(norm, mention.start, mention.end):
            second = _SECOND_NAME.match(norm, mention.end)  # 市水务局（海洋局）: one body, two names
            end = second.end() if second and all(free[mention.end : second.end()]) else mention.end
            claim(AGENCY, mention.start, end, mention.name)
    if english:
        for named in english_names.find(norm, free):  # a name no registry or store knows is not one
            built = gazetteer.by_parts(named.english, named.chinese)  # the Ecology and Environment Bureau
            chinese = built or (
                normalize(named.chinese) if named.chinese else gazetteer.english(named.english)
            )
            if chinese:
                claim(AGENCY, named.start, named.end, chinese)
    for start, end, name in _places(norm, free, english):
        claim(PLACE, start, end, name)
    found += [Token(SPACE, t.text, t.start, t.end) if t.kind == TEXT and t.text in ("'s", "’s") else t
              for t in _words(norm, free)]  # the Bureau's duties: the possessive joins nothing  # fmt: skip
    return sorted(found, key=lambda t: t.start)


_SECOND_NAME = re.compile(r"\s*\(\s*[\u4e00-\u9fff]{1,12}[局委办厅部处院会署队所站](?:\s*\))")


def _splits_noun(norm: str, start: int, end: int) -> bool:
    """Whether a name found ends inside a document noun (考核办法 is no 考核办 + 法)."""
    nouns = _doc_nouns()
    return any(
        norm.startswith(noun, at) and start <= at < end < at + len(noun)
        for noun in nouns
        for at in range(max(start, end - len(noun) + 1), end)
    )


@lru_cache(maxsize=1)
def _doc_nouns() -> tuple[str, ...]:
    return tuple(
        normalize(w) for w, cats in lexicon.question_words().items() if "doc_noun" in cats and len(w) > 1
    )


def _spelled_start(norm: str, m: re.Match[str]) -> int | None:
    """Where a number's pinyin prefix starts: the last words before the year that can be
    pinyin (`of` and `the` cannot); None when none can."""
    words = list(re.finditer(r"[a-z]+", m.group("prefix")))
    start = None
    for w in reversed(words):
        if not pinyin_like(w.group()) or w.group() in _NOT_PINYIN:
            break
        start = m.start("prefix") + w.start()
    return start


_NOT_PINYIN = frozenset({"no", "an", "a", "in", "item", "task", "document", "number"})


def _number_prefix(prefix: str, gazetteer: Gazetteer) -> str:
    """A bare number's prefix without the words it ran over (the same cut as bracketed ones)."""
    text = prefix + "〔"
    return text[_number_start(text, 0, len(text), gazetteer) : -1]


def _number_start(norm: str, start: int, end: int, gazetteer: Gazetteer) -> int:
    """Where a document number starts: after any question word, role word, small word or
    agency name its prefix ran over (市财政局负责京科发〔2022〕19号 -> 京科发〔2022〕19号), leaving
    at least two characters before the bracket."""
    bracket = next((i for i in range(start, end) if norm[i] in "〔[［(（【"), None)
    if bracket is None:  # Taiwan's 府授资综字第…号: the prefix ends at 字第
        bracket = norm.find("字第", start, end)
    known = next((i for i in range(start, bracket - 1) if number_key(norm[i:end]) in gazetteer.numbers), None)
    if known is not None:  # the longest prefix a stored number has: 工信部联节〔2024〕187号
        return known
    table, longest = _lexicon()
    cut = start
    for i in range(start, bracket - 2):
        for j in range(min(bracket - 2, i + longest), i, -1):
            word = norm[i:j]
            cats = table.get(word, {})
            small = "filler" in cats and len(word) >= 2 or len(word) == 1 and word in "在的由是对从和与"
            if (
                any(c in cats for c in _NOT_IN_NUMBER)
                or (len(word) >= 3 and word in gazetteer.names)
                or small
            ):
                cut = max(cut, j)
                break
    return cut


def _quoted(text: str) -> list[tuple[int, int, str]]:
    """Quoted phrases (1 to 60 characters), quotes inside kept: “探索“超前孵化”新模式”."""
    out = []
    start = 0
    while start < len(text):
        close = _QUOTES.get(text[start])
        if close is None:
            start += 1
            continue
        depth, end = 1, start + 1
        while end < len(text) and end - start <= 62:
            if text[end] == close and (close == text[start] or depth == 1):
                break
            depth += (text[end] == text[start]) - (text[end] == close)
            end += 1
        if end < len(text) and 1 <= end - start - 1 <= 60 and text[start + 1 : end].strip():
            out.append((start, end + 1, text[start + 1 : end].strip()))
            start = end + 1
        else:
            start += 1
    return out


@lru_cache(maxsize=1)
def _place_table() -> dict[str, str]:
    """Place names (full, and short forms of provinces and cities) -> the full name."""
    table: dict[str, str] = {}
    for p in places.all_places():
        table.setdefault(normalize(p.name), p.name)
        if len(p.short) >= 2 and p.level != "district":
            table.setdefault(normalize(p.short), p.name)
    return table


def _places(norm: str, free: list[bool], english: bool) -> list[tuple[int, int, str]]:
    table = _place_table()
    out = []
    i = 0
    while i < len(norm):
        for end in range(min(len(norm), i + 8), i + 1, -1):
            if all(free[i:end]) and norm[i:end] in table:
                out.append((i, end, table[norm[i:end]]))
                i = end
                break
        else:
            i += 1
    if english:  # two words first (hong kong), then one (beijing)
        words = list(re.finditer(r"[a-z]+", norm))
        i = 0
        while i < len(words):
            paired = i + 1 < len(words) and words[i].end() + 1 == words[i + 1].start()
            spans = [(words[i].start(), words[i + 1].end())] if paired else []
            for start, end in [*spans, (words[i].start(), words[i].end())]:
                chinese = glossary.place_of_word(norm[start:end])
                if chinese and all(free[start:end]):
                    out.append((start, end, chinese))
                    i += 1 if end == words[i].end() else 2
                    break
            else:
                i += 1
    return out


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, dict[str, str]], int]:
    words = {normalize(w): c for w, c in lexicon.question_words().items()}
    return words, max(len(w) for w in words)


def _words(norm: str, free: list[bool]) -> list[Token]:
    """Lexicon words (leftmost-longest; English ones whole words only), blanks, punctuation and
    the text between them, over the parts nothing else claimed."""
    table, longest = _lexicon()
    out: list[Token] = []
    text_start = None

    def close_text(at: int) -> None:
        nonlocal text_start
        if text_start is not None:
            out.append(Token(TEXT, norm[text_start:at], text_start, at))
            text_start = None

    i = 0
    while i < len(norm):
        if not free[i]:
            close_text(i)
            i += 1
            continue
        end = _lexicon_word_at(norm, i, free, table, longest)
        if end is not None:
            close_text(i)
            out.append(Token(WORD, norm[i:end], i, end, cats=table[norm[i:end]]))
            i = end
        elif norm[i] == " " or norm[i] in _PUNCT:
            close_text(i)
            out.append(Token(SPACE if norm[i] == " " else PUNCT, norm[i], i, i + 1))
            i += 1
        else:
            if text_start is None:
                text_start = i
            i += 1
            if norm[i - 1].isascii() and norm[i - 1].isalnum():  # an English word ends at a boundary
                while (
                    i < len(norm) and free[i] and norm[i].isascii() and (norm[i].isalnum() or norm[i] in "'-")
                ):
                    i += 1
    close_text(len(norm))
    return out


def _lexicon_word_at(
    norm: str, i: int, free: list[bool], table: dict[str, dict[str, str]], longest: int
) -> int | None:
    ascii_start = norm[i].isascii() and norm[i].isalnum()
    if ascii_start and i > 0 and norm[i - 1].isascii() and norm[i - 1].isalnum():
        return None
    for end in range(min(len(norm), i + longest), i, -1):
        word = norm[i:end]
        if word not in table or not all(free[i:end]):
            continue
        if ascii_start and "unit_asked" in table[word] and norm.startswith(" of ", end):
            continue  # the Ministry of Magic: a body's name, not `which ministry`
        if (
            word[-1].isascii()
            and word[-1].isalnum()
            and end < len(norm)
            and norm[end].isascii()
            and norm[end].isalnum()
        ):
            continue
        return end
    return None
