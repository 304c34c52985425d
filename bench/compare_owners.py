"""Owners per document on the bulk corpus, before and after a change to how responsibility is read.

    .venv/bin/python -m bench.compare_owners dump -o /tmp/before.jsonl      # on the old code
    .venv/bin/python -m bench.compare_owners dump -o /tmp/after.jsonl       # on the new code
    .venv/bin/python -m bench.compare_owners diff /tmp/before.jsonl /tmp/after.jsonl

`dump` reads every document of ../shared/corpus-bulk/*.jsonl (or the files given) the way
`kb index` does (indexer.document.parse, in worker processes) and writes one JSON line per
document: its task count and, for each task with owners, its label and its agencies with
their roles and flags. `diff` lists the documents whose task count or owners changed, and
what changed in each: tasks gained or lost, agencies added or dropped, roles changed.
Nothing is written into the project.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/compare_owners.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import BULK_CORPORA, bulk_corpus  # noqa: E402

BULK = bulk_corpus() or BULK_CORPORA[0]


def _owners(task) -> list[str]:  # type: ignore[no-untyped-def]
    """`name:role`, with `|implied` for a standing rule's body (verbs are kept apart: `_verbs`)."""
    return [
        f"{r.name}:{r.role.value}" + ("|implied" if getattr(r, "implied", False) else "")
        for r in task.responsibilities
    ]


def _verbs(task) -> list[str]:  # type: ignore[no-untyped-def]
    return [getattr(r, "verb", "") for r in task.responsibilities]


def _read_one(args: tuple[str, int, bytes]) -> dict:
    from indexer.document import parse
    from indexer.load import LoadError, _jsonl_source

    path, number, raw = args
    source = _jsonl_source(Path(path), number, raw)
    if isinstance(source, LoadError):
        return {"id": f"{Path(path).name}#{number}", "error": str(source)}
    try:
        doc = parse(source)
    except Exception as e:  # noqa: BLE001 - a bench reports, it does not stop
        return {"id": source.id, "error": f"{type(e).__name__}: {e}"}
    owned: dict[str, list[str]] = {}
    verbs: dict[str, list[str]] = {}
    for t in doc.tasks:
        if t.responsibilities:
            key, n = t.path_text or str(t.seq), 1
            while key in owned:  # the same printed path twice: number the later ones
                n += 1
                key = f"{t.path_text}#{n}"
            owned[key] = _owners(t)
            verbs[key] = _verbs(t)
    return {"id": source.id, "title": doc.title[:60], "tasks": len(doc.tasks), "owned": owned, "verbs": verbs}


def _lines(files: list[Path]) -> Iterator[tuple[str, int, bytes]]:
    for path in files:
        with open(path, "rb") as f:
            for number, raw in enumerate(f, 1):
                if raw.strip():
                    yield str(path), number, raw


def dump(files: list[Path], out: Path, workers: int) -> int:
    count = 0
    with open(out, "w", encoding="utf-8") as f, ProcessPoolExecutor(workers) as pool:
        for record in pool.map(_read_one, _lines(files), chunksize=8):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    print(f"{count} documents -> {out}", file=sys.stderr)
    return 0


def _load(path: Path) -> dict[str, dict]:
    with open(path, encoding="utf-8") as f:
        return {r["id"]: r for r in map(json.loads, f)}


def diff(before: Path, after: Path, verbose: bool) -> int:
    old, new = _load(before), _load(after)
    changed = 0
    totals = {"tasks_before": 0, "tasks_after": 0, "owned_before": 0, "owned_after": 0}
    for doc_id in sorted(old.keys() | new.keys()):
        a, b = old.get(doc_id, {}), new.get(doc_id, {})
        totals["tasks_before"] += a.get("tasks", 0)
        totals["tasks_after"] += b.get("tasks", 0)
        totals["owned_before"] += len(a.get("owned", {}))
        totals["owned_after"] += len(b.get("owned", {}))
        if a.get("tasks") == b.get("tasks") and a.get("owned") == b.get("owned"):
            continue
        changed += 1
        oa = {n for v in a.get("owned", {}).values() for n in v}
        ob = {n for v in b.get("owned", {}).values() for n in v}
        print(
            f"{doc_id} {b.get('title') or a.get('title', '')}: tasks {a.get('tasks')} -> {b.get('tasks')}, "
            f"owned {len(a.get('owned', {}))} -> {len(b.get('owned', {}))}"
        )
        if a.get("error") or b.get("error"):
            print(f"    error before {a.get('error')!r}, after {b.get('error')!r}")
        print(f"    agencies gone: {'、'.join(sorted(oa - ob)) or '-'}")
        print(f"    agencies new:  {'、'.join(sorted(ob - oa)) or '-'}")
        if verbose:
            ta, tb = a.get("owned", {}), b.get("owned", {})
            for key in [*ta, *(k for k in tb if k not in ta)]:
                if ta.get(key) != tb.get(key):
                    print(f"    {key}: {ta.get(key)} -> {tb.get(key)}")
    print(f"{changed} of {len(old.keys() | new.keys())} documents changed; {totals}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="owners per document of the bulk corpus, as JSON lines")
    d.add_argument("files", nargs="*", type=Path, help="JSONL files (default: the bulk corpus)")
    d.add_argument("-o", "--output", type=Path, required=True)
    d.add_argument("-j", "--workers", type=int, default=2)
    c = sub.add_parser("diff", help="what changed between two dumps")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("-v", "--verbose", action="store_true", help="every changed task")
    args = parser.parse_args(argv)
    if args.command == "dump":
        files = args.files or sorted(BULK.glob("*.jsonl"))
        return dump(files, args.output, args.workers)
    return diff(args.before, args.after, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
