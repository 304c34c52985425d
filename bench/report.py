"""RESULTS.md: the figures of one run as Markdown tables, and the issue's targets checked.

The report is rendered from the run's results (a JSON-ready dict, kept in bench/out/), so
it can be rendered again without measuring. The "Notes" section is `bench/NOTES.md`, written
by a person, included as it is; without it the section is a placeholder naming the targets
to explain. The PostgreSQL section (`bench/POSTGRES.md`, written by `python -m bench.postgres`)
is kept at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Results = dict[str, Any]
NOTES = Path(__file__).with_name("NOTES.md")
SERVE = Path(__file__).with_name("SERVE.md")
POSTGRES = Path(__file__).with_name("POSTGRES.md")


@dataclass(frozen=True, slots=True)
class Target:
    """One target of issue 7: `measured` must be at most (or at least) `limit`."""

    name: str
    limit: float
    unit: str
    at_most: bool
    measured: float | None  # None: not measured in this run

    @property
    def met(self) -> bool | None:
        if self.measured is None:
            return None
        return self.measured <= self.limit if self.at_most else self.measured >= self.limit

    def verdict(self) -> str:
        if self.measured is None:
            return "not measured"
        ratio = self.measured / self.limit
        if self.at_most:
            how = f"{ratio * 100:.0f} % of the limit" if self.met else f"{ratio:.2f}x the limit"
            diff = self.measured - self.limit
        else:
            how = f"{ratio:.2f}x the target" if self.met else f"{ratio * 100:.0f} % of the target"
            diff = self.limit - self.measured
        if self.met:
            return f"met ({how})"
        return f"**not met**: {how} ({'+' if self.at_most else '−'}{_num(abs(diff))} {self.unit})"


def targets(r: Results) -> list[Target]:
    """The issue's targets against this run's figures."""
    index, whoosh = r.get("index"), r.get("whoosh")
    scaling = {p["fraction"]: p["seconds"] for p in r.get("scaling", [])}
    warm, cold = r.get("warm", {}), {c["name"]: c["median_seconds"] for c in r.get("cold", [])}
    ratio = None
    if index and whoosh:
        ratio = index["mb_per_second"] / whoosh["build"]["mb_per_second"]
    growth = None
    if len(scaling) >= 2:
        growth = scaling[max(scaling)] / scaling[min(scaling)]

    def pick(d: Any, *keys: str) -> float | None:
        for key in keys:
            if not d:
                return None
            d = d.get(key)
        return d  # type: ignore[no-any-return]

    return [
        Target("kb index end to end, MB/s", 2.0, "MB/s", False, pick(index, "mb_per_second")),
        Target("kb index throughput / whoosh+jieba baseline", 4.0, "x", False, ratio),
        Target("kb index peak RSS (process tree)", 2000.0, "MB", True, pick(index, "peak_tree_mb")),
        Target("index time 100 % / 10 %", 11.0, "x", True, growth),
        Target("warm search p50", 20.0, "ms", True, pick(warm, "search", "latency", "p50_ms")),
        Target("warm search p95", 100.0, "ms", True, pick(warm, "search", "latency", "p95_ms")),
        Target("warm structured ask p50", 5.0, "ms", True, pick(warm, "ask", "latency", "p50_ms")),
        Target("cold kb owners", 0.4, "s", True, cold.get("owners")),
        Target("cold kb search", 1.5, "s", True, cold.get("search")),
        Target("cold structured kb ask", 3.0, "s", True, cold.get("ask")),
        Target("unchanged corpus re-indexed", 5.0, "s", True, pick(r.get("reindex"), "seconds")),
    ]


def render(r: Results) -> str:
    sections: list[Callable[[Results], list[str]]] = [
        _header,
        _throughput,
        _latency,
        _cold,
        _scaling,
        _targets,
        _method,
        _notes,
    ]
    lines: list[str] = []
    for section in sections:
        lines += section(r) + [""]
    if SERVE.exists():  # the web benchmark (bench/serve.py) measures apart and keeps its section here
        lines += [SERVE.read_text(encoding="utf-8").strip(), ""]
    if POSTGRES.exists():  # measured by bench.postgres, at its own time
        lines += [POSTGRES.read_text(encoding="utf-8").strip(), ""]
    return "\n".join(lines).rstrip() + "\n"


def _settled(settle: dict[str, float]) -> str:
    return f"| CPUs idle before the run | {settle['idle']:.0%} (waited {settle['seconds']:.0f} s for them) |"


def _header(r: Results) -> list[str]:
    m, c = r["machine"], r["corpus"]
    versions = ", ".join(f"{name} {v}" for name, v in m["versions"].items())
    lines = ["# Benchmark results (issue 7)", ""]
    if r["fraction"] < 1.0:
        lines += [
            f"> **Smoke run at fraction {r['fraction']}**, not the full corpus: the targets are for the",
            "> full corpus, so the verdicts below are indicative only.",
            "",
        ]
    settle = r.get("settle")
    if settle is not None and settle["idle"] < 0.9:
        lines += [
            f"> The CPUs were only {settle['idle']:.0%} idle after waiting {settle['seconds']:.0f} s for them"
            " to settle: timings are noisy.",
            "",
        ]
    elif settle is None and float(r["load_before"].split()[0]) >= 0.5:
        busy = float(r["load_before"].split()[0])
        lines += [f"> The machine was busy when the run started (load {busy:.2f}): timings are noisy.", ""]
    failed = r.get("index", {}).get("errors")
    if failed:
        lines += [f"> `kb index` failed on {failed} documents of this run (see its stderr).", ""]
    return lines + [
        "Written by `bench/run.py`; `make bench` runs it on the whole corpus (see bench/README.md).",
        "",
        "| | |",
        "| --- | --- |",
        f"| date | {r['date']} |",
        f"| machine | {m['cpu']}; {m['cores']} cores ({m['usable_cores']} usable); "
        f"{m['memory_mb'] / 1000:.1f} GB memory; {m['platform']} |",
        f"| load average (1, 5, 15 min) | before {r['load_before']}; after {r['load_after']} |",
        *([_settled(r["settle"])] if "settle" in r else []),
        f"| Python | {m['python']} |",
        f"| versions | {versions} |",
        f"| policykb commit | {m['commit']} |",
        f"| corpus | `{c['path']}`: {c['all_docs']} documents, {c['all_mb']:.1f} MB of text |",
        f"| this run | fraction {r['fraction']}: {c['docs']} documents, {c['mb']:.2f} MB of text |",
    ]


def _throughput(r: Results) -> list[str]:
    lines = [
        "## Indexing throughput (same documents, same text)",
        "",
        "MB/s is decimal megabytes of the documents' `text` fields as UTF-8 per wall-clock second.",
        "",
        "| what | seconds | MB/s | documents/s | vs whoosh+jieba | peak MB: tree RSS / tree PSS / largest |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    whoosh = r.get("whoosh")
    base = whoosh["build"]["mb_per_second"] if whoosh else None

    def row(name: str, t: dict[str, float] | None, memory: str = "") -> str:
        if t is None:
            return f"| {name} | skipped | | | | |"
        versus = f"{t['mb_per_second'] / base:.2f}x" if base else ""
        return (
            f"| {name} | {t['seconds']:.2f} | {t['mb_per_second']:.3f} | {t['docs_per_second']:.1f} "
            f"| {versus} | {memory} |"
        )

    index = r.get("index")
    memory = ""
    if index:
        peaks = (index["peak_tree_mb"], index["peak_tree_pss_mb"], index["max_process_mb"])
        memory = " / ".join(f"{mb:.0f}" for mb in peaks)
    floor = r.get("floor", {})
    llama = r.get("llama")
    return lines + [
        row("`kb index` end to end, fresh store", index, memory),
        row("floor: `kb.normalize.normalize` alone, 1 process", floor.get("normalise")),
        row("floor: normalise + rjieba segmentation with positions, 1 process", floor.get("segment")),
        row("baseline: whoosh + jieba `ChineseAnalyzer`, 1 writer", whoosh["build"] if whoosh else None),
        row(
            "baseline: llama-index `TextNode`s + `BM25Retriever` (jieba), build",
            llama["build"] if llama else None,
        ),
    ]


def _latency(r: Results) -> list[str]:
    warm, whoosh, llama = r.get("warm", {}), r.get("whoosh"), r.get("llama")
    lines = [
        "## Warm query latency, in process",
        "",
        f"{r['settings']['passes']} timed passes after one warm-up pass; p50/p95 over every timed call. "
        "Ten results per search. The store holds the run's documents and the five seeds of `corpus/`.",
        "",
        "| what | p50 ms | p95 ms | calls | outcomes |",
        "| --- | ---: | ---: | ---: | --- |",
    ]

    def row(name: str, result: dict[str, Any] | None) -> str:
        if result is None:
            return f"| {name} | skipped | | | |"
        lat = result["latency"]
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(result.get("outcomes", {}).items()))
        return f"| {name} | {lat['p50_ms']:.2f} | {lat['p95_ms']:.2f} | {lat['samples']} | {outcomes} |"

    return lines + [
        row("`KnowledgeBase.search`, 50 queries (bench/queries.txt)", warm.get("search")),
        row("structured `KnowledgeBase.ask`, 50 questions (bench/questions.txt)", warm.get("ask")),
        row("baseline: whoosh + jieba, same 50 queries", {"latency": whoosh["query"]} if whoosh else None),
        row(
            "baseline: llama-index BM25 `retrieve`, same 50 queries",
            {"latency": llama["query"]} if llama else None,
        ),
    ]


def _cold(r: Results) -> list[str]:
    lines = [
        "## Cold-process latency",
        "",
        "A fresh `kb` process per run, wall clock from start to exit; median of "
        f"{r['settings']['cold_runs']} runs after one untimed run.",
        "",
        "| command | median s | runs s |",
        "| --- | ---: | --- |",
    ]
    if not r.get("cold"):
        return lines + ["| skipped | | |"]
    for c in r["cold"]:
        runs = ", ".join(f"{s:.3f}" for s in c["runs"])
        lines.append(f"| `{c['command']}` | {c['median_seconds']:.3f} | {runs} |")
    return lines


def _scaling(r: Results) -> list[str]:
    lines = [
        "## Index time against corpus size, and re-indexing",
        "",
        "Fractions of the whole corpus (nested subsets); a fresh store each.",
        "",
        "| fraction | documents | MB | seconds | MB/s | peak tree RSS MB | documents failed |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for p in r.get("scaling", []):
        lines.append(
            f"| {p['fraction']:g} | {p['docs']} | {p['megabytes']:.2f} | {p['seconds']:.2f} "
            f"| {p['mb_per_second']:.3f} | {p['peak_tree_mb']:.0f} | {p['errors']} |"
        )
    reindex = r.get("reindex")
    if reindex:
        lines += [
            "",
            f"`kb index` again on the unchanged corpus, same store: **{reindex['seconds']:.2f} s** "
            f"({reindex['unchanged']} unchanged, {reindex['added']} added).",
        ]
    if r.get("seeds_seconds") is not None:
        lines += [
            "",
            f"Adding the five seeds to that store (for the query measurements): {r['seeds_seconds']:.2f} s.",
        ]
    return lines


def _targets(r: Results) -> list[str]:
    lines = [
        "## Targets (issue 7)",
        "",
        "| target | limit | measured | verdict |",
        "| --- | ---: | ---: | --- |",
    ]
    for t in targets(r):
        sign = "≤" if t.at_most else "≥"
        measured = "" if t.measured is None else f"{_num(t.measured)} {t.unit}"
        lines.append(f"| {t.name} | {sign} {_num(t.limit)} {t.unit} | {measured} | {t.verdict()} |")
    return lines


def _method(r: Results) -> list[str]:
    return [
        "## How each figure is taken",
        "",
        "- Text: deterministic nested subsets (blake2b of the document id), written as JSONL to a temporary",
        "  directory; every measurement reads the same documents. MB = 10^6 bytes of UTF-8 `text`.",
        "- `kb index`: the installed console script, `kb --store TMP index --quiet --json SUBSET`, in a",
        "  fresh store; wall clock of the whole process (start-up and imports included). Peak memory:",
        "  RSS (VmRSS) and PSS summed over the process and its descendants, polled every 50 ms from",
        "  /proc/PID/smaps_rollup (RSS counts pages the forked workers share with the parent in every",
        "  process, PSS once); largest process: ru_maxrss from wait4 (getrusage(RUSAGE_CHILDREN) for",
        "  this one command). The RSS target is checked against the tree RSS, the strictest figure.",
        "- Floor: the indexer's analysis calls (`kb.search.analysis.counted_positions`, which normalises",
        "  then cuts with rjieba) over every line and title, one process, dictionaries loaded first.",
        "- whoosh + jieba: jieba's own whoosh example (stored `title`/`content` TEXT fields with",
        "  `ChineseAnalyzer`, an `id` ID field), `ix.writer()` defaults, one `add_document` per document.",
        "- llama-index: one `TextNode` per document (title in metadata) in a `BM25Retriever` subclass fed",
        "  jieba's search-mode words, since `BM25Retriever` ignores `tokenizer=` and its default regex",
        "  splitter reads a run of Chinese characters as one word and drops one-character words; jieba's",
        "  ChineseAnalyzer stop list (bm25s's Chinese list drops 任务, 促进, 加强), no stemming.",
        "  Build time includes making the nodes and jieba's tokenisation.",
        "- Queries: the store of the `kb index` run plus the five seeds (`kb index SUBSET corpus/`), since",
        "  the structured questions are about the seeds' tasks and agencies.",
    ]


def _notes(r: Results) -> list[str]:
    lines = ["## Notes", ""]
    if NOTES.exists() and NOTES.read_text(encoding="utf-8").strip():
        return lines + [
            "(from bench/NOTES.md, written by hand)",
            "",
            NOTES.read_text(encoding="utf-8").strip(),
        ]
    unmet = [t.name for t in targets(r) if t.met is False]
    lines.append(
        "_Placeholder: write bench/NOTES.md (included here) to explain every target not met, by how"
        " much and what bounds it (profile it: pyinstrument, py-spy), then run"
        " `python -m bench.run --report-only` to render this file again._"
    )
    if unmet:
        lines += ["", "Targets not met in this run: " + "; ".join(unmet) + "."]
    return lines


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"
