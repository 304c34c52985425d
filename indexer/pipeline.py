"""The indexing run: files in, a new store generation out.

Unchanged files (same content hash) are carried over without being read again; changed
files are re-parsed; documents whose files are gone from an indexed folder are dropped.
A file that cannot be read is reported and skipped, the rest of the batch goes on, and a
document it held before keeps the version indexed then. Documents `kb remove` took out stay
out when their folder is indexed again, and come back when their file is named. Ids are
given by `indexer.ids`. Parsing, storing and search indexing run in worker processes
(`indexer.workers`) when there is enough work to share; an unchanged corpus makes no new
generation at all.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer import ids, limits, load
from indexer import workers as workers_mod
from indexer.encoding import REPLACED
from indexer.load import LoadError, Source
from indexer.workers import Failure, Job
from kb.backends.base import Store, StoreWriter
from kb.backends.factory import locate, open_store
from kb.errors import store_unwritable
from kb.progress import Progress
from kb.records import DocumentRecord

OnProgress = Callable[[Progress], None]
_PARALLEL_BYTES = 1_000_000  # less input than this is indexed in this process


@dataclass
class IndexReport:
    """What one `kb index` run did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    documents: int = 0  # in the store after the run
    seconds: float = 0.0
    chars: int = 0  # characters parsed in this run
    notes: list[str] = field(default_factory=list)  # worth knowing, not failures
    left_out: int = 0  # documents `kb remove` took out, found again in an indexed folder

    @property
    def ok(self) -> bool:
        return not self.errors


def index(
    paths: Sequence[str | os.PathLike[str]],
    root: str | os.PathLike[str] | None,
    *,
    rebuild: bool = False,
    wait: bool = False,
    progress: OnProgress | None = None,
    workers: int | None = None,
) -> IndexReport:
    """Index files and folders into the store at `root` (a folder or a database URL, see
    `kb.backends.factory.locate`)."""
    started = time.perf_counter()
    report = IndexReport()
    found, errors = load.discover(paths)
    report.errors.extend(str(e) for e in errors)
    given = [Path(os.path.abspath(p)) for p in paths]  # the same file whatever the cwd
    files = [Path(os.path.abspath(p)) for p in found]
    try:
        with open_store(root).writer(rebuild=rebuild, wait=wait) as writer:
            run = _Run(
                writer, report, [p for p in given if p.is_dir()], {str(p) for p in given if p.is_file()}
            )
            run.index(files, progress, workers)
    except OSError as e:  # writing the store failed: full, read-only; the writer left it as it was
        raise store_unwritable(locate(root), e) from e
    report.notes.extend(orphaned_corrections(open_store(root)))
    if report.left_out:
        n = report.left_out
        report.notes.append(
            f"{n} document{'s' if n != 1 else ''} taken out with kb remove left out; "
            "index a file by name to bring it back"
        )
    report.seconds = time.perf_counter() - started
    return report


def orphaned_corrections(store: Store) -> list[str]:
    """A line for each correction that no longer applies (said on every run, never dropped)."""
    corrections = store.corrections().read()
    if not corrections or not store.exists():
        return []
    from kb.knowledge import KnowledgeBase

    lines = []
    for p in KnowledgeBase(store.current(), corrections).placed:
        if p.orphaned:
            c = p.correction
            lines.append(
                f"the correction of {c.doc} {c.path} ({c.title}, by {c.by}) no longer applies: {p.reason}; "
                f"`kb corrections` lists it, `kb correct {c.doc} {c.path} --undo` removes it"
            )
    return lines


class _Run:
    """One writer's run: plan, read what changed, build and commit the next generation."""

    def __init__(self, writer: StoreWriter, report: IndexReport, roots: list[Path], named: set[str]):
        self.writer, self.report, self.roots, self.named = writer, report, roots, named
        self.previous = writer.previous.catalog if writer.previous else {}
        self.by_file = _by_file(self.previous)
        self.seen: dict[str, str] = {}  # id -> the file (or .jsonl line) using it in this run
        self.ids: dict[Path, str] = {}
        self.removed_files: set[str] = set()  # what kb remove took out, not named this time
        self.removed_lines: set[tuple[str, str]] = set()
        self.restored: set[str] = set()
        self.tally: _Tally | None = None

    def index(self, files: list[Path], progress: OnProgress | None, workers: int | None) -> None:
        """The whole run: `stage`, then commit what changed."""
        if self.stage(files, progress, workers):
            self.writer.commit()
            self.report.documents = len(self.writer.catalog)

    def stage(self, files: list[Path], progress: OnProgress | None, workers: int | None) -> bool:
        """Plan, read and store what changed in the writer, uncommitted; whether anything did."""
        writer, report = self.writer, self.report
        if writer.interrupted:
            who = writer.interrupted
            report.notes.append(
                f"an earlier kb index (pid {who.get('pid', '?')}, started {who.get('started', '?')}) "
                "was interrupted; its unfinished work was discarded and the store kept what it had"
            )
        self.ids = self.assign(files)
        changed = self.plan(files)
        missing = _missing(writer, self.roots)
        report.documents = len(writer.catalog)
        if not (changed or missing or writer.previous is None):
            return False  # nothing changed: no new generation
        for doc_id in missing:
            writer.drop(doc_id)
        report.removed.extend(missing)
        size = sum(_size(path) for path, _ in changed)
        count = workers if workers is not None else min(2, os.cpu_count() or 1)
        if size < _PARALLEL_BYTES and len(changed) < workers_mod.MIN_PARALLEL:
            count = 1  # not worth starting processes
        self.tally = _Tally(progress, sum(_documents_in(p) for p, _ in changed), size)
        self.build(self.jobs(changed), count)
        self.tally.finish()
        return True

    def assign(self, files: list[Path]) -> dict[Path, str]:
        """The ids of the files (indexer.ids), with what kb remove took out of the files named
        coming back under the ids they had."""
        writer = self.writer
        known = {r.source: r.id for r in self.previous.values() if r.line is None}
        for file in self.named:
            for _, doc_id, line in writer.restore(file):
                self.restored.add(file)  # read again, even unchanged
                if not line and doc_id not in writer.catalog:
                    known[file] = doc_id
        self.removed_files = {f for f, _, line in writer.removed if not line}
        self.removed_lines = {(f, i) for f, i, line in writer.removed if line}
        documents = [f for f in files if f.suffix.lower() != ".jsonl"]
        # An id whose file is gone (moved, or a browser upload's temporary copy) is free again:
        # a file of that name takes it over, as an update of that document.
        taken = {i for i, r in self.previous.items() if os.path.exists(r.source.split("#", 1)[0])}
        return ids.assign(documents, self.roots, known, taken)

    def plan(self, files: list[Path]) -> list[tuple[Path, str]]:
        """Carry unchanged files' documents over; the files (and hashes) that need reading."""
        writer, report = self.writer, self.report
        changed = []
        for path in files:
            if str(path) in self.removed_files:
                report.left_out += 1
                continue
            old = self.by_file.get(str(path), [])
            try:
                file_hash = _file_hash(path)
            except OSError as e:
                report.errors.append(self.keeping(f"{path}: {(e.strerror or str(e)).lower()}", old))
                continue
            if old and all(r.file_hash == file_hash for r in old) and str(path) not in self.restored:
                for record in old:
                    if self.claim(record.id, str(path)):
                        writer.keep(record)
                        report.unchanged += 1
                said = writer.problems.get(str(path), {})
                if said.get("hash") == file_hash:  # not read again: what it had wrong still holds
                    report.errors.extend(str(e) for e in said.get("errors", []))
                    report.notes.extend(str(n) for n in said.get("notes", []))
            else:
                changed.append((path, file_hash))
        return changed

    def keeping(self, message: str, kept: list[DocumentRecord]) -> str:
        """An error about a file or line, saying which indexed version is kept, if any."""
        previous = self.writer.previous
        if not kept or previous is None:
            return message
        return f"{message}; keeping the version indexed on {previous.indexed_on(kept[0].id)}"

    def jobs(self, changed: list[tuple[Path, str]]) -> Iterator[Job]:
        """The documents of changed files that need parsing, read as they are wanted."""
        assert self.tally is not None
        for path, file_hash in changed:
            fallback: dict[str, DocumentRecord] = {}  # the previous versions a broken read keeps
            errors: list[str] = []
            notes: list[str] = []
            self.writer.problems[str(path)] = {"hash": file_hash, "errors": errors, "notes": notes}
            for item in _read(path):
                if isinstance(item, LoadError):
                    errors.append(self.refused(item, fallback))
                    self.report.errors.append(errors[-1])
                    self.tally.add(1, _size(path) if item.line is None else 0)
                    continue
                if item.line is None:
                    item = replace(item, id=self.ids.get(path, item.id))
                elif (str(path), item.id) in self.removed_lines:
                    self.report.left_out += 1
                    self.tally.add(1, item.size)
                    continue
                job = self.job(item, file_hash, notes)
                if job is None:
                    self.tally.add(1, item.size)
                else:
                    yield job
            self.gone(path, fallback)

    def refused(self, error: LoadError, fallback: dict[str, DocumentRecord]) -> str:
        """The line for a file or .jsonl line that could not be read; its previous version
        (the file's documents, or the document on that line) is kept."""
        path = error.path
        old = [r for r in self.by_file.get(path, []) if error.line is None or r.line == error.line]
        fallback.update((r.id, r) for r in old)
        return self.keeping(str(error), old)

    def job(self, item: Source, file_hash: str, notes: list[str]) -> Job | None:
        """A document read, to parse (None: its id is taken, or its text is unchanged)."""
        path = item.path
        if item.encoding == REPLACED:
            where = f"{path}:{item.line}" if item.line else path
            notes.append(
                f"{where}: {item.text.count(chr(0xFFFD))} byte(s) that are not UTF-8 read as �; "
                "the rest of the text is indexed"
            )
            self.report.notes.append(notes[-1])
        if not self.claim(item.id, path, item.line):
            return None
        text_hash = _text_hash(item)
        kept = self.previous.get(item.id)
        if kept is not None and kept.text_hash == text_hash and self.writer.previous:
            source = path if item.line is None else f"{path}#{item.line}"  # a file moved, a line too
            self.writer.keep(replace(kept, file_hash=file_hash, source=source, line=item.line))
            self.report.unchanged += 1
            return None
        return Job(item, file_hash, text_hash)

    def gone(self, path: Path, fallback: dict[str, DocumentRecord]) -> None:
        """The documents a changed file no longer has (lines gone from a .jsonl) are dropped,
        unless reading it failed: then they keep their previous version."""
        for record in self.by_file.get(str(path), []):
            if record.id in self.seen:
                continue
            if record.id in fallback:
                self.seen[record.id] = str(path)
                self.writer.keep(record)
            else:
                self.writer.drop(record.id)
                self.report.removed.append(record.id)

    def claim(self, doc_id: str, path: str, line: int | None = None) -> bool:
        """Ids are unique in a store: the first to use an id keeps it (a .jsonl line: its line)."""
        where, fix = (f"{path}:{line}", 'give one of them another "id"') if line else (path, "rename one")
        other = self.previous.get(doc_id)
        user = self.seen.get(doc_id)
        if user is None and other is not None:
            other_file = other.source.split("#", 1)[0]
            user = other_file if other_file != path and os.path.exists(other_file) else None
        if user is not None:
            self.report.errors.append(f"{where}: duplicate id {doc_id!r}, already used by {user}; {fix}")
            return False
        self.seen[doc_id] = where
        return True

    def build(self, jobs: Iterator[Job], count: int) -> None:
        """Parse the jobs and store them through the writer (search index and graph included)."""
        writer, report = self.writer, self.report
        assert self.tally is not None
        outcomes = workers_mod.build(jobs, writer.sink(), writer.accept, count, self.tally.done)
        for outcome in outcomes:
            if isinstance(outcome, Failure):
                kept = [self.previous[outcome.id]] if outcome.id in self.previous else []
                report.errors.append(self.keeping(outcome.message, kept))
                continue
            (report.updated if outcome.id in self.previous else report.added).append(outcome.id)
            report.chars += outcome.chars
            writer.register(outcome)


class _Tally:
    """Documents and bytes read so far, told to the progress callback."""

    def __init__(self, progress: OnProgress | None, total: int, total_bytes: int):
        self.progress, self.total, self.total_bytes = progress, total, total_bytes
        self.documents = self.bytes = 0

    def add(self, documents: int, size: int) -> None:
        self.documents += documents
        self.bytes += size
        if self.progress:
            total = max(self.total, self.documents)  # a .jsonl's lines were an estimate
            self.progress(
                Progress(self.documents, total, min(self.bytes, self.total_bytes), self.total_bytes)
            )

    def done(self, job: Job) -> None:
        self.add(1, job.source.size)

    def finish(self) -> None:
        if self.progress:
            self.progress(Progress(self.documents, self.documents, self.total_bytes, self.total_bytes, True))


def _read(path: Path) -> Iterator[Source | LoadError]:
    """`load.read`, each step within a time budget: a file built to be slow is refused with
    one line instead of holding the writer lock for minutes."""
    items = load.read(path)
    seconds = limits.budget(_size(path))
    while True:
        try:
            with limits.time_limit(seconds, "reading"):
                item = next(items, None)
        except limits.TooSlow as e:
            yield LoadError(path, str(e))
            return
        if item is None:
            return
        yield item


def _by_file(catalog: dict[str, DocumentRecord]) -> dict[str, list[DocumentRecord]]:
    by_file: dict[str, list[DocumentRecord]] = {}
    for record in catalog.values():
        by_file.setdefault(record.source.split("#", 1)[0], []).append(record)
    return by_file


def _missing(writer: StoreWriter, folders: list[Path]) -> list[str]:
    """Documents from an indexed folder whose files are gone."""
    gone = []
    for record in writer.catalog.values() if folders else ():
        file = Path(record.source.split("#", 1)[0])
        if not file.exists() and any(file.is_relative_to(folder) for folder in folders):
            gone.append(record.id)
    return gone


def _documents_in(path: Path) -> int:
    """How many documents a file holds, for progress: one, or a .jsonl's lines."""
    if path.suffix.lower() != ".jsonl":
        return 1
    lines, last = 0, b"\n"
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1
    return max(1, lines + (last != b"\n"))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # gone since it was found: reading it will say so
        return 0


def _file_hash(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _text_hash(source: Source) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update((source.title or "").encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(source.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
