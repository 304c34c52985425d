"""Extraction: the tasks of a document with their responsible agencies, roles and deadlines.

Markers are read in each section's own text (its text without its subsections), in
document order so that a convention declared once applies to the tasks after it. A task
without a marker of its own takes its heading's marker (`（一）… （牵头单位：X）` over items
1., 2.); an item with several clauses, each with its own marker, becomes one task per
clause; rows of a table with a responsible-unit column are tasks too. A task with no marker
anywhere above it has no owner: nothing is guessed.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from indexer import annex, cells, standing, tables
from indexer import responsibility as rsp
from indexer.clean import Views
from indexer.deadlines import in_text
from indexer.lines import line_end, line_start
from indexer.structure import LEVEL_ARTICLE
from indexer.tasks import ENUMERATION_LEVEL, own_text, task_sections
from kb.agencies import DocumentAgencies
from kb.errors import InputError
from kb.model import Part, PartKind, Responsibility, Role, Section, Span, Task
from kb.normalize import squeeze, widen

Quote = Callable[[Span], str]


@dataclass(frozen=True, slots=True)
class _Unit:
    """A task before numbering: a section, a clause of one, or a table row."""

    span: Span
    label: str
    path: tuple[str, ...]
    headings: tuple[str, ...]
    markers: tuple[rsp.Marker, ...]
    content: Span | None = None  # a table row's cells before its units


# Tasks in one document: plans have tens to hundreds, the longest codes about 1,300 articles;
# 50 MB of the densest plans, on one line, about 50,000.
# A file with more is not one document, and would cost memory in proportion (~6 KB a task).
MAX_TASKS = 100_000


def extract(
    doc_id: str, views: Views, parts: Sequence[Part], sections: Sequence[Section],
    agencies: DocumentAgencies, quote: Quote, filled_tables: bool = False,
) -> tuple[Task, ...]:  # fmt: skip
    """Every task of a document, in order, numbered from 1.

    `filled_tables`: its tables come from cells (.docx, .xlsx, .csv, HTML): an empty cell is
    empty, not the unit of the row above.
    """
    seps = rsp.Bodies(agencies)
    conv = rsp.Convention()
    conv.read(views.view[: sections[0].span.start] if sections else "")  # declared in a preamble
    own = _own_markers(views.view, sections, seps, conv) if rsp.may_have_markers(views.view) else {}
    rows = (
        _table_units(views, parts, sections, seps, conv, filled_tables, own)
        if _has_tables(views.view)
        else []
    )
    if not rows and not any(own.values()) and (whole := _commitment(views, parts, sections, seps, conv)):
        return (_task(doc_id, 1, whole, views, agencies, quote),)
    units: list[_Unit] = list(rows)
    row_spans = sorted(r.span for r in rows)
    row_starts = [r.start for r in row_spans]
    for section in task_sections(sections, lambda s: bool(own.get(s.index))):
        first_row = bisect_left(row_starts, section.span.start)  # a table row inside the section?
        if first_row < len(row_starts) and row_starts[first_row] < section.span.end:
            continue
        if first_row and row_spans[first_row - 1].end > section.span.start:
            continue  # a heading inside a row's cell (`（1）…（2）…`) is part of the row
        units.extend(_section_units(views, section, own, sections))
    units = annex.attach(views.view, views.simplified, units)
    rules = standing.scoped(views.view, sections, seps)
    if rules:
        units = [_with_rules(u, rules) for u in units]
    if len(units) > MAX_TASKS:
        raise InputError(
            f"{len(units):,} numbered tasks in one document, more than the {MAX_TASKS:,} policykb takes: "
            "is it several documents in one file? split it"
        )
    units.sort(key=lambda u: u.span.start)
    return tuple(_task(doc_id, seq, u, views, agencies, quote) for seq, u in enumerate(units, 1))


def _own_markers(
    view: str, sections: Sequence[Section], seps: rsp.Bodies, conv: rsp.Convention
) -> dict[int, list[rsp.Marker]]:
    """Markers in each section's own text (outside its subsections), in document order."""
    children: dict[int, list[Section]] = {}
    for s in sections:
        if s.parent is not None:
            children.setdefault(s.parent, []).append(s)
    out: dict[int, list[rsp.Marker]] = {}
    for s in sections:
        found: list[rsp.Marker] = []
        for start, end in own_text(s, children.get(s.index, [])):
            found.extend(rsp.markers(view, start, end, seps, conv))
        out[s.index] = _merge_adjacent(view, found)
    _lift_closing_markers(view, sections, children, out)
    return out


def _lift_closing_markers(
    view: str,
    sections: Sequence[Section],
    children: dict[int, list[Section]],
    own: dict[int, list[rsp.Marker]],
) -> None:
    """A marker on a line of its own after an item's sub-list (`（1）…（2）…（3）…` then
    `（责任单位：…）`) closes the item, not its last sub-item: the item takes it."""
    for parent, kids in children.items():
        last = kids[-1]
        found = own.get(last.index, [])
        if (
            own.get(parent)
            or sections[parent].level < LEVEL_ARTICLE
            or last.level < ENUMERATION_LEVEL
            or len(found) != 1
            or any(own.get(k.index) for k in kids[:-1])
            or children.get(last.index)
        ):
            continue
        span = found[0].span
        if view[line_start(view, span.start) : span.start].strip() or view[span.end : last.span.end].strip(
            " \t\n。"
        ):
            continue
        own[parent], own[last.index] = found, []


def _commitment(
    views: Views, parts: Sequence[Part], sections: Sequence[Section], seps: rsp.Bodies, conv: rsp.Convention
) -> _Unit | None:
    """A body whose one marker stands before its first numbered item, under its title (a
    commitment sheet: `主（协）办机关：甲部、（乙部）`) is one task: the whole commitment."""
    for part in parts:
        if part.kind is not PartKind.BODY:
            continue
        first = next(
            (s.span.start for s in sections if part.span.start <= s.span.start < part.span.end), None
        )
        found = rsp.markers(
            views.view, part.span.start, part.span.end if first is None else first, seps, conv
        )
        if len(_merge_adjacent(views.view, found)) == 1:  # several: a text whose items went unseen
            title = _title_line(views, part.span)
            return _Unit(part.span, "1", ("1",), (title,), tuple(found))
    return None


def _title_line(views: Views, span: Span) -> str:
    """The first line of a text, without Markdown's `#`."""
    for line in span.slice(views.simplified).splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return squeeze(line)[:100]
    return ""


def _with_rules(unit: _Unit, rules: list[standing.Rule]) -> _Unit:
    """A task with the bodies of the standing rules whose scope it lies in (flagged implied)."""
    markers = unit.markers
    for rule in rules:
        if rule.span.end <= unit.span.start < rule.scope_end:
            implied = standing.apply([e for m in markers for e in m.entries], rule)
            if implied:
                markers = markers + (rsp.Marker(rule.span, implied),)
    return unit if markers is unit.markers else replace(unit, markers=markers)


def _merge_adjacent(view: str, found: list[rsp.Marker]) -> list[rsp.Marker]:
    """`（牵头单位：A）（配合单位：B）` is one marker."""
    merged: list[rsp.Marker] = []
    for m in found:
        if merged and not view[merged[-1].span.end : m.span.start].strip(" \t\n；，。"):
            last = merged[-1]
            span = Span(last.span.start, m.span.end)
            names = {e.name for e in last.entries}
            entries = last.entries + [e for e in m.entries if e.name not in names]
            merged[-1] = rsp.Marker(span, entries, last.deadline or m.deadline)
        else:
            merged.append(m)
    return merged


def _chain(section: Section | None, sections: Sequence[Section]) -> list[Section]:
    chain: list[Section] = []
    while section is not None:
        chain.insert(0, section)
        section = sections[section.parent] if section.parent is not None else None
    return chain


def _section_units(
    views: Views, section: Section, own: dict[int, list[rsp.Marker]], sections: Sequence[Section]
) -> list[_Unit]:
    chain = _chain(section, sections)
    path, headings = tuple(s.label for s in chain), tuple(s.title for s in chain)
    markers = own.get(section.index, [])
    if len(markers) < 2:
        inherited = _with_heading_lead(markers, _inherited(chain, own)) if markers else _inherited(chain, own)
        return [_Unit(section.span, section.label, path, headings, tuple(inherited))]
    units, start = [], section.span.start
    for k, marker in enumerate(markers, 1):
        end = section.span.end if k == len(markers) else marker.span.end
        label = f"{section.label}-{k}"
        title = section.title if k == 1 else _first_sentence(views, start, marker.span.start)
        units.append(_Unit(Span(start, end), label, path + (label,), headings + (title,), (marker,)))
        start = marker.span.end
    return units


def _with_heading_lead(markers: list[rsp.Marker], heading: list[rsp.Marker]) -> list[rsp.Marker]:
    """An item whose marker names only supporters (`（配合单位：B）` under `（一）…（牵头单位：A）`)
    keeps the lead its heading names; any other marker of its own replaces the heading's."""
    (marker,) = markers
    if not heading or any(e.role in (Role.LEAD, Role.RESPONSIBLE) for e in marker.entries):
        return markers
    names = {e.name for e in marker.entries}
    leads = [e for e in heading[0].entries if e.role in (Role.LEAD, Role.RESPONSIBLE) and e.name not in names]
    return [rsp.Marker(marker.span, leads + marker.entries, marker.deadline)]


def _inherited(chain: list[Section], own: dict[int, list[rsp.Marker]]) -> list[rsp.Marker]:
    """The one marker of the nearest heading above that has one (`chain` ends with the item)."""
    return _nearest(chain[:-1], own)


def _nearest(headings: list[Section], own: dict[int, list[rsp.Marker]]) -> list[rsp.Marker]:
    """The one marker of the nearest of these headings that has one."""
    for s in reversed(headings):
        markers = own.get(s.index, [])
        if markers:
            return markers if len(markers) == 1 else []
    return []


def _has_tables(view: str) -> bool:
    return "\t" in view or cells.may_have_cell_tables(view)


def _table_units(
    views: Views, parts: Sequence[Part], sections: Sequence[Section], seps: rsp.Bodies,
    conv: rsp.Convention, filled: bool, own: dict[int, list[rsp.Marker]],
) -> list[_Unit]:  # fmt: skip
    units = []
    for part in parts:
        if part.kind is not PartKind.BODY:
            continue
        span = part.span
        found = itertools.chain(
            tables.rows(views.view, span.start, span.end, seps, conv, filled) if "\t" in views.view else (),
            cells.cell_rows(views.view, span.start, span.end, seps, conv),
        )
        rows = list(found)
        inside = [r.span for r in rows]  # headings the structure parser found inside the table's rows
        for row in rows:
            holder = None
            for s in sections:
                if s.span.start <= row.span.start < s.span.end:
                    holder = s
            chain = [s for s in _chain(holder, sections) if not any(a <= s.span.start < b for a, b in inside)]
            # A group row the structure parser took for a heading is already in the chain.
            group = (
                ()
                if row.group is None
                or any(s.span.start == _line_start(views.view, row.group_start) for s in chain)
                else (row.group,)
            )
            path = tuple(s.label for s in chain) + group + (row.label,)
            title = _first_sentence(views, row.task.start, row.task.end)
            headings = tuple(s.title for s in chain) + ("",) * len(group) + (title,)
            # A row takes the marker of a heading above it as an item does (`（一）…（牵头单位：A）`).
            heading = _nearest(chain, own)
            markers = _with_heading_lead([row.marker], heading) if row.marker else heading
            units.append(_Unit(row.span, row.label, path, headings, tuple(markers), row.content or row.task))
    return units


def _line_start(view: str, pos: int | None) -> int:
    """Where the text of the line at `pos` starts (after leading blanks)."""
    if pos is None:
        return -1
    end = line_end(view, pos)
    while pos < end and view[pos].isspace():
        pos += 1
    return pos


def _first_sentence(views: Views, start: int, end: int) -> str:
    text = views.simplified[start:end]
    text = re.split(r"[。；]", text.strip(" \t\n；。，"), maxsplit=1)[0]
    title = squeeze(text)
    return title if len(title) <= 100 else title[:99] + "…"


def _task(doc_id: str, seq: int, unit: _Unit, views: Views, agencies: DocumentAgencies, quote: Quote) -> Task:
    deadline = next((m.deadline for m in unit.markers if m.deadline), None)
    if deadline is None:
        deadline = rsp.deadline_of(views.view, unit.span.start, unit.span.end)
    if deadline is None and unit.markers:
        deadline = in_text(views.view[unit.span.start : unit.span.end])
    title = _without_marker(unit.headings[-1]) if unit.markers else unit.headings[-1]
    return Task(
        doc=doc_id,
        seq=seq,
        label=unit.label,
        path=unit.path,
        headings=unit.headings[:-1] + (title,),
        title=title,
        text=quote(unit.span).strip(),
        span=unit.span,
        deadline=deadline,
        responsibilities=tuple(_responsibilities(unit.markers, agencies, views)),
        title_original=_written(views, unit.span, title),
    )


def _without_marker(title: str) -> str:
    """A title cut before a marker it runs into: `做甲（责任单位：市甲局）` -> `做甲`."""
    if not title.endswith(("）", "】", "］", ")")):
        return title
    view = widen(title)
    found = rsp.markers(view, 0, len(view), rsp.Bodies(), rsp.Convention())
    if found and found[-1].span.end == len(view) and found[-1].span.start > 0:
        start = found[-1].span.start
        opener = max(view.rfind(c, 0, start) for c in "（【［[")
        if view[start] not in "（【［[" and any(m.span.start == opener for m in found):
            start = opener  # the last part of a bracket of parts (`（甲由A负责，乙由B负责）`)
        return title[:start].rstrip(" ，。；") if start > 0 else title
    return title


def _responsibilities(
    markers: tuple[rsp.Marker, ...], agencies: DocumentAgencies, views: Views
) -> list[Responsibility]:
    out = []
    for marker in markers:
        for name, role, verb, implied in marker.entries:
            agency = agencies.resolve(name)
            out.append(
                Responsibility(
                    name=name,
                    canonical=agency.canonical,
                    role=role,
                    collective=agency.collective,
                    span=marker.span,
                    jurisdiction=agency.jurisdiction,
                    key=agency.key,
                    written=_written(views, marker.span, name),
                    verb=verb,
                    implied=implied,
                )
            )
    return out


def _written(views: Views, span: Span, text: str) -> str:
    """`text` (simplified) as the original writes it within `span`; itself if not found there.

    The views have the same length, so a position in the simplified text is one in the original.
    """
    pos = views.view.find(text, span.start, span.end)
    if pos == -1:
        pos = views.simplified.find(text, span.start, span.end)
    return views.original[pos : pos + len(text)] if pos != -1 else text
