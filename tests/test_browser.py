"""End to end in a real browser: Debian's chromium, driven by Playwright, against a real `kb serve`.

Playwright's own browser download does not work here (nor is it wanted): the tests launch
the system's chromium (`KB_CHROMIUM`, default /usr/bin/chromium; `make browser` installs it).
Without it they skip with a message, except in CI (CI set), where they fail: a browser test
must never pass by not running. Each test keeps a screenshot of every page it saw in its
tmp_path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import BEIJING, CORPUS, running_server

from indexer.pipeline import index

CHROMIUM = Path(os.environ.get("KB_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-proxy-server",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
QUESTION = "北京标杆孵化器方案第12项任务由哪个部门负责？"
TASK_12 = [
    ("市科委、中关村管委会", "牵头"), ("市经济和信息化局", "配合"), ("市国资委", "配合"),
    ("人民银行营业管理部", "配合"), ("市金融监管局", "配合"), ("北京证监局", "配合"),
]  # fmt: skip
MARKER_12 = (
    "(責任單位:市科委、中關村管委會,市經濟和信息化局,市國資委,人民銀行營業管理部,市金融監管局,北京證監局)"
)
ROW_12 = [12, "强化大企业反向“硬孵化”", "市科委、中关村管委会",
          "市经济和信息化局；市国资委；人民银行营业管理部；市金融监管局；北京证监局", None]  # fmt: skip
GBK_DOC = (
    "市甲局关于推进示范工作的通知\n\n一、重点任务\n"
    "1.建设示范基地。推动示范基地建设。（责任单位：市甲局、市乙委）\n2.完善配套政策。（市丙局牵头，市丁局配合）\n"
)


def _browser_or_skip() -> Any:
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is missing: install chromium (`make browser`, or apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "playwright is not installed: make install"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(missing)
    return sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright = _browser_or_skip()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("browser") / "store"
    assert index([CORPUS], store, workers=1).ok
    with running_server(store, "--allow-upload") as url:
        yield url


@pytest.fixture
def page(browser: Any, server: str, tmp_path: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN", accept_downloads=True,
                                  base_url=server)  # fmt: skip
    p = context.new_page()
    p.set_default_timeout(30_000)
    yield p
    context.close()


def shot(page: Any, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)


def test_a_question_on_the_front_page_shows_the_lead_agency(page: Any, tmp_path: Path) -> None:
    page.goto("/")
    shot(page, tmp_path, "front")
    page.fill("#q", QUESTION)
    page.click("#ask")
    page.wait_for_selector("#agencies")
    rows = page.locator("#agencies tbody tr")
    found = [(rows.nth(i).locator("td").nth(0).inner_text(), rows.nth(i).locator("td").nth(1).inner_text())
             for i in range(rows.count())]  # fmt: skip
    assert found == TASK_12
    assert page.locator("#answer .text").inner_text().count("牵头单位为市科委、中关村管委会") == 1
    shot(page, tmp_path, "answer")


def test_open_a_document_click_a_task_and_see_its_marker(page: Any, tmp_path: Path) -> None:
    page.goto("/docs")
    shot(page, tmp_path, "docs")
    page.click("table.docs a:has-text('标杆孵化器培育行动方案')")
    page.wait_for_url(f"**/docs/{BEIJING}")
    shot(page, tmp_path, "document")
    page.click("#task-12 a.task")
    page.wait_for_selector("#text mark")
    marks = page.locator("#text mark")
    assert marks.count() == 1 and marks.inner_text() == MARKER_12
    background = marks.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted, not only tagged
    shot(page, tmp_path, "task")
    page.click("a:has-text('繁體')")
    page.wait_for_url("**script=traditional")
    assert page.locator("h1").inner_text() == "二（三）12 強化大企業反向“硬孵化”"


def test_download_the_task_table_and_read_it_back(page: Any, tmp_path: Path) -> None:
    page.goto(f"/docs/{BEIJING}")
    with page.expect_download() as caught:
        page.click("#download-tasks-xlsx")
    download = caught.value
    assert download.suggested_filename == "任务分工表-京科发〔2022〕19号.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(str(path))
    rows = [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
    assert ROW_12 in rows and len([r for r in rows if isinstance(r[0], int)]) == 26
    shot(page, tmp_path, "document")


def test_upload_a_gbk_file_and_find_it(page: Any, tmp_path: Path) -> None:
    gbk = tmp_path / "示范通知.txt"
    gbk.write_bytes(GBK_DOC.encode("gbk"))
    page.goto("/upload")
    shot(page, tmp_path, "upload")
    page.set_input_files("#files", str(gbk))
    page.click("#send")
    page.wait_for_selector("#results")
    row = page.locator("#results tbody tr")
    assert row.count() == 1 and "已索引" in row.inner_text()
    shot(page, tmp_path, "uploaded")
    page.click("#results a.new")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "市甲局关于推进示范工作的通知"
    page.goto("/")
    page.fill("#q", "示范基地")
    page.click("#search")
    page.wait_for_selector("#hits")
    first = page.locator("#hits li.hit").first
    assert "市甲局关于推进示范工作的通知" in first.inner_text()
    marks = set(first.locator("mark").all_inner_texts())
    assert marks and marks <= {"示范基地", "示范", "基地"}
    shot(page, tmp_path, "found")
