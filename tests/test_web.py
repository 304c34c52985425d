"""kb serve through FastAPI's TestClient on a real store of the seeds: every page, its JSON twin, errors.

The JSON of each /api route is compared with what the CLI prints with --json for the same
request, and the page with the same facts read out of its HTML.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import docx
import openpyxl
import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from conftest import BEIJING, CORPUS, ROOT, SHANGHAI
from fastapi.testclient import TestClient

from cli import main
from indexer.pipeline import index
from kb.normalize import normalize
from web.app import Settings, create_app

QUESTION = "北京标杆孵化器方案第12项任务由哪个部门负责？"
TASK_12 = [
    ("市科委、中关村管委会", "lead"), ("市经济和信息化局", "support"), ("市国资委", "support"),
    ("人民银行营业管理部", "support"), ("市金融监管局", "support"), ("北京证监局", "support"),
]  # fmt: skip
MARKER_12 = (
    "(責任單位:市科委、中關村管委會,市經濟和信息化局,市國資委,人民銀行營業管理部,市金融監管局,北京證監局)"
)
ROW_12 = [12, "强化大企业反向“硬孵化”", "市科委、中关村管委会",
          "市经济和信息化局；市国资委；人民银行营业管理部；市金融监管局；北京证监局", None]  # fmt: skip
ROLE_WORDS = {"牵头": "lead", "配合": "support"}


@pytest.fixture(scope="module")
def client(seed_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(seed_store))) as c:
        yield c


def cli_json(store: Path, *args: str) -> object:
    result = CliRunner().invoke(main, ["--store", str(store), *args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def page(client: TestClient, url: str, status: int = 200) -> BeautifulSoup:
    r = client.get(url)
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    return BeautifulSoup(r.text, "lxml")


def text(element: Tag) -> str:
    return " ".join(element.get_text().split())


def api(client: TestClient, url: str, status: int = 200) -> object:
    r = client.get(url)
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"] == "application/json"
    return r.json()


# -- questions and search -----------------------------------------------------------------------


def test_ask_names_the_agencies_of_task_12_in_the_page_and_the_json(
    client: TestClient, seed_store: Path
) -> None:
    data = api(client, f"/api/ask?q={quote(QUESTION)}")
    assert data == cli_json(seed_store, "ask", QUESTION)  # the CLI's --json, field for field
    assert data["kind"] == "owner_of_task"
    assert [(a["name"], a["role"]) for a in data["agencies"]] == TASK_12
    html = page(client, f"/ask?q={quote(QUESTION)}")
    rows = [[text(td) for td in tr.find_all("td")] for tr in html.select("#agencies tbody tr")]
    assert [(r[0], ROLE_WORDS[r[1]]) for r in rows] == TASK_12
    assert html.select("#q")[0].get("value") == QUESTION
    [link] = [a for a in html.select(".citations a.source")]
    assert link.get("href") == f"/docs/{BEIJING}/tasks/%2312"


def test_ask_in_english_and_an_ambiguous_question_list_candidates(client: TestClient) -> None:
    data = api(client, "/api/ask?q=" + quote("Which bureau owns task 12 of 京科发〔2022〕19号?"))
    assert data["script"] == "english" and [(a["name"], a["role"]) for a in data["agencies"]] == TASK_12
    data = api(client, "/api/ask?q=" + quote("第1项任务由哪个部门负责？"))
    assert data["kind"] == "ambiguous" and data["candidates"]
    html = page(client, "/ask?q=" + quote("第1项任务由哪个部门负责？"))
    links = [a.get("href") for a in html.select(".candidates a")]
    assert len(links) == len(data["candidates"])
    assert all(href.startswith("/docs/") for href in links)


def test_search_marks_the_words_as_the_document_writes_them(client: TestClient, seed_store: Path) -> None:
    data = api(client, "/api/search?q=" + quote("知识产权") + "&limit=5")
    assert data == cli_json(seed_store, "search", "知识产权", "--limit", "5")
    html = page(client, "/search?q=" + quote("知识产权") + "&limit=5")
    hits = html.select("#hits li.hit")
    assert len(hits) == len(data["hits"]) == 5
    marked = {text(m) for m in html.select("#hits mark")}
    assert marked and {normalize(m) for m in marked} == {"知识产权"}  # each mark is the word, as written
    assert "智慧財產權" in marked  # seed 003's Taiwan vocabulary, shown as written


def test_search_filters_are_the_cli_filters(client: TestClient, seed_store: Path) -> None:
    assert api(client, "/api/search?q=" + quote("孵化器")) == cli_json(
        seed_store, "search", "孵化器"
    )  # defaults
    url = "/api/search?q=" + quote("孵化器") + f"&doc={SHANGHAI}&agency=" + quote("市科委") + "&limit=3"
    data = api(client, url)
    assert data == cli_json(
        seed_store, "search", "孵化器", "--doc", SHANGHAI, "--agency", "市科委", "--limit", "3"
    )
    assert {h["doc"] for h in data["hits"]} == {SHANGHAI}


# -- documents ----------------------------------------------------------------------------------


def test_docs_facets_count_the_documents(client: TestClient, seed_store: Path) -> None:
    data = api(client, "/api/docs")
    assert data["documents"] == cli_json(seed_store, "docs")
    assert (data["total"], data["count"]) == (5, 5)
    counts = {name: {v["value"]: v["count"] for v in f["values"]} for name, f in data["facets"].items()}
    assert counts["jurisdiction"] == {"北京市": 2, "上海市": 1, "北京市朝阳区": 1, "青岛市": 1}
    assert counts["year"] == {"2022": 2, "2014": 1, "2019": 1, "2023": 1}
    assert counts["doc_script"] == {"simplified": 3, "traditional": 2}
    assert counts["owners"] == {"yes": 2, "no": 3}
    assert counts["issuer"]["北京市科学技术委员会、中关村科技园区管理委员会"] == 2
    html = page(client, "/docs")
    shown = {text(li) for li in html.select("#facet-jurisdiction li")}
    assert shown == {"北京市 2", "上海市 1", "北京市朝阳区 1", "青岛市 1"}
    assert len(html.select("table.docs tbody tr")) == 5


def test_docs_filters_narrow_the_list_and_the_facets(client: TestClient) -> None:
    data = api(client, "/api/docs?jurisdiction=" + quote("北京市") + "&owners=yes")
    assert [d["id"] for d in data["documents"]] == [BEIJING]
    assert data["count"] == 1 and data["filters"] == {"jurisdiction": "北京市", "owners": "yes"}
    assert data["facets"]["year"]["values"] == [{"value": "2022", "count": 1, "selected": False}]
    html = page(client, "/docs?jurisdiction=" + quote("北京市"))
    assert text(html.select("#count")[0]).startswith("共 2 份（全部 5 份）")
    [selected] = html.select("#facet-jurisdiction li.selected")
    assert text(selected).startswith("北京市 2")
    assert api(client, "/api/docs?limit=2&offset=4")["documents"][0]["id"] == "004_23961694257063bd"


def test_document_page_and_its_twin(client: TestClient, seed_store: Path) -> None:
    data = api(client, f"/api/docs/{BEIJING}")
    assert data == cli_json(seed_store, "show", BEIJING)
    assert api(client, "/api/docs/" + quote("京科發[2022]19號")) == data  # named as the CLI takes it
    html = page(client, f"/docs/{BEIJING}")
    assert text(html.select("h1")[0]) == data["title"]
    row = html.select("#task-12")[0]
    assert "强化大企业反向“硬孵化”" in text(row)
    lead = row.select(".role-lead + a.agency")[0]
    assert text(lead) == "市科委、中关村管委会"
    assert lead.get("href") == "/agencies/" + quote("北京市科学技术委员会、中关村科技园区管理委员会", safe="")
    downloads = {a.get("href") for a in html.select(".downloads a")}
    assert (
        f"/export/tasks.xlsx?doc={BEIJING}" in downloads and f"/export/matrix.xlsx?doc={BEIJING}" in downloads
    )


def test_document_tasks_are_kb_tasks(client: TestClient, seed_store: Path) -> None:
    assert api(client, f"/api/docs/{BEIJING}/tasks") == cli_json(seed_store, "tasks", BEIJING)
    url = f"/api/docs/{BEIJING}/tasks?agency=" + quote("市国资委")
    assert api(client, url) == cli_json(seed_store, "tasks", BEIJING, "--agency", "市国资委")
    html = page(client, f"/docs/{BEIJING}/tasks?agency=" + quote("市国资委"))
    assert len(html.select("#tasks tbody tr")) == len(api(client, url))


def test_task_page_highlights_the_marker(client: TestClient, seed_store: Path) -> None:
    data = api(client, f"/api/docs/{BEIJING}/tasks/12")
    markers = data.pop("markers")
    assert data == cli_json(seed_store, "owners", BEIJING, "12")
    assert [m["text"] for m in markers] == [MARKER_12]
    assert (
        api(client, "/api/docs/" + quote("京科發〔2022〕19號") + "/tasks/" + quote("十二"))["task"]["seq"]
        == 12
    )
    html = page(client, f"/docs/{BEIJING}/tasks/%2312")
    assert [text(m) for m in html.select("#text mark")] == [MARKER_12]
    rows = [[text(td) for td in tr.find_all("td")] for tr in html.select("#owners tbody tr")]
    assert [(r[1], ROLE_WORDS[r[0]]) for r in rows] == TASK_12
    assert text(html.select("#place")[0]).startswith(
        "二、重点任务 › （三）硬科技孵化能力提升工程 › 12.强化大企业反向"
    )


def test_a_task_without_a_marker_says_so(client: TestClient) -> None:
    data = api(client, "/api/docs/001_e782f3eb79bdf678/tasks/%231")
    assert data["agencies"] == [] and data["markers"] == []
    html = page(client, "/docs/001_e782f3eb79bdf678/tasks/%231")
    assert "该任务未明确责任单位" in text(html.select("#owners")[0])
    assert html.select("#text mark") == []


def test_matrix_page_is_the_matrix_export(client: TestClient, seeds: object, tmp_path: Path) -> None:
    from kb.export import export_matrix

    export_matrix(seeds, [BEIJING], tmp_path / "m.json")  # type: ignore[arg-type]
    data = api(client, f"/api/docs/{BEIJING}/matrix")
    assert data == json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    html = page(client, f"/docs/{BEIJING}/matrix")
    header = [text(th) for th in html.select("#matrix thead th")][3:]
    row = [r for r in html.select("#matrix tbody tr") if text(r.find_all("td")[0]) == "12"][0]
    marks = {header[i]: text(td) for i, td in enumerate(row.find_all("td")[3:]) if text(td)}
    assert marks == {"市科委、中关村管委会": "●", "市经济和信息化局": "○", "市国资委": "○",
                     "人民银行营业管理部": "○", "市金融监管局": "○", "北京证监局": "○"}  # fmt: skip


# -- agencies -----------------------------------------------------------------------------------


def test_agency_page_counts_and_filters_by_role(client: TestClient, seed_store: Path) -> None:
    data = api(client, "/api/agencies/" + quote("中关村管委会"))
    cli = cli_json(seed_store, "agency", "中关村管委会")
    assert {k: data[k] for k in cli} == cli  # type: ignore[union-attr]
    assert (data["count"], data["total"]) == (26, 26)
    roles = {v["value"]: v["count"] for v in data["facets"]["role"]["values"]}
    assert roles == {"lead": 25, "support": 1}
    assert data["facets"]["deadline"]["values"] == [{"value": "none", "count": 26, "selected": False}]
    support = api(client, "/api/agencies/" + quote("中关村管委会") + "?role=support")
    assert support["count"] == 1 and [t["role"] for d in support["documents"] for t in d["tasks"]] == [
        "support"
    ]
    html = page(client, "/agencies/" + quote("中关村管委会") + "?role=support")
    assert text(html.select("#count")[0]).startswith("共 1 项任务（全部 26 项）")
    assert (
        api(client, "/api/agencies/" + quote("中关村管委会") + "?doc=" + quote("京科发〔2022〕19号"))["count"]
        == 26
    )


def test_agencies_list_is_kb_agencies(client: TestClient, seed_store: Path) -> None:
    data = api(client, "/api/agencies")
    assert data == cli_json(seed_store, "agencies")
    assert api(client, f"/api/agencies?doc={SHANGHAI}") == cli_json(seed_store, "agencies", "--doc", SHANGHAI)
    html = page(client, "/agencies")
    assert len(html.select("#agency-list tbody tr")) == len(data)  # type: ignore[arg-type]


# -- downloads ----------------------------------------------------------------------------------


def download(client: TestClient, url: str, tmp_path: Path, name: str) -> Path:
    r = client.get(url)
    assert r.status_code == 200, r.text[:300]
    path = tmp_path / name
    path.write_bytes(r.content)
    return path


def cli_export(store: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["--store", str(store), "export", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


def test_task_table_downloads_are_the_cli_exports(
    client: TestClient, seed_store: Path, tmp_path: Path
) -> None:
    r = client.get(f"/export/tasks.xlsx?doc={BEIJING}")
    assert r.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        "filename*=UTF-8''" + quote("任务分工表-京科发〔2022〕19号.xlsx") in r.headers["content-disposition"]
    )
    got = openpyxl.load_workbook(download(client, f"/export/tasks.xlsx?doc={BEIJING}", tmp_path, "web.xlsx"))
    cli_export(seed_store, "tasks", BEIJING, "-o", str(tmp_path / "cli.xlsx"))
    want = openpyxl.load_workbook(tmp_path / "cli.xlsx")
    rows = [list(r) for r in got.active.iter_rows(values_only=True)]
    assert rows == [list(r) for r in want.active.iter_rows(values_only=True)]
    assert ROW_12 in rows
    document = docx.Document(str(download(client, f"/export/tasks.docx?doc={BEIJING}", tmp_path, "t.docx")))
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert ["12", *ROW_12[1:4], ""] in cells
    data = download(client, f"/export/tasks.csv?doc={BEIJING}&script=traditional", tmp_path, "t.csv")
    table = list(csv.reader(io.StringIO(data.read_text(encoding="utf-8-sig"))))
    assert ["12", "強化大企業反向“硬孵化”", "市科委、中關村管委會"] in [r[:3] for r in table]


def test_matrix_and_agency_downloads(client: TestClient, seed_store: Path, tmp_path: Path) -> None:
    got = openpyxl.load_workbook(download(client, f"/export/matrix.xlsx?doc={BEIJING}", tmp_path, "m.xlsx"))
    cli_export(seed_store, "matrix", BEIJING, "-o", str(tmp_path / "cli-m.xlsx"))
    want = openpyxl.load_workbook(tmp_path / "cli-m.xlsx")
    assert [list(r) for r in got.active.iter_rows(values_only=True)] == [
        list(r) for r in want.active.iter_rows(values_only=True)
    ]
    url = "/export/agency.xlsx?name=" + quote("中关村管委会")
    book = openpyxl.load_workbook(download(client, url, tmp_path, "a.xlsx"))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert sum(1 for r in rows if r[5] in ("牵头", "配合")) == 26


# -- errors and bad requests --------------------------------------------------------------------


def test_unknown_things_are_404_with_a_hint(client: TestClient) -> None:
    for url in ("/api/docs/nonexistent", "/api/docs/nonexistent/tasks/1", f"/api/docs/{BEIJING}/tasks/99",
                "/api/agencies/" + quote("火星局"), "/api/nothing"):  # fmt: skip
        body = api(client, url, 404)
        assert set(body) == {"error", "hint"} and body["error"] and body["hint"]  # type: ignore[arg-type]
    html = page(client, "/docs/nonexistent", 404)
    assert "no document matches 'nonexistent'" in text(html.select(".message")[0])
    assert "Traceback" not in str(html)


def test_ambiguous_names_are_409_with_candidates(client: TestClient) -> None:
    body = api(client, "/api/docs/" + quote("孵化器"), 409)
    assert [c["id"] for c in body["candidates"]] == [BEIJING, SHANGHAI, "004_23961694257063bd"]  # type: ignore[index]
    body = api(client, f"/api/docs/{SHANGHAI}/tasks/1", 409)
    paths = [c["path"] for c in body["candidates"]]  # type: ignore[index]
    assert paths[:5] == ["二（一）1", "二（二）1", "二（三）1", "二（四）1", "二（五）1"]
    html = page(client, f"/docs/{SHANGHAI}/tasks/1", 409)
    assert [a.get("href") for a in html.select(".candidates a")][0] == quote("二（一）1")


def test_bad_queries_are_400(client: TestClient) -> None:
    for url in ("/api/ask?q=", "/api/ask", "/api/search?q=x&limit=0", "/api/search?q=x&limit=abc",
                "/api/docs?offset=-1", "/api/ask?q=x&script=klingon", "/export/tasks.xlsx",
                f"/export/tasks.exe?doc={BEIJING}", "/api/ask?q=" + quote("问" * 501)):  # fmt: skip
        r = client.get(url, headers={"accept": "application/json"})
        assert r.status_code == 400, (url, r.text)
        assert set(r.json()) == {"error", "hint"}


def test_hostile_requests_get_a_clear_4xx(client: TestClient) -> None:
    assert client.get("/api/ask?q=" + "问" * 7000).status_code == 414
    r = client.get("/api/search?q=%C4%E3%BA%C3")  # 你好 in GBK
    assert r.status_code == 400 and "not UTF-8" in r.json()["error"]
    assert client.get("/docs/%FF%FE").status_code == 400
    body = api(client, "/api/docs/..%2F..%2F..%2Fetc%2Fpasswd", 404)
    assert (
        body["error"] == "no document matches '../../../etc/passwd': `kb docs` lists ids, numbers and titles"
    )  # type: ignore[index]
    assert client.get("/export/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get(f"/export/tasks.xlsx%2F..%2F..%2Fx?doc={BEIJING}").status_code in (400, 404)
    assert client.get("/static/%2e%2e/app.py").status_code == 404
    assert client.post("/api/ask", content=b"x" * 200_000).status_code == 413
    assert client.post("/api/upload", content=b"x" * (60 << 20)).status_code == 413
    assert client.post("/api/docs").status_code == 405


def test_every_response_carries_the_security_headers_and_no_outside_resource(client: TestClient) -> None:
    for url in ("/", f"/docs/{BEIJING}", f"/ask?q={quote(QUESTION)}", "/docs/nonexistent"):
        r = client.get(url)
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'none'" in r.headers["content-security-policy"]
        html = BeautifulSoup(r.text, "lxml")
        refs = [e.get(a) for e in html.find_all(True) for a in ("src", "href", "action") if e.get(a)]
        assert refs and not [ref for ref in refs if ref.startswith(("http:", "https:", "//"))]
        assert html.find_all("script") == []  # no JavaScript at all


def test_a_damaged_store_is_a_503_not_a_traceback(tmp_path: Path) -> None:
    store = tmp_path / "s"
    index([CORPUS / f"{BEIJING}.txt"], store, workers=1)
    current = (store / "CURRENT").read_text().strip()
    (store / current / "catalog.pkl").write_bytes(b"not a pickle")
    with TestClient(create_app(Settings(store))) as c:
        r = c.get("/api/docs")
        assert r.status_code == 503 and "kb index --rebuild" in r.json()["error"]
        r = c.get("/docs")
        assert r.status_code == 503 and "Traceback" not in r.text


def test_an_empty_store_still_shows_the_front_page(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(tmp_path / "empty"))) as c:
        assert c.get("/api").json()["documents"] == 0
        assert c.get("/").status_code == 200
        r = c.get("/api/docs")
        assert r.status_code == 503 and "kb index" in r.json()["hint"]


def test_openapi_describes_the_api(client: TestClient) -> None:
    paths = api(client, "/openapi.json")["paths"]  # type: ignore[index]
    for path in ("/api/ask", "/api/search", "/api/docs", "/api/docs/{doc}", "/api/docs/{doc}/tasks",
                 "/api/docs/{doc}/tasks/{task}", "/api/docs/{doc}/matrix", "/api/agencies/{name}",
                 "/export/tasks.{fmt}", "/export/matrix.{fmt}", "/export/agency.{fmt}", "/api/upload"):  # fmt: skip
        assert path in paths, path
    assert "/ask" not in paths and "/docs" not in paths  # pages are not the API
    assert [p["name"] for p in paths["/api/search"]["get"]["parameters"]] == [
        "q", "doc", "agency", "issuer", "year", "limit", "script"
    ]  # fmt: skip


# -- scripts ------------------------------------------------------------------------------------


def test_the_script_switch_converts_and_is_kept_in_links(client: TestClient) -> None:
    html = page(client, f"/docs/{BEIJING}/tasks/%2312?script=simplified")
    assert [text(m) for m in html.select("#text mark")] == [
        "(责任单位:市科委、中关村管委会,市经济和信息化局,市国资委,人民银行营业管理部,市金融监管局,北京证监局)"
    ]
    html = page(client, f"/docs/{BEIJING}?script=traditional")
    assert "部門" in text(html.select(".top nav")[0])
    assert "強化大企業反向“硬孵化”" in text(html.select("#task-12")[0])
    links = [a.get("href") for a in html.select("main a") if a.get("href", "").startswith("/")]
    assert links and all("script=traditional" in href for href in links)
    data = api(client, f"/api/ask?q={quote(QUESTION)}&script=traditional")
    assert data["script"] == "traditional" and "牽頭" in data["answer"]


# -- a store that changes under the server ------------------------------------------------------


def test_the_server_follows_new_generations_and_unpins_the_old(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / f"{BEIJING}.txt", corpus)
    store = tmp_path / "s"
    index([corpus], store, workers=1)
    first = (store / "CURRENT").read_text().strip()
    with TestClient(create_app(Settings(store))) as c:
        assert c.get("/api/docs").json()["count"] == 1
        shutil.copy(CORPUS / f"{SHANGHAI}.txt", corpus)
        index([corpus], store, workers=1)
        assert (store / first).is_dir()  # the server still pins it: the writer kept it
        assert c.get("/api/docs").json()["count"] == 2  # the next request sees the new one
        shutil.copy(CORPUS / "004_23961694257063bd.txt", corpus)
        index([corpus], store, workers=1)
        assert not (store / first).exists()  # unpinned once the server moved on: removed
        assert c.get("/api/docs").json()["count"] == 3


# -- uploads ------------------------------------------------------------------------------------

GBK_DOC = "市甲局关于推进示范工作的通知\n\n一、重点任务\n1.建设示范基地。推动示范基地建设。（责任单位：市甲局、市乙委）\n2.完善配套政策。（市丙局牵头，市丁局配合）\n"


@pytest.fixture
def upload_client(tmp_path: Path) -> Iterator[TestClient]:
    store = tmp_path / "s"
    index([CORPUS / f"{BEIJING}.txt"], store, workers=1)
    with TestClient(create_app(Settings(store, allow_upload=True))) as c:
        yield c


def test_uploads_are_off_unless_allowed(client: TestClient) -> None:
    r = client.post("/api/upload", files={"files": ("a.txt", b"x")})
    assert r.status_code == 403 and "--allow-upload" in r.json()["hint"]
    assert client.get("/upload").status_code == 403


def test_upload_indexes_each_file_and_says_what_became_of_it(upload_client: TestClient) -> None:
    files = [
        ("files", ("示范通知.txt", GBK_DOC.encode("gbk"), "text/plain")),
        ("files", ("../../扫描件.txt", bytes(range(256)) * 40, "text/plain")),
        ("files", ("程序.exe", b"MZ\x90\x00", "application/octet-stream")),
    ]
    r = upload_client.post("/api/upload", files=files)
    assert r.status_code == 200, r.text
    results = {f["name"]: f for f in r.json()["files"]}
    assert results["示范通知.txt"]["status"] == "indexed"
    assert results["示范通知.txt"]["documents"] == [
        {"id": "示范通知", "title": "市甲局关于推进示范工作的通知"}
    ]
    assert results["扫描件.txt"]["status"] == "failed"  # saved under its base name only
    assert results["扫描件.txt"]["errors"] == [
        "扫描件.txt: not UTF-8, GB18030, Big5 or UTF-16 text (binary data?)"
    ]
    assert results["程序.exe"]["status"] == "failed" and results["程序.exe"]["errors"][0].startswith(
        "程序.exe: "
    )
    assert r.json()["documents"] == 2
    owners = upload_client.get("/api/docs/示范通知/tasks/1").json()
    assert [(a["name"], a["role"]) for a in owners["agencies"]] == [("市甲局", "lead"), ("市乙委", "support")]
    hits = upload_client.get("/api/search?q=" + quote("示范基地")).json()["hits"]
    assert hits and hits[0]["doc"] == "示范通知"


def test_upload_page_links_the_new_documents(upload_client: TestClient) -> None:
    r = upload_client.post(
        "/upload", files=[("files", ("示范通知.txt", GBK_DOC.encode("gbk"), "text/plain"))]
    )
    html = BeautifulSoup(r.text, "lxml")
    [link] = html.select("#results a.new")
    assert link.get("href") == "/docs/" + quote("示范通知") and text(link) == "市甲局关于推进示范工作的通知"
    again = upload_client.post(
        "/api/upload", files=[("files", ("示范通知.txt", GBK_DOC.encode("gbk")))]
    ).json()
    assert again["files"][0]["status"] == "unchanged"
    assert upload_client.post("/api/upload", data={"x": "1"}).status_code == 400


def test_other_commands_never_import_the_web_stack(seed_store: Path) -> None:
    for args in (["docs"], ["ask", QUESTION], ["owners", BEIJING, "12"]):
        script = (
            "import sys\nfrom cli import main\n"
            f"sys.argv = ['kb', '--store', {str(seed_store)!r}, *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'fastapi', 'starlette', 'jinja2', 'uvicorn', 'web'}))\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
        )
        assert out.stdout.strip().splitlines()[-1] == "[]", args


def test_a_correction_made_beside_the_server_shows_on_the_next_request(tmp_path: Path) -> None:
    store = tmp_path / "s"
    index([CORPUS / f"{BEIJING}.txt"], store, workers=1)
    with TestClient(create_app(Settings(store))) as c:
        assert api(c, f"/api/docs/{BEIJING}/tasks/12")["task"]["corrected"] is None
        argv = [
            "--store",
            str(store),
            "correct",
            BEIJING,
            "12",
            "--lead",
            "市财政局",
            "--note",
            "依据会议纪要",
            "--by",
            "张三",
        ]
        result = CliRunner().invoke(main, argv, catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        data = api(c, f"/api/docs/{BEIJING}/tasks/12")
        assert [(a["name"], a["role"]) for a in data["agencies"]] == [("市财政局", "lead")]
        corrected = data["task"]["corrected"]
        assert (corrected["by"], corrected["note"]) == ("张三", "依据会议纪要")
        assert [(e["name"], e["role"]) for e in corrected["extracted"]] == TASK_12
        html = page(c, f"/docs/{BEIJING}/tasks/%2312")
        assert "（已更正） 张三" in text(html.select("#corrected")[0])
        assert "（已更正）" in text(page(c, f"/docs/{BEIJING}").select("#task-12")[0])


def test_a_document_without_owners_offers_no_matrix(client: TestClient) -> None:
    html = page(client, "/docs/001_e782f3eb79bdf678")
    hrefs = [a.get("href") for a in html.select("main a")]
    assert not [h for h in hrefs if "matrix" in h]
    assert "/export/tasks.xlsx?doc=001_e782f3eb79bdf678" in hrefs
    body = api(client, "/api/docs/001_e782f3eb79bdf678/matrix", 400)
    assert "names no responsible agencies" in body["error"]  # type: ignore[index]


def test_yes_no_and_count_answers_show_their_verdict_and_number(client: TestClient, seed_store: Path) -> None:
    question = "京科发〔2022〕19号第12项，市国资委是责任单位吗？"
    data = api(client, "/api/ask?q=" + quote(question))
    assert data == cli_json(seed_store, "ask", question)
    assert (data["kind"], data["verdict"]) == ("yes_no", True)
    assert text(page(client, "/ask?q=" + quote(question)).select("#verdict")[0]) == "是"
    no = "京科发〔2022〕19号第12项，市财政局是责任单位吗？"
    assert text(page(client, "/ask?q=" + quote(no)).select("#verdict")[0]) == "否"
    count = "北京的标杆孵化器方案有几项任务？"
    assert api(client, "/api/ask?q=" + quote(count))["count"] == 26
    assert text(page(client, "/ask?q=" + quote(count)).select("#answer-count")[0]) == "26"


def test_explain_shows_how_the_question_was_read(client: TestClient, seed_store: Path) -> None:
    data = api(client, "/api/ask?explain=true&q=" + quote(QUESTION))
    assert data == cli_json(seed_store, "ask", QUESTION, "--explain")
    html = page(client, "/ask?explain=true&q=" + quote(QUESTION))
    shown = html.select("#explain pre")[0].get_text()
    assert json.loads(shown) == data["explain"]  # readable Chinese, not \\u escapes
    assert "\\u" not in shown
