"""The benchmark's text: deterministic, nested subsets of the bulk corpus.

A document belongs to the subset of fraction f when the stable hash of its id, read as a
number in [0, 1), is below f; so the 10 % subset is inside the 30 % one, which is inside
the whole corpus, on every machine and in every run. Subsets are written as JSONL (the
corpus lines unchanged) into a directory the caller provides, never into the project.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

MB = 1_000_000  # bytes: MB and MB/s are decimal megabytes throughout


@dataclass(frozen=True, slots=True)
class Doc:
    """One corpus document, as every measurement sees it."""

    id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Subset:
    """The documents of one fraction of the corpus, and the JSONL file holding them."""

    fraction: float
    path: Path
    docs: tuple[Doc, ...]

    @property
    def text_bytes(self) -> int:
        """UTF-8 bytes of the documents' `text` fields: what MB/s figures divide."""
        return sum(len(d.text.encode("utf-8")) for d in self.docs)

    @property
    def megabytes(self) -> float:
        return self.text_bytes / MB


ROOT = Path(__file__).resolve().parent.parent
# ../shared/corpus-bulk beside the checkout; a worktree under /work/wt/ has it two levels up
BULK_CORPORA = (ROOT.parent / "shared" / "corpus-bulk", ROOT.parent.parent / "shared" / "corpus-bulk")


def bulk_corpus(given: Path | None = None) -> Path | None:
    """The bulk corpus folder: `given`, else ../shared/corpus-bulk beside the checkout; None if absent."""
    for folder in (given,) if given else BULK_CORPORA:
        if folder.is_dir():
            return folder
    return None


def share(doc_id: str) -> float:
    """Where a document falls in [0, 1): the first 8 bytes of blake2b of its id."""
    digest = hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


@dataclass(frozen=True, slots=True)
class Corpus:
    """The bulk corpus: every document with its place in [0, 1) and its JSONL line."""

    path: Path
    entries: tuple[tuple[float, str, Doc], ...]

    @classmethod
    def read(cls, path: Path) -> Corpus:
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise SystemExit(f"error: no .jsonl files in {path}")
        entries = []
        for file in files:
            with open(file, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        record = json.loads(line)
                        doc = Doc(record["id"], record.get("title") or "", record["text"])
                        entries.append((share(doc.id), line.rstrip("\n") + "\n", doc))
        return cls(path, tuple(entries))

    @property
    def docs(self) -> int:
        return len(self.entries)

    @property
    def megabytes(self) -> float:
        return sum(len(doc.text.encode("utf-8")) for _, _, doc in self.entries) / MB

    def subset(self, fraction: float, directory: Path) -> Subset:
        """The documents whose place is below `fraction`, written to a JSONL file in `directory`."""
        kept = [(line, doc) for where, line, doc in self.entries if where < fraction]
        path = directory / f"corpus-{fraction:g}.jsonl"
        path.write_text("".join(line for line, _ in kept), encoding="utf-8")
        return Subset(fraction, path, tuple(doc for _, doc in kept))
