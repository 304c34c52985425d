"""The indexing run: files in, a new store generation out.

Unchanged files (same content hash) are carried over without being read again; changed
files are re-parsed; documents whose files are gone from an indexed folder are dropped.
A file that cannot be read is reported and skipped; the rest of the batch goes on.
Parsing, storing and search indexing run in worker processes (`indexer.workers`) when
there is enough work to share; an unchanged corpus makes no new generation at all.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer import limits, load
from indexer import workers as workers_mod
from indexer.encoding import REPLACED
from indexer.load import LoadError, Source
from indexer.workers import Job
from kb.search.engine import engine
from kb.store import SEARCH, DocumentRecord, GenerationWriter, Store, unwritable

Progress = Callable[[int, int], None]
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

    @property
    def ok(self) -> bool:
        return not self.errors


def index(
    paths: Sequence[str | os.PathLike[str]],
    root: str | os.PathLike[str],
    *,
    rebuild: bool = False,
    wait: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
) -> IndexReport:
    """Index files and folders into the store at `root`."""
    started = time.perf_counter()
    report = IndexReport()
    found, errors = load.discover(paths)
    files = [Path(os.path.abspath(p)) for p in found]  # the same file whatever the cwd
    report.errors.extend(str(e) for e in errors)
    try:
        _run(Store(root), paths, files, report, rebuild, wait, progress, workers)
    except OSError as e:  # writing the store failed: full, read-only; the writer left it as it was
        raise unwritable(root, e) from e
    report.seconds = time.perf_counter() - started
    return report


def _run(
    store: Store, paths: Sequence[str | os.PathLike[str]], files: list[Path], report: IndexReport,
    rebuild: bool, wait: bool, progress: Progress | None, workers: int | None,
) -> None:  # fmt: skip
    """One writer's run: plan, read what changed, build and commit the next generation."""
    with store.writer(rebuild=rebuild, wait=wait) as writer:
        if writer.interrupted:
            who = writer.interrupted
            report.notes.append(
                f"an earlier kb index (pid {who.get('pid', '?')}, started {who.get('started', '?')}) "
                "was interrupted; its unfinished work was discarded and the store kept what it had"
            )
        seen: dict[str, str] = {}  # id -> the file using it in this run
        changed = _plan(writer, files, report, seen)
        missing = _missing(writer, paths)
        report.documents = len(writer.catalog)
        if changed or missing or writer.previous is None:
            for doc_id in missing:
                writer.drop(doc_id)
            report.removed.extend(missing)
            count = workers if workers is not None else min(2, os.cpu_count() or 1)
            size = sum(_size(path) for path, _ in changed)
            if size < _PARALLEL_BYTES and len(changed) < workers_mod.MIN_PARALLEL:
                count = 1  # not worth starting processes
            jobs = _jobs(writer, changed, report, seen)
            _build(writer, jobs, report, progress, count, size)
            writer.commit()
            report.documents = len(writer.catalog)


def _plan(
    writer: GenerationWriter, files: list[Path], report: IndexReport, seen: dict[str, str]
) -> list[tuple[Path, str]]:
    """Carry unchanged files' documents over; the files (and hashes) that need reading.

    `seen` collects the ids used in this run and the file using each.
    """
    previous = writer.previous.catalog if writer.previous else {}
    by_file = _by_file(previous)
    changed = []
    for path in files:
        try:
            file_hash = _file_hash(path)
        except OSError as e:
            report.errors.append(f"{path}: {e.strerror or e}")
            continue
        old = by_file.get(str(path), [])
        if old and all(r.file_hash == file_hash for r in old):
            for record in old:
                if _claim(record.id, str(path), seen, previous, report):
                    writer.keep(record)
                    report.unchanged += 1
            said = writer.problems.get(str(path), {})
            if said.get("hash") == file_hash:  # not read again: what it had wrong still holds
                report.errors.extend(str(e) for e in said.get("errors", []))
                report.notes.extend(str(n) for n in said.get("notes", []))
        else:
            changed.append((path, file_hash))
    return changed


def _jobs(
    writer: GenerationWriter, changed: list[tuple[Path, str]], report: IndexReport, seen: dict[str, str]
) -> Iterator[Job]:
    """The documents of changed files that need parsing, read as they are wanted."""
    previous = writer.previous.catalog if writer.previous else {}
    for path, file_hash in changed:
        errors: list[str] = []
        notes: list[str] = []
        writer.problems[str(path)] = {"hash": file_hash, "errors": errors, "notes": notes}
        for item in _read(path):
            if isinstance(item, LoadError):
                errors.append(str(item))
                report.errors.append(str(item))
                continue
            if item.encoding == REPLACED:
                where = f"{path}:{item.line}" if item.line else str(path)
                notes.append(
                    f"{where}: {item.text.count(chr(0xFFFD))} byte(s) that are not UTF-8 read as �; "
                    "the rest of the text is indexed"
                )
                report.notes.append(notes[-1])
            if not _claim(item.id, str(path), seen, previous, report, item.line):
                continue
            text_hash = _text_hash(item)
            kept = previous.get(item.id)
            if kept is not None and kept.text_hash == text_hash and writer.previous:
                writer.keep(_rehashed(kept, file_hash))
                report.unchanged += 1
            else:
                yield Job(item, file_hash, text_hash)
    by_file = _by_file(previous)
    for path, _ in changed:  # lines gone from a changed .jsonl
        for record in by_file.get(str(path), []):
            if record.id not in seen:
                writer.drop(record.id)
                report.removed.append(record.id)


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


def _claim(
    doc_id: str, path: str, seen: dict[str, str], previous: dict[str, DocumentRecord], report: IndexReport,
    line: int | None = None,
) -> bool:  # fmt: skip
    """Ids are unique in a store: the first file to use an id keeps it (a .jsonl line: its line)."""
    where = f"{path}:{line}" if line else path
    if doc_id in seen:
        report.errors.append(f"{where}: duplicate id {doc_id!r}, already used by {seen[doc_id]}; rename one")
        return False
    other = previous.get(doc_id)
    if other is not None:
        other_file = other.source.split("#", 1)[0]
        if other_file != path and os.path.exists(other_file):
            report.errors.append(
                f"{where}: duplicate id {doc_id!r}, already used by {other_file}; rename one"
            )
            return False
    seen[doc_id] = where
    return True


def _rehashed(record: DocumentRecord, file_hash: str) -> DocumentRecord:
    return replace(record, file_hash=file_hash)


def _build(
    writer: GenerationWriter, jobs: Iterator[Job], report: IndexReport, progress: Progress | None,
    count: int, size: int,
) -> None:  # fmt: skip
    """Parse and index the jobs into the new generation, and update its search index."""
    search = engine()
    directory = writer.path / SEARCH
    if writer.previous is not None:
        search.count(writer.previous.file(SEARCH))  # a damaged index is named, never carried
        search.carry(writer.previous.file(SEARCH), directory)
    search.create(directory)
    previous = writer.previous.catalog if writer.previous else {}
    outcomes, segments = workers_mod.build(jobs, writer.path, directory, count, size, progress)
    for outcome in outcomes:
        if isinstance(outcome, str):
            report.errors.append(outcome)
            continue
        (report.updated if outcome.id in previous else report.added).append(outcome.id)
        report.chars += outcome.chars
        writer.register(outcome)
    index_writer = search.writer(directory)
    try:
        for doc in report.updated + report.removed:
            index_writer.drop(doc)
        index_writer.attach(segments)
    except BaseException:
        index_writer.cancel()
        raise
    index_writer.commit()


def _missing(writer: GenerationWriter, paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """Documents from an indexed folder whose files are gone."""
    folders = [Path(os.path.abspath(p)) for p in paths if Path(p).is_dir()]
    gone = []
    for record in writer.catalog.values() if folders else ():
        file = Path(record.source.split("#", 1)[0])
        if not file.exists() and any(file.is_relative_to(folder) for folder in folders):
            gone.append(record.id)
    return gone


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # gone since it was hashed: reading it will say so
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
