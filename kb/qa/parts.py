"""How many tasks a named part of a document holds when the part is named by its label across
documents (第二部分有几项任务, How many tasks are in section 3?) or by words of its heading
(“强化保障”这一部分有多少条措施): the count under each heading found, the heading cited.
"""

from __future__ import annotations

import re

from kb.citation import Citation, printed, title_of
from kb.model import Document, Section
from kb.normalize import match_key
from kb.picking import section_path
from kb.qa.asked import ANNEX_ASKED
from kb.qa.result import Answer, Asked
from kb.qa.wording import say

MAX_PARTS = 5
_PART_AFTER = r"\s*(?:这一?|该|此)?(?:个)?(?:部分|章节|章|节|板块)"
_PART_NOUN = re.compile(_PART_AFTER + "$")


def heading_words(a: Asked) -> str | None:
    """The words that name a heading: quoted, or unquoted words ending in a part noun (强化保障这一部分)."""
    if a.q.quoted:
        return a.q.quoted
    words = (a.q.words or "").strip()
    if words and _PART_NOUN.search(words):
        return _PART_NOUN.sub("", words).strip() or None
    if words and re.search(re.escape(words) + _PART_AFTER, a.q.norm):
        return words  # 强化保障这一部分: the part noun was read as a word of the question
    return None


def count(a: Asked) -> Answer | None:
    """The tasks under each part named; None when the question names no part this way."""
    label = a.q.task if not a.res.records else None
    words = heading_words(a) if not a.q.task else None
    whole = False  # the words are a heading's whole title (保障措施有几项), not quoted
    if words is None and not a.q.task and a.res.records:
        words, whole = _title_asked(a) or _noun_title(a), True
    if not (label or words):
        return None
    records = list(a.res.records) or list(a.base.catalog.values())
    found: list[tuple[Document, Section, int]] = []
    for record in records:
        doc = a.base.cached(record.id)
        for section in doc.sections:
            n = sum(1 for t in doc.tasks if section.span.start <= t.span.start < section.span.end)
            if n and _names(doc, section, label, words, whole):
                found.append((doc, section, n))
    if not found or len(found) > MAX_PARTS:
        return None
    lines = [_line(doc, section, n, a.english) for doc, section, n in found]
    if len(found) > 1:
        lines.insert(0, say("parts_several", a.english, n=len(found)))
    cites = tuple(_cite(doc, section) for doc, section, _n in found)
    return Answer(a.q.question, a.kind, a.text("\n".join(lines)), citations=cites, script=a.script,
                  count=sum(n for _d, _s, n in found) if len(found) == 1 else None)  # fmt: skip


def _names(
    doc: Document, section: Section, label: str | None, words: str | None, whole: bool = False
) -> bool:
    if label is not None:
        return "".join(section_path(doc, section)) == label
    key = match_key(words or "")
    return bool(key) and (key == match_key(section.title) if whole else key in match_key(section.title))


_TASK_NOUN = re.compile(r"\s*(?:措施|任务|工作|举措|事项)")


def _title_asked(a: Asked) -> str | None:
    """Unquoted words that, with the task noun after them, may be a heading's whole title in the
    document named (社区服务方案里保障措施有几项, 完善服务设施有几项任务); the caller checks."""
    words = (a.q.words or "").strip()
    if len(words) < 2:
        return None
    at = a.q.norm.find(words)
    noun = _TASK_NOUN.match(a.q.norm, at + len(words)) if at >= 0 else None
    return words + noun.group(0).strip() if noun else words


# a heading made of a modifier and a task noun (一、重点任务, 二、保障措施): asked as 方案的重点任务有几项,
# it names that part when the document has a heading with exactly that title
_NOUN_TITLE = re.compile(r"(?:重点|主要|具体|保障|工作|政策|支持)(?:任务|工作|措施|举措|事项)")


def _noun_title(a: Asked) -> str | None:
    m = _NOUN_TITLE.search(a.q.norm)
    return m.group(0) if m else None


def _line(doc: Document, section: Section, n: int, english: bool) -> str:
    part = f"{printed(section.label)}{section.title}"
    return say("count_in_part", english, title=title_of(doc), part=part, n=n)


def _cite(doc: Document, section: Section) -> Citation:
    chain = [section]
    while chain[0].parent is not None:
        chain.insert(0, doc.sections[chain[0].parent])
    quote = doc.text[section.heading.start : section.heading.end]
    return Citation(doc.id, doc.meta.doc_number, title_of(doc), section_path(doc, section),
                    tuple(s.title for s in chain), None, quote)  # fmt: skip


# -- an annex: the projects listed in the annex, 附件2有几项 ---------------------------------------

# an attachment's first line, as GB/T 9704 prints it: 附件, 附件2, 附件：…, 附件2.… at a line start
_ANNEX_LINE = re.compile(r"^[ \t\u3000]*附件[ \t]*(\d{1,2})?[ \t]*(?:[：:．.、]|$)", re.MULTILINE)


def annex_asked(norm: str) -> tuple[bool, int | None]:
    """Whether a question names a document's annex, and its number when it gives one."""
    m = ANNEX_ASKED.search(norm)
    if m is None:
        return False, None
    number = m.group(1) or m.group(2)
    return True, int(number) if number else None


def annex_span(doc: Document, number: int | None) -> tuple[int, int] | None:
    """Where an annex of a document runs (the annex numbered `number`, or every annex): from its
    attachment line (the last one printing its number: a list of annexes comes first) to the
    next annex or the end; None when the document has no task there."""
    lines = list(_ANNEX_LINE.finditer(doc.text))
    if number is not None:
        lines = [m for m in lines if m.group(1) and int(m.group(1)) == number]
        if not lines:
            return None
        start = lines[-1].start()
        own = lines[-1].group(1)
        later = [m.start() for m in _ANNEX_LINE.finditer(doc.text, lines[-1].end()) if m.group(1) != own]
        end = later[0] if later else len(doc.text)
    else:
        starts = [m.start() for m in lines if any(t.span.start >= m.end() for t in doc.tasks)]
        if not starts:
            return None
        start, end = starts[0], len(doc.text)
    return (start, end) if any(start <= t.span.start < end for t in doc.tasks) else None


def has_annex(doc: Document) -> bool:
    """Whether a document prints an attachment line."""
    return _ANNEX_LINE.search(doc.text) is not None
