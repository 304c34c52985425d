"""Run the benchmark of issue 7 and write bench/RESULTS.md.

    .venv/bin/python -m bench.run                    # the whole corpus (what `make bench` runs)
    .venv/bin/python -m bench.run --fraction 0.05    # a quick smoke run
    .venv/bin/python -m bench.run --fraction 0.05 --skip whoosh,llama,scaling

Every measurement of a run uses the same text: nested subsets of the bulk corpus written to
a temporary directory (removed at the end unless --keep). Subprocess measurements run first,
then the in-process ones. The raw figures go to bench/out/results.json, from which
`--report-only` renders RESULTS.md again (e.g. after writing bench/NOTES.md).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python bench/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import floor, kb_runs, latency, llama_baseline, machine, report, whoosh_baseline  # noqa: E402
from bench.corpus import Corpus, Subset  # noqa: E402
from bench.measure import latency as summarise  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench"
RAW = HERE / "out" / "results.json"
SEEDS = ROOT / "corpus"
STEPS = ("reindex", "scaling", "floor", "whoosh", "llama", "warm", "cold")
COLD = {
    "owners": ["owners", "000_9df154392c23cece", "12"],
    "search": ["search", "知识产权保护"],
    "ask": ["ask", "北京标杆孵化器方案第12项任务由哪个部门负责？"],
}


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    if args.report_only:
        _write(json.loads(RAW.read_text(encoding="utf-8")), args.out)
        return
    corpus = Corpus.read(args.corpus)
    if args.keep:
        work = tempfile.mkdtemp(prefix="policykb-bench-")
        _log(f"keeping the subsets and stores in {work}")
        context: Any = contextlib.nullcontext(work)
    else:
        context = tempfile.TemporaryDirectory(prefix="policykb-bench-")
    with context as tmp:
        results = measure_all(corpus, args, Path(tmp))
    RAW.parent.mkdir(exist_ok=True)
    RAW.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    _write(results, args.out)


def measure_all(corpus: Corpus, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Every measurement not skipped, in one dict ready for JSON."""
    subset = corpus.subset(args.fraction, work)
    if not subset.docs:
        raise SystemExit(f"error: fraction {args.fraction} selects no documents")
    _log("waiting for the CPUs to go idle")
    waited, idle = machine.settle()
    results: dict[str, Any] = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "settle": {"seconds": waited, "idle": idle},
        "machine": machine.describe(ROOT),
        "load_before": machine.load_average(),
        "fraction": args.fraction,
        "corpus": {
            "path": str(args.corpus),
            "all_docs": corpus.docs,
            "all_mb": corpus.megabytes,
            "docs": len(subset.docs),
            "mb": subset.megabytes,
        },
        "settings": {"passes": args.passes, "cold_runs": args.cold_runs},
    }
    results |= _processes(corpus, subset, args, work)
    results |= _in_process(subset, args, work)
    results["load_after"] = machine.load_average()
    return results


def _processes(corpus: Corpus, subset: Subset, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """The measurements of `kb` processes; the store they build is `work/store`."""
    skip, store = args.skip, work / "store"
    results: dict[str, Any] = {}
    _log(f"kb index, fraction {args.fraction}: {len(subset.docs)} documents, {subset.megabytes:.1f} MB")
    results["index"] = asdict(kb_runs.index(store, subset))
    if "reindex" not in skip:
        _log("kb index again, unchanged")
        results["reindex"] = asdict(kb_runs.index(store, subset))
    if not {"warm", "cold"} <= skip:
        _log("adding the seeds for the query measurements")
        results["seeds_seconds"] = kb_runs.index(store, subset, SEEDS).seconds
    if "cold" not in skip:
        _log("cold kb owners, search, ask")
        results["cold"] = [
            asdict(kb_runs.cold(store, name, cmd, args.cold_runs)) for name, cmd in COLD.items()
        ]
    if "scaling" not in skip:
        results["scaling"] = _scaling(corpus, args.fraction, work, results["index"])
    return results


def _in_process(subset: Subset, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """The measurements made in this process: the floor, the baselines, warm latency."""
    skip = args.skip
    results: dict[str, Any] = {}
    if "floor" not in skip:
        _log("floor: normalisation, then normalisation and segmentation")
        results["floor"] = {
            "normalise": asdict(floor.normalisation(subset)),
            "segment": asdict(floor.segmentation(subset)),
        }
    queries = latency.read_lines(HERE / "queries.txt")
    if "whoosh" not in skip:
        results["whoosh"] = _whoosh(subset, queries, work / "whoosh", args.passes)
    if "llama" not in skip:
        results["llama"] = _llama(subset, queries, args.passes)
    if "warm" not in skip:
        _log("warm kb search and structured ask")
        questions = latency.read_lines(HERE / "questions.txt")
        results["warm"] = {
            "search": asdict(latency.search(work / "store", queries, args.passes)),
            "ask": asdict(latency.ask(work / "store", questions, args.passes)),
        }
    return results


def _scaling(corpus: Corpus, fraction: float, work: Path, full: dict[str, Any]) -> list[dict[str, Any]]:
    """kb index at 10 % and 30 % of the run's fraction (fresh stores), with the full run's figures."""
    points = []
    for share in (0.1, 0.3):
        part: Subset = corpus.subset(round(fraction * share, 6), work)
        _log(f"kb index, fraction {part.fraction}: {len(part.docs)} documents")
        points.append(asdict(kb_runs.index(work / f"store-{part.fraction}", part)))
    return points + [full]


def _whoosh(subset: Subset, queries: list[str], directory: Path, passes: int) -> dict[str, Any]:
    _log("baseline: whoosh + jieba ChineseAnalyzer")
    build = whoosh_baseline.build(subset, directory)
    timings = whoosh_baseline.search_timings(directory, queries, passes)
    return {"build": asdict(build), "query": asdict(summarise(timings))}


def _llama(subset: Subset, queries: list[str], passes: int) -> dict[str, Any]:
    _log("baseline: llama-index BM25Retriever with jieba")
    build, retriever = llama_baseline.build(subset)
    timings = llama_baseline.query_timings(retriever, queries, passes)
    return {"build": asdict(build), "query": asdict(summarise(timings))}


def _write(results: dict[str, Any], out: Path) -> None:
    out.write_text(report.render(results), encoding="utf-8")
    _log(f"wrote {out}")


def _log(message: str) -> None:
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fraction", type=_fraction, default=1.0, help="share of the corpus (default 1.0)")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=ROOT / ".." / "shared" / "corpus-bulk",
        help="bulk corpus directory of .jsonl files (default ../shared/corpus-bulk/)",
    )
    parser.add_argument(
        "--out", type=Path, default=HERE / "RESULTS.md", help="report (default bench/RESULTS.md)"
    )
    parser.add_argument(
        "--skip", type=_steps, default=set(), help=f"comma-separated steps to skip: {','.join(STEPS)}"
    )
    parser.add_argument("--passes", type=int, default=5, help="timed passes over the queries (default 5)")
    parser.add_argument("--cold-runs", type=int, default=5, help="timed runs per cold command (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (subsets, stores)")
    parser.add_argument(
        "--report-only", action="store_true", help=f"render --out again from {RAW.relative_to(ROOT)}"
    )
    args = parser.parse_args(argv)
    args.corpus = args.corpus.resolve()
    return args


def _fraction(text: str) -> float:
    value = float(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError("a fraction is in (0, 1]")
    return value


def _steps(text: str) -> set[str]:
    steps = {s.strip() for s in text.split(",") if s.strip()}
    unknown = steps - set(STEPS)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown step(s) {', '.join(sorted(unknown))}; choose from {', '.join(STEPS)}"
        )
    return steps


if __name__ == "__main__":
    main()
