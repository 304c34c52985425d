"""An agency's duties written as prose: what a named document says an agency does when none
of its tasks marks it (四、职责分工 › （三）区财政局 › 负责在政府投资项目中安排…).

Used when `X在某文件中负责哪些任务 / X的职责是什么` finds no marked task: the sections headed by
the agency's name are quoted first, then the sentences that name it; nothing is quoted when
the document never names it, so the answer stays `not_found`.
"""

from __future__ import annotations

import re

from kb.citation import Citation
from kb.model import Document
from kb.normalize import match_key, normalize
from kb.qa.result import citation_at

QUOTES = 3
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
_LABEL = re.compile(r"^\s*(?:[（(][一二三四五六七八九十百\d]+[)）]|[一二三四五六七八九十\d]+[、.．])?\s*")


def _names_first(sentence: str, names: list[str]) -> bool:
    """Whether a sentence starts (after its label) with one of the names and a colon."""
    rest = normalize(_LABEL.sub("", sentence, count=1))
    return any(rest.startswith(n) and rest[len(n) : len(n) + 1] in ("：", ":") for n in names)


def quotes(doc: Document, names: tuple[str, ...], only_listed: bool = False) -> list[Citation]:
    """The passages of `doc` that state the duties of the agency `names` name: under a heading
    that is its name, then in a line that starts with it (区民防办：…), then (unless
    `only_listed`) any sentence naming it."""
    keys = [k for k in (match_key(n) for n in names) if len(k) >= 2]
    if not keys:
        return []
    out: list[Citation] = []
    for section in doc.sections:
        title = match_key(section.title)
        if not any(title == k or title.endswith(k) for k in keys):
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
