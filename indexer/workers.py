"""Workers: documents parsed, stored and indexed in parallel, each worker handing them to the
store's `DocumentSink` (the embedded store writes files and search segments there; PostgreSQL
encodes rows the parent writes in its one transaction), so both cores do the whole job and
the parent only collects the results and gives what a sink hands back to the store writer.

A document that fails is reported and the others go on; a worker process that dies takes
the run down with a clear message (the new generation is then discarded, the store keeps
its previous one).
"""

from __future__ import annotations

import ctypes
import gc
import itertools
import multiprocessing
import os
import queue
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from indexer import limits
from indexer.document import parse
from indexer.source import Source
from kb.backends.base import DocumentSink
from kb.errors import InputError, KbError
from kb.store import DocumentRecord, record_of

Accept = Callable[[object], None]  # the store writer's `accept`
OnDone = Callable[["Job"], None]  # told of each job processed
MIN_PARALLEL = 16  # documents: fewer are indexed in this process
_BATCH_CHARS = 400_000
_PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)


@dataclass(frozen=True, slots=True)
class Job:
    """One document to index."""

    source: Source
    file_hash: str
    text_hash: str


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be indexed, and the line saying why."""

    id: str
    message: str


Outcome = DocumentRecord | Failure


class WorkerError(KbError):
    """A worker process died: the run is abandoned, the store unchanged."""


class Worker:
    """Parses documents and hands them to a store's sink."""

    def __init__(self, sink: DocumentSink):
        self.sink = sink

    def process(self, job: Job) -> tuple[Outcome, object | None]:
        """A document's outcome, and what the sink handed back for the store writer."""
        src = job.source
        try:
            with limits.time_limit(limits.budget(len(src.text)), "parsing"):
                doc = parse(src)
            record = record_of(doc, job.file_hash, job.text_hash, src.line)
            payload = self.sink.add(doc, record)
        except OSError:  # writing the store failed (disk full?): the run cannot go on
            raise
        except (InputError, limits.TooSlow) as e:  # a document policykb refuses, saying why
            return Failure(src.id, f"{_where(src)}: {e}"), None
        except Exception as e:  # a parser bug must not lose the rest of the batch
            cause = f"could not parse ({type(e).__name__}: {e}); please report this file"
            return Failure(src.id, f"{_where(src)}: {cause}"), None
        return record, payload

    def finish(self) -> object | None:
        return self.sink.finish()


def _where(src: Source) -> str:
    return src.path if src.line is None else f"{src.path}:{src.line}"


def build(
    jobs: Iterable[Job], sink: DocumentSink, accept: Accept, workers: int, done: OnDone | None = None
) -> list[Outcome]:
    """Index `jobs` (read as they come) into `sink`: the outcome of each. What the sinks hand
    back is given to `accept` in this process as it comes; `done` is told of each job."""
    if workers <= 1:
        with _collector_off():
            worker = Worker(sink)
            outcomes = []
            try:
                for job in jobs:
                    outcome, payload = worker.process(job)
                    outcomes.append(outcome)
                    if payload is not None:
                        accept(payload)
                    if done:
                        done(job)
                last = worker.finish()
            except BaseException:
                sink.cancel()
                raise
            if last is not None:
                accept(last)
            return outcomes
    return _parallel(jobs, sink, accept, workers, done)


@contextmanager
def _collector_off() -> Iterator[None]:
    """Python's cyclic garbage collector off while indexing.

    A worker builds millions of small containers (postings) that make no reference cycles;
    the collector would walk them all again and again for nothing (6-10% of the run).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parallel(
    jobs: Iterable[Job], sink: DocumentSink, accept: Accept, workers: int, done: OnDone | None
) -> list[Outcome]:
    context = multiprocessing.get_context("fork")
    # A few batches ahead of the workers, no more: reading never runs away with the memory.
    todo: Any = context.Queue(maxsize=2 * workers)
    results: Any = context.Queue()
    args = (os.getpid(), sink, todo, results)
    processes = [context.Process(target=_serve, args=args, daemon=True) for _ in range(workers)]
    for p in processes:
        p.start()
    collected = _Collected(processes, done, accept)
    try:
        for batch in itertools.chain(_batches(jobs), [None] * workers):  # read as the workers work
            while True:
                collected.take(results, wait=False)  # progress as it happens
                try:
                    todo.put(batch, timeout=0.2)
                    break
                except queue.Full:
                    continue
        while collected.finished < len(processes):
            collected.take(results, wait=True)
    finally:
        for p in processes:
            if p.is_alive() and collected.finished < len(processes):
                p.terminate()
            p.join()
    return collected.outcomes


class _Collected:
    """What the workers sent back so far, read while they work."""

    def __init__(self, processes: list[Any], done: OnDone | None, accept: Accept):
        self.processes, self.done, self.accept = processes, done, accept
        self.outcomes: list[Outcome] = []
        self.finished = 0

    def take(self, results: Any, wait: bool) -> None:
        """Read the messages waiting (with `wait`, at least one); a dead worker ends the run."""
        while True:
            try:
                kind, payload = results.get(timeout=1.0) if wait else results.get_nowait()
            except queue.Empty:
                dead = [p for p in self.processes if not p.is_alive() and p.exitcode]
                if dead:
                    raise WorkerError(
                        f"an indexing worker died (exit code {dead[0].exitcode}); the store is unchanged"
                    ) from None
                if wait:
                    continue
                return
            if kind == "doc":
                outcome, job, stored = payload
                self.outcomes.append(outcome)
                if stored is not None:
                    self.accept(stored)
                if self.done:
                    self.done(job)
            elif kind == "finished":
                if payload is not None:
                    self.accept(payload)
                self.finished += 1
            elif kind == "oserror":
                raise OSError(*payload)
            else:
                raise WorkerError(f"an indexing worker failed: {payload}; the store is unchanged")
            wait = False  # one message was enough to wait for: read the rest without waiting


def _serve(parent: int, sink: DocumentSink, todo: Any, results: Any) -> None:
    """A worker process: jobs in, outcomes (with what the sink handed back) and finally the
    sink's last payload out."""
    _die_with(parent)
    gc.disable()  # see _collector_off; this process ends with the run
    try:
        worker = Worker(sink)
        while (batch := _next_batch(todo, parent)) is not None:
            for job in batch:
                outcome, stored = worker.process(job)
                results.put(("doc", (outcome, _light(job), stored)))
        results.put(("finished", worker.finish()))
    except OSError as e:  # writing the store failed (disk full, read-only): said as it is
        results.put(("oserror", (e.errno, e.strerror or str(e))))
    except BaseException as e:
        results.put(("fatal", f"{type(e).__name__}: {e}"))


def _light(job: Job) -> Job:
    """What the parent needs of a processed job (its size), without sending its text back."""
    return Job(replace(job.source, text=""), job.file_hash, job.text_hash)


def _die_with(parent: int) -> None:
    """Ask Linux to kill this worker when the `kb index` that started it dies (SIGKILL too):
    an orphan would go on writing into a generation nobody will commit."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: _next_batch watches the parent instead
        pass
    if os.getppid() != parent:  # it died before we asked
        os._exit(1)


def _next_batch(todo: Any, parent: int) -> list[Job] | None:
    while True:
        try:
            return todo.get(timeout=1.0)  # type: ignore[no-any-return]
        except queue.Empty:
            if os.getppid() != parent:
                os._exit(1)  # the parent is gone: nobody reads what this worker would write


def _batches(jobs: Iterable[Job]) -> Iterable[list[Job]]:
    batch: list[Job] = []
    size = 0
    for job in jobs:
        batch.append(job)
        size += len(job.source.text)
        if size >= _BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
