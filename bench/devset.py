"""The development sets: hand labels of real documents against what the tool reads from them.

    .venv/bin/python -m bench.devset            # agency F1 and lead accuracy, per document and overall
    .venv/bin/python -m bench.devset 05 14 -v   # two documents, every wrong task shown
    .venv/bin/python -m bench.devset --set bulk -v   # the second set, from the bulk corpus
    .venv/bin/python -m bench.devset --folder DIR    # a set of one's own: DIR/docs, DIR/labels

`--set dev` (the default): labels in tests/data/dev/labels/NN.json (format: tests/data/dev/README.md),
the documents in tests/data/dev/docs/. `--set bulk`: labels in tests/data/bulk-labels/NN.json,
each naming a line of ../shared/corpus-bulk/*.jsonl by file and id; those lines are read from the
corpus (never copied into the project) into a temporary store. The corpus may be absent (a clean
checkout): the bulk set then stops with a message and exit status 1; no test depends on it.

A labelled task is matched to the smallest extracted task holding the place where the document
says its `find` words (its `occurrence`-th such place, if given);
extracted tasks with owners that match no label count as invented.
Agencies are compared by their names as written (simplified, in matching form); the lead of a
task is right when the set of its leads is the labelled set (counted over the tasks that have a
lead in the label or in what the tool read: a lead read where the label has none is wrong).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/devset.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import BULK_CORPORA, bulk_corpus  # noqa: E402
from kb.model import Document, Role, Task  # noqa: E402
from kb.normalize import match_key  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "dev"
DOCS = DEV / "docs"
LABELS = DEV / "labels"
BULK_LABELS = ROOT / "tests" / "data" / "bulk-labels"


@dataclass(frozen=True, slots=True)
class Label:
    """One document's hand label: of a file of tests/data/dev/docs, or (`id` given) of the line
    with that id in a .jsonl file of the bulk corpus."""

    file: str
    markers: bool
    tasks: tuple[dict, ...]
    notes: str = ""
    id: str = ""
    name: str = ""  # the label's file name without .json (NN)

    @property
    def doc_id(self) -> str:
        return self.id or Path(self.file).stem

    @property
    def shown(self) -> str:
        """How the score table names the document."""
        return self.doc_id if self.doc_id.startswith(self.name) else f"{self.name} {self.doc_id}"

    @classmethod
    def read(cls, path: Path) -> Label:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            data["file"],
            bool(data.get("markers", True)),
            tuple(data.get("tasks", ())),
            data.get("notes", ""),
            data.get("id", ""),
            path.stem,
        )


@dataclass
class Score:
    """Counts over one document (or several added up)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    leads: int = 0  # tasks with a lead, labelled or read
    leads_right: int = 0
    deadlines: int = 0
    deadlines_right: int = 0
    wrong: list[str] = field(default_factory=list)  # one line per wrong task

    def add(self, other: Score) -> None:
        for name in ("tp", "fp", "fn", "leads", "leads_right", "deadlines", "deadlines_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wrong += other.wrong

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def lead_accuracy(self) -> float:
        return self.leads_right / self.leads if self.leads else 1.0

    @property
    def perfect(self) -> bool:
        return (
            not self.fp
            and not self.fn
            and self.leads_right == self.leads
            and (self.deadlines_right == self.deadlines)
        )


def labels(only: Iterable[str] = (), folder: Path = LABELS) -> list[Label]:
    """The labels in `folder`, in file order; `only` keeps those whose label or document file
    name starts with one of the prefixes."""
    wanted = tuple(only)
    found = [Label.read(p) for p in sorted(folder.glob("*.json"))]
    return [lb for lb in found if not wanted or lb.name.startswith(wanted) or lb.file.startswith(wanted)]


def _flat(text: str) -> str:
    return "".join(text.split())


def _task_at(doc: Document, find: str, occurrence: int) -> Task | None:
    """The smallest task holding the `occurrence`-th place where the text says `find`
    (whitespace ignored); else the smallest task whose text holds it."""
    kept = [i for i, c in enumerate(doc.text) if not c.isspace()]
    flat = "".join(doc.text[i] for i in kept)
    needle, pos = _flat(find), -1
    for _ in range(occurrence):
        pos = flat.find(needle, pos + 1)
        if pos == -1:
            break
    if pos != -1:
        at = kept[pos]
        holding = [t for t in doc.tasks if t.span.start <= at < t.span.end]
        if holding:
            return min(holding, key=lambda t: t.span.end - t.span.start)
    holding = [t for t in doc.tasks if needle in _flat(t.text)]
    return min(holding, key=lambda t: len(t.text)) if holding else None


def owners(task: Task) -> dict[str, Role]:
    """A task's agencies by name in matching form, with their roles."""
    return {match_key(r.name): r.role for r in task.responsibilities}


def score(doc: Document, label: Label) -> Score:
    """How the tool's reading of `doc` compares with its hand label."""
    out = Score()
    matched: set[int] = set()
    for entry in label.tasks:
        want = {match_key(a["name"]): Role(a["role"]) for a in entry["agencies"]}
        task = _task_at(doc, entry["find"], entry.get("occurrence", 1))
        got = owners(task) if task else {}
        if task is not None:
            matched.add(task.seq)
        tp = len(want.keys() & got.keys())
        out.tp += tp
        out.fn += len(want.keys() - got.keys())
        out.fp += len(got.keys() - want.keys())
        want_lead = {n for n, r in want.items() if r is Role.LEAD}
        got_lead = {n for n, r in got.items() if r is Role.LEAD}
        if want_lead or got_lead:  # a task labelled with no lead (排名不分先后, a guide) counts too
            out.leads += 1
            out.leads_right += want_lead == got_lead
        deadline_ok = True
        if entry.get("deadline"):
            out.deadlines += 1
            deadline_ok = task is not None and match_key(task.deadline or "") == match_key(entry["deadline"])
            out.deadlines_right += deadline_ok
        if want != got or not deadline_ok:
            where = f"{task.path_text} " if task else "(no task holds it) "
            out.wrong.append(
                f"{label.doc_id} {where}{entry['find']}: want {_show(want)}, got {_show(got)}"
                + (
                    ""
                    if deadline_ok
                    else f"; deadline want {entry['deadline']!r}, got {task and task.deadline!r}"
                )
            )
    for task in doc.tasks:
        if task.seq in matched or not task.responsibilities:
            continue
        got = owners(task)
        out.fp += len(got)
        out.wrong.append(f"{label.doc_id} {task.path_text} {task.title[:30]}: invented {_show(got)}")
    return out


def _show(agencies: dict[str, Role]) -> str:
    return "、".join(f"{n}({r})" for n, r in agencies.items()) or "none"


def read_documents(store: Path, chosen: list[Label], docs: Path = DOCS) -> dict[str, Document]:
    """Index the labelled documents (files in `docs`) into `store` and load them."""
    from indexer.pipeline import index
    from kb.knowledge import KnowledgeBase

    report = index([docs / lb.file for lb in chosen], store, workers=1, rebuild=True)
    if report.errors:
        raise SystemExit("\n".join(report.errors))
    base = KnowledgeBase.open(store)
    return {lb.doc_id: base.generation.load(lb.doc_id) for lb in chosen}


def read_bulk_documents(store: Path, chosen: list[Label], corpus: Path) -> dict[str, Document]:
    """Copy the labelled lines of the corpus's .jsonl files (as they are) into one temporary
    .jsonl file beside `store`, index it into `store` and load the documents."""
    wanted = {(lb.file, lb.id) for lb in chosen}
    lines: dict[tuple[str, str], bytes] = {}
    for name in sorted({lb.file for lb in chosen}):
        path = corpus / name
        if not path.is_file():
            raise SystemExit(f"{path}: not found; the bulk labels need the bulk corpus's {name}")
        with open(path, "rb") as f:
            for raw in f:
                key = (name, str(json.loads(raw)["id"]))
                if key in wanted:
                    lines[key] = raw if raw.endswith(b"\n") else raw + b"\n"
    missing = sorted(f"{name} id {doc_id}" for name, doc_id in wanted - lines.keys())
    if missing:
        raise SystemExit("not in the bulk corpus: " + "; ".join(missing))
    picked = store.parent / "bulk-labelled.jsonl"
    picked.write_bytes(b"".join(lines[(lb.file, lb.id)] for lb in chosen))
    from indexer.pipeline import index
    from kb.knowledge import KnowledgeBase

    report = index([picked], store, workers=1, rebuild=True)
    if report.errors:
        raise SystemExit("\n".join(report.errors))
    base = KnowledgeBase.open(store)
    return {lb.doc_id: base.generation.load(lb.doc_id) for lb in chosen}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("only", nargs="*", help="document prefixes (05, 14 …); default: every label")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every wrong task")
    parser.add_argument(
        "--set",
        choices=("dev", "bulk"),
        default="dev",
        help="tests/data/dev (default) or tests/data/bulk-labels",
    )
    parser.add_argument("--corpus", type=Path, help="the bulk corpus folder (default ../shared/corpus-bulk)")
    parser.add_argument(
        "--folder",
        type=Path,
        help="a labelled set of one's own: FOLDER/docs holds the files, FOLDER/labels their labels",
    )
    args = parser.parse_args(argv)
    folder = args.folder / "labels" if args.folder else BULK_LABELS if args.set == "bulk" else LABELS
    chosen = labels(args.only, folder)
    if not chosen:
        print(f"no labels in {folder}", file=sys.stderr)
        return 1
    corpus = bulk_corpus(args.corpus) if args.set == "bulk" and not args.folder else None
    if args.set == "bulk" and not args.folder and corpus is None:
        where = args.corpus or BULK_CORPORA[0]
        print(
            f"{where}: the bulk corpus is not here, so the bulk set cannot be scored; "
            "give its folder with --corpus DIR (the labels name its .jsonl files and line ids)",
            file=sys.stderr,
        )
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        if corpus:
            docs = read_bulk_documents(store, chosen, corpus)
        else:
            docs = read_documents(store, chosen, args.folder / "docs" if args.folder else DOCS)
    total = Score()
    print(f"{'document':44} {'tasks':>5} {'P':>6} {'R':>6} {'F1':>6} {'lead':>6}")
    for lb in chosen:
        s = score(docs[lb.doc_id], lb)
        total.add(s)
        print(
            f"{lb.shown[:44]:44} {len(lb.tasks):5} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
            f"{s.lead_accuracy:6.3f}"
        )
        if args.verbose:
            for line in s.wrong:
                print("    " + line)
    print(
        f"{'all ' + str(len(chosen)) + ' documents':44} {sum(len(lb.tasks) for lb in chosen):5} "
        f"{total.precision:6.3f} {total.recall:6.3f} {total.f1:6.3f} {total.lead_accuracy:6.3f}"
    )
    print(
        f"agency F1 {total.f1:.3f}, lead accuracy {total.lead_accuracy:.3f}, "
        f"deadlines {total.deadlines_right}/{total.deadlines}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
