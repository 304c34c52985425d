"""The PostgreSQL store on the bulk corpus, beside the embedded store (issue 16).

    .venv/bin/python -m bench.postgres                   # the whole corpus (several minutes)
    .venv/bin/python -m bench.postgres --fraction 0.05   # a smoke run

Starts a throwaway PostgreSQL server (tests/pgserver.py: initdb + pg_ctl in a temporary folder,
durable settings: fsync on), then for each store, a fresh one each: `kb index` of the corpus
(the console script, as bench.run measures it), again unchanged, the five seeds added, warm
in-process search and structured ask over bench/queries.txt and bench/questions.txt, and the
size of what is stored. `kb serve` under 1, 8 and 32 clients is bench/serve.py's, run on a store
of each kind (`python -m bench.serve --store URL --section FILE`); `--serve KIND=FILE` takes its
sections into this one.
The section goes to bench/POSTGRES.md and into bench/RESULTS.md in place of an earlier one
(bench/report.py keeps it when it renders RESULTS.md again).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import kb_runs, latency, machine  # noqa: E402
from bench.corpus import Corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench"
SECTION = HERE / "POSTGRES.md"
RAW = HERE / "out" / "postgres.json"
HEADING = "## PostgreSQL store (issue 16)"
SERVER_SETTINGS = {"shared_buffers": "512MB", "max_wal_size": "4GB", "maintenance_work_mem": "256MB"}


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    if not args.report_only:
        results = measure(args)
        RAW.parent.mkdir(exist_ok=True)
        RAW.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    results = json.loads(RAW.read_text(encoding="utf-8"))
    for kind, path in args.serve:
        results.setdefault("serve_sections", {})[kind] = path.read_text(encoding="utf-8")
        RAW.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    SECTION.write_text(render(results), encoding="utf-8")
    splice(args.out, SECTION.read_text(encoding="utf-8"))
    _log(f"wrote {SECTION} and its section of {args.out}")


def measure(args: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "tests"))
    from pgserver import Server, binaries

    found = binaries()
    if found is None:
        raise SystemExit("error: no PostgreSQL server binaries (apt-get install postgresql)")
    corpus = Corpus.read(args.corpus)
    with tempfile.TemporaryDirectory(prefix="policykb-bench-pg-") as tmp:
        work = Path(tmp)
        subset = corpus.subset(args.fraction, work)
        _log("waiting for the CPUs to go idle")
        waited, idle = machine.settle()
        server = Server(found, durable=True, settings=SERVER_SETTINGS)
        try:
            url = server.create_database("kb_bench")
            results: dict[str, Any] = {
                "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                "settle": {"seconds": waited, "idle": idle},
                "machine": machine.describe(ROOT),
                "load_before": machine.load_average(),
                "server": _server_version(url)
                + " "
                + ", ".join(f"{k}={v}" for k, v in SERVER_SETTINGS.items()),
                "corpus": {"docs": len(subset.docs), "mb": subset.megabytes, "fraction": args.fraction},
                "serve": _serve_status(),
            }
            stores = {"postgresql": url, "embedded": str(work / "store")}
            for name, store in stores.items():
                results[name] = _one_store(name, store, subset, args.passes)
            results["postgresql"]["size"] = _database_size(url)
            results["embedded"]["size"] = {"total_mb": _folder_mb(work / "store")}
            results["load_after"] = machine.load_average()
        finally:
            server.stop()
    return results


def _one_store(name: str, store: str, subset: Any, passes: int) -> dict[str, Any]:
    _log(f"{name}: kb index, {len(subset.docs)} documents, {subset.megabytes:.1f} MB")
    out: dict[str, Any] = {"index": asdict(kb_runs.index(store, subset))}  # type: ignore[arg-type]
    _log(f"{name}: kb index again, unchanged")
    out["reindex"] = asdict(kb_runs.index(store, subset))  # type: ignore[arg-type]
    _log(f"{name}: the seeds added; warm search and structured ask")
    out["seeds_seconds"] = kb_runs.index(store, subset, ROOT / "corpus").seconds  # type: ignore[arg-type]
    queries = latency.read_lines(HERE / "queries.txt")
    questions = latency.read_lines(HERE / "questions.txt")
    out["search"] = asdict(latency.search(store, queries, passes))  # type: ignore[arg-type]
    out["ask"] = asdict(latency.ask(store, questions, passes))  # type: ignore[arg-type]
    out["cold_owners"] = asdict(kb_runs.cold(store, "owners", ["owners", "000_9df154392c23cece", "12"], 3))  # type: ignore[arg-type]
    return out


def _server_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        return str(conn.execute("SHOW server_version").fetchone()[0]).split()[0]


def _database_size(url: str) -> dict[str, float]:
    import psycopg

    mb = 1e6
    with psycopg.connect(url) as conn:
        total = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        tables = conn.execute(
            "SELECT relname, pg_total_relation_size(oid), pg_indexes_size(oid) FROM pg_class "
            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
        ).fetchall()
        gin = conn.execute("SELECT pg_relation_size('units_words')").fetchone()[0]
    out = {"total_mb": total / mb, "gin_mb": gin / mb}
    out |= {f"{name}_mb": size / mb for name, size, _ in tables}
    return out


def _folder_mb(folder: Path) -> float:
    done = subprocess.run(["du", "-sb", str(folder)], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[0]) / 1e6


def _serve_status() -> str:
    if importlib.util.find_spec("web") is None:
        return "not measured: `kb serve` (the web package) is not on main yet"
    return "the web package exists: measure it with 8 and 32 clients (not yet automated here)"


def render(r: dict[str, Any]) -> str:
    pg, emb = r["postgresql"], r["embedded"]
    size = pg["size"]
    lines = [
        HEADING, "",
        f"Written by `python -m bench.postgres` on {r['date']}; {r['machine'].get('cpu', '')} "
        f"{r['machine'].get('cores', '')}; load before {r['load_before']}, after {r['load_after']}; "
        f"CPUs {r['settle']['idle']:.0%} idle before the run.",
        f"PostgreSQL {r['server']} on the same machine, a Unix socket, durable (fsync on). "
        f"Corpus: {r['corpus']['docs']} documents, {r['corpus']['mb']:.2f} MB of text "
        f"(fraction {r['corpus']['fraction']}). Both stores fresh, measured in the same run one after "
        "the other; `kb index` with its default two workers.",
        "",
        "| | PostgreSQL | embedded (folder) |", "| --- | ---: | ---: |",
    ]  # fmt: skip
    rows = [
        ("`kb index`, fresh store: seconds", pg["index"]["seconds"], emb["index"]["seconds"]),
        ("MB/s", pg["index"]["mb_per_second"], emb["index"]["mb_per_second"]),
        ("peak RSS of the kb process tree, MB", pg["index"]["peak_tree_mb"], emb["index"]["peak_tree_mb"]),
        ("`kb index` again, unchanged: seconds", pg["reindex"]["seconds"], emb["reindex"]["seconds"]),
        ("stored, MB", size["total_mb"], emb["size"]["total_mb"]),
        ("warm search p50, ms", pg["search"]["latency"]["p50_ms"], emb["search"]["latency"]["p50_ms"]),
        ("warm search p95, ms", pg["search"]["latency"]["p95_ms"], emb["search"]["latency"]["p95_ms"]),
        ("warm structured ask p50, ms", pg["ask"]["latency"]["p50_ms"], emb["ask"]["latency"]["p50_ms"]),
        ("warm structured ask p95, ms", pg["ask"]["latency"]["p95_ms"], emb["ask"]["latency"]["p95_ms"]),
        (
            "cold `kb owners`, median s",
            pg["cold_owners"]["median_seconds"],
            emb["cold_owners"]["median_seconds"],
        ),
    ]
    lines += [f"| {label} | {_num(a)} | {_num(b)} |" for label, a, b in rows]
    parts = ", ".join(
        f"{k[:-3]} {_num(v)}"
        for k, v in sorted(size.items(), key=lambda kv: -kv[1])
        if k not in ("total_mb",)
    )
    lines += [
        "",
        f"Database size: {_num(size['total_mb'])} MB in all (`pg_database_size`); tables with their "
        f"indexes, MB: {parts} "
        "(`gin` is the GIN index of the units' tsvectors, counted in `units` too).",
        f"Search outcomes: PostgreSQL {pg['search']['outcomes']}, embedded {emb['search']['outcomes']}; "
        f"ask kinds PostgreSQL {pg['ask']['outcomes']}, embedded {emb['ask']['outcomes']}.",
    ]  # fmt: skip
    sections = r.get("serve_sections", {})
    if not sections:
        lines.append(f"Concurrent clients through `kb serve` (8 and 32): {r['serve']}.")
    else:
        lines += [
            "",
            "`kb serve` under 1, 8 and 32 clients: `python -m bench.serve --store STORE` on a store of "
            "each kind holding the bulk corpus and the seeds, one after the other (the PostgreSQL one on "
            "a throwaway server of tests/pgserver.py, fsync off), taken in with "
            "`python -m bench.postgres --report-only --serve postgresql=FILE --serve embedded=FILE`.",
        ]
    for kind, title in (
        ("postgresql", "the PostgreSQL store"),
        ("embedded", "the embedded store, the same hour"),
    ):
        if kind in sections:
            lines += ["", f"### `kb serve` on {title}", "", *_serve_body(sections[kind])]
    return "\n".join(lines) + "\n"


def _serve_body(section: str) -> list[str]:
    """bench.serve's section without its markers, heading and notes (they are about its own run)."""
    text = section.split("### Notes", 1)[0]
    lines = [line for line in text.strip().splitlines() if not line.startswith(("<!--", "## Serving"))]
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


def splice(out: Path, section: str) -> None:
    """Put the section into RESULTS.md in place of an earlier one, else at the end."""
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    start = text.find(HEADING)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        following = text.find("\n## ", start + len(HEADING))
        text = text[:start] + section + ("\n" + text[following + 1 :] if following != -1 else "")
    out.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _serve_file(text: str) -> tuple[str, Path]:
    kind, _, path = text.partition("=")
    if kind not in ("postgresql", "embedded") or not path:
        raise argparse.ArgumentTypeError("give postgresql=FILE or embedded=FILE")
    return kind, Path(path)


def _log(message: str) -> None:
    print(f"[bench.postgres {datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.postgres", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--fraction", type=float, default=1.0, help="share of the corpus (default 1.0)")
    parser.add_argument("--corpus", type=Path, default=ROOT / ".." / "shared" / "corpus-bulk")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--passes", type=int, default=5, help="timed passes over the queries (default 5)")
    parser.add_argument(
        "--report-only", action="store_true", help=f"render again from {RAW.relative_to(ROOT)}"
    )
    parser.add_argument(
        "--serve",
        action="append",
        default=[],
        type=_serve_file,
        metavar="KIND=FILE",
        help="a bench.serve section of a store of KIND (postgresql or embedded) to include",
    )
    args = parser.parse_args(argv)
    args.corpus = args.corpus.resolve()
    os.environ.pop("KB_STORE", None)
    return args


if __name__ == "__main__":
    main()
