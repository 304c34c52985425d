"""What `kb ask` returns: an answer with the facts, quotes and candidates it rests on, and how
the question was understood (`Explanation`, printed by `kb ask --explain`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.citation import Citation, title_of
from kb.model import Document, Responsibility, SectionIndex, Task, path_text
from kb.qa import phrasing
from kb.resolve import Candidate, Resolution, Target

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase
    from kb.qa.llm import LlmConfig
    from kb.qa.slots import Slots

__all__ = ["AMBIGUOUS", "NOT_FOUND", "NO_OWNER", "Answer", "Asked", "Candidate", "Explanation"]

NOT_FOUND, NO_OWNER, AMBIGUOUS = "not_found", "no_owner", "ambiguous"


@dataclass(frozen=True, slots=True)
class Explanation:
    """How a question was understood: its slots, the rule that chose the kind, what the names
    resolved to."""

    slots: dict[str, object]
    rule: str
    kind: str
    resolution: dict[str, object]
    steps: tuple[str, ...] = ()  # second readings (a description that names no document …)

    def as_dict(self) -> dict[str, object]:
        return {"slots": self.slots, "rule": self.rule, "kind": self.kind, "resolution": self.resolution,
                "steps": list(self.steps)}  # fmt: skip

    def lines(self) -> list[str]:
        shown = {
            k: v
            for k, v in self.slots.items()
            if k not in ("question", "norm") and v not in (None, [], False)
        }
        out = [f"normal form  {self.slots.get('norm', '')}"]
        out += [f"slot {key:<9} {value}" for key, value in shown.items()]
        out.append(f"rule         {self.rule} -> {self.kind}")
        out += [f"resolved     {key}: {value}" for key, value in self.resolution.items() if value]
        out += [f"step         {step}" for step in self.steps]
        return out


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer with the facts and quotes it rests on."""

    question: str
    kind: str
    answer: str
    agencies: tuple[Responsibility, ...] = ()
    tasks: tuple[Task, ...] = ()
    citations: tuple[Citation, ...] = ()
    candidates: tuple[Candidate, ...] = ()  # when the question is ambiguous
    flagged: tuple[int, ...] = ()  # citation numbers an LLM gave that match no passage
    script: str = "simplified"
    notes: tuple[str, ...] = field(default_factory=tuple)
    verdict: bool | None = None  # a yes_no answer: yes or no
    count: int | None = None  # a count answer: the number asked for
    explanation: Explanation | None = None


@dataclass(frozen=True, slots=True)
class Asked:
    """A question understood and resolved: what a handler answers from."""

    base: KnowledgeBase
    q: Slots
    kind: str
    res: Resolution
    script: str
    llm: LlmConfig | None = None
    limit: int | None = None

    @property
    def english(self) -> bool:
        return self.script == "english"

    def text(self, text: str) -> str:
        """Our wording in the answer's script."""
        return phrasing.in_script(text, self.script)


def not_found(question: str, script: str, what: str) -> Answer:
    """Nothing in the knowledge base answers `question`; `what` says what was looked for."""
    text = phrasing.not_found(what, script == "english")
    return Answer(question, NOT_FOUND, phrasing.in_script(text, script), script=script)


def ambiguous(question: str, script: str, message: str, candidates: list[Candidate]) -> Answer:
    """The question names several things; `message` (in the answer's language) says which."""
    return Answer(
        question, AMBIGUOUS, phrasing.in_script(message, script), candidates=tuple(candidates), script=script
    )


def citation_at(doc: Document, start: int, seq: int | None, quote: str) -> Citation:
    """The citation of a quote starting at `start`: the task's place, else its headings'."""
    if seq:
        task = doc.tasks[seq - 1]
        title = title_of(doc, task.span.start)
        return Citation(doc.id, doc.meta.doc_number, title, task.path, task.headings, seq, quote)
    chain = SectionIndex(doc.sections).chain(start)
    path, headings = tuple(s.label for s in chain), tuple(s.title for s in chain)
    return Citation(doc.id, doc.meta.doc_number, title_of(doc, start), path, headings, None, quote)


def _target(t: Target) -> str:
    return f"{t.record.id} {path_text(t.task.path)}" + (f" (by order: {t.by_order})" if t.by_order else "")


def summary(res: Resolution) -> dict[str, object]:
    """What a resolution found, for an explanation."""
    out: dict[str, object] = {
        "documents": [r.id for r in res.records],
        "tasks": [_target(t) for t in res.targets],
        "agencies": {a.name: list(a.keys) for a in res.agencies},
    }  # fmt: skip
    if res.problem is not None:
        p = res.problem
        out["problem"] = f"{p.status} {p.what} {p.ref!r}" + (
            f", {len(p.candidates)} candidates" if p.candidates else ""
        )
    return out
