"""What the indexer reads from the bulk corpus, per document, to compare two versions of it.

    .venv/bin/python -m bench.compare_bulk dump /tmp/bulk-before.json      # every *.jsonl
    .venv/bin/python -m bench.compare_bulk dump /tmp/p.json ../shared/corpus-bulk/policy_docs.jsonl
    .venv/bin/python -m bench.compare_bulk diff /tmp/bulk-before.json /tmp/bulk-after.json [-v]

`dump` parses every document (no store, no search index) and writes, per document, its
metadata (title, number, jurisdiction), its parts (kind and title), its task count and each
task's path and owners (name and role). `diff` counts the documents whose metadata, parts,
tasks or owners changed, and with `-v` lists them. Meant to be run before and after a change
to the indexer, with the output kept outside the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python bench/compare_bulk.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import BULK_CORPORA, bulk_corpus  # noqa: E402

BULK = bulk_corpus() or BULK_CORPORA[0]


def _summary(path: str) -> list[tuple[str, dict[str, Any]]]:
    from indexer.document import parse
    from indexer.load import LoadError, read

    out = []
    for item in read(Path(path)):
        if isinstance(item, LoadError):
            out.append((f"{path}:{item.line}", {"error": item.cause}))
            continue
        try:
            doc = parse(item)
        except Exception as e:  # a refused document is a result too
            out.append((item.id, {"error": f"{type(e).__name__}: {e}"}))
            continue
        out.append((item.id, _document(doc)))
    return out


def _document(doc: Any) -> dict[str, Any]:
    return {
        "title": doc.meta.title,
        "number": doc.meta.doc_number,
        "jurisdiction": doc.meta.jurisdiction,
        "issuers": list(doc.meta.issuers),
        "parts": [[str(p.kind), p.title] for p in doc.parts],
        "sections": len(doc.sections),
        "tasks": len(doc.tasks),
        "owners": [
            ["".join(t.path), [[r.name, str(r.role)] for r in t.responsibilities]]
            for t in doc.tasks
            if t.responsibilities
        ],
    }


def _split(paths: list[Path]) -> Iterator[str]:
    """Files to parse in parallel: each .jsonl cut into pieces of 200 lines, other files whole."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="compare-bulk-"))
    for path in paths:
        if path.suffix != ".jsonl":
            yield str(path)
            continue
        lines = path.read_bytes().splitlines(keepends=True)
        for k in range(0, len(lines), 200):
            piece = folder / f"{path.stem}.{k:06d}.jsonl"
            piece.write_bytes(b"".join(lines[k : k + 200]))
            yield str(piece)


def dump(out: Path, files: list[Path]) -> None:
    result: dict[str, dict[str, Any]] = {}
    with ProcessPoolExecutor(max_workers=2) as pool:
        for pairs in pool.map(_summary, list(_split(files))):
            result.update(pairs)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    tasks = sum(d.get("tasks", 0) for d in result.values())
    owned = sum(len(d.get("owners", ())) for d in result.values())
    print(f"{len(result)} documents, {tasks} tasks, {owned} with owners -> {out}")


_ASPECTS = ("title", "number", "jurisdiction", "issuers", "parts", "tasks", "owners")


def diff(before: Path, after: Path, verbose: bool, aspects: tuple[str, ...]) -> None:
    a = json.loads(before.read_text(encoding="utf-8"))
    b = json.loads(after.read_text(encoding="utf-8"))
    changed: dict[str, list[str]] = {k: [] for k in _ASPECTS}
    for doc_id in sorted(set(a) | set(b)):
        x, y = a.get(doc_id, {}), b.get(doc_id, {})
        for key in _ASPECTS:
            if x.get(key) != y.get(key):
                changed[key].append(doc_id)
    for key in _ASPECTS:
        print(f"{key:13} {len(changed[key]):5} documents changed")
    totals = [(sum(d.get("tasks", 0) for d in v.values()), sum(len(d.get("owners", ())) for d in v.values()))
              for v in (a, b)]  # fmt: skip
    print(f"tasks {totals[0][0]} -> {totals[1][0]}; tasks with owners {totals[0][1]} -> {totals[1][1]}")
    if not verbose:
        return
    for key in aspects:
        for doc_id in changed[key]:
            x, y = a.get(doc_id, {}).get(key), b.get(doc_id, {}).get(key)
            if key == "owners":
                x, y = len(x or []), len(y or [])
            print(f"[{key}] {doc_id}: {_short(x)} -> {_short(y)}")


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 300 else text[:297] + "..."


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("files", nargs="*", type=Path)
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("-v", "--verbose", action="store_true")
    c.add_argument("--aspects", default=",".join(_ASPECTS))
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.out, args.files or sorted(BULK.glob("*.jsonl")))
    else:
        diff(args.before, args.after, args.verbose, tuple(args.aspects.split(",")))


if __name__ == "__main__":
    main()
