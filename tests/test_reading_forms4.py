"""Forms of issue 14 read on small invented documents in both scripts: a guide beside its
implementers (`（甲部指导，试点城市政府负责落实）`: nobody leads), `排名不分先后` declared beyond a single
marker (a table's header, a note row or line by the table, the text before the tasks), and
assessment tables whose unit cell lists several units."""

from __future__ import annotations

from pathlib import Path

import opencc
import openpyxl
import pytest

from indexer import load
from indexer.document import parse
from indexer.load import Source
from kb.model import Document

TO_TRAD = opencc.OpenCC("s2t")
BOTH = pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])

Owners = list[tuple[str, str, str]]


def script(text: str, traditional: bool) -> str:
    return TO_TRAD.convert(text) if traditional else text


def document(text: str, traditional: bool = False, kind: str = "txt") -> Document:
    return parse(Source("t", f"t.{kind}", None, script(text, traditional), "utf-8", kind, None))


def owners(doc: Document) -> list[tuple[str, Owners]]:
    """(path, [(agency, role, verb)]) of every task with owners (names in simplified script)."""
    return [
        (t.path_text, [(r.name, str(r.role), r.verb) for r in t.responsibilities])
        for t in doc.tasks
        if t.responsibilities
    ]


def roles(doc: Document) -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(agency, role)]) of every task with owners."""
    return [(t.title, [(r.name, str(r.role)) for r in t.responsibilities]) for t in doc.tasks if t.responsibilities]


def tab(rows: list[list[str]]) -> str:
    return "".join("\t".join(r) + "\n" for r in rows)


def per_line(rows: list[list[str]]) -> str:
    return "".join(c + "\n" for r in rows for c in r if c)


def _read(path: Path) -> Document:
    (source,) = list(load.read(path))
    assert isinstance(source, Source), source
    return parse(source)


def xlsx(rows: list[list[str]], traditional: bool, tmp_path: Path) -> Document:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "分工表"
    for row in rows:
        ws.append([script(c, traditional) or None for c in row])
    path = tmp_path / "t.xlsx"
    book.save(path)
    return _read(path)


def html_page(title: str, rows: list[list[str]], after: str, traditional: bool, tmp_path: Path) -> Document:
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    page = f"<html><body><h1>{title}</h1><p>附件</p><table>{cells}</table>{after}</body></html>"
    path = tmp_path / "t.html"
    path.write_text(script(page, traditional), encoding="utf-8")
    return _read(path)


# -- 1. a guide beside its implementers: the guide guides, the implementers support ------------------

GUIDED = """甲市试点工作方案
一、重点任务
（一）开展甲项试点。（甲部指导，试点城市政府负责落实）
（二）建设乙类园区。（市发展改革委指导，各开发区管委会负责落实）
（三）推广丙项经验。（市丁局指导，各区政府具体实施）
（四）完善丁项机制。（市丁局指导，各区政府组织实施）
（五）健全戊项制度。（市丁局指导，各街道抓好落实）
（六）推进己项改革。（甲部指导，乙局负责）
（七）优化庚项服务。（市丁局指导，乙局牵头，各区政府组织落实）
"""


@BOTH
def test_implementers_beside_a_guide_support_and_nobody_leads(traditional: bool) -> None:
    assert owners(document(GUIDED, traditional)) == [
        ("一（一）", [("甲部", "guide", "指导"), ("试点城市政府", "support", "负责落实")]),
        ("一（二）", [("市发展改革委", "guide", "指导"), ("各开发区管委会", "support", "负责落实")]),
        ("一（三）", [("市丁局", "guide", "指导"), ("各区政府", "support", "具体实施")]),
        ("一（四）", [("市丁局", "guide", "指导"), ("各区政府", "support", "组织实施")]),
        ("一（五）", [("市丁局", "guide", "指导"), ("各街道", "support", "抓好落实")]),
        # 负责 without an implementing verb: the unit leads, as before
        ("一（六）", [("甲部", "guide", "指导"), ("乙局", "lead", "负责")]),
        ("一（七）", [("市丁局", "guide", "指导"), ("乙局", "lead", "牵头"), ("各区政府", "support", "组织落实")]),
    ]


GUIDED_LABELS = """甲市试点工作方案
一、重点任务
1.开展甲项试点。（指导单位：甲部；实施单位：甲市政府）
2.建设乙类园区。（指导单位：甲部；责任单位：乙局、丙局）
"""


@BOTH
def test_a_guide_label_beside_an_implementing_label(traditional: bool) -> None:
    assert owners(document(GUIDED_LABELS, traditional)) == [
        ("一1", [("甲部", "guide", "指导"), ("甲市政府", "support", "实施")]),
        ("一2", [("甲部", "guide", "指导"), ("乙局", "lead", "责任"), ("丙局", "support", "责任")]),
    ]


@BOTH
def test_implementers_without_a_guide_or_lead_still_lead_first(traditional: bool) -> None:
    text = "甲市方案\n一、任务\n1.推进甲项。（各区政府、各街道组织落实）\n"
    assert owners(document(text, traditional)) == [
        ("一1", [("各区政府", "lead", "组织落实"), ("各街道", "support", "组织落实")]),
    ]
