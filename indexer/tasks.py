"""Tasks: which numbered items of a body are tasks, and the Task records built from them.

A task is a numbered item with no numbered items of its own (sub-lists `（1）`, `①` inside an
item are part of it), an article (第X条), or a clause of an item that carries its own
responsibility marker. Items of the framing chapter (总体要求, 指导思想, 基本原则, 工作目标 ...)
are not tasks unless a marker names someone responsible for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from indexer.structure import LEVEL_ARTICLE
from kb.model import Section

FRAMING = frozenset(
    [
        "总体要求",
        "总体思路",
        "总体目标",
        "指导思想",
        "基本原则",
        "工作原则",
        "主要目标",
        "发展目标",
        "工作目标",
        "建设目标",
        "目的意义",
        "重要意义",
        "总体考虑",
        "发展思路",
        "工作思路",
        "总体定位",
        "发展定位",
        "功能定位",
        "战略定位",
        "基本思路",
        "发展基础",
        "发展现状",
        "面临形势",
        "发展环境",
        "形势与挑战",
        "工作背景",
        "基本情况",
        "编制依据",
        "适用范围",
        "总体安排",
    ]
)
# Sub-lists at these levels are part of the item that holds them.
ENUMERATION_LEVEL = 6


def is_framing(title: str) -> bool:
    """指导思想, 总体要求, 指导思想和发展目标 ... (every part a framing heading)."""
    words = [w for w in re.split(r"[和与及、，,]", title) if w]
    return bool(words) and all(w in FRAMING for w in words)


def task_sections(
    sections: Sequence[Section], marked: Callable[[Section], bool] = lambda s: False
) -> list[Section]:
    """The sections that are tasks, in document order.

    `marked(section)` says whether a section's own text carries a responsibility marker.
    """
    children: dict[int, list[Section]] = {}
    for s in sections:
        if s.parent is not None:
            children.setdefault(s.parent, []).append(s)
    framing: list[bool] = []  # the section or a heading above it is a framing heading
    in_article: list[bool] = []  # a heading above it is an article (第X条)
    for s in sections:
        parent = s.parent
        framing.append(_framing(s, sections, children) or (parent is not None and framing[parent]))
        in_article.append(parent is not None and (_is_article(sections[parent]) or in_article[parent]))
    out: list[Section] = []
    for s in sections:
        if s.level < LEVEL_ARTICLE or (in_article[s.index] or framing[s.index]) and not marked(s):
            continue
        kids = children.get(s.index, [])
        structural = [c for c in kids if c.level < ENUMERATION_LEVEL or marked(c)]
        whole_article = _is_article(s) and not any(marked(c) for c in kids)
        if whole_article or not structural and not _under_task(s, sections, marked):
            out.append(s)
    return out


def _framing(s: Section, sections: Sequence[Section], children: dict[int, list[Section]]) -> bool:
    """A framing heading: a chapter (一、总体要求), or an item among framing items
    (（一）指导思想 （二）基本原则 under 一、总体思路和目标). `（一）功能定位` among
    `（二）质量安全 （三）合理用药` (the indicators of an attachment) is not framing."""
    if not is_framing(s.title):
        return False
    if s.parent is None or sections[s.parent].level < LEVEL_ARTICLE:
        return True
    siblings = children[s.parent]
    return 2 * sum(is_framing(x.title) for x in siblings) > len(siblings)


def _is_article(s: Section) -> bool:
    return s.label.endswith("条")


def _under_task(s: Section, sections: Sequence[Section], marked: Callable[[Section], bool]) -> bool:
    """An enumeration item inside an item without its own marker belongs to that item."""
    if s.level < ENUMERATION_LEVEL or marked(s):
        return False
    parent = sections[s.parent] if s.parent is not None else None
    return parent is not None and parent.level >= LEVEL_ARTICLE


def own_text(section: Section, kids: list[Section]) -> list[tuple[int, int]]:
    """The stretches of a section's own text: its span without its subsections' (`kids`)."""
    gaps, pos = [], section.span.start
    for kid in kids:
        gaps.append((pos, kid.span.start))
        pos = kid.span.end
    gaps.append((pos, section.span.end))
    return [(a, b) for a, b in gaps if b > a]
