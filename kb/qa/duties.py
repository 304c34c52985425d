"""An agency's duties written as prose: what a named document says an agency does when none
of its tasks marks it (四、职责分工 › （三）区财政局 › 负责在政府投资项目中安排…).

Used when `X在某文件中负责哪些任务 / X的职责是什么` finds no marked task: the sections headed by
the agency's name are quoted first, then the sentences that name it; nothing is quoted when
the document never names it, so the answer stays `not_found`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kb import places
from kb.citation import Citation, title_of
from kb.model import Document
from kb.normalize import match_key, normalize
from kb.qa.result import NOT_FOUND, Answer, Asked, citation_at
from kb.qa.wording import say

QUOTES = 3
_DUTIES = re.compile(r"职责|职能|\bduties\b|\bduty\b|\bresponsibilities\b|\bfunctions\b")
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
_LABEL = re.compile(r"^\s*(?:[（(][一二三四五六七八九十百\d]+[)）]|[一二三四五六七八九十\d]+[、.．])?\s*")


def _names_first(sentence: str, names: list[str]) -> bool:
    """Whether a sentence starts (after its label) with one of the names and a colon."""
    rest = normalize(_LABEL.sub("", sentence, count=1))
    return any(rest.startswith(n) and rest[len(n) : len(n) + 1] in ("：", ":") for n in names)


_GLOSS = re.compile(r"[（(][^（）()]{1,12}[）)]$")  # 区公安分局（交管）: the division meant
_HEADED = re.compile(r"[、，,]|和|及")
_ETC = re.compile(r"等(?:[\u4e00-\u9fff]{0,8}(?:部门|单位|机构))?$")  # 区壬办等相关部门: 区壬办


def _headed_by(heading: str, keys: list[str]) -> bool:
    """Whether a heading is the agency's name (区财政局, 区公安分局（交管）), or a list of names
    one of which is it (区建管委、区交通委等建设主管部门)."""
    title = match_key(heading)
    parts = _HEADED.split(normalize(heading))
    names = [match_key(_GLOSS.sub("", _ETC.sub("", n.strip()))) for n in parts]
    return any(n == k or n.endswith(k) for n in names for k in keys) or any(title.endswith(k) for k in keys)


def quotes(doc: Document, names: tuple[str, ...], only_listed: bool = False) -> list[Citation]:
    """The passages of `doc` that state the duties of the agency `names` name: under a heading
    that is its name, then in a line that starts with it (区民防办：…), then (unless
    `only_listed`) any sentence naming it."""
    keys = [k for k in (match_key(n) for n in names) if len(k) >= 2]
    if not keys:
        return []
    out: list[Citation] = []
    for section in doc.sections:
        if not _headed_by(section.title, keys):
            continue
        body = doc.text[section.heading.end : section.span.end]
        m = next((m for m in _SENTENCE.finditer(body) if len(m.group(0).strip()) > 4), None)
        if m is not None:
            out.append(citation_at(doc, section.heading.end + m.start(), None, m.group(0).strip()))
    if out:
        return out[:QUOTES]
    written = [normalize(n) for n in names if n]
    listed = [m for m in _SENTENCE.finditer(doc.text) if _names_first(m.group(0), written)]
    if listed:  # a duties list: (十七)区民防办：结合公园建设，开展避难场所规划建设。
        return [citation_at(doc, m.start(), None, m.group(0).strip()) for m in listed[:QUOTES]]
    if only_listed:
        return []
    for m in _SENTENCE.finditer(doc.text):
        text = m.group(0).strip()
        if len(text) > 8 and any(k in match_key(text) for k in keys):
            out.append(citation_at(doc, m.start(), None, text))
            if len(out) == QUOTES:
                break
    return out


def with_duties(a: Asked, answer: Answer) -> Answer:
    """An agency's tasks in a named document with the duties its prose gives it, when the
    question asks for its duties (职责) or no task marks it (the answer was not found)."""
    missing = answer.kind == NOT_FOUND
    unknown = missing and not a.q.agencies and bool(a.q.subject)  # a body only its duties name
    if len(a.res.records) != 1 or not (a.q.agencies or unknown) or not (missing or _DUTIES.search(a.q.norm)):
        return answer
    doc = a.base.cached(a.res.records[0].id)
    cited = quotes(doc, _names(a), only_listed=not missing)
    if not cited:
        return answer
    firsts = [a.base.agency_index.first(k) for m in a.res.agencies for k in m.keys[:1]]
    named = [r.name for r in firsts if r is not None]
    who = "、".join(named) if a.english and named and len(named) == len(firsts) else "、".join(a.q.agencies)
    who = who or a.q.subject or ""
    head = say("duties_head" if missing else "duties_listed", a.english, title=title_of(doc), agency=who)
    lines = [a.text(head)] + [f"[{i}] “{c.quote}”——{a.text(str(c))}" for i, c in enumerate(cited, 1)]
    if missing:
        return Answer(a.q.question, "free", "\n".join(lines), citations=tuple(cited), script=a.script)
    return replace(
        answer, answer="\n".join(lines) + "\n" + answer.answer, citations=tuple(cited) + answer.citations
    )


def _names(a: Asked) -> tuple[str, ...]:
    """The names the agency is known by, and as a document of its place writes it (普陀区财政局
    is 区财政局 in a Putuo document)."""
    names = list(a.q.agencies) or [a.q.subject or ""]
    for name in names[:]:
        place, rest = places.split_place(name)
        if place and rest:
            names.append(place[-1] + rest)
    names += [f for m in a.res.agencies for k in m.keys for f in a.base.agency_index.forms(k)]
    return tuple(dict.fromkeys(names))
