"""The PostgreSQL store against a real server: the same knowledge base as the embedded store,
every command the same, one transaction per indexing run, one writer at a time.

"The same" for search (decided for issue 16): for every query below, both stores find the
same set of units, the same unit first, and each unit's score is within 5% of whoosh's (the
engines compute the same BM25F; whoosh rounds field lengths to a byte).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from click.testing import CliRunner
from conftest import BEIJING, CORPUS, SHANGHAI
from test_reliability import KB, ROOT, kb, snapshot, start_kb, wait_until_writing, write_copies

from cli import main
from indexer.pipeline import index
from kb.backends.factory import open_store
from kb.errors import StoreError, StoreLocked
from kb.knowledge import KnowledgeBase

QUERIES = [
    "知识产权", "智慧財產權", "標桿孵化器", "孵化器", '"反向硬孵化"', "中关村管委会", "孵化器 知识产权 服务",
    "市科委", "2025年", "京科发〔2022〕19号", '孵化器 "硬科技企业"', "数字化", "科技创新 成果转化", "高质量发展",
    "国有资产监督管理", "生态环境保护", "生态环境保护 环境", "科技创新 创新", "孵化器 孵化",
]  # fmt: skip


def test_the_seeds_read_the_same_on_both_stores(seeds: KnowledgeBase, pg_seeds: KnowledgeBase) -> None:
    assert pg_seeds.catalog == seeds.catalog
    for doc_id in seeds.catalog:
        assert pg_seeds.generation.load(doc_id) == seeds.generation.load(doc_id)
    one, other = seeds.graph(), pg_seeds.graph()
    assert dict(other.nodes(data=True)) == dict(one.nodes(data=True))  # type: ignore[attr-defined]
    assert {(u, v): d for u, v, d in other.edges(data=True)} == {
        (u, v): d for u, v, d in one.edges(data=True)
    }  # type: ignore[attr-defined]
    assert pg_seeds.generation.search_index().count() == seeds.generation.search_index().count()


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_the_same_units(seeds: KnowledgeBase, pg_seeds: KnowledgeBase, query: str) -> None:
    ours = [((h.doc, h.kind, h.seq, h.span), h.score) for h in pg_seeds.search(query, limit=500).hits]
    whoosh = [((h.doc, h.kind, h.seq, h.span), h.score) for h in seeds.search(query, limit=500).hits]
    assert whoosh
    assert {u for u, _ in ours} == {u for u, _ in whoosh}
    assert ours[0][0] == whoosh[0][0]
    scores = dict(whoosh)
    assert all(abs(score - scores[unit]) <= 0.05 * scores[unit] for unit, score in ours)


# Queries whose words no unit holds together: the units holding the most of them.
PARTIAL = [
    ("离岸孵化器 金种子企业 火星基地", {}), ("离岸孵化器 公租房", {}), ("離岸孵化器 公租房", {}),
    ("孵化器 火星基地", {}), ('"硬科技企业" 公租房 孵化器', {}), ("知识产权 公租房", {"doc": BEIJING}),
    ("孵化器 公租房", {"agency": "市科委"}), ("科技创新 成果转化 公租房 火星", {"year": "2022"}),
]  # fmt: skip


@pytest.mark.parametrize(("query", "filters"), PARTIAL, ids=[q for q, _ in PARTIAL])
def test_words_no_unit_holds_together_find_the_same_units(
    seeds: KnowledgeBase, pg_seeds: KnowledgeBase, query: str, filters: dict[str, str]
) -> None:
    ours, whoosh = (base.search(query, limit=500, **filters) for base in (pg_seeds, seeds))  # type: ignore[arg-type]
    assert whoosh.partial and whoosh.hits
    assert (ours.partial, ours.held, ours.words) == (whoosh.partial, whoosh.held, whoosh.words)
    units = [((h.doc, h.kind, h.seq, h.span), h.score) for h in ours.hits]
    expected = [((h.doc, h.kind, h.seq, h.span), h.score) for h in whoosh.hits]
    assert {u for u, _ in units} == {u for u, _ in expected}
    assert units[0][0] == expected[0][0]
    scores = dict(expected)
    assert all(abs(score - scores[unit]) <= 0.05 * scores[unit] for unit, score in units)


def test_words_no_unit_holds_are_no_results_on_both_stores(
    seeds: KnowledgeBase, pg_seeds: KnowledgeBase
) -> None:
    for base in (seeds, pg_seeds):
        result = base.search("公租房 火星")
        assert (result.hits, result.partial, result.held) == ((), False, 0)


@pytest.mark.parametrize(
    "filters",
    [
        {"doc": BEIJING},
        {"agency": "市科委"},
        {"year": "2023"},
        {"issuer": "中关村管委会"},
        {"issuer": "市乙委"},
    ],
)
def test_filters_give_the_same_hits(
    seeds: KnowledgeBase, pg_seeds: KnowledgeBase, filters: dict[str, str]
) -> None:
    def units(base: KnowledgeBase) -> set[tuple[str, int | None]]:
        return {(h.doc, h.seq) for h in base.search("孵化", limit=500, **filters).hits}  # type: ignore[arg-type]

    assert units(pg_seeds) == units(seeds)
    if filters != {"issuer": "市乙委"}:  # an issuer no document has: no hits anywhere
        assert units(seeds)


COMMANDS = [
    ["docs"], ["docs", "--json"], ["show", "京科發[2022]19號"], ["show", SHANGHAI, "--json"],
    ["owners", "京科發〔2022〕19號", "十二"], ["owners", "003", "1"], ["owners", BEIJING, "12", "--json"],
    ["tasks", "003", "--agency", "市国资委"], ["tasks", "003", "--json"], ["agency", "上海市科委"],
    ["agency", "市财政局", "--json"], ["agencies"], ["agencies", "--doc", "003", "--json"],
    ["search", "智慧財產權", "--limit", "3"], ["search", '"反向硬孵化"', "--script", "simplified"], ["search", "(((("],
    ["search", "孵化", "--year", "2022", "--limit", "5"], ["search", "离岸孵化器 公租房"],
    ["search", "离岸孵化器 金种子企业 火星基地", "--json"],
    ["ask", "北京标杆孵化器方案第12项任务由哪个部门负责？"], ["ask", "第十二項任務的責任單位是誰？"],
    ["ask", "第5项任务由谁负责？"], ["ask", "What tasks does the Beijing Municipal Finance Bureau lead?"],
    ["ask", "火星基地的建设进度如何？"], ["ask", "标杆孵化器的建设目标是什么？"], ["ask", "上海的孵化器方案有哪些责任单位？"],
]  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_prints_the_same(seed_store: Path, pg_seed_url: str, args: list[str]) -> None:
    runner = CliRunner()
    embedded = runner.invoke(main, ["--store", str(seed_store), *args])
    shared = runner.invoke(main, ["--store", pg_seed_url, *args])
    assert (shared.exit_code, shared.stdout, shared.stderr) == (
        embedded.exit_code,
        embedded.stdout,
        embedded.stderr,
    )


@pytest.mark.parametrize(
    "args",
    [["tasks", BEIJING], ["matrix"], ["agency", "中关村管委会"]],
    ids=" ".join,
)
@pytest.mark.parametrize("fmt", ["csv", "md", "html", "json"])
def test_exports_are_the_same(
    seed_store: Path, pg_seed_url: str, tmp_path: Path, args: list[str], fmt: str
) -> None:
    written = []
    for name, store in (("embedded", str(seed_store)), ("shared", pg_seed_url)):
        target = tmp_path / f"{name}.{fmt}"
        result = CliRunner().invoke(main, ["--store", store, "export", *args, "-o", str(target)])
        assert result.exit_code == 0, result.stderr
        written.append(target.read_bytes())
    assert written[0] == written[1]


def test_graph_export_from_the_tables(seed_store: Path, pg_seed_url: str, tmp_path: Path) -> None:
    graphs = []
    for name, store in (("embedded", str(seed_store)), ("shared", pg_seed_url)):
        target = tmp_path / f"{name}.json"
        result = CliRunner().invoke(
            main, ["--store", store, "graph", "export", "--format", "json", "-o", str(target)]
        )
        assert result.exit_code == 0, result.stderr
        data = json.loads(target.read_text(encoding="utf-8"))
        nodes = sorted(json.dumps(n, ensure_ascii=False, sort_keys=True) for n in data["nodes"])
        edges = sorted(json.dumps(e, ensure_ascii=False, sort_keys=True) for e in data["edges"])
        graphs.append((nodes, edges))
    assert graphs[0] == graphs[1]
    assert sum('"kind": "responsibility"' in e for e in graphs[1][1]) > 100


def test_kb_store_holds_the_url(pg_seed_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_STORE", pg_seed_url)
    result = CliRunner().invoke(main, ["docs", "--json"])
    assert [d["id"] for d in json.loads(result.stdout)][:1] == [BEIJING]
    assert len(KnowledgeBase.open().catalog) == 5


def test_the_embedded_store_never_imports_psycopg(seed_store: Path) -> None:
    script = (
        "import sys\nfrom cli import main\n"
        f"sys.argv = ['kb', '--store', {str(seed_store)!r}, 'search', '知识产权']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('psycopg')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_an_empty_database_says_what_to_do(pg_url: str) -> None:
    result = CliRunner().invoke(main, ["--store", pg_url, "docs"])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: no documents indexed in {pg_url} yet: run `kb --store {pg_url} index PATH` first\n"
    )


def test_an_unreachable_server_is_one_line(tmp_path: Path) -> None:
    url = f"postgresql://kb@/nothing?host={tmp_path}&port=1"
    result = CliRunner().invoke(main, ["--store", url, "docs"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot connect to {url} (")
    assert result.stderr.endswith("): check the URL, that the server runs and that the user may connect\n")
    assert len(result.stderr.splitlines()) == 1


DAMAGE = [
    ("DROP TABLE units CASCADE", ["search", "孵化器"], 'relation "units" does not exist'),
    ("ALTER TABLE tasks DROP COLUMN deadline", ["owners", BEIJING, "12"], 'column "deadline" does not exist'),
    ("DELETE FROM kb_meta WHERE key = 'schema'", ["docs"], "kb_meta gives no schema version"),
]


@pytest.mark.parametrize(("damage", "args", "what"), DAMAGE, ids=[d for d, _, _ in DAMAGE])
def test_a_damaged_database_is_one_line_with_the_remedy(
    pg_url: str, damage: str, args: list[str], what: str
) -> None:
    assert index([CORPUS / f"{BEIJING}.txt"], pg_url, workers=1).ok
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(damage)
    result = CliRunner().invoke(main, ["--store", pg_url, *args])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: the store at {pg_url} is damaged ({what}); restore the database from a backup "
        "(pg_restore), or index into a new, empty database\n",
    )  # fmt: skip


def end_connections(url: str) -> int:
    """End policykb's connections to the database, as a server restart does; how many there
    were. Returns once their server processes are gone (their goodbye is on the sockets)."""
    mine = "application_name = 'policykb' AND datname = current_database()"
    with psycopg.connect(url, autocommit=True) as conn:
        found = conn.execute(f"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE {mine}")
        ended = int(found.fetchone()[0])  # type: ignore[index]
        for _ in range(500):
            if conn.execute(f"SELECT count(*) FROM pg_stat_activity WHERE {mine}").fetchone() == (0,):
                break
            time.sleep(0.01)
    return ended


def test_a_connection_the_server_ended_is_one_line(pg_url: str) -> None:
    assert index([CORPUS / f"{BEIJING}.txt"], pg_url, workers=1).ok
    base = KnowledgeBase.open(pg_url)
    assert end_connections(pg_url) >= 1
    with pytest.raises(StoreError) as error:
        base.search("孵化器")
    assert str(error.value).startswith(f"lost the connection to {pg_url} (")
    assert str(error.value).endswith("): check that the server runs, then run the command again")
    assert CliRunner().invoke(main, ["--store", pg_url, "search", "孵化器"]).exit_code == 0  # a new one works


def test_a_server_process_answers_again_after_its_connections_were_ended(pg_url: str) -> None:
    from web.live import LiveBase

    assert index([CORPUS / f"{BEIJING}.txt"], pg_url, workers=1).ok
    live = LiveBase(pg_url)
    with live.lease() as base:
        hits = [(h.doc, h.seq) for h in base.search("孵化器").hits]
        assert hits and base.generation.usable()
    assert end_connections(pg_url) >= 1
    with live.lease() as base:  # opened again: the same state, on a new connection
        assert [(h.doc, h.seq) for h in base.search("孵化器").hits] == hits
    live.close()


def test_a_read_only_database_refuses_writes_in_one_line_and_still_reads(pg_url: str) -> None:
    assert index([CORPUS / f"{BEIJING}.txt"], pg_url, workers=1).ok
    with psycopg.connect(pg_url, autocommit=True) as conn:  # as a hot standby is
        conn.execute(f"ALTER DATABASE {conn.info.dbname} SET default_transaction_read_only = on")
    result = CliRunner().invoke(main, ["--store", pg_url, "index", str(CORPUS)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: cannot write to the store at {pg_url}: it is read-only (a standby?); the store is "
        "unchanged (kb index and kb correct go to the primary)\n",
    )  # fmt: skip
    shown = CliRunner().invoke(main, ["--store", pg_url, "docs"])
    assert shown.exit_code == 0 and shown.stdout.startswith(BEIJING)


def test_a_newer_schema_is_refused(pg_url: str) -> None:
    assert index([CORPUS / f"{BEIJING}.txt"], pg_url, workers=1).ok
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE kb_meta SET value = '99' WHERE key = 'schema'")
    message = f"Error: the database at {pg_url} has schema 99, newer than this policykb knows (3): upgrade policykb to use it\n"
    for args in (["index", str(CORPUS)], ["docs"]):
        result = CliRunner().invoke(main, ["--store", pg_url, *args])
        assert (result.exit_code, result.stderr) == (1, message)


def test_an_older_schema_is_migrated_by_kb_index(pg_url: str) -> None:
    assert index([CORPUS / f"{BEIJING}.txt"], pg_url, workers=1).ok
    with psycopg.connect(pg_url, autocommit=True) as conn:  # as policykb with one migration wrote it
        conn.execute("DROP TABLE corrections, removed")
        conn.execute("ALTER TABLE documents DROP COLUMN indexed")
        conn.execute("UPDATE kb_meta SET value = '1' WHERE key = 'schema'")
    refused = CliRunner().invoke(main, ["--store", pg_url, "docs"])
    assert (refused.exit_code, refused.stderr) == (
        1, f"Error: the database at {pg_url} has schema 1, this policykb needs 3: run `kb index` to migrate it\n",
    )  # fmt: skip
    done = CliRunner().invoke(main, ["--store", pg_url, "index", str(CORPUS / f"{BEIJING}.txt")])
    assert done.exit_code == 0 and "0 added, 0 updated, 1 unchanged" in done.stdout
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT value FROM kb_meta WHERE key = 'schema'").fetchone() == ("3",)
        assert conn.execute("SELECT count(*) FROM corrections").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM removed").fetchone() == (0,)
        # Indexed before the day was recorded: an unreadable file keeps "the version indexed on an earlier run".
        assert conn.execute("SELECT indexed FROM documents").fetchall() == [(None,)]
    assert CliRunner().invoke(main, ["--store", pg_url, "docs"]).exit_code == 0


def test_readers_see_committed_data_only(pg_url: str, tmp_path: Path) -> None:
    assert index([CORPUS / f"{BEIJING}.txt"], pg_url, workers=1).ok
    folder = tmp_path / "in"
    write_copies(folder, range(3))
    with open_store(pg_url).writer() as writer:
        from indexer import pipeline

        report = pipeline.IndexReport()
        assert pipeline._Run(writer, report, [], set()).stage(sorted(folder.glob("*.txt")), None, 1)
        assert sorted(KnowledgeBase.open(pg_url).catalog) == [BEIJING]  # written, not committed
        writer.commit()
        assert sorted(KnowledgeBase.open(pg_url).catalog) == [BEIJING, "c000", "c001", "c002"]


def test_a_second_writer_is_told_who_holds_the_store(pg_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_copies(folder, range(5))
    holder = open_store(pg_url).writer()
    holder.__enter__()
    try:
        with pytest.raises(StoreLocked):
            open_store(pg_url).writer().__enter__()
        refused = kb(pg_url, "index", folder)  # type: ignore[arg-type]
        assert refused.returncode == 1
        assert refused.stderr.startswith(f"Error: another kb index (pid {os.getpid()} on ")
        assert refused.stderr.rstrip().endswith(
            f"is writing to {pg_url}; wait for it to finish or use --wait"
        )
        assert len(refused.stderr.splitlines()) == 1
        waiting = start_kb(pg_url, "index", "--wait", folder)  # type: ignore[arg-type]
        time.sleep(1.5)
        assert waiting.poll() is None  # still waiting for the lock
    finally:
        holder.__exit__(None, None, None)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "5 added" in out


def _writer_pid(url: str) -> object:
    """The pid the shared store's writer record holds, if any."""
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            if not conn.execute("SELECT to_regclass('kb_writer') IS NOT NULL").fetchone()[0]:  # type: ignore[index]
                return None
            row = conn.execute("SELECT pid FROM kb_writer").fetchone()
            return row[0] if row else None
    except psycopg.Error:
        return None


def test_a_killed_writer_leaves_the_previous_state(pg_url: str, tmp_path: Path) -> None:
    """SIGKILL in the middle of a batch: the server rolls it back; the next run says so and
    finishes the work (as `test_sigkill_at_any_moment_keeps_the_knowledge_base` does for
    the embedded store)."""
    folder, reference = tmp_path / "in", tmp_path / "reference"
    write_copies(folder, range(100))
    assert kb(pg_url, "index", "--quiet", folder).returncode == 0  # type: ignore[arg-type]
    before = snapshot(pg_url)  # type: ignore[arg-type]
    write_copies(folder, range(80, 300), edition="修订")  # 20 changed, 200 new
    assert kb(reference, "index", "--quiet", folder).returncode == 0
    after = snapshot(reference)
    interrupted = 0
    for delay in (0.5, 1.2, 2.0, 3.0):
        proc = start_kb(pg_url, "index", "--quiet", folder)  # type: ignore[arg-type]
        wait_until_writing(proc, lambda: _writer_pid(pg_url))
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        state = snapshot(pg_url)  # type: ignore[arg-type]
        if state == after:  # this run committed before the kill
            break
        assert state == before
        assert proc.returncode == -signal.SIGKILL
        interrupted += 1
    assert interrupted >= 2
    done = kb(pg_url, "index", folder)  # type: ignore[arg-type]
    assert done.returncode == 0, done.stderr
    if state == before:
        assert done.stderr.startswith("note: an earlier kb index (pid ")
        assert (
            "was interrupted; its unfinished work was discarded and the store kept what it had" in done.stderr
        )
    assert snapshot(pg_url) == after  # type: ignore[arg-type]
    again = subprocess.run(
        [*KB, "--store", pg_url, "index", str(folder)], capture_output=True, text=True, cwd=ROOT
    )
    assert again.stdout.startswith("indexed in ") and "0 added, 0 updated, 300 unchanged" in again.stdout


def test_the_revision_changes_with_a_run_and_a_correction(pg_url: str, tmp_path: Path) -> None:
    store = open_store(pg_url)
    assert store.revision() is None
    assert index([CORPUS / f"{BEIJING}.txt"], pg_url, workers=1).ok
    first = store.revision()
    assert index([CORPUS / f"{BEIJING}.txt"], pg_url, workers=1).unchanged == 1
    assert store.revision() == first  # nothing committed: nothing changed
    assert index([CORPUS / f"{SHANGHAI}.txt"], pg_url, workers=1).ok
    second = store.revision()
    assert second != first
    runner = CliRunner()
    done = runner.invoke(
        main, ["--store", pg_url, "correct", BEIJING, "12", "--lead", "市国资委", "--note", "会议纪要"]
    )
    assert done.exit_code == 0, done.stderr
    assert store.revision() != second


def test_text_postgresql_cannot_hold_is_kept_in_place(pg_url: str, tmp_path: Path) -> None:
    """NUL (a .jsonl may escape it) becomes U+FFFD, one character for one; a 'word' too long to
    be a lexeme is not indexed; the rest of the document is."""
    blob = "x" * 3000
    text = f"关于推进数据共享的通知\n一、任务\n1.推进数据共享。\u0000{blob}（责任单位：市大数据局）\n2.优化政务服务。\n"
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "odd.jsonl"
    path.write_text(
        json.dumps({"id": "odd", "title": "关于推进数据共享的通知", "text": text}) + "\n", encoding="utf-8"
    )
    report = index([path], pg_url, workers=1)
    assert report.ok, report.errors
    base = KnowledgeBase.open(pg_url)
    doc = base.document("odd")
    assert doc.text == text.replace("\u0000", "\ufffd")
    assert [r.canonical for r in base.owners("odd", "1").task.responsibilities] == ["市大数据局"]
    assert [(h.doc, h.seq) for h in base.search("数据共享").hits][:2] == [("odd", 1), ("odd", None)]
    assert base.search(blob[:1000]).hits == ()  # the blob is no lexeme: not indexed, not found


WEB = [
    "/api/docs", f"/api/docs/{BEIJING}", f"/api/docs/{BEIJING}/tasks/12", f"/api/docs/{BEIJING}/matrix",
    "/api/agencies/" + quote("中关村管委会"), "/api/search?q=" + quote("知识产权") + "&limit=5",
    "/api/ask?q=" + quote("北京标杆孵化器方案第12项任务由哪个部门负责？"), "/", f"/docs/{BEIJING}",
    "/api/search?q=" + quote("离岸孵化器 公租房"),
]  # fmt: skip


def test_the_web_server_answers_the_same(seed_store: Path, pg_seed_url: str) -> None:
    from fastapi.testclient import TestClient

    from web.app import Settings, create_app

    with (
        TestClient(create_app(Settings(seed_store))) as embedded,
        TestClient(create_app(Settings(pg_seed_url))) as shared,
    ):
        for path in WEB:
            one, other = embedded.get(path), shared.get(path)
            assert one.status_code == other.status_code == 200, path
            if path.startswith("/api/search"):  # the same hits, scores within 5% (above)
                hits = [
                    [{k: v for k, v in h.items() if k != "score"} for h in r.json()["hits"]]
                    for r in (one, other)
                ]
                assert hits[0] == hits[1]
                rest = [{k: v for k, v in r.json().items() if k != "hits"} for r in (one, other)]
                assert rest[0] == rest[1], path  # partial, words held …
            else:
                assert other.text == one.text, path
