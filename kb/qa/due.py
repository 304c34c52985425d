"""The tasks due by or at a time asked (2025年底前要完成哪些任务, 哪些任务的完成时限是2026年6月,
Which tasks are due by end of 2025?): times read as months, a task's stored deadline compared.

A time is a span of months: a year (2025年, ROC 115年 = 2026), its end (年底, 年末, end of),
a half (上半年), a quarter (第三季度, Q3), a month (6月, June 2026). A deadline that keeps going
(长期坚持, 持续推进, ongoing) has no date and is never due by one. A time asked with 前 / by is
a bound (every task due at or before its end); without it, the tasks due within the span.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from kb.citation import for_task, title_of
from kb.model import Task
from kb.qa import phrasing
from kb.qa.result import Answer, Asked, not_found
from kb.qa.slots import as_typed
from kb.qa.wording import say

_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")  # fmt: skip
_YEAR = r"(?P<year>(?:19|20)\d{2}|\d{2,3}(?=\s*年))\s*年?"
_PART = (
    r"(?P<end>年?底|年?末|年内)"
    r"|(?P<half>上|下)半年"
    r"|第?(?P<quarter>[一二三四1-4])\s*季度"
    r"|(?P<month>\d{1,2})\s*月(?:份|底|末|中旬|上旬|下旬)?(?:\s*\d{1,2}\s*日)?"
)
_CHINESE = re.compile(rf"(?:{_YEAR})?\s*(?:{_PART})?")
_FIGURES = re.compile(r"(?P<year>(?:19|20)\d{2})\s*[.\-/]\s*(?P<month>\d{1,2})(?!\d)")
_ENGLISH = re.compile(
    r"(?:(?P<end>(?:the\s+)?end\s+of)\s+|(?P<half>first|second)\s+half\s+of\s+|q(?P<quarter>[1-4])\s+"
    r"|(?:the\s+)?(?P<ord>first|second|third|fourth)\s+quarter\s+of\s+"
    r"|(?P<month>" + "|".join(_MONTHS) + r")\s+)?"
    r"(?P<year>(?:19|20)\d{2})"
)
_ONGOING = re.compile(r"长期|持续|常态|长效|逐年|每年|ongoing|continuous")
_BY = re.compile(r"前|以前|之前|截至|截止|\bby\b|\bbefore\b")
_REST = re.compile(  # what may stay beside a time: 的, 要在…完成, due by the end of
    r"^[\s的在要于到年是完成前以之截至止底末内上下半季度月份日第\d一二三四]*$|^\s*(?:due|by|before|end|of|the|\s)*$"
)
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4}


@dataclass(frozen=True, slots=True)
class Span:
    """Months first..last, counted as year * 12 + month - 1; `year` False when no year was given."""

    first: int
    last: int
    year: bool = True


def this_year() -> int:
    """The year a time asked without one (年底前) is in."""
    return datetime.date.today().year


def span(text: str, default_year: int | None = None) -> Span | None:
    """The months a time names, None for none (or an ongoing deadline)."""
    text = text.strip().lower()
    if not text or _ONGOING.search(text):
        return None
    found = [s for s in (_one(m, default_year) for m in _matches(text)) if s is not None]
    if not found:
        return None
    return max(found, key=lambda s: s.last)  # 2023年启动，2025年底前完成: the last time is the one due


def _matches(text: str) -> list[re.Match[str]]:
    out = [m for m in _FIGURES.finditer(text)]
    taken = {i for m in out for i in range(m.start(), m.end())}
    for pattern in (_CHINESE,) if re.search(r"[\u4e00-\u9fff]", text) else (_ENGLISH,):
        for m in pattern.finditer(text):
            if m.group(0).strip() and not taken & set(range(m.start(), m.end())):
                out.append(m)
                taken |= set(range(m.start(), m.end()))
    return out


def _one(m: re.Match[str], default_year: int | None) -> Span | None:
    g = {k: v for k, v in m.groupdict().items() if v}
    year = int(g["year"]) if "year" in g else None
    if year is not None and year < 1000:
        year += 1911  # 民国 (ROC) years: 115年 is 2026
    known = year is not None
    if year is None:
        if not ({"end", "half", "quarter", "month"} & set(g)) or default_year is None:
            return None
        year = default_year
    base = year * 12
    if "month" in g:
        month = _MONTHS.index(g["month"]) + 1 if g["month"].isalpha() else int(g["month"])
        if not 1 <= month <= 12:
            return None
        return Span(base + month - 1, base + month - 1, known)
    if "end" in g:
        return Span(base, base + 11, known) if g["end"] == "年内" else Span(base + 11, base + 11, known)
    if "half" in g:
        first = 0 if g["half"] in ("上", "first") else 6
        return Span(base + first, base + first + 5, known)
    if "quarter" in g or "ord" in g:
        q = _CN[g["quarter"]] if "quarter" in g else _ORD[g["ord"]]
        return Span(base + 3 * q - 3, base + 3 * q - 1, known)
    return Span(base, base + 11, known)


def asks_time(words: str | None) -> bool:
    """Whether the words of a question are a time and nothing else (2025年底前, end of 2025)."""
    if not words:
        return False
    s = span(words, this_year())
    if s is None:
        return False
    chinese = re.search(r"[\u4e00-\u9fff]", words)
    rest = (_CHINESE if chinese else _ENGLISH).sub("", _FIGURES.sub("", words.lower()))
    return bool(_REST.match(rest))


def _doc_year(doc: object) -> int | None:
    """The year of a document (its dates or its number): the year a deadline without one is in."""
    meta = doc.meta  # type: ignore[attr-defined]
    d = meta.dates
    for value in (d.written, d.published, d.effective, meta.doc_number):
        m = re.search(r"(?:19|20)\d{2}", str(value or ""))
        if m:
            return int(m.group(0))
    return None


def _is_due(task: Task, asked: Span, by: bool, year: int | None) -> bool:
    own = span(task.deadline or "", year)
    if own is None:
        return False
    return own.last <= asked.last if by else asked.first <= own.last <= asked.last


def answer(a: Asked) -> Answer:
    """The tasks whose stored deadline falls by (or within) the time asked."""
    words = as_typed(a.q.question, a.q.words, a.q.language) or ""
    asked = span(words, this_year())
    assert asked is not None
    by = bool(_BY.search(words)) or bool(_BY.search(a.q.norm))
    if re.search(r"\bbefore\b", words, re.I):  # before 2027: by the end of 2026
        asked = Span(asked.first, asked.first - 1)
    if a.english and by and not re.match(r"(?:by|before)\b", words, re.I):
        words = f"by {words}"  # due by end of 2026, due before 2027
    keys = {k for match in a.res.agencies for k in match.keys}
    role = a.q.role
    ids = [r.id for r in a.res.records] or sorted(a.base.catalog)
    lines: list[str] = []
    tasks: list[Task] = []
    cites = []
    per_doc = []
    for doc_id in ids:
        doc = a.base.cached(doc_id)
        year = _doc_year(doc)
        due = [t for t in doc.tasks if _is_due(t, asked, by, year) and _held(t, keys, role)]
        if due:
            per_doc.append((doc, due))
    if not per_doc:
        what = say("what_due", a.english, when=words.strip())
        return not_found(a.q.question, a.script, what)
    n = sum(len(d) for _doc, d in per_doc)
    head = "due_by_head" if by else "due_at_head"
    lines.append(say(head, a.english, when=words.strip(), n=n, tasks=_tasks(n, a.english)))
    for doc, due in per_doc:
        lines.append("  " + title_of(doc))
        for t in due:
            mine = next((r.role for r in t.responsibilities if r.key in keys), None) if keys else None
            lines.append("    " + phrasing.task_entry(t, mine, a.english))
            tasks.append(t)
            cites.append(for_task(doc, t))
    agencies = tuple(r for t in tasks for r in t.responsibilities)
    return Answer(a.q.question, a.kind, a.text("\n".join(lines)), agencies, tuple(tasks), tuple(cites),
                  script=a.script, count=n)  # fmt: skip


def _held(task: Task, keys: set[str], role: str | None) -> bool:
    """Whether one of the agencies asked about holds the task (in the role asked), or none asked."""
    if not keys:
        return True
    mine = [r for r in task.responsibilities if r.key in keys]
    if role in (None, "any"):
        return bool(mine)
    return any(str(r.role) == role for r in mine)


def _tasks(n: int, english: bool) -> str:
    return ("task" if n == 1 else "tasks") if english else ""
