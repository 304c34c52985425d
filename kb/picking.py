"""One task in one document: what a printed label (12, 十二, 第十二条, （三）), a path (二（三）2,
第四部分第3项 as 四3) or #12 names, and the candidates when several items share it.

kb.resolve answers questions and commands from these picks; `find_task` raises the typed
errors of kb.errors for the commands (`kb owners`, `kb correct`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.citation import title_of
from kb.errors import AmbiguousTask, TaskNotFound
from kb.labels import cn_number, reference
from kb.model import Document, Section, Task, path_text

_DOTTED = re.compile(r"^\d{1,3}(?:\.\d{1,3})+\.?$")  # 2.3, 4.1.1: a dotted label

__all__ = ["Candidate", "Pick", "find_task", "pick_task", "section_path"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One of the things an ambiguous reference may mean: a document, or a task in one."""

    doc: str
    doc_title: str
    path: str = ""  # the task's path (二（一）1); empty for a document
    title: str = ""  # the task's (or heading's) title; empty for a document
    heading: bool = False  # a heading that shares the label, not a task


@dataclass(frozen=True, slots=True)
class Pick:
    """What a task reference names in one document."""

    task: Task | None = None
    by_order: bool = False  # the document prints no such label: this is its nth task
    candidates: tuple[Candidate, ...] = ()
    reason: str = ""  # when there is no task: label (shared), heading, clauses, missing, invalid


# -- one task in one document ---------------------------------------------------------------------


def pick_task(doc: Document, ref: str, *, question: bool = False, guess: bool = False) -> Pick:
    """What a label (12, 十二, 第十二条, （三）), a path (二（三）2) or #12 names in a document.

    A question asks about a task, so with `question` one task wins over headings that share its
    label. With `guess` (the document was named), a label the document does not print is
    looked for as an item (第十二条 and （十二） as item 12), then as the task in that position.
    """
    ref = ref.strip()
    if ref.startswith("#"):
        number = ref[1:].strip()
        back = number.startswith("-")  # #-1: the last task (最后一项), #-2 the one before it
        number = number.lstrip("-")
        ok = number.isascii() and number.isdigit() and 1 <= int(number) <= len(doc.tasks)
        at = len(doc.tasks) - int(number) if back else int(number) - 1
        return Pick(doc.tasks[at]) if ok else Pick(reason="missing")
    options = reference(ref)
    if options is None:
        return Pick(reason="invalid")
    found = [t for t in doc.tasks if t.label.rstrip(".．") == ref.rstrip(".")] if _DOTTED.match(ref) else []
    found = found or [t for t in doc.tasks if path_matches(t.path, options)]  # 2.3 as printed, or 二（三）
    if not found and len(options) == 2:  # 第四部分第3项 where items restart in 四（一）, 四（二）…
        found = [t for t in doc.tasks if _within(t.path, options)]
    headings = [s for s in doc.sections if path_matches(section_path(doc, s), options)]
    others = [s for s in headings if not any(t.span.start == s.span.start for t in found)]
    if len(found) == 1 and (question or not others):
        return Pick(found[0])
    if found:
        listed = [task_candidate(doc, t) for t in found] + [_heading(doc, s) for s in others]
        return Pick(candidates=tuple(listed), reason="label")
    clauses = [t for t in doc.tasks if len(t.path) > 1 and "-" in t.label and _clause_of(t, options)]
    if clauses:
        return Pick(candidates=tuple(task_candidate(doc, t) for t in clauses), reason="clauses")
    if headings:
        under = [t for s in headings for t in doc.tasks if s.span.start <= t.span.start < s.span.end]
        return Pick(candidates=tuple(dict.fromkeys(task_candidate(doc, t) for t in under)), reason="heading")
    if guess:
        return _guess(doc, ref)
    return Pick(reason="missing")


def _guess(doc: Document, ref: str) -> Pick:
    """A label the document does not print: 第十二条 or （十二） as item 12, else (12, 第十二项,
    第十二条, never （十二）, which only a printed label answers) its 12th task."""
    number = _number_of(ref)
    if number is None:
        return Pick(reason="missing")
    item = pick_task(doc, str(number), question=True)
    if item.task is not None or item.reason in ("label", "clauses"):
        return item
    printed = ref.strip()[:1] in "（(" or ref.strip()[-1:] in "）)"  # （九） asks for a printed label
    if (
        not printed
        and not (_ARTICLE.fullmatch(ref.strip()) and any(_ARTICLE.fullmatch(t.label) for t in doc.tasks))
        and 1 <= number <= len(doc.tasks)
        and not any(s.label == str(number) for s in doc.sections)
    ):
        return Pick(doc.tasks[number - 1], by_order=True)
    return Pick(reason="missing")


# 第十二条: a document that prints its articles (第一条…第八条) has no article twelve, and its 12th
# task in order is not what is asked
_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇两0-9]+[条條]")


def _number_of(ref: str) -> int | None:
    """12 for 12, 十二, 第十二条, （十二）; None for a path or anything else."""
    text = ref.strip().removeprefix("第").rstrip("条项款")
    text = text.strip("（）()")
    if (text.isascii() and text.isdigit()) or (
        text and all(c in "一二三四五六七八九十百零〇两" for c in text)
    ):
        return cn_number(text)
    return None


def _within(path: tuple[str, ...], options: list[set[str]]) -> bool:
    """Whether a path is in the part the first option names and ends with the item the last
    names, with headings between (四 › （二） › 3 for 四3)."""
    return len(path) > 2 and path[0] in options[0] and path[-1] in options[-1]


def _clause_of(task: Task, options: list[set[str]]) -> bool:
    """Whether a clause with its own marker belongs to the item the options name: its path
    holds the item (一 › 1 › 1-1) or its label does (一 › （四）-2, a table row's clause)."""
    item = task.label.rsplit("-", 1)[0]
    return path_matches(task.path[:-1], options) or path_matches(task.path[:-1] + (item,), options)


def find_task(doc: Document, ref: str, *, guess: bool = False) -> Task:
    """The one task `ref` names, or an error: AmbiguousTask with the candidates' paths (a
    label several tasks or headings share), TaskNotFound saying what to give instead."""
    pick = pick_task(doc, ref, guess=guess)
    if pick.task is not None:
        return pick.task
    listed = [(c.path, c.title + (" (a heading)" if c.heading else "")) for c in pick.candidates]
    if pick.reason == "label":
        raise AmbiguousTask(f"{ref!r} names {len(listed)} items of {doc.id}; give a path", listed)
    if pick.reason == "clauses":
        raise AmbiguousTask(
            f"item {ref} of {doc.id} has {len(listed)} clauses with their own responsible units; give one",
            listed,
        )
    if pick.reason == "heading":
        paths = ", ".join(c.path for c in pick.candidates) or "none"
        raise TaskNotFound(f"{ref} in {doc.id} is a heading, not a task; its tasks: {paths}")
    if pick.reason == "invalid":
        raise TaskNotFound(
            f"{ref!r} is not a task label or path: give a label (12, 十二, （三）), "
            "a path (二（三）2) or #12 for the 12th task"
        )
    if ref.strip().startswith("#"):
        raise TaskNotFound(f"{doc.id} has {len(doc.tasks)} tasks; {ref} is not one of them")
    raise TaskNotFound(f"no task {ref!r} in {doc.id}: `kb tasks {doc.id}` lists them")


def section_path(doc: Document, section: Section) -> tuple[str, ...]:
    chain = [section.label]
    while section.parent is not None:
        section = doc.sections[section.parent]
        chain.insert(0, section.label)
    return tuple(chain)


def path_matches(path: tuple[str, ...], options: list[set[str]]) -> bool:
    """Whether a path ends with labels the options allow; a clause's path also as printed
    without its item (一1-1 for 一 › 1 › 1-1)."""
    if (
        len(path) >= 2
        and path[-1].startswith(path[-2] + "-")
        and path_matches(path[:-2] + path[-1:], options)
    ):
        return True
    if path and _PRINTED_DOTTED.match(path[-1]) and len(options) > 1:  # 2.3 as printed: the path 2 › 3
        return path_matches(path[:-1] + tuple(path[-1].rstrip(".").split(".")), options)
    if len(options) > len(path):
        return False
    return all(label in allowed for label, allowed in zip(path[-len(options) :], options, strict=True))


_PRINTED_DOTTED = re.compile(r"^\d{1,3}(?:\.\d{1,3})+\.?$")  # an item printed 2.3 (measure 2.3)


def task_candidate(doc: Document, task: Task) -> Candidate:
    return Candidate(doc.id, title_of(doc, task.span.start), path_text(task.path), task.title)


def _heading(doc: Document, section: Section) -> Candidate:
    title = title_of(doc, section.span.start)
    return Candidate(doc.id, title, "".join(section_path(doc, section)), section.title, True)
