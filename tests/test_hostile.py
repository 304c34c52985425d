"""Hostile input: markup built to be slow, spans built to be huge, queries built to be slow.

No timed assertions: the work is shown to be linear by counting the Python calls it makes at
two sizes (a quadratic algorithm makes four times as many at twice the size), or by sizes
that would take minutes if it were not.
"""

from __future__ import annotations

import sys
import tracemalloc
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
