"""Resolving what a user typed: a document (id, number, title fragment) and a task in it.

Matching is script- and vocabulary-insensitive and ignores spaces, brackets and quotes, so
`京科發〔2022〕19號`, `京科发[2022]19号` and `标杆孵化器培育行动方案` all find seed 000.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from functools import cached_property

from kb.errors import AmbiguousDocument, AmbiguousTask, DocumentNotFound, TaskNotFound
from kb.labels import reference
from kb.model import Document, Section, Task, path_text
from kb.normalize import match_key, number_key
from kb.store import DocumentRecord


class CatalogIndex:
    """A catalogue's documents by number, id prefix, title words or place, without a pass over
    every record per question (a store may hold thousands). Results keep the catalogue's order.
    """

    def __init__(self, catalog: Mapping[str, DocumentRecord]):
        self.catalog = catalog
        self.records = list(catalog.values())

    @cached_property
    def _numbers(self) -> dict[str, list[DocumentRecord]]:
        out: dict[str, list[DocumentRecord]] = {}
        for r in self.records:
            if r.number_key:
                out.setdefault(r.number_key, []).append(r)
        return out

    @cached_property
    def _titles(self) -> dict[str, list[DocumentRecord]]:
        out: dict[str, list[DocumentRecord]] = {}
        for r in self.records:
            for key in dict.fromkeys(r.title_keys):
                out.setdefault(key, []).append(r)
        return out

    @cached_property
    def _title_text(self) -> _Joined:
        return _Joined(["\x01".join(r.title_keys) for r in self.records])

    @cached_property
    def _place_text(self) -> _Joined:
        return _Joined([f"{r.jurisdiction or ''}\x01{r.title}" for r in self.records])

    def by_number(self, query: str) -> list[DocumentRecord]:
        return list(self._numbers.get(number_key(query) or "", []))

    def by_id_prefix(self, query: str) -> list[DocumentRecord]:
        return [r for r in self.records if r.id.startswith(query)]

    @cached_property
    def _short_names(self) -> dict[str, list[DocumentRecord]]:
        out: dict[str, list[DocumentRecord]] = {}
        for r in self.records:
            if r.line is None and "/" in r.id:  # a file's id with its folders: a/通知
                out.setdefault(r.id.rsplit("/", 1)[1], []).append(r)
        return out

    def by_short_name(self, query: str) -> list[DocumentRecord]:
        """Documents whose id is `query` after its folders (通知 for a/通知 and b/通知)."""
        return list(self._short_names.get(query, []))

    def by_title(self, key: str) -> list[DocumentRecord]:
        """Documents one of whose titles (in matching form) is `key`."""
        return list(self._titles.get(key, []))

    def title_contains(self, text: str) -> list[DocumentRecord]:
        """Documents one of whose titles (in matching form) contains `text`."""
        return [self.records[i] for i in self._title_text.holding(text)]

    def in_places(self, names: Sequence[str]) -> list[DocumentRecord]:
        """Documents of (or titled with) every place named: 上海, 青岛市."""
        found: set[int] | None = None
        for name in names:
            here = set(self._place_text.holding(name))
            found = here if found is None else found & here
        return [self.records[i] for i in sorted(found or ())]


class _Joined:
    """Strings searched for a substring all at once: which of them hold it."""

    def __init__(self, texts: list[str]):
        self.text = "\x00".join(texts)
        self.starts: list[int] = []
        pos = 0
        for t in texts:
            self.starts.append(pos)
            pos += len(t) + 1

    def holding(self, needle: str) -> list[int]:
        """Indexes of the strings that contain `needle`, in order."""
        out: list[int] = []
        if not needle or "\x00" in needle:
            return out
        pos = self.text.find(needle)
        while pos != -1:
            i = bisect_right(self.starts, pos) - 1
            out.append(i)
            following = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
            pos = self.text.find(needle, following)  # one hit per string is enough
        return out


def find_document(catalog: Mapping[str, DocumentRecord] | CatalogIndex, query: str) -> DocumentRecord:
    """The one document `query` names, or a clear error listing the candidates."""
    index = catalog if isinstance(catalog, CatalogIndex) else CatalogIndex(catalog)
    query = query.strip()
    if query in index.catalog:
        return index.catalog[query]
    found = candidates(index, query)
    if len(found) == 1:
        return found[0]
    if not found:
        raise DocumentNotFound(f"no document matches {query!r}: `kb docs` lists ids, numbers and titles")
    raise AmbiguousDocument(
        f"{query!r} matches {len(found)} documents; give an id or a longer title",
        [(r.id, r.title) for r in found],
    )


def candidates(index: CatalogIndex, query: str) -> list[DocumentRecord]:
    """Documents whose id prefix, number or title matches `query`, best kind of match first."""
    found = index.by_number(query) or index.by_id_prefix(query) + index.by_short_name(query)
    if found:
        return list({r.id: r for r in found}.values())
    key = match_key(query)
    if not key:
        return []
    return index.by_title(key) or index.title_contains(key)


def find_task(doc: Document, ref: str) -> Task:
    """The one task `ref` names: a label (12, 十二, （三）), a path (二（三）2) or #12.

    Never a silent guess: a label several tasks (or headings) share raises AmbiguousTask
    with the candidates' paths.
    """
    ref = ref.strip()
    if ref.startswith("#"):
        return _by_seq(doc, ref)
    options = reference(ref)
    if options is None:
        raise TaskNotFound(
            f"{ref!r} is not a task label or path: give a label (12, 十二, （三）), "
            "a path (二（三）2) or #12 for the 12th task"
        )
    found = [t for t in doc.tasks if _matches(t.path, options)]
    headings = [s for s in doc.sections if _matches(section_path(doc, s), options)]
    others = [s for s in headings if not any(t.span.start == s.span.start for t in found)]
    if len(found) == 1 and not others:
        return found[0]
    if found:
        candidates = [(path_text(t.path), t.title) for t in found]
        candidates += [("".join(section_path(doc, s)), f"{s.title} (a heading)") for s in others]
        raise AmbiguousTask(f"{ref!r} names {len(candidates)} items of {doc.id}; give a path", candidates)
    clauses = [t for t in doc.tasks if len(t.path) > 1 and "-" in t.label and _matches(t.path[:-1], options)]
    if clauses:
        raise AmbiguousTask(
            f"item {ref} of {doc.id} has {len(clauses)} clauses with their own responsible units; give one",
            [(path_text(t.path), t.title) for t in clauses],
        )
    if headings:
        within = [t for t in doc.tasks for s in headings if s.span.start <= t.span.start < s.span.end]
        raise TaskNotFound(
            f"{ref} in {doc.id} is a heading, not a task; its tasks: "
            + (", ".join(path_text(t.path) for t in within) or "none")
        )
    raise TaskNotFound(f"no task {ref!r} in {doc.id}: `kb tasks {doc.id}` lists them")


def section_path(doc: Document, section: Section) -> tuple[str, ...]:
    chain = [section.label]
    while section.parent is not None:
        section = doc.sections[section.parent]
        chain.insert(0, section.label)
    return tuple(chain)


def _matches(path: tuple[str, ...], options: list[set[str]]) -> bool:
    """Whether a path ends with labels the options allow; a clause's path also as printed
    without its item (一1-1 for 一 › 1 › 1-1)."""
    if len(path) >= 2 and path[-1].startswith(path[-2] + "-") and _matches(path[:-2] + path[-1:], options):
        return True
    if len(options) > len(path):
        return False
    return all(label in allowed for label, allowed in zip(path[-len(options) :], options, strict=True))


def _by_seq(doc: Document, ref: str) -> Task:
    number = ref[1:].strip()
    if number.isdigit() and 1 <= int(number) <= len(doc.tasks):
        return doc.tasks[int(number) - 1]
    raise TaskNotFound(f"{doc.id} has {len(doc.tasks)} tasks; {ref} is not one of them")
