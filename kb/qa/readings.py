"""Second readings: a question whose names resolve to several things, or to no task, read again
by what else it says.

- a label several items share, followed by the kind of item (第（二）阶段): the item whose title
  holds that word;
- a label several items of one document share, or words several of its items hold, asked who
  owns it: the one item that names its units, when only one does (the others are time nodes,
  safeguards or an attachment's paragraphs), said in the answer;
- a task's words that begin with a document's description and 的 (松江清水行动的严把“车辆运输关”,
  崇明的强化养护资金使用监督管理 when two documents have the task): the document, and the task's
  own words; without 的, when no task holds the words, a beginning a few titles hold (桂城“网格+
  城管”模式: 桂城 names the document).

Each returns the new resolution with a step for `kb ask --explain`, or None.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from kb import lexicon
from kb.catalog import candidates, find_documents
from kb.model import PartKind, path_text
from kb.normalize import match_key
from kb.resolve import AMBIGUOUS, MAX_TARGETS, Problem, Resolution, Target

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase
    from kb.qa.slots import Slots

_ABOUT_TASK = ("owner_of_task", "lead_of_task", "support_of_task", "yes_no", "deadline", "count")
_WHO = ("owner_of_task", "lead_of_task", "support_of_task", "yes_no")  # asked about the units
Names = Callable[["KnowledgeBase", "Slots", str], Resolution]


def reread(
    base: KnowledgeBase, q: Slots, kind: str, res: Resolution, names: Names
) -> tuple[Resolution, Slots, str] | None:
    """The question's second reading, when one resolves what the first could not."""
    problem = res.problem or Problem(AMBIGUOUS, "documents", q.words or "")  # tasks in several documents
    if problem.status == AMBIGUOUS and q.label_noun:
        chosen = by_noun(base, problem, q.label_noun)
        if chosen is not None:
            step = f"{q.task}{q.label_noun}: the item titled {chosen.task.title!r}"
            return replace(res, targets=(chosen,), problem=None), q, step
    if problem.status == AMBIGUOUS and q.task and not (q.words or q.quoted) and kind in _ABOUT_TASK:
        owned = only_owned(base, problem)
        if owned is not None:
            step = f"of the items printed {q.task}, only {path_text(owned.task.path)} names its units"
            return replace(res, targets=(owned,), problem=None), q, step
    if problem.status == AMBIGUOUS and not q.task and (q.words or q.quoted) and kind in _WHO:
        owned = only_owned(base, problem, ("many", "words"))
        if owned is not None:
            step = f"of the items the words name, only {path_text(owned.task.path)} names its units"
            return replace(res, targets=(owned,), problem=None), q, step
    if problem.status == AMBIGUOUS and q.task and q.doc:
        mine = in_part(base, problem, q.doc)
        if mine is not None:
            step = f"{q.doc!r} names the part {mine.task.path_text!r} is in"
            return replace(res, targets=(mine,), problem=None), q, step
    if problem.status == AMBIGUOUS and q.task and kind in (*_ABOUT_TASK, "task_text"):
        nth = in_order(base, problem, q)
        if nth is not None:
            step = f"{q.task} asked as an ordinal: the document's task {nth.task.seq} in order"
            return replace(res, targets=(nth,), problem=None), q, step
    if problem.status == AMBIGUOUS and kind == "yes_no" and res.agencies:
        mine = _naming_agency(base, problem, res)
        if mine is not None:
            return (
                replace(res, targets=(mine,), problem=None),
                q,
                "the one candidate whose document names the agency",
            )
    if problem.what in ("task", "words", "documents") and not q.doc and (split := of_document(base, q)):
        again = replace(q, doc=split[0], doc_kind="phrase", words=split[1])
        held = names(base, again, kind)
        narrowed = res.problem is not None or (held.problem is None and len(held.targets) < len(res.targets))
        if narrowed and (held.problem is None or held.problem.status == AMBIGUOUS):
            return held, again, f"{split[0]!r} names a document, {split[1]!r} its task"
    if problem.status != AMBIGUOUS and problem.what in ("task", "words") and not q.doc:
        for prefix, rest in prefixes(base, q):  # 桂城“网格+城管”模式: no task holds 桂城, its document does
            again = replace(q, doc=prefix, doc_kind="phrase", words=rest)
            held = names(base, again, kind)
            if held.problem is None:
                return held, again, f"{prefix!r} names a document, {rest!r} its task"
    return None


def prefixes(base: KnowledgeBase, q: Slots) -> list[tuple[str, str]]:
    """A task's words that begin with words of a few documents' titles and no 的 (桂城“网格+城管”
    模式, 甲区垃圾分类): each such beginning (longest first) and the words after it."""
    words = q.words or ""
    if q.language == "english" or len(words) < 5:
        return []
    out = []
    for size in range(min(6, len(words) - 3), 1, -1):
        if not words[size - 1].isalnum():
            continue  # 桂城“: the beginning ends at a word, the quote opens the task's words
        named = candidates(base.catalog_index, words[:size])  # held by titles as written
        if named and len(named) <= MAX_TARGETS and len(named) < len(base.catalog):
            out.append((words[:size], words[size:]))
    return out


def _naming_agency(base: KnowledgeBase, problem: Problem, res: Resolution) -> Target | None:
    """Of the candidates in several documents, the one in the only document that names the
    agency asked about (is the Municipal Finance Bureau involved in …: the city's plan)."""
    keys = {k for m in res.agencies for k in m.keys}
    held = [c for c in problem.candidates if not c.heading
            and any(base.agency_index.in_documents(k, {c.doc}) for k in keys)]  # fmt: skip
    if len(held) != 1 or len({c.doc for c in problem.candidates}) < 2:
        return None
    doc = base.cached(held[0].doc)
    task = next((t for t in doc.tasks if path_text(t.path) == held[0].path), None)
    return Target(base.catalog[doc.id], doc, task) if task is not None else None


def of_document(base: KnowledgeBase, q: Slots) -> tuple[str, str] | None:
    """A task's words that begin with a document's description, ended by 的 or a document noun
    (松江清水行动的严把“车辆运输关”, 崇明农村公路方案强化养护资金使用监督管理): the description,
    and the task's own words."""
    words = q.words or ""
    if q.language == "english":
        return None
    for before, after in _splits(words):
        if len(before) < 2 or len(after) < 2:
            continue
        named = find_documents(base.catalog_index, before)
        if named and len(named) <= MAX_TARGETS and len(named) < len(base.catalog):
            return before, after
    return None


def _splits(words: str) -> list[tuple[str, str]]:
    """Where a document's description may end in a task's words: at 的, or after a document noun."""
    out = []
    if "的" in words:
        before, _, after = words.partition("的")
        out.append((before, after))
    nouns = sorted(lexicon.words("doc_noun"), key=len, reverse=True)
    for m in re.finditer("|".join(re.escape(n) for n in nouns if len(n) > 1 and not n.isascii()), words):
        out.append((words[: m.end()], words[m.end() :].lstrip("中里内的")))
    return out


def by_noun(base: KnowledgeBase, problem: Problem, noun: str) -> Target | None:
    """Of the items a label names, the one whose title holds the word printed after the label
    (第（二）阶段: 联调联试阶段, not 优化改造系统), when only one does."""
    key = match_key(noun)
    held = [c for c in problem.candidates if not c.heading and key in match_key(c.title)]
    if len(held) != 1:
        return None
    doc = base.cached(held[0].doc)
    task = next((t for t in doc.tasks if path_text(t.path) == held[0].path), None)
    return Target(base.catalog[doc.id], doc, task) if task is not None else None


def in_part(base: KnowledgeBase, problem: Problem, named: str) -> Target | None:
    """Of the items one document prints with the same label, the one in the part whose title
    the question names (a notice issuing two documents, each with its own （二）)."""
    listed = [c for c in problem.candidates if not c.heading]
    if problem.what != "label" or not listed or len({c.doc for c in listed}) != 1:
        return None
    doc = base.cached(listed[0].doc)
    key = match_key(named)
    parts = [p for p in doc.parts if p.kind is PartKind.BODY and len(key) >= 4 and key in match_key(p.title)]
    if len(parts) != 1 or match_key(doc.meta.title).startswith(match_key(parts[0].title)):
        return None  # the title of the whole file, or no one part
    span = parts[0].span
    paths = {c.path for c in listed}
    inside = [t for t in doc.tasks if t.path_text in paths and span.start <= t.span.start < span.end]
    return Target(base.catalog[doc.id], doc, inside[0]) if len(inside) == 1 else None


# the first task, the 3rd item, 第三项任务: a position in the document, as an ordinal says
_ORDINAL = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+"
    r"(?:task|item|measure|action)"
    r"|第[一二三四五六七八九十\d]+(?:项|个)"  # 第三项任务, 第一个任务
)


def in_order(base: KnowledgeBase, problem: Problem, q: Slots) -> Target | None:
    """Of the items one document prints with the same number (1 under each heading), the nth
    task in order, when the question asks with an ordinal (the first task, 第三项任务)."""
    listed = [c for c in problem.candidates if not c.heading]
    number = (q.task or "").strip()
    if (problem.what != "label" or not listed or len({c.doc for c in listed}) != 1
            or not number.isdigit() and not set(number) <= set("一二三四五六七八九十")
            or not _ORDINAL.search(q.norm)):  # fmt: skip
        return None
    from kb.labels import cn_number

    n = int(number) if number.isdigit() else cn_number(number)
    doc = base.cached(listed[0].doc)
    if not 1 <= n <= len(doc.tasks):
        return None
    return Target(base.catalog[doc.id], doc, doc.tasks[n - 1], ordinal=len(listed))


def owned_one(q: Slots, kind: str, res: Resolution) -> tuple[Resolution, str] | None:
    """Of the few items of one document the words name, the one that names its units when it is
    the only one and the question asks about the units; with the step that says so."""
    items = res.targets
    if q.task or not (q.words or q.quoted) or kind not in _WHO or len(items) < 2:
        return None
    owned = [t for t in items if t.task.responsibilities]
    if len({t.record.id for t in items}) != 1 or len(owned) != 1:
        return None
    step = f"of the {len(items)} items the words name, only {path_text(owned[0].task.path)} names its units"
    return replace(res, targets=(replace(owned[0], shared=len(items)),)), step


def only_owned(base: KnowledgeBase, problem: Problem, what: tuple[str, ...] = ("label",)) -> Target | None:
    """Of the items one document prints with the same label (（二） in 二、主要任务 and in 三、时间
    节点), or that the same words name (路长制 in the plan's item and in its attachment's
    paragraphs), the one that names its responsible units, when it is the only one: who owns
    第（二）项 asks about it; the answer says the others share the label or the words."""
    listed = [c for c in problem.candidates if not c.heading]
    if problem.what not in what or len({c.doc for c in listed}) != 1 or not listed:
        return None
    doc = base.cached(listed[0].doc)
    paths = {c.path for c in listed}
    items = [t for t in doc.tasks if path_text(t.path) in paths]
    owned = [t for t in items if t.responsibilities]
    if len(owned) != 1 or len(items) < 2:
        return None
    return Target(base.catalog[doc.id], doc, owned[0], shared=len(items))
