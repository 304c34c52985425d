"""The web benchmark of issue 15: `kb serve` under 1, 8 and 32 concurrent clients, beside cold `kb`.

    .venv/bin/python -m bench.serve                       # indexes the bulk corpus + seeds first
    .venv/bin/python -m bench.serve --store /tmp/bulk     # a store already built that way

Workloads of 50 URLs each, taken in turn: `/api/ask?q=` with bench/questions.txt (the
structured questions; the harness checks none takes the free path), and again without the
questions whose answer is a list of candidates (`ambiguous`: a label asked of no document in
particular, whose candidates come from the whole corpus), `/api/search?q=` with
bench/queries.txt, and the HTML document page `/docs/{id}` of the five seeds and 45 bulk
documents (a fixed sample). The server is the real `kb serve --workers N` on a free loopback
port; the client is bench/load.py (closed loop, one keep-alive connection per client), on the
same machine, after a warm-up pass. Beside them, the same work as fresh `kb` processes
(`kb ask`, `kb search`, `kb show`), median of several. The section is written to
bench/SERVE.md and into bench/RESULTS.md (bench/report.py includes SERVE.md when it renders).
"""

from __future__ import annotations

import argparse
import datetime
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict
from pathlib import Path
from urllib.parse import quote

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import kb_runs, latency, load, machine  # noqa: E402
from bench.corpus import share  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench"
SECTION = HERE / "SERVE.md"
RESULTS = HERE / "RESULTS.md"
BEGIN, END = "<!-- bench.serve: written by python -m bench.serve -->", "<!-- /bench.serve -->"
SEEDS = ROOT / "corpus"


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    with ExitStack() as stack:
        store = args.store or _build(
            Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kb-serve-")))
        )
        workloads = _workloads(store)
        waited, idle = machine.settle()
        load_before = machine.load_average()
        cells = {}
        with _server(store, args.workers) as url:
            for name, urls in workloads.items():
                failed = load.warm(url, urls, max(2, args.workers))
                _log(f"{name}: warmed ({failed} errors)")
                cells[name] = [asdict(load.drive(url, urls, c, args.seconds)) for c in args.clients]
                for c in cells[name]:
                    _log_cell(c)
        # the cold runs and the store's facts while a store built here still exists
        cold = _cold(store, workloads, args.cold_runs)
        text = render(cells, cold, args, _facts(store, waited, idle, load_before))
    args.section.write_text(text, encoding="utf-8")
    include(args.results, text)
    _log(f"wrote {args.section} and its section of {args.results}")


def _log_cell(c: dict) -> None:
    _log(f"  {c['clients']:>3} clients: {c['per_second']:7.1f} req/s  p50 {c['p50_ms']:7.1f} ms"
         f"  p95 {c['p95_ms']:7.1f} ms  errors {c['errors']}")  # fmt: skip


def _build(work: Path) -> Path:
    store = work / "store"
    files = sorted(Path(ROOT / ".." / "shared" / "corpus-bulk").resolve().glob("*.jsonl"))
    _log(f"indexing {len(files)} files of the bulk corpus and the seeds into {store}")
    result = kb_runs.measure.run([kb_runs.kb_executable(), "--store", str(store), "index", "--quiet",
                                  *map(str, files), str(SEEDS)], env=kb_runs.environment())  # fmt: skip
    _log(f"indexed in {result.seconds:.1f} s (exit {result.returncode})")
    return store


def _workloads(store: str | Path) -> dict[str, list[str]]:
    from kb import KnowledgeBase

    questions = latency.read_lines(HERE / "questions.txt")
    queries = latency.read_lines(HERE / "queries.txt")
    base = KnowledgeBase.open(store)
    kinds = {q: base.ask(q).kind for q in questions}
    if free := [q for q, kind in kinds.items() if kind == "free"]:
        raise SystemExit(
            "error: these questions of bench/questions.txt take the free path: " + "; ".join(free)
        )
    seeds = sorted(p.stem for p in SEEDS.glob("*.txt"))
    bulk = sorted((r.id for r in base.docs() if r.id not in seeds), key=share)[:45]
    base.generation.close()
    return {
        "ask": [f"/api/ask?q={quote(q)}" for q in questions],
        "ask-answered": [f"/api/ask?q={quote(q)}" for q, kind in kinds.items() if kind != "ambiguous"],
        "search": [f"/api/search?q={quote(q)}" for q in queries],
        "document": ["/docs/" + quote(d, safe="/") for d in seeds + bulk],
    }


@contextmanager
def _server(store: str | Path, workers: int) -> Iterator[str]:
    """`kb serve --workers N` on a free loopback port, until the block ends."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [
        kb_runs.kb_executable(),
        "--store",
        str(store),
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(
        command, env=kb_runs.environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit(f"error: {' '.join(command)} exited with {proc.returncode}") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(30)


def _cold(store: str | Path, workloads: dict[str, list[str]], runs: int) -> list[dict[str, object]]:
    from urllib.parse import unquote

    question = latency.read_lines(HERE / "questions.txt")[0]
    query = latency.read_lines(HERE / "queries.txt")[0]
    doc = unquote(workloads["document"][0].removeprefix("/docs/"))
    commands = {
        "ask": ["ask", question, "--json"],
        "search": ["search", query, "--json"],
        "document": ["show", doc],
    }
    return [asdict(kb_runs.cold(store, name, args, runs)) for name, args in commands.items()]


def _facts(store: str | Path, waited: float, idle: float, load_before: str) -> dict[str, object]:
    from kb import KnowledgeBase

    base = KnowledgeBase.open(store)
    count = len(base.catalog)
    base.generation.close()
    return {"documents": count, "machine": machine.describe(ROOT), "waited": waited, "idle": idle,
            "load_before": load_before,
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")}  # fmt: skip


NAMES = {
    "ask": "`/api/ask` structured (bench/questions.txt)",
    "ask-answered": "`/api/ask`, the same without the questions answered by candidates",
    "search": "`/api/search` (bench/queries.txt)",
    "document": "`/docs/{id}` HTML page (5 seeds + 45 bulk)",
}


def render(
    cells: dict[str, list[dict[str, float]]], cold: list[dict[str, object]], args: argparse.Namespace,
    facts: dict[str, object],
) -> str:  # fmt: skip
    """The section: how it was measured, the server's table, the cold processes' table, the notes."""
    m = facts["machine"]
    assert isinstance(m, dict)
    intro = (
        f"Written by `python -m bench.serve` on {facts['date']}, commit {m['commit']}; {m['cpu']}, "
        f"{m['usable_cores']} usable cores; CPUs {facts['idle']:.0%} idle before the run. Store: "
        f"{facts['documents']} documents (the bulk corpus and the seeds). Server: `kb serve --workers "
        f"{args.workers}` (uvicorn, httptools, uvloop) on loopback; client: bench/load.py on the same "
        f"machine, closed loop, one keep-alive connection per client, {args.seconds:.0f} s per row after "
        "a warm-up pass; the URLs of each workload taken in turn. Load average before and after: "
        f"{facts['load_before']}; {machine.load_average()}."
    )
    lines = [BEGIN, "## Serving: `kb serve` (issue 15)", "", intro, "",
             "| workload | clients | requests | req/s | p50 ms | p95 ms | max ms | errors |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    for name, rows in cells.items():
        lines += [_row(NAMES[name], c) for c in rows]
    lines += ["", f"The same work by a fresh `kb` process per request (median of {args.cold_runs} after "
              "one untimed run; one process at a time):", "", "| command | median s | requests/s |",
              "| --- | ---: | ---: |"]  # fmt: skip
    for c in cold:
        seconds = float(str(c["median_seconds"]))
        lines.append(f"| `{c['command']}` | {seconds:.3f} | {1 / seconds:.1f} |")
    notes = HERE / "SERVE_NOTES.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    return "\n".join([*lines, END]) + "\n"


def _row(name: str, c: dict[str, float]) -> str:
    figures = (c["clients"], c["requests"], f"{c['per_second']:.1f}", f"{c['p50_ms']:.1f}",
               f"{c['p95_ms']:.1f}", f"{c['max_ms']:.0f}", c["errors"])  # fmt: skip
    return f"| {name} | " + " | ".join(str(f) for f in figures) + " |"


def include(results: Path, section: str) -> None:
    """Put the section into RESULTS.md: in place of the previous one, else at the end."""
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        text = before + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results.write_text(text, encoding="utf-8")


def _log(message: str) -> None:
    print(f"[bench.serve] {message}", file=sys.stderr, flush=True)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--store",
        help="a store (folder or postgresql:// URL) of the bulk corpus and the seeds (default: build one)",
    )
    parser.add_argument("--workers", type=int, default=2, help="kb serve --workers (default 2)")
    parser.add_argument("--clients", type=lambda s: [int(x) for x in s.split(",")], default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=15.0, help="per row (default 15)")
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--section", type=Path, default=SECTION, help="the section (bench/SERVE.md)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the report (bench/RESULTS.md)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    main()
