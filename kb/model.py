"""Domain types of the knowledge base: documents, their structure, tasks and agencies.

Everything derived from a document points back to a `Span` of its original text, so that a
quote or a highlight is always faithful and every extracted edge can be audited.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from kb.pickled import fast_pickling


class Script(StrEnum):
    """The script a document is written in."""

    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    MIXED = "mixed"


class Role(StrEnum):
    """What an agency does for a task."""

    LEAD = "lead"  # 牵头
    SUPPORT = "support"  # 配合 / 参与
    RESPONSIBLE = "responsible"  # listed as responsible, role not stated
    GUIDE = "guide"  # 指导


class PartKind(StrEnum):
    """The kinds of part one file may hold (DOMAIN.md section 1)."""

    HEADER = "header"  # a portal's labelled metadata block
    NOTICE = "notice"  # an 印发通知 wrapping the plan it issues
    INTERPRETATION = "interpretation"  # 内容解读 / 政策解读 before the full text
    BODY = "body"  # the policy text proper: the plan, measures, law ...


class Span(NamedTuple):
    """A half-open character range [start, end) of a document's original text.

    A named tuple: documents hold thousands of spans and tuples pickle fast.
    """

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@fast_pickling
@dataclass(frozen=True, slots=True)
class Part:
    """A contiguous part of a file: header block, notice, interpretation or body."""

    kind: PartKind
    title: str  # simplified script; "" when the part has no title line
    span: Span
    heading: Span | None = None  # where the title is printed


@fast_pickling
@dataclass(frozen=True, slots=True)
class Section:
    """A numbered heading and everything under it, up to the next heading of its level.

    `label` is the printed label in canonical form (`二`, `（三）`, `12`, `（1）`, `①`,
    `第十二条`, `第一章`); `level` orders the numbering styles from outermost (0) inwards.
    """

    index: int
    parent: int | None
    level: int
    label: str
    number: int  # the label's value: 二 -> 2, （三） -> 3, 12 -> 12
    title: str  # heading text in simplified script, without the label
    span: Span  # the whole section in the original text
    heading: Span  # the label and title in the original text
    part: int  # index into Document.parts


@fast_pickling
@dataclass(frozen=True, slots=True)
class Responsibility:
    """One agency named by a responsibility marker of a task."""

    name: str  # the agency as written, simplified script
    canonical: str  # canonical full name from the registry, or `name` when unknown
    role: Role
    collective: bool  # 各区政府, 有关部门 ...
    span: Span  # the marker (or table cell) this came from
    jurisdiction: str | None = None  # where the agency sits (北京市, 国务院 ...)
    key: str = ""  # the agency's identity in a store (kb.agencies.Agency.key)
    written: str = ""  # the name in the document's own script (市科委、中關村管委會)
    verb: str = ""  # the role word as written: 牵头, 组织落实, 实施 (of 实施部门), 指导
    implied: bool = False  # given by a standing rule (以下各项均由各区政府落实), not the task's own marker


@fast_pickling
@dataclass(frozen=True, slots=True)
class Corrected:
    """How an official corrected a task (kb.corrections): who, when, why, and what extraction said."""

    by: str
    at: str  # ISO time
    note: str
    extracted: tuple[tuple[str, Role], ...]  # (name, role) as extraction gave them
    extracted_deadline: str | None = None


@fast_pickling
@dataclass(frozen=True, slots=True)
class Task:
    """A numbered item of a policy body, or a clause of one with its own marker."""

    doc: str
    seq: int  # 1-based order among the document's tasks
    label: str  # canonical printed label (see Section)
    path: tuple[str, ...]  # labels of the enclosing headings, ending with `label`
    headings: tuple[str, ...]  # titles of the enclosing headings (simplified), same length
    title: str  # heading text or the text up to the first 。, simplified script
    text: str  # the full item in the original script
    span: Span
    deadline: str | None = None
    responsibilities: tuple[Responsibility, ...] = ()
    title_original: str = ""  # the title in the document's own script
    corrected: Corrected | None = None  # set on read when an official corrected the task

    @property
    def owned(self) -> bool:
        return bool(self.responsibilities)

    def ref(self) -> TaskRef:
        return TaskRef(
            self.doc,
            self.seq,
            self.label,
            self.path,
            self.title,
            self.deadline,
            self.responsibilities,
            self.corrected is not None,
        )

    @property
    def path_text(self) -> str:
        return path_text(self.path)


def path_text(path: tuple[str, ...]) -> str:
    """A task's path as printed: 二（三）12; a clause of item 1 under 一 is 一1-1, not 一11-1."""
    if len(path) >= 2 and path[-1].startswith(path[-2] + "-"):
        path = path[:-2] + path[-1:]
    return "".join(path)


@fast_pickling
@dataclass(frozen=True, slots=True)
class TaskRef:
    """A task without its text: what the catalogue keeps to answer agency questions."""

    doc: str
    seq: int
    label: str
    path: tuple[str, ...]
    title: str
    deadline: str | None
    responsibilities: tuple[Responsibility, ...]
    corrected: bool = False


@fast_pickling
@dataclass(frozen=True, slots=True)
class Dates:
    """The dates a document states, as ISO strings."""

    written: str | None = None  # 成文日期
    published: str | None = None  # 发布日期
    effective: str | None = None  # 实施日期
    repealed: str | None = None  # 废止日期

    @property
    def main(self) -> str | None:
        return self.written or self.published or self.effective


@fast_pickling
@dataclass(frozen=True, slots=True)
class Metadata:
    """Header facts of a document (DOMAIN.md section 1), simplified script."""

    title: str
    title_original: str
    doc_number: str | None = None
    issuers: tuple[str, ...] = ()
    dates: Dates = field(default_factory=Dates)
    jurisdiction: str | None = None
    addressees: tuple[str, ...] = ()


class SectionIndex:
    """Which sections hold a position, without a scan of every section.

    Sections nest and come in document order, so each section holding a position is an
    ancestor of the last section starting at or before it: a bisect, then a walk up.
    """

    def __init__(self, sections: tuple[Section, ...]):
        self.sections = sections
        self.starts = [s.span.start for s in sections]

    def deepest(self, pos: int) -> Section | None:
        i = bisect_right(self.starts, pos) - 1
        holder = self.sections[i] if i >= 0 else None
        while holder is not None and not holder.span.start <= pos < holder.span.end:
            holder = None if holder.parent is None else self.sections[holder.parent]
        return holder

    def chain(self, pos: int) -> list[Section]:
        """The sections holding `pos`, outermost first."""
        out, holder = [], self.deepest(pos)
        while holder is not None:
            out.append(holder)
            holder = None if holder.parent is None else self.sections[holder.parent]
        return out[::-1]


@fast_pickling
@dataclass(frozen=True, slots=True)
class Document:
    """One policy document: its original text and everything parsed from it."""

    id: str
    source: str  # the file it came from (with `#line` for .jsonl)
    text: str  # the original text, character for character
    script: Script
    meta: Metadata
    residue: tuple[Span, ...] = ()  # portal residue: not policy text
    parts: tuple[Part, ...] = ()
    sections: tuple[Section, ...] = ()
    tasks: tuple[Task, ...] = ()
    encoding: str = "utf-8"

    @property
    def title(self) -> str:
        return self.meta.title

    def quote(self, span: Span) -> str:
        """The original text of `span` with portal residue left out."""
        if not self.residue:
            return span.slice(self.text)
        out, pos = [], span.start
        for r in self.residue:
            if r.end <= pos or r.start >= span.end:
                continue
            out.append(self.text[pos : r.start])
            pos = max(pos, r.end)
        out.append(self.text[pos : span.end])
        return "".join(out)
