"""Annex task tables that restate the body (DOMAIN.md s. 7): their units go to the body's items.

A plan often attaches a 任务分工表 or 重点任务分解表 whose rows restate its own marked items
with their units. Where the body before an attachment (`附件`, `附件2`, `附件：…` at a line start)
has marked items, each row of a table after it is matched to the item it restates: the row's
task cell against the item's title, and its content against the item's text (character
bigrams, weighted by how rare they are among the items), best pairs first, one row to one item.
A row that matches no item well stays a task of its own; a document whose body has no marked
items keeps every row as a task (the table is where its units are).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace
from typing import Protocol, TypeVar

from indexer import responsibility as rsp
from kb.model import Role, Span

# As indexer.structure reads attachments: `附件`, `附件1`, `附件：…`, `附件2.…` at a line start.
_ATTACHMENT = re.compile(
    r"^[ \t\u3000]*附件[ \t]*(?:\d+|[一二三四五六七八九十]+)?[ \t]*(?:[：．.、]|$)", re.MULTILINE
)
_HAN = re.compile(r"[^\u4e00-\u9fff]")
_MIN_SCORE = 0.2  # below this a row restates no item: it stays a task
_KEPT = 0.5  # share of a row's task cell's characters the item it restates has
_REPEATED = 0.8  # share of bigrams two titles have in common, each way, to be the same item
# Collectives that name nobody in particular: in a row restating an item that names its units,
# they stand for those units (`区甲局等相关部门`), so they are not added to it.
_VAGUE = re.compile(r"^(?:有关|相关|其他|其它)(?:部门|单位|机构)$")


class Unit(Protocol):
    """A task before numbering (indexer.extract): a body item, or a table row (with `content`)."""

    @property
    def span(self) -> Span: ...
    @property
    def headings(self) -> tuple[str, ...]: ...
    @property
    def markers(self) -> tuple[rsp.Marker, ...]: ...
    @property
    def content(self) -> Span | None: ...


U = TypeVar("U", bound=Unit)


def attach(view: str, simplified: str, units: list[U]) -> list[U]:
    """Rows of an annex table restating the body's marked items give their units to those items
    (as support, after the item's own) instead of being tasks again; without marked items, the
    body items the rows repeat are dropped (`repeated`)."""
    items = [u for u in units if u.content is None and u.markers]
    if not items:
        return _drop_repeated(view, simplified, units)
    start = annex_start(view, min(u.span.start for u in items))
    if start is None or len(items) == len(units):
        return units
    items = [u for u in items if u.span.start < start]
    rows = [u for u in units if u.content is not None and u.markers and u.span.start > start]
    matched = pairs(
        [(r.headings[-1], r.content.slice(simplified)) for r in rows if r.content is not None],
        [(u.headings[-1], u.span.slice(simplified)) for u in items],
    )
    merged: dict[int, U] = {}  # by id() of the item
    dropped = {id(rows[r]) for r in matched}
    for r, i in matched.items():
        row, item = rows[r], items[i]
        named = {e.name for m in item.markers for e in m.entries}
        added = [
            rsp.Entry(e.name, Role.SUPPORT, e.verb)
            for m in row.markers
            for e in m.entries
            if e.name not in named and not vague(e.name)
        ]
        deadline = next((m.deadline for m in row.markers if m.deadline), None)
        extra = (rsp.Marker(row.span, added, deadline),) if added or deadline else ()
        merged[id(item)] = replace(item, markers=item.markers + extra)  # type: ignore[type-var]  # a dataclass
    return [merged.get(id(u), u) for u in units if id(u) not in dropped]


def _drop_repeated(view: str, simplified: str, units: list[U]) -> list[U]:
    """A body without markers and an annex table naming its items: the rows are the tasks."""
    rows = [u for u in units if u.content is not None and u.markers]
    if not rows:
        return units
    start = annex_start(view, 0)
    if start is None or start > rows[0].span.start:
        return units  # the table is the body's own, not an attachment's
    items = [u for u in units if u.content is None and u.span.start < start]
    texts = [u.span.slice(simplified) for u in items]
    gone = repeated([r.headings[-1] for r in rows], [u.headings[-1] for u in items], texts)
    dropped = {id(items[i]) for i in gone}
    return [u for u in units if id(u) not in dropped]


def annex_start(view: str, after: int) -> int | None:
    """Where the first attachment after position `after` starts, if any."""
    m = _ATTACHMENT.search(view, after)
    return m.start() if m else None


def vague(name: str) -> bool:
    """A collective such as 相关部门 that a restating row adds nothing with."""
    return bool(_VAGUE.match(name))


def pairs(rows: list[tuple[str, str]], items: list[tuple[str, str]]) -> dict[int, int]:
    """Which item each row restates: row index -> item index.

    rows: (task cell, content) of each annex row; items: (title, text) of each marked body item.
    """
    if not rows or not items:
        return {}
    texts = [_grams(text) for _, text in items]
    weight = _idf(texts)
    vectors = [_vector(t, weight) for t in texts]
    titles = [set(_grams(title)) for title, _ in items]
    chars = [set(_HAN.sub("", title + text)) for title, text in items]
    scored = []
    for r, (cell, content) in enumerate(rows):
        cell_grams = set(_grams(cell))
        cell_chars = set(_HAN.sub("", cell))
        row_vector = _vector(_grams(f"{cell}{content}"), weight)
        for i, item_vector in enumerate(vectors):
            title = len(cell_grams & titles[i]) / len(cell_grams) if cell_grams else 0.0
            score = title + sum(row_vector.get(g, 0.0) * x for g, x in item_vector.items())
            # An abridged title keeps the item's own characters (`推行承诺审批` of `全面推行承诺
            # 审批制度`); a row on other work shares a word or two (`建设企业服务中心`, `降低企业…`).
            kept = len(cell_chars & chars[i]) / len(cell_chars) if cell_chars else 1.0
            if score >= _MIN_SCORE and kept >= _KEPT:
                scored.append((score, r, i))
    out: dict[int, int] = {}
    taken: set[int] = set()
    for _, r, i in sorted(scored, key=lambda x: (-x[0], x[1], x[2])):
        if r not in out and i not in taken:
            out[r] = i
            taken.add(i)
    return out


def repeated(row_titles: list[str], item_titles: list[str], item_texts: list[str] | None = None) -> set[int]:
    """The items whose title a row's title repeats (`推动源头减量` / `1.推动源头减量。`) or
    abridges (`推行承诺审批` / `全面推行承诺审批制度，压缩审批时限`), matched by their words
    whatever the numbers: each row to the item it abridges best, one row to one item."""
    rows = [set(_grams(t)) for t in row_titles]
    out = set()
    for i, title in enumerate(item_titles):
        grams = set(_grams(title))
        if grams and any(
            len(grams & r) >= _REPEATED * len(grams) and len(grams & r) >= _REPEATED * len(r) for r in rows
        ):
            out.add(i)
    scored = [
        (share, r, i)
        for r, row in enumerate(row_titles)
        for i, title in enumerate(item_titles)
        if i not in out and (share := _abridges(row, title))
    ]
    # An item whose text holds the words of several rows is a heading over them
    # (`知识产权保护方面5项：…`) and stays what it was; one row's words: that row abridges it.
    texts = [set(_HAN.sub("", t)) for t in item_texts or item_titles]
    rows_of = Counter(i for i in range(len(item_titles)) for row in row_titles if _within(row, texts[i]))
    taken: set[int] = set()
    for _, r, i in sorted(scored, key=lambda x: (-x[0], x[1], x[2])):
        if r not in taken and i not in out and rows_of[i] == 1:
            taken.add(r)
            out.add(i)
    return out


def _within(row: str, chars: set[str]) -> bool:
    own = set(_HAN.sub("", row))
    return len(own) >= 3 and own <= chars


_ABRIDGED = 0.5  # share of an abridged title's bigrams in the title it abridges


def _abridges(short: str, title: str) -> float:
    """How well `short` abridges `title` (0 if not): all its characters are the title's, at
    least half its bigrams too, and it is shorter."""
    chars, grams = set(_HAN.sub("", short)), set(_grams(short))
    if len(chars) < 3 or not grams or not chars <= set(_HAN.sub("", title)):
        return 0.0
    share = len(grams & set(_grams(title))) / len(grams)
    return share if share >= _ABRIDGED and len(_HAN.sub("", short)) < len(_HAN.sub("", title)) else 0.0


def _grams(text: str) -> Counter[str]:
    han = _HAN.sub("", text)
    return Counter(han[i : i + 2] for i in range(len(han) - 1))


def _idf(texts: list[Counter[str]]) -> dict[str, float]:
    df = Counter(g for t in texts for g in t)
    n = len(texts)
    return {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}


def _vector(grams: Counter[str], weight: dict[str, float]) -> dict[str, float]:
    rare = max(weight.values(), default=1.0)  # a bigram no item has
    v = {g: n * weight.get(g, rare) for g, n in grams.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {g: x / norm for g, x in v.items()}
