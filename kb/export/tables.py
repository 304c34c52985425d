"""The tables officials take to meetings, as plain data: task allocation, responsibility matrix, agency list.

No file format here: `kb.export.sheets` lays these tables out and the writers write them.
Names and titles are already in the requested script (`simplified`, `traditional`, or
`original`: each document's own script). Conventions:

* Agencies are joined with `；` because `、` already joins the two names of one joint body
  (`市科委、中关村管委会`).
* 牵头单位 holds the leads; a task with no lead but units `responsible` (排名不分先后) has
  those in 牵头单位 instead; a task whose document names no responsible unit says （未明确）.
  配合单位 holds the supports, `responsible` units of a task that also has a lead, and guides
  marked `（指导）`.
* Matrix marks: ● lead, ○ support, ◆ responsible, △ guide.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from kb.citation import printed, title_of
from kb.model import Document, Part, PartKind, Responsibility, Role, Script, SectionIndex, Span, Task
from kb.normalize import to_mainland, to_simplified, to_traditional
from kb.responsibilities import AgencyTasks

AGENCY_JOIN = "；"
CORRECTED = "（已更正）"  # after the title of a task an official corrected (kb.corrections)
GUIDE = (
    "（指导）"  # after a guiding unit (指导) in the 配合单位 column, or in 牵头单位 when it is the only one
)
IMPLIED = "（默认）"  # after a body a standing rule of the document gives the task (以下各项均由…落实)
UNASSIGNED = "（未明确）"  # a task whose document names no responsible unit: said, never left blank
ROLE_NAMES = {Role.LEAD: "牵头", Role.SUPPORT: "配合", Role.RESPONSIBLE: "负责", Role.GUIDE: "指导"}
MARKS = {Role.LEAD: "●", Role.SUPPORT: "○", Role.RESPONSIBLE: "◆", Role.GUIDE: "△"}
_ROLE_ORDER = (Role.LEAD, Role.RESPONSIBLE, Role.SUPPORT, Role.GUIDE)  # the mark a cell shows
SCRIPTS = ("simplified", "traditional", "original")


@dataclass(frozen=True, slots=True)
class Writing:
    """How the names and titles of one document are written in the requested script."""

    doc: Document
    script: str  # simplified | traditional | original

    def made(self, simplified: str) -> str:
        """Text held only in simplified script: labels, deadlines, names we constructed."""
        if self.script == "traditional" or (
            self.script == "original" and self.doc.script is Script.TRADITIONAL
        ):
            return to_traditional(simplified)
        return simplified

    def words(self, simplified: str) -> str:
        """A title or heading: in simplified script, a traditional document's Taiwan words become
        mainland words (支援政策 -> 支持政策, 網路 -> 网络: kb.normalize.to_mainland). Agency
        names are proper names and keep their words (`made`)."""
        if self.script == "simplified" and self.doc.script is not Script.SIMPLIFIED:
            return to_mainland(simplified)
        return self.made(simplified)

    def text(self, simplified: str, original: str, words: bool = True) -> str:
        """Text the document writes as `original`, `simplified` in simplified script."""
        if self.script == "original" and original and original != simplified:
            return original
        return self.words(simplified) if words else self.made(simplified)

    def name(self, r: Responsibility) -> str:
        return self.text(r.name, r.written, words=False)

    def title(self, t: Task) -> str:
        return self.text(t.title, t.title_original)

    def within(self, span: Span, simplified: str) -> str:
        """`simplified` as the original writes it inside `span` (headings, deadlines)."""
        if self.script != "original":
            return self.words(simplified)
        return self.text(simplified, as_written(self.doc, span, simplified))


def as_written(doc: Document, span: Span, simplified: str) -> str:
    """The original text of `simplified` inside `span`; "" when it is not found there.

    Simplifying keeps the length of a text, so a position in one is a position in the other.
    """
    original = span.slice(doc.text)
    pos = to_simplified(original).find(simplified) if simplified else -1
    return original[pos : pos + len(simplified)] if pos >= 0 else ""


# -- documents ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentHead:
    """What stands above a document's table: its title and number."""

    id: str
    title: str  # the plan's own title (kb.citation.title_of)
    doc_number: str  # "" when the document has none
    sheet: str  # a valid, unique Excel sheet name

    @property
    def source(self) -> str:
        """《title》（number）"""
        return f"《{self.title}》" + (f"（{self.doc_number}）" if self.doc_number else "")


_SHEET_FORBIDDEN = re.compile(r"[:*?/\\]")


def sheet_name(text: str, taken: set[str]) -> str:
    """A name Excel accepts (≤ 31 characters, none of []:*?/\\), not in `taken`; adds it there.

    A document number's square brackets become 〔〕: 京政发[2023]7号 -> 京政发〔2023〕7号."""
    text = text.replace("[", "〔").replace("]", "〕")
    base = _SHEET_FORBIDDEN.sub("", text).strip("' ") or "sheet"
    name, n = base[:31], 1
    while name.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f"({n})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name)
    return name


def head(doc: Document, script: str, taken: set[str]) -> DocumentHead:
    """A document's title, number and sheet name (the number, else the title) in `script`."""
    w = Writing(doc, script)
    title = title_of(doc)
    if title == doc.meta.title:
        title = w.text(title, doc.meta.title_original)
    else:
        part = next((p for p in doc.parts if p.title == title and p.heading is not None), None)
        title = w.within(part.heading, title) if part and part.heading else w.words(title)
    number = w.made(doc.meta.doc_number or "")
    return DocumentHead(doc.id, title, number, sheet_name(number or title, taken))


# -- task allocation table (任务分工表) ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupRow:
    """A heading above tasks: `二、` `重点任务` at depth 0, `（三）` … at depth 1."""

    label: str  # as printed: 二、 （三）
    title: str
    depth: int

    @property
    def text(self) -> str:
        return self.label + self.title


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One task: 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限."""

    seq: int
    label: str  # as the document numbers it: 12, （一）, 5-1
    title: str
    lead: tuple[str, ...]
    support: tuple[str, ...]
    deadline: str
    unassigned: str = ""  # what 牵头单位 says when the document names no one: （未明确）

    @property
    def cells(self) -> tuple[str, str, str, str, str]:
        lead, support = AGENCY_JOIN.join(self.lead), AGENCY_JOIN.join(self.support)
        return (
            self.label,
            self.title,
            lead or (self.unassigned if not support else ""),
            support,
            self.deadline,
        )


@dataclass(frozen=True, slots=True)
class TaskSheet:
    """The task allocation table of one document."""

    head: DocumentHead
    rows: tuple[GroupRow | TaskRow, ...]

    @property
    def tasks(self) -> int:
        return sum(isinstance(r, TaskRow) for r in self.rows)


def task_sheets(docs: Sequence[Document], script: str) -> list[TaskSheet]:
    """One task allocation table per document."""
    taken: set[str] = set()
    return [TaskSheet(head(doc, script, taken), tuple(_task_rows(doc, script))) for doc in docs]


def _task_rows(doc: Document, script: str) -> list[GroupRow | TaskRow]:
    """The tasks in order, each preceded by the headings above it that changed."""
    w = Writing(doc, script)
    rows: list[GroupRow | TaskRow] = []
    shown: tuple[tuple[str, str], ...] = ()
    sections = SectionIndex(doc.sections)
    issued = _issued(doc)  # a notice issuing several documents: each one's title above its tasks
    part: Part | None = None
    for t in doc.tasks:
        holder = next((p for p in issued if p.span.start <= t.span.start < p.span.end), None)
        if holder is not None and holder is not part:
            title = w.within(holder.heading, holder.title) if holder.heading else w.words(holder.title)
            rows.append(GroupRow("", f"《{title}》", 0))
            part, shown = holder, ()
        above = tuple(zip(t.path, t.headings, strict=False))[: len(t.path) - 1]
        same = next((i for i, (a, b) in enumerate(zip(shown, above, strict=False)) if a != b), None)
        start = min(len(shown), len(above)) if same is None else same
        chain = sections.chain(t.span.start)  # the sections the task stands in, outermost first
        for depth in range(start, len(above)):
            label, title = above[depth]
            section = chain[depth] if depth < len(chain) and chain[depth].label == label else None
            heading = w.within(section.heading, title) if section else w.words(title)
            rows.append(GroupRow(w.made(printed(label)), heading, depth))
        shown = above
        rows.append(_task_row(w, t))
    return rows


def _issued(doc: Document) -> list[Part]:
    """The documents a notice issues, when it issues more than one."""
    bodies = [p for p in doc.parts if p.kind is PartKind.BODY and p.title]
    return bodies if len(bodies) > 1 and any(p.kind is PartKind.NOTICE for p in doc.parts) else []


def _task_row(w: Writing, t: Task) -> TaskRow:
    by_role: dict[Role, list[Responsibility]] = defaultdict(list)
    for r in t.responsibilities:
        by_role[r.role].append(r)
    lead = by_role[Role.LEAD] or by_role[Role.RESPONSIBLE]
    support = by_role[Role.SUPPORT] + (by_role[Role.RESPONSIBLE] if by_role[Role.LEAD] else [])
    guides = tuple(w.name(r) + w.made(GUIDE) for r in by_role[Role.GUIDE])
    support_names: tuple[str, ...]
    if not lead and not support and guides:  # only a guide is named: it is who leads
        lead_names, support_names = guides, ()
    else:
        lead_names, support_names = _names(w, lead), _names(w, support) + guides
    deadline = w.within(t.span, t.deadline) if t.deadline else ""
    unassigned = "" if t.responsibilities else w.made(UNASSIGNED)
    title = w.title(t) + (w.made(CORRECTED) if t.corrected else "")
    return TaskRow(t.seq, w.made(t.label), title, lead_names, support_names, deadline, unassigned)


def _names(w: Writing, responsibilities: list[Responsibility]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w.name(r) + (w.made(IMPLIED) if r.implied else "") for r in responsibilities))


# -- responsibility matrix ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatrixAgency:
    """A column of the matrix: one agency (by key) and its workload in the matrix."""

    key: str
    name: str  # as written (the most frequent form), qualified when two agencies share it
    canonical: str
    jurisdiction: str
    collective: bool  # 各区政府, 有关部门 …: after the others
    counts: dict[str, int] = field(default_factory=dict)  # role -> tasks

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """A row of the matrix: one task and the mark of each of its agencies (by key)."""

    doc: str
    seq: int
    label: str
    path: str  # 二（三）12
    title: str
    marks: dict[str, str]


@dataclass(frozen=True, slots=True)
class Matrix:
    """Tasks × agencies: ● lead, ○ support, ◆ responsible, △ guide."""

    documents: tuple[DocumentHead, ...]
    agencies: tuple[MatrixAgency, ...]  # by workload, collective agencies last
    rows: tuple[MatrixRow, ...]


def matrix(docs: Sequence[Document], script: str) -> Matrix:
    """The responsibility matrix of the tasks of `docs`."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[str, tuple[Responsibility, Writing]] = {}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    rows = []
    for doc in docs:
        w = Writing(doc, script)
        for t in doc.tasks:
            marks: dict[str, str] = {}
            for r in sorted(t.responsibilities, key=lambda r: _ROLE_ORDER.index(r.role)):
                key = r.key or r.canonical
                forms[key][w.name(r)] += 1
                first.setdefault(key, (r, w))
                if key not in marks:
                    marks[key] = MARKS[r.role]
                    counts[key][str(r.role)] += 1
            title = w.title(t) + (w.made(CORRECTED) if t.corrected else "")
            rows.append(MatrixRow(doc.id, t.seq, w.made(t.label), w.made(t.path_text), title, marks))
    agencies = []
    for key, (r, w) in first.items():
        name = forms[key].most_common(1)[0][0]
        agencies.append(MatrixAgency(key, name, w.made(r.canonical), w.made(r.jurisdiction or ""),
                                     r.collective, dict(counts[key])))  # fmt: skip
    agencies = _distinct(agencies)
    agencies.sort(key=lambda a: (a.collective, -a.counts.get("lead", 0), -a.total, a.name))
    taken: set[str] = set()
    return Matrix(tuple(head(d, script, taken) for d in docs), tuple(agencies), tuple(rows))


def _distinct(agencies: list[MatrixAgency]) -> list[MatrixAgency]:
    """Names two agencies share (市教委 in Beijing and Shanghai) qualified: 市教委（上海市）."""
    for qualify in (lambda a: a.jurisdiction, lambda a: a.canonical, lambda a: a.key):
        seen = Counter(a.name for a in agencies)
        agencies = [
            replace(a, name=f"{a.name}（{qualify(a)}）") if seen[a.name] > 1 and qualify(a) else a
            for a in agencies
        ]
        if len({a.name for a in agencies}) == len(agencies):
            break
    return agencies


# -- agency task list (部门任务清单) ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgencyRow:
    """One task of the agency: where it stands, what it is, the agency's role."""

    doc: str
    title: str  # the document's
    doc_number: str
    seq: int
    path: str  # 二（三）12
    task: str
    agency: str  # as the document writes it
    role: Role
    deadline: str


@dataclass(frozen=True, slots=True)
class AgencyList:
    """Every task of one agency (or of each agency a name matches), across documents."""

    query: str
    agencies: tuple[str, ...]  # canonical names
    rows: tuple[AgencyRow, ...]

    def count(self, role: Role) -> int:
        return sum(r.role is role for r in self.rows)


def agency_list(found: AgencyTasks, load: Callable[[str], Document], script: str) -> AgencyList:
    """The tasks `found` lists, with their documents' titles and the tasks' own words."""
    rows: list[AgencyRow] = []
    heads: dict[str, DocumentHead] = {}
    taken: set[str] = set()
    several = len(found.agencies) > 1  # 市科委 in Beijing and in Shanghai: say which each row means
    for a in found.assignments:
        doc = load(a.record.id)
        if doc.id not in heads:
            heads[doc.id] = head(doc, script, taken)
        w, task, h = Writing(doc, script), doc.tasks[a.task.seq - 1], heads[doc.id]
        deadline = w.within(task.span, task.deadline) if task.deadline else ""
        r = a.responsibility
        name = w.name(r)
        if several and r.canonical != r.name:
            name += f"（{w.made(r.canonical)}）"
        title = w.title(task) + (w.made(CORRECTED) if task.corrected else "")
        rows.append(AgencyRow(doc.id, h.title, h.doc_number, task.seq, w.made(task.path_text), title,
                              name, r.role, deadline))  # fmt: skip
    convert = to_traditional if script == "traditional" else str
    return AgencyList(found.query, tuple(convert(s.canonical) for s in found.agencies), tuple(rows))
