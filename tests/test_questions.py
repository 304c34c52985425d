"""The golden table of question understanding (tests/data/questions.tsv): every question read
into its kind and slots, without a store.

The table's gazetteer is the shipped registry plus every agency name of the table's agencies
column and every document number of its doc column: each row is read as if a store knew those names (a store adds its own agencies to the
registry the same way, kb.KnowledgeBase.gazetteer).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from kb.qa import intents
from kb.qa.gazetteer import Gazetteer
from kb.qa.slots import Slots, read

TABLE = Path(__file__).parent / "data" / "questions.tsv"
COLUMNS = ("question", "kind", "doc", "task", "words", "agencies", "role", "aspect")


@dataclass(frozen=True)
class Row:
    line: int
    question: str
    kind: str
    doc: str
    task: str
    words: str
    agencies: str
    role: str
    aspect: str


def rows() -> list[Row]:
    out = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        assert len(cells) == len(COLUMNS), (number, line)
        out.append(Row(number, *cells))
    return out


ROWS = rows()
GAZETTEER = Gazetteer(
    {name.split(":")[0] for row in ROWS for name in row.agencies.replace("&", "|").split("|") if name},
    {row.doc for row in ROWS if row.doc.endswith("号")},  # the numbers a store would know
)


def reading(q: Slots, words_checked: bool) -> tuple[str, ...]:
    """A question's slots as the table writes them."""
    sep = "&" if q.joint else "|"
    words = (q.quoted or q.words or "") if words_checked else "*"
    names = (
        [f"{a}:{r}" for a, r in zip(q.agencies, q.agency_roles, strict=True)]
        if q.agency_roles
        else q.agencies
    )
    return (intents.intent(q).kind, q.doc or "", q.task or "", words, sep.join(names), q.role or "",
            q.aspect)  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.line}" for r in ROWS])
def test_question_reads_as_the_table_says(row: Row) -> None:
    q = read(row.question, GAZETTEER)
    expected = (row.kind, row.doc, row.task, row.words, row.agencies, row.role, row.aspect)
    assert reading(q, row.words != "*") == expected, row.question


def test_the_table_covers_every_kind_in_both_scripts_and_english() -> None:
    assert len(ROWS) >= 400
    from kb.qa.slots import language_of

    for kind in intents.KINDS:
        languages = {language_of(r.question) for r in ROWS if r.kind == kind}
        assert languages >= {"simplified", "english"}, kind
        if kind != intents.FREE:
            assert "traditional" in languages or kind in (intents.ISSUER,), kind
