"""Resolving what a user named: documents, tasks and agencies, once, for every command.

`kb ask`, `kb show`, `kb owners` and `kb tasks` all come here. A document is named by id,
number (any bracket style), title or a fragment of it, or a description (`上海的孵化器方案`,
kb.catalog); a task by a printed label (12, 十二, 第十二条, （三）), a path (二（三）2), `#12`
(the 12th in order) or its words (kb.taskwords); an agency by any name it is known by
(kb.responsibilities). `resolve` returns what was found, or a `Problem` (not found, or
ambiguous with its candidates) for the caller to word; the commands raise the typed errors of
kb.errors from the same results. Nothing is ever picked silently: a label a document does not
print is answered as its task in that position only when a document was named, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.catalog import CatalogIndex, candidates, find_documents, of_place_and_kind
from kb.errors import AmbiguousDocument, DocumentNotFound
from kb.labels import cn_number, cn_numeral, may_have_label, reference
from kb.model import Document, Task, path_text
from kb.normalize import match_key
from kb.picking import Candidate, Pick, find_task, path_matches, pick_task, task_candidate
from kb.store import DocumentRecord

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase

__all__ = ["AgencyMatch", "Candidate", "CatalogIndex", "Pick", "Problem", "Resolution", "Target",
           "candidates", "find_document", "find_documents", "find_task", "pick_task", "resolve"]  # fmt: skip

MAX_TARGETS = 5  # tasks answered at once; more are listed as candidates
NOT_FOUND, AMBIGUOUS = "not_found", "ambiguous"


@dataclass(frozen=True, slots=True)
class Target:
    """One task named, with its document."""

    record: DocumentRecord
    doc: Document
    task: Task
    by_order: str = ""  # the label asked for when the document prints none: its nth task instead
    shared: int = 0  # the items of the document printing the same label (only this one names units)
    ordinal: int = 0  # the items printing the label, when `the first task` asked for the 1st in order


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a reference names nothing, or names several things."""

    status: str  # not_found or ambiguous
    what: str  # document, task, agency; for a task: label, heading, clauses, many, words
    ref: str  # the reference as the user gave it
    candidates: tuple[Candidate, ...] = ()


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    """An agency name and the store's agencies (keys) it names."""

    name: str
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a question's names resolve to, or the first problem met."""

    records: tuple[DocumentRecord, ...] = ()  # the documents named (empty when none was)
    targets: tuple[Target, ...] = ()
    agencies: tuple[AgencyMatch, ...] = ()
    problem: Problem | None = None

    @property
    def doc_named(self) -> bool:
        return bool(self.records)


def resolve(
    base: KnowledgeBase, *, doc: str | None = None, task: str | None = None, words: str | None = None,
    exact: bool = False, agencies: Sequence[str] = (), english: bool = False, places: Sequence[str] = (),
    written: Sequence[str] = (),
) -> Resolution:  # fmt: skip
    """The documents, task and agencies a question names. `words` (a task's own words, quoted
    when `exact`) are looked for when no label is given, and choose among the tasks a label
    names when it names several. A description in English is matched by kb.english (`places`:
    the places the question names, in Chinese), and so are the words with `english`."""
    records: list[DocumentRecord] = []
    if doc:
        records = find_documents(base.catalog_index, doc)
        if not records and any("a" <= c <= "z" for c in doc.lower()):  # an English description
            from kb import english as en

            records = en.documents(base.catalog_index, doc, list(places))
        if not records:
            records = _by_place_and_kind(base, doc)
        if not records:
            return Resolution(problem=Problem(NOT_FOUND, "document", doc))
    typed = list(written) + [""] * (len(agencies) - len(written))  # each agency as the question wrote it
    found = tuple(
        AgencyMatch(name, _agency_keys(base, name, records, w))
        for name, w in zip(agencies, typed, strict=True)
    )
    once: dict[tuple[str, ...], AgencyMatch] = {}  # 市科委/中关村管委会: two names of one body, named once
    for match in found:
        once.setdefault(match.keys or (match.name,), match)
    found = tuple(once.values())
    if not records and found:  # the Public Works Bureau of Macao: 工务局 in the Macao documents only
        records = _of_named_place(base, [m.name for m in found])
    missing = next((a for a in found if not a.keys), None)
    if missing is not None:
        return Resolution(tuple(records), agencies=found, problem=Problem(NOT_FOUND, "agency", missing.name))
    targets: tuple[Target, ...] = ()
    problem = None
    if task:
        targets, problem = by_label(base, task, records or None)
        arabic = _arabic(task) or _in_part(task)
        if problem is not None and problem.status == NOT_FOUND and arabic:  # （十四） asked as (14)
            targets, problem = by_label(base, arabic, records or None)
        if words and problem is not None and problem.what == "documents":
            many = problem
            targets, problem = _labelled_words(base, task, words, english, problem)
            if not targets and len(many.candidates) <= _HEADED_POOL:  # task 2 under 'optimising …'
                pool, why = by_label(base, task, [base.catalog[c.doc] for c in many.candidates])
                pool, why = _narrow(base, words, english, pool, why)
                targets, problem = (pool, None) if len(pool) == 1 and why is None else (targets, problem)
        elif words:
            targets, problem = _narrow(base, words, english, targets, problem)
    elif words and english:
        from kb import english as en

        targets, problem = en.tasks(base, words, records or None)
    elif words:
        from kb import taskwords

        targets, problem = taskwords.by_words(base, words, records or None, exact)
    return Resolution(tuple(records), targets, found, problem)


def _by_place_and_kind(base: KnowledgeBase, doc: str) -> list[DocumentRecord]:
    """A description whose words no title holds (深圳“超充之城”方案): the place's one document
    of that kind, when its text holds those words (上海港岸电方案 is not Shanghai's incubator 方案)."""
    record, words = of_place_and_kind(base.catalog_index, doc)
    if record is None or len(words) < 2:
        return []
    return [record] if words in match_key(base.cached(record.id).text) else []


def _of_named_place(base: KnowledgeBase, names: Sequence[str]) -> list[DocumentRecord]:
    """The documents of the place the agencies' names start with, when each is a body that
    place's documents write without it (澳门特别行政区工务局); none otherwise."""
    from kb.responsibilities import places_of

    named = {base.agency_index.place_of_name(n) for n in names}
    if len(named) != 1 or None in named:
        return []
    place = named.pop()
    return [r for r in base.catalog.values() if place in places_of(r.jurisdiction)]


def _latin(text: str) -> bool:
    return any("a" <= c <= "z" for c in text.lower())


def _agency_keys(
    base: KnowledgeBase, name: str, records: list[DocumentRecord], written: str = ""
) -> tuple[str, ...]:
    """The agencies a name names: by lookup; a body with no task in the documents named whose
    divisions have some names those divisions; a name asked in English that names none in the
    documents named is matched again by its Chinese names' glosses (kb.english_agencies)."""
    keys = base.agency_index.match(name)
    docs = {r.id for r in records} or None
    if docs is not None and not any(base.agency_index.in_documents(k, docs) for k in keys):
        divisions = base.agency_index.divisions(name, docs)  # 市交通委 in its own plan: its divisions
        if divisions:
            return tuple(divisions)
    if not _latin(written):
        return tuple(keys)
    in_docs = [k for k in keys if docs is None or base.agency_index.in_documents(k, docs)]
    if in_docs:
        return tuple(keys)
    from kb import english_agencies

    if docs is not None:  # not another place's body its words gloss (区公安分局 in a Songjiang plan)
        return tuple(english_agencies.match(base, written, docs) or keys)
    return tuple(keys or english_agencies.match(base, written))


def _labelled_words(
    base: KnowledgeBase, ref: str, words: str, english: bool, problem: Problem
) -> tuple[tuple[Target, ...], Problem | None]:
    """A label many documents may print, with the task's words: the tasks the words name
    that carry the label (measure 16, running the Zhongguancun Forum well)."""
    if english:
        from kb import english as en

        found, why = en.tasks(base, words, None)
    else:
        from kb import taskwords

        found, why = taskwords.by_words(base, words, None, False)
    if why is not None and why.status == AMBIGUOUS:
        found = tuple(
            Target(base.catalog[c.doc], doc, t)
            for c in why.candidates
            for doc in [base.cached(c.doc)]
            for t in doc.tasks
            if path_text(t.path) == c.path
        )
    options = reference(ref.strip())
    kept = tuple(t for t in found if options is not None and path_matches(t.task.path, options))
    return (kept, None) if len(kept) == 1 else ((), problem)


def _narrow(
    base: KnowledgeBase, words: str, english: bool, targets: tuple[Target, ...], problem: Problem | None
) -> tuple[tuple[Target, ...], Problem | None]:
    """Of the tasks a label names (in several documents, or several in one), the one the
    task's words also name (第（三）部分第1项 深化农村公路养护市场化), when one stands out."""
    pool = list(targets)
    if problem is not None and problem.status == AMBIGUOUS and problem.what in ("label", "many"):
        pool, seen = [], set()
        for c in problem.candidates:  # two items may print one path (五（二）2 twice): each once
            doc = base.cached(c.doc)
            for t in doc.tasks:
                if path_text(t.path) == c.path and (c.doc, t.seq) not in seen:
                    seen.add((c.doc, t.seq))
                    pool.append(Target(base.catalog[c.doc], doc, t))
    if len(pool) < 2:
        return targets, problem
    headed = _under_heading(words, pool)  # 「二、提升资通安全防护」第1项: the item under that heading
    if headed is None and english:  # task 2 under 'optimising the spatial layout'
        headed = _under_english_heading(words, pool)
    if headed is not None:
        return (headed,), None
    if english:
        from kb import english as en

        chosen = en.best_of(words, tuple(pool))
    else:
        from kb import taskwords

        chosen = taskwords.best_of(words, tuple(pool))
    if len(chosen) == 1 and _item_title(words, pool):
        return targets, problem  # 第（十三）条改善消费条件: the item's own title names all its clauses
    return (chosen, None) if len(chosen) == 1 else (targets, problem)


_HEADING_LABEL = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+|\d+)\s*[、.．]\s*|^\s*[（(][一二三四五六七八九十\d]+[)）]\s*"
)  # 二、 or （二） before a heading's words


def _under_heading(words: str, pool: list[Target]) -> Target | None:
    """The one task of the pool whose headings hold the words as a whole heading title (the
    question quotes the heading, 「二、提升资通安全防护」, and asks for an item under it)."""
    key = match_key(_HEADING_LABEL.sub("", words))
    if len(key) < 4:
        return None
    held = [t for t in pool if any(match_key(h) == key for h in t.task.headings[:-1])]
    return held[0] if len(held) == 1 else None


_HEADED_POOL = 20  # documents printing a label that are read for the heading a question quotes


def _under_english_heading(words: str, pool: list[Target]) -> Target | None:
    """The one task of the pool under a heading an English quote names (task 2 under 'optimising
    the spatial layout': 优化空间布局), by the headings' glosses: half of the words at least, and
    clearly better than any heading over the other tasks."""
    from kb import bilingual

    heads = [(i, h) for i, target in enumerate(pool) for h in target.task.headings[:-1]]
    ranked = bilingual.rank(words, [h for _i, h in heads]) if heads else []
    if not ranked or ranked[0].score < 0.5:
        return None
    top = ranked[0].score
    owners = {heads[s.index][0] for s in ranked if s.score >= top - 0.05}
    return pool[owners.pop()] if len(owners) == 1 else None


def _item_title(words: str, pool: list[Target]) -> bool:
    """Whether the tasks are the clauses of one item (（十三）-1, （十三）-2 …, each with its own
    marker) and the words are the item's title, which its first clause carries."""
    from kb.normalize import match_key

    items = {(t.record.id, t.task.path[:-1], t.task.label.rsplit("-", 1)[0]) for t in pool}
    if len(items) != 1 or not all("-" in t.task.label for t in pool):
        return False
    key = match_key(words)
    return any(key and key in match_key(t.task.title) for t in pool if t.task.label.endswith("-1"))


def _arabic(ref: str) -> str | None:
    """（十四） as （14）, the other way a parenthesised item may be printed."""
    text = ref.strip()
    inner = text[1:-1]
    if (
        len(text) > 2
        and text[0] == "（"
        and text[-1] == "）"
        and all(c in "一二三四五六七八九十百" for c in inner)
    ):
        return f"（{cn_number(text[1:-1])}）"
    return None


def _in_part(ref: str) -> str | None:
    """三3 as 三（三）: the third item of part three, when the part numbers its items （一）（二）…"""
    m = re.fullmatch(r"([一二三四五六七八九十]+)(\d{1,2})", ref.strip())
    return f"{m.group(1)}（{cn_numeral(int(m.group(2)))}）" if m else None


def by_label(
    base: KnowledgeBase, ref: str, records: list[DocumentRecord] | None
) -> tuple[tuple[Target, ...], Problem | None]:
    """The tasks a label or path names in `records` (every document when None)."""
    named = records is not None
    pool = records if records is not None else _may_have(base, ref)
    if not named and len(pool) > MAX_TARGETS:
        # more documents may print the label than are answered at once: name them from the
        # catalogue, none loaded (a store of thousands has hundreds with an item 12)
        return (), Problem(AMBIGUOUS, "documents", ref, tuple(Candidate(r.id, r.title) for r in pool))
    found: list[Target] = []
    shared: list[Candidate] = []  # a label several tasks of one document share
    headings: list[Candidate] = []  # the tasks under headings that carry the label
    for record in pool:
        doc = base.cached(record.id)
        pick = pick_task(doc, ref, question=True, guess=named and len(pool) == 1)
        if pick.task is not None:
            found.append(Target(record, doc, pick.task, ref if pick.by_order else ""))
        elif pick.reason in ("label", "clauses"):
            shared += pick.candidates
        elif pick.reason == "heading":
            headings += pick.candidates
    if shared:
        order = {r.id: i for i, r in enumerate(pool)}
        listed = sorted([task_candidate(t.doc, t.task) for t in found] + shared, key=lambda c: order[c.doc])
        return (), Problem(AMBIGUOUS, "label", ref, tuple(listed))
    if len(found) > MAX_TARGETS:
        return (), Problem(AMBIGUOUS, "many", ref, tuple(task_candidate(t.doc, t.task) for t in found))
    if found:
        return tuple(found), None
    if headings:
        return (), Problem(AMBIGUOUS, "heading", ref, tuple(headings))
    return (), Problem(NOT_FOUND, "task", ref)


def _may_have(base: KnowledgeBase, ref: str) -> list[DocumentRecord]:
    """Every document that can have the label (the others are not loaded), in id order."""
    options = reference(ref.strip()) if not ref.strip().startswith("#") else None
    return sorted(
        (r for r in base.catalog.values() if options is None or may_have_label(r.label_bits, options[-1])),
        key=lambda r: r.id,
    )


# -- documents (for the commands) -----------------------------------------------------------------


def find_document(catalog: Mapping[str, DocumentRecord] | CatalogIndex, query: str) -> DocumentRecord:
    """The one document `query` names (id, number, title, fragment or description), or a clear
    error listing the candidates."""
    index = catalog if isinstance(catalog, CatalogIndex) else CatalogIndex(catalog)
    found = find_documents(index, query.strip())
    if len(found) == 1:
        return found[0]
    if not found:
        raise DocumentNotFound(f"no document matches {query!r}: `kb docs` lists ids, numbers and titles")
    raise AmbiguousDocument(
        f"{query!r} matches {len(found)} documents; give an id or a longer title",
        [(r.id, r.title) for r in found],
    )
