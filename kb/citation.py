"""Citations: where a quote stands, as officials write it: 《title》（number） section › item."""

from __future__ import annotations

from dataclasses import dataclass

from kb.model import Document, PartKind, Task


@dataclass(frozen=True, slots=True)
class Citation:
    """A quote from the original text and where it stands."""

    doc: str
    doc_number: str | None
    title: str
    path: tuple[str, ...]  # labels, e.g. 二 （三） 12
    headings: tuple[str, ...]  # their titles
    seq: int | None  # the task, when the quote is a task
    quote: str  # the original text, residue left out

    @property
    def source(self) -> str:
        """《title》（number）"""
        return f"《{self.title}》" + (f"（{self.doc_number}）" if self.doc_number else "")

    @property
    def location(self) -> str:
        """二、重点任务 › （三）硬科技孵化能力提升工程 › 12.强化大企业反向“硬孵化”"""
        titles = self.headings if len(self.headings) == len(self.path) else ("",) * len(self.path)
        return " › ".join(printed(label) + title for label, title in zip(self.path, titles, strict=True))

    def __str__(self) -> str:
        return f"{self.source} {self.location}".strip()


def printed(label: str) -> str:
    """A canonical label as printed: 二 -> 二、, 12 -> 12., （三） stays."""
    if label.isdigit():
        return label + "."
    if label and all("一" <= c <= "龥" for c in label) and not label.startswith("第"):
        return label + "、"
    return label


def title_of(doc: Document, pos: int | None = None) -> str:
    """The title to cite: the plan's own title when a notice wraps it, else the document's.

    A notice may issue several documents (印发《A》《B》): a quote at `pos` cites the one it
    stands in (the first for a quote from the notice).
    """
    bodies = [p for p in doc.parts if p.kind is PartKind.BODY and p.title]
    if not bodies or not any(p.kind is PartKind.NOTICE for p in doc.parts):
        return doc.meta.title
    holder = next((p for p in bodies if pos is not None and p.span.start <= pos < p.span.end), bodies[0])
    return holder.title


def for_task(doc: Document, task: Task) -> Citation:
    title = title_of(doc, task.span.start)
    return Citation(doc.id, doc.meta.doc_number, title, task.path, task.headings, task.seq, task.text)
