"""Spreadsheets as input: .xlsx and .csv 任务分工表 read back with openpyxl and csv, and the
round trip of every task table `kb export tasks` writes (.xlsx, .docx, .csv) on the seeds."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import opencc
import openpyxl
import pytest

from indexer import load
from indexer.document import parse
from indexer.load import LoadError, Source
from indexer.pipeline import index
from kb.export import export_tasks
from kb.knowledge import KnowledgeBase
from kb.model import Task
from kb.normalize import normalize

S2TW = opencc.OpenCC("s2tw").convert
SCRIPTS = pytest.mark.parametrize("to_script", [str, S2TW], ids=["simplified", "traditional"])


def read_one(path: Path) -> Source | LoadError:
    items = list(load.read(path))
    assert len(items) == 1, items
    return items[0]


def workbook(
    path: Path, sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None
) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
    book.save(path)
    return path


def division_table(to_script: Callable[[str], str]) -> list[list[object]]:
    rows: list[list[object]] = [
        ["某市甲乙行动方案重点任务分工表"],
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        ["一、优化营商环境"],
        [1, "深化商事制度改革", "市甲局", "市乙委；市丙局", "2024年底前"],
        [2, "优化纳税服务", None, None, None],  # 牵头单位 and 完成时限 merged over rows 4-5
        [3, "推进一网通办", "市丁局", "", dt.datetime(2025, 6, 30)],
        ["二、强化要素保障"],
        [4, "加强用地保障\n（分年度实施）", "市规划资源局、市海洋局", "各区政府；市戊局", 2026],
    ]
    return [[to_script(c) if isinstance(c, str) else c for c in row] for row in rows]


@SCRIPTS
def test_an_xlsx_sheet_is_read_as_a_table_with_merged_cells_filled(
    tmp_path: Path, to_script: Callable[[str], str]
) -> None:
    path = workbook(tmp_path / "分工表.xlsx", {"任务分工": division_table(to_script)},
                    {"任务分工": ["A1:E1", "A3:E3", "C4:C5", "E4:E5", "A7:E7"]})  # fmt: skip
    source = read_one(path)
    assert isinstance(source, Source) and (source.format, source.encoding) == ("xlsx", "xlsx")
    t = to_script
    assert source.text.split("\n") == [
        t("某市甲乙行动方案重点任务分工表"),
        t("序号\t重点任务\t牵头单位\t配合单位\t完成时限"),
        t("一、优化营商环境"),
        t("1\t深化商事制度改革\t市甲局\t市乙委；市丙局\t2024年底前"),
        t("2\t优化纳税服务\t市甲局\t\t2024年底前"),  # the merged cells, in each row they cover
        t("3\t推进一网通办\t市丁局\t\t2025-06-30"),
        t("二、强化要素保障"),
        t("4\t加强用地保障 （分年度实施）\t市规划资源局、市海洋局\t各区政府；市戊局\t2026"),
    ]
    doc = parse(source)
    assert [(x.label, x.title, [f"{r.name}:{r.role.value}" for r in x.responsibilities], x.deadline)
            for x in doc.tasks] == [
        ("1", "深化商事制度改革", ["市甲局:lead", "市乙委:support", "市丙局:support"], t("2024年底前")),
        ("2", "优化纳税服务", ["市甲局:lead"], t("2024年底前")),  # an empty 配合单位 is empty
        ("3", "推进一网通办", ["市丁局:lead"], "2025-06-30"),
        # `；` between bodies in this table: `、` joins the two names of one body
        ("4", "加强用地保障（分年度实施）", ["市规划资源局、市海洋局:lead", "各区政府:support", "市戊局:support"],
         "2026"),
    ]  # fmt: skip


def test_sheets_are_tables_of_their_own_and_hidden_sheets_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    first.title = "甲"
    for row in (["序号", "任务", "责任单位"], [1, "甲任务", "市甲局"]):
        first.append(row)
    second = book.create_sheet("乙")
    for row in (["序号", "任务", "责任单位"], [1, "乙任务", "市乙局"], [2.0, "丙任务", "市丙局"]):
        second.append(row)
    hidden = book.create_sheet("草稿")
    hidden.append(["不要读的内容"])
    hidden.sheet_state = "hidden"
    book.save(path)
    source = read_one(path)
    assert isinstance(source, Source)
    assert (
        source.text
        == "序号\t任务\t责任单位\n1\t甲任务\t市甲局\n\n序号\t任务\t责任单位\n1\t乙任务\t市乙局\n2\t丙任务\t市丙局"
    )
    assert [(t.title, t.responsibilities[0].name) for t in parse(source).tasks] == [
        ("甲任务", "市甲局"), ("乙任务", "市乙局"), ("丙任务", "市丙局"),
    ]  # fmt: skip


def test_a_wrong_dimension_does_not_pad_every_row(tmp_path: Path) -> None:
    path = workbook(tmp_path / "wide.xlsx", {"表": [["序号", "任务", "责任单位"], [1, "甲任务", "市甲局"]]})
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = members[sheet].replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:XFD1048576"/>')
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    source = read_one(path)
    assert isinstance(source, Source) and source.text == "序号\t任务\t责任单位\n1\t甲任务\t市甲局"


def test_broken_and_oversized_workbooks_get_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip at all")
    assert read_one(tmp_path / "fake.xlsx").cause == "truncated or corrupt .xlsx (not a zip archive)"  # type: ignore[union-attr]
    with zipfile.ZipFile(tmp_path / "other.xlsx", "w") as archive:
        archive.writestr("hello.txt", "不是工作簿")
    cause = read_one(tmp_path / "other.xlsx").cause  # type: ignore[union-attr]
    assert cause.startswith("corrupt .xlsx (") and cause.endswith("); save it again from Excel")
    workbook(tmp_path / "empty.xlsx", {"空": []})
    assert read_one(tmp_path / "empty.xlsx").cause == "no text in workbook (empty sheets)"  # type: ignore[union-attr]
    monkeypatch.setattr(load, "MAX_TEXT_BYTES", 1000)
    workbook(tmp_path / "big.xlsx", {"表": [["序号", "任务"]] + [[n, "任务" * 20] for n in range(100)]})
    big = read_one(tmp_path / "big.xlsx")
    assert str(big) == f"{tmp_path / 'big.xlsx'}: too large (more than 0 MB of text): split the workbook"


@SCRIPTS
def test_a_csv_table_as_excel_saves_it(tmp_path: Path, to_script: Callable[[str], str]) -> None:
    text = to_script(
        "序号,重点任务,牵头单位,配合单位,完成时限\n"
        '1,"建设平台，推进应用",市甲局,"市乙委；市丙局",2024年底前\n'
        '2,"培育企业\n（分批）",市丁局,,\n'
    )
    for encoding in ("utf-8-sig", "gb18030" if to_script is str else "big5"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        source = read_one(path)
        assert isinstance(source, Source) and source.format == "csv"
        assert source.text.split("\n") == [
            to_script("序号\t重点任务\t牵头单位\t配合单位\t完成时限"),
            to_script("1\t建设平台，推进应用\t市甲局\t市乙委；市丙局\t2024年底前"),
            to_script("2\t培育企业 （分批）\t市丁局"),
        ]
        assert [[r.name for r in t.responsibilities] for t in parse(source).tasks] == [
            ["市甲局", "市乙委", "市丙局"], ["市丁局"],
        ]  # fmt: skip


def test_csv_rows_that_say_what_they_are() -> None:
    from indexer.spreadsheet import csv_text

    text = "标题,某市甲乙行动方案,某府发〔2024〕5号\n序号,重点任务,牵头单位\n分组,二、重点任务\n1,甲任务,市甲局\n\n標題,乙方案,\n"
    assert csv_text(text, 10_000).split("\n") == [
        "某市甲乙行动方案", "某府发〔2024〕5号", "序号\t重点任务\t牵头单位", "二、重点任务", "1\t甲任务\t市甲局", "",
        "乙方案",
    ]  # fmt: skip


def test_a_task_without_a_unit_is_not_owned_by_its_placeholder() -> None:
    text = "序号\t重点任务\t牵头单位\t配合单位\n1\t甲任务\t（未明确）\t\n2\t乙任务\t无\t—\n3\t丙任务\t市甲局\t/\n"
    doc = parse(Source("t", "t.txt", None, text, "utf-8", "txt"))
    assert [[r.name for r in t.responsibilities] for t in doc.tasks] == [[], [], ["市甲局"]]


def test_a_pasted_table_still_inherits_a_merged_unit_but_cells_do_not() -> None:
    text = "序号\t重点任务\t牵头单位\t配合单位\n（一）\t甲任务\t市甲局\t市乙局\n（二）\t乙任务\t\t市丙局\n"
    pasted = parse(Source("t", "t.txt", None, text, "utf-8", "txt"))
    assert [(t.label, [r.name for r in t.responsibilities]) for t in pasted.tasks] == [
        ("（一）", ["市甲局", "市乙局"]), ("（二）", ["市甲局", "市丙局"]),  # merged cells lost on paste
    ]  # fmt: skip
    cells = parse(Source("t", "t.docx", None, text, "docx", "docx"))
    assert [[r.name for r in t.responsibilities] for t in cells.tasks] == [["市甲局", "市乙局"], ["市丙局"]]


# -- the round trip: kb export tasks, then kb index -------------------------------------------------


def _key(t: Task) -> tuple[object, ...]:
    # Titles in matching form: a simplified export gives a traditional plan's Taiwan words as
    # mainland words (支援政策 -> 支持政策), the same title for every search and question.
    return (
        t.label,
        normalize(t.title),
        tuple((r.name, r.role.value) for r in t.responsibilities),
        t.deadline,
    )


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_every_exported_task_table_indexes_back_to_the_same_tasks(
    seeds: KnowledgeBase, tmp_path: Path, fmt: str, script: str
) -> None:
    folder = tmp_path / "exported"
    folder.mkdir()
    for record in seeds.catalog.values():
        export_tasks(seeds, [record.id], folder / f"{record.id}.{fmt}", script=script)
    report = index([folder], tmp_path / "store", workers=1)
    assert report.ok, report.errors
    back = KnowledgeBase.open(tmp_path / "store")
    assert sorted(back.catalog) == sorted(seeds.catalog)
    for doc_id in seeds.catalog:
        original, read_back = seeds.document(doc_id).tasks, back.document(doc_id).tasks
        assert [_key(t) for t in read_back] == [_key(t) for t in original], doc_id
    owned = [t for t in back.document("000_9df154392c23cece").tasks if t.label == "12"][0]
    assert [(r.name, r.role.value) for r in owned.responsibilities][:2] == [
        ("市科委、中关村管委会", "lead"), ("市经济和信息化局", "support"),
    ]  # fmt: skip


def test_one_workbook_of_every_document_indexes_back_to_all_their_tasks(
    seeds: KnowledgeBase, tmp_path: Path
) -> None:
    folder = tmp_path / "exported"
    folder.mkdir()
    export_tasks(seeds, [], folder / "all.xlsx")
    assert index([folder], tmp_path / "store", workers=1).ok
    tasks = KnowledgeBase.open(tmp_path / "store").document("all").tasks
    assert [_key(t) for t in tasks] == [
        _key(t) for r in seeds.catalog.values() for t in seeds.document(r.id).tasks
    ]
