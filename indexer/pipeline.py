"""The indexing run: files in, a new store generation out.

Unchanged files (same content hash) are carried over without being read again; changed
files are re-parsed; documents whose files are gone from an indexed folder are dropped.
A file that cannot be read is reported and skipped; the rest of the batch goes on.
Parsing runs in worker processes when there is enough work to share.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer import load
from indexer.document import parse
from indexer.load import LoadError, Source
from kb import graph
from kb.search.engine import IndexWriter, engine
from kb.search.units import Unit
from kb.search.units import units as search_units
from kb.store import DocumentRecord, GenerationWriter, Store, record_of

Progress = Callable[[int, int], None]
_Outcome = tuple[DocumentRecord, bytes, dict[str, bytes], list[Unit]] | str  # or an error line
SEARCH = "search"  # the search index's directory in a generation
_POOL_MIN_DOCS = 16
_BATCH_CHARS = 400_000


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
    with Store(root).writer(rebuild=rebuild, wait=wait) as writer:
        pending = _plan(writer, files, report)
        search = engine()
        if writer.previous is not None:
            search.carry(writer.previous.file(SEARCH), writer.path / SEARCH)
        units = search.writer(writer.path / SEARCH)
        try:
            _parse_all(writer, pending, report, progress, workers, units)
            _drop_missing(writer, paths, report)
            for doc in report.removed:
                units.drop(doc)
        except BaseException:
            units.cancel()
            raise
        units.commit()
        writer.commit()
        report.documents = len(writer.catalog)
    report.seconds = time.perf_counter() - started
    return report


@dataclass(frozen=True, slots=True)
class _Pending:
    source: Source
    file_hash: str
    text_hash: str


def _plan(writer: GenerationWriter, files: list[Path], report: IndexReport) -> list[_Pending]:
    """Carry unchanged documents over; return the sources that need parsing."""
    previous = writer.previous.catalog if writer.previous else {}
    by_file: dict[str, list[DocumentRecord]] = {}
    for record in previous.values():
        by_file.setdefault(record.source.split("#", 1)[0], []).append(record)
    seen: dict[str, str] = {}  # id -> file, in this run
    pending: list[_Pending] = []
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
            continue
        for item in load.read(path):
            if isinstance(item, LoadError):
                report.errors.append(str(item))
                continue
            if not _claim(item.id, str(path), seen, previous, report):
                continue
            text_hash = _text_hash(item)
            kept = previous.get(item.id)
            if kept is not None and kept.text_hash == text_hash and writer.previous:
                writer.keep(_rehashed(kept, file_hash))
                report.unchanged += 1
            else:
                pending.append(_Pending(item, file_hash, text_hash))
    for stale in set(by_file) & {str(p) for p in files}:  # lines gone from a changed .jsonl
        for record in by_file[stale]:
            if record.id not in seen:
                writer.drop(record.id)
                report.removed.append(record.id)
    return pending


def _claim(
    doc_id: str, path: str, seen: dict[str, str], previous: dict[str, DocumentRecord], report: IndexReport
) -> bool:
    """Ids are unique in a store: the first file to use an id keeps it."""
    if doc_id in seen:
        report.errors.append(f"{path}: duplicate id {doc_id!r}, already used by {seen[doc_id]}; rename one")
        return False
    other = previous.get(doc_id)
    if other is not None:
        other_file = other.source.split("#", 1)[0]
        if other_file != path and os.path.exists(other_file):
            report.errors.append(f"{path}: duplicate id {doc_id!r}, already used by {other_file}; rename one")
            return False
    seen[doc_id] = path
    return True


def _rehashed(record: DocumentRecord, file_hash: str) -> DocumentRecord:
    return replace(record, file_hash=file_hash)


def _parse_all(
    writer: GenerationWriter,
    pending: list[_Pending],
    report: IndexReport,
    progress: Progress | None,
    workers: int | None,
    units: IndexWriter,
) -> None:
    previous = writer.previous.catalog if writer.previous else {}
    total, done = len(pending), 0
    for outcome in _outcomes(pending, workers):
        done += 1
        if progress:
            progress(done, total)
        if isinstance(outcome, str):
            report.errors.append(outcome)
            continue
        record, payload, extras, doc_units = outcome
        if record.id in previous:
            report.updated.append(record.id)
            units.drop(record.id)
        else:
            report.added.append(record.id)
        report.chars += record.chars
        writer.put(record, payload, extras)
        for unit in doc_units:
            units.add(unit)


def _outcomes(pending: list[_Pending], workers: int | None) -> Iterator[_Outcome]:
    count = workers if workers is not None else min(2, os.cpu_count() or 1)
    if count <= 1 or len(pending) < _POOL_MIN_DOCS:
        yield from _work(pending)
        return
    with ProcessPoolExecutor(max_workers=count) as pool:
        for result in pool.map(_work_list, _batches(pending)):
            yield from result


def _batches(pending: list[_Pending]) -> Iterable[list[_Pending]]:
    batch: list[_Pending] = []
    size = 0
    for item in pending:
        batch.append(item)
        size += len(item.source.text)
        if size >= _BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _work_list(batch: list[_Pending]) -> list[_Outcome]:
    return list(_work(batch))


def _work(batch: Iterable[_Pending]) -> Iterator[_Outcome]:
    """Parse documents; a document that fails is reported, never fatal to the batch."""
    for item in batch:
        src = item.source
        where = src.path if src.line is None else f"{src.path}:{src.line}"
        try:
            doc = parse(src)
            record = record_of(doc, item.file_hash, item.text_hash, src.line)
            extras = {"graph": pickle.dumps(graph.fragment(doc), protocol=pickle.HIGHEST_PROTOCOL)}
            yield record, pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL), extras, search_units(doc)
        except Exception as e:  # a parser bug must not lose the rest of the batch
            yield f"{where}: could not parse ({type(e).__name__}: {e}); please report this file"


def _drop_missing(
    writer: GenerationWriter, paths: Sequence[str | os.PathLike[str]], report: IndexReport
) -> None:
    """Documents from an indexed folder whose files are gone."""
    folders = [Path(os.path.abspath(p)) for p in paths if Path(p).is_dir()]
    if not folders:
        return
    for record in list(writer.catalog.values()):
        file = Path(record.source.split("#", 1)[0])
        if file.exists():
            continue
        if any(file.is_relative_to(folder) for folder in folders):
            writer.drop(record.id)
            report.removed.append(record.id)


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
