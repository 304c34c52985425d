"""A bounded, closed-loop HTTP load generator on loopback: C clients, each one request at a time.

Each client is a thread with its own keep-alive connection (http.client), sending its next
request as soon as it has read the whole previous answer, for a fixed time. The URLs are
taken in turn from one shared list, so every client asks the same mix. Latency is measured
from sending the request to having read the last byte of the answer.
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from bench.measure import percentile


@dataclass(frozen=True, slots=True)
class Cell:
    """What C clients got in S seconds from one list of URLs."""

    clients: int
    requests: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    errors: int  # answers other than 200, and broken connections


def drive(base: str, urls: list[str], clients: int, seconds: float) -> Cell:
    """`clients` closed-loop clients asking `urls` in turn for `seconds`."""
    where = urlsplit(base)
    host, port = where.hostname or "127.0.0.1", where.port or 80
    turn = itertools.count()
    lock = threading.Lock()
    results: list[tuple[list[float], int]] = []
    deadline = time.monotonic() + seconds

    def client() -> None:
        got = _client(host, port, lambda: urls[next(turn) % len(urls)], lock, deadline)
        with lock:
            results.append(got)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    timings = [x for mine, _ in results for x in mine]
    errors = sum(failed for _, failed in results)
    if not timings:
        return Cell(clients, 0, elapsed, 0.0, 0.0, 0.0, 0.0, errors)
    return Cell(
        clients, len(timings), elapsed, len(timings) / elapsed, percentile(timings, 50) * 1000,
        percentile(timings, 95) * 1000, max(timings) * 1000, errors,
    )  # fmt: skip


def _client(
    host: str, port: int, next_url: Callable[[], str], lock: threading.Lock, deadline: float
) -> tuple[list[float], int]:  # fmt: skip
    """One client until the deadline: its latencies and how many requests failed."""
    connection = http.client.HTTPConnection(host, port, timeout=120)
    mine, failed = [], 0
    while time.monotonic() < deadline:
        with lock:
            url = next_url()
        started = time.perf_counter()
        try:
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            failed += response.status != 200
        except (OSError, http.client.HTTPException):
            failed += 1
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=120)
            continue
        mine.append(time.perf_counter() - started)
    connection.close()
    return mine, failed


def warm(base: str, urls: list[str], clients: int) -> int:
    """Ask every URL `clients` times over (so that each worker process has seen most of them)."""
    where = urlsplit(base)
    failed = [0]
    work = iter(urls * clients)
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection(where.hostname or "127.0.0.1", where.port, timeout=300)
        while True:
            with lock:
                url = next(work, None)
            if url is None:
                break
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            failed[0] += response.status != 200
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return failed[0]
