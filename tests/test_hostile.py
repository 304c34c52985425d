"""Hostile input: markup built to be slow, spans built to be huge, queries built to be slow.

No timed assertions: the work is shown to be linear by counting the Python calls it makes at
two sizes (a quadratic algorithm makes four times as many at twice the size), or by sizes
that would take minutes if it were not.
"""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BEIJING, CORPUS

from indexer import limits
from indexer.html import html_text
from indexer.load import read
from indexer.pipeline import index


def calls(work: Callable[[], object]) -> int:
    """How many Python function calls `work` makes (a measure of work that is not time)."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def nested_tables(depth: int) -> str:
    return "<table><tr><td>甲" * depth + "乙" + "</td></tr></table>" * depth


def page_text(markup: str) -> str:
    return html_text(BeautifulSoup(markup, "lxml").body)


def test_nested_tables_cost_in_proportion_to_their_depth() -> None:
    soups = {d: BeautifulSoup(nested_tables(d), "lxml").body for d in (200, 400)}
    small, large = (calls(lambda s=soups[d]: html_text(s)) for d in (200, 400))  # type: ignore[misc]
    assert large < 2.5 * small, (small, large)  # quadratic work would be about 4x


def test_tables_nested_twenty_thousand_deep_are_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(nested_tables(20_000), encoding="utf-8")  # 660 KB; minutes if quadratic
    (source,) = read(path)
    assert not isinstance(source, Exception)
    assert source.text == "甲\n" * 19_999 + "甲乙"  # every level, none lost


def test_huge_spans_are_capped_at_the_size_of_the_table() -> None:
    markup = "<table><tr><td rowspan=1000 colspan=1000>市甲局</td><td>乙</td></tr>" + (
        "<tr><td>丙</td></tr>" * 2
    ) + "</table>"  # fmt: skip
    soup = BeautifulSoup(markup, "lxml").body
    tracemalloc.start()
    try:
        text = html_text(soup)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # The table is three rows of at most two cells: the span covers what the table has.
    assert text == "市甲局\t乙\n市甲局\t丙\n市甲局\t丙"
    assert peak < 5_000_000, peak  # a million copied cells took 391 MB


def test_many_spans_add_cells_in_proportion_to_the_table() -> None:
    def table(rows: int) -> str:
        head = "<tr>" + "<td rowspan=1000 colspan=1000>甲</td>" * 20 + "</tr>"
        return "<table>" + head + "<tr><td>乙</td></tr>" * rows + "</table>"

    soups = {n: BeautifulSoup(table(n), "lxml").body for n in (100, 200)}
    small, large = (calls(lambda s=soups[n]: html_text(s)) for n in (100, 200))  # type: ignore[misc]
    assert large < 2.5 * small, (small, large)


def test_a_file_slow_to_read_is_refused_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.html").write_text(nested_tables(20_000), encoding="utf-8")
    (folder / "seed.txt").write_text(
        (CORPUS / f"{BEIJING}.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    # Reading the 660 KB page takes far more than 50 ms; everything else gets a minute.
    monkeypatch.setattr(limits, "budget", lambda size: 0.05 if size > 500_000 else 60.0)
    report = index([folder], tmp_path / "store", workers=1)
    assert report.errors == [
        f"{folder / 'deep.html'}: refused: reading it took more than 0 s (a file built to be slow?); "
        "the other files are indexed"
    ]
    assert report.added == ["seed"]
    assert index([folder / "seed.txt"], tmp_path / "store", workers=1).unchanged == 1  # the lock is free


def test_a_document_slow_to_parse_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = CORPUS / f"{BEIJING}.txt"
    size = path.stat().st_size
    monkeypatch.setattr(limits, "budget", lambda n: 60.0 if n == size else 0.001)  # parsing: 1 ms
    report = index([path], tmp_path / "store", workers=1)
    assert report.errors == [
        f"{path}: refused: parsing it took more than 0 s (a file built to be slow?); the other files are indexed"
    ]
    assert report.added == [] and report.documents == 0


# --- a large Word document, streamed -------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def python_docx_text(path: Path) -> str:
    """The text as python-docx reads it: what the streamed reading must give."""
    import docx
    from docx.table import Table

    def rows(table: Table) -> str:
        out = []
        for row in table.rows:
            cells, previous = [], None
            for cell in row.cells:
                if cell._tc is not previous:
                    cells.append(" ".join(p.text for p in cell.paragraphs).replace("\t", " "))
                previous = cell._tc
            out.append("\t".join(cells))
        return "\n".join(out)

    document = docx.Document(str(path))
    return "\n".join(rows(b) if isinstance(b, Table) else b.text for b in document.iter_inner_content())


def rich_docx(path: Path) -> None:
    """Merged cells both ways, breaks, tabs, a hyperlink, a nested table, a content control."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("关于印发实施方案的通知")
    p = document.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("第二行")
    p.add_run().add_tab()
    p.add_run("列二")
    p.add_run().add_break(WD_BREAK.PAGE)
    p.add_run("分页后")
    p._p.append(parse_xml(f'<w:hyperlink xmlns:w="{W}"><w:r><w:t>（链接文字）</w:t></w:r></w:hyperlink>'))
    table = document.add_table(rows=4, cols=4)
    for r, values in enumerate([["序号", "任务", "牵头单位", "配合单位"], ["1", "甲任务", "市甲局", "市乙局"],
                                ["2", "乙任务", "", "市丙局"], ["3", "丙任务", "", ""]]):  # fmt: skip
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 2).merge(table.cell(3, 2))  # 牵头单位 merged down over three rows
    table.cell(3, 0).merge(table.cell(3, 1))  # a row's first two cells merged across
    table.cell(0, 3).add_table(rows=1, cols=2).cell(0, 0).text = "嵌套"
    document.add_paragraph("特此通知。")
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(
        f'<w:sdt xmlns:w="{W}"><w:sdtContent><w:p><w:r><w:t>内容控件</w:t></w:r></w:p></w:sdtContent></w:sdt>'
    ))  # fmt: skip
    document.save(str(path))


def test_a_word_document_reads_as_python_docx_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "rich.docx"
    rich_docx(path)
    (source,) = read(path)
    assert not isinstance(source, Exception)
    assert source.text == python_docx_text(path)
    # Merged down: 牵头单位 given again in each row (with the merged cells' empty paragraphs).
    assert "1\t甲任务\t市甲局  \t市乙局\n2\t乙任务\t市甲局  \t市丙局\n3 丙任务\t市甲局  \t\n" in source.text
    assert "嵌套" not in source.text and "内容控件" not in source.text  # as python-docx reads it
    assert "第一行\n第二行\t列二分页后（链接文字）" in source.text


def large_docx(path: Path, megabytes: int) -> None:
    """A document part of about `megabytes` MB of paragraphs and table rows, as a real one
    compresses (not a zip bomb): varied Chinese text."""
    import random

    rng = random.Random(7)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    block = "".join(rng.choice(chars) for _ in range(20_000))
    body = []
    size, i = 0, 0
    while size < megabytes * 1_000_000:
        start = (i * 997) % 19_000
        piece = block[start : start + 300]
        body.append(f"<w:p><w:r><w:t>{i}.{piece}</w:t></w:r></w:p>")
        body.append(f"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{i}</w:t></w:r></w:p></w:tc>"
                    f"<w:tc><w:p><w:r><w:t>{piece[:50]}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")  # fmt: skip
        size += len(body[-1].encode()) + len(body[-2].encode())
        i += 1
    xml = f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{"".join(body)}</w:body></w:document>'
    import docx

    blank = path.with_name("blank.docx")
    docx.Document().save(str(blank))  # a whole Word package, its document part replaced
    with zipfile.ZipFile(blank) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data = xml.encode() if member.filename == "word/document.xml" else source.read(member)
            archive.writestr(member.filename, data)
    blank.unlink()


def test_a_large_word_document_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """40 MB of document XML (12 million characters of text): python-docx's whole tree took
    189 MB above the interpreter here, the streamed reading about 51 MB."""
    path = tmp_path / "large.docx"
    large_docx(path, 40)
    script = (
        "import resource, sys; from pathlib import Path; from indexer.load import read; "
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
        "(s,) = read(Path(sys.argv[1])); assert not isinstance(s, Exception), s; "
        "print(len(s.text), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    chars, grown = map(int, done.stdout.split())
    assert chars > 10_000_000
    assert grown * 1024 < 110_000_000, f"{grown // 1024} MB above the interpreter for 40 MB of XML"
