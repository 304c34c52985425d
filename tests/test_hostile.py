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

from bs4 import BeautifulSoup

from indexer.html import html_text
from indexer.load import read


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
