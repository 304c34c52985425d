"""Reliability with real `kb` processes: bad files in a batch, a 50 MB line, SIGKILL at any
moment, one writer at a time, readers while another process indexes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BEIJING, CORPUS
from test_load import make_docx, make_pdf, write_zeros

from indexer import extract
from indexer.pipeline import index
from kb.knowledge import KnowledgeBase
from kb.lock import WriterLock

KB = [sys.executable, "-c", "import sys; from cli import main; sys.exit(main())"]
ROOT = Path(__file__).resolve().parent.parent
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]


def kb(store: Path, *args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """A real `kb` process on `store` (never the user's own)."""
    return subprocess.run(
        [*KB, "--store", str(store), *map(str, args)],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
    )  # fmt: skip


def start_kb(store: Path, *args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*KB, "--store", str(store), *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip


def wait_until_writing(
    proc: subprocess.Popen[str], holder: Callable[[], object], timeout: float = 120
) -> None:
    """Wait until `proc` holds the store's writer lock (`holder()` gives the recorded pid) or has
    ended, so a kill after a delay lands in the write, however slowly a loaded machine starts it."""
    end = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < end and holder() != proc.pid:
        time.sleep(0.02)


def lock_holder(store: Path) -> object:
    """The pid an embedded store's lock file records (none after a clean release)."""
    try:
        return json.loads((store / "lock").read_text() or "{}").get("pid")
    except (OSError, ValueError):
        return None


# --- bad input, all in one batch ---------------------------------------------------------------


def test_a_batch_of_bad_files_indexes_the_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "收件 箱"
    folder.mkdir()
    policy = "关于加强数据安全管理的通知\n一、工作任务\n1.建立数据分类分级制度。（责任单位：市网信办）\n"
    (folder / "gbk.txt").write_bytes(policy.encode("gbk"))
    traditional = "關於加強資料安全管理的通知\n一、工作任務\n1.建立資料分類分級制度。（責任單位：市網信辦）\n"
    (folder / "big5.txt").write_bytes(traditional.encode("big5"))
    (folder / "utf16.txt").write_bytes(policy.encode("utf-16"))
    (folder / "北京 通知 2024.txt").write_text(policy, encoding="utf-8")
    (folder / "broken.html").write_text(
        "<html><body><p>第一条 本办法自发布之日起施行。<div><p>未闭合", encoding="utf-8"
    )
    make_docx(folder / "word.docx")
    lines = [json.dumps({"id": "j1", "title": "甲", "text": policy}, ensure_ascii=False), '{"id": "j2", "text": ',
             json.dumps({"id": "j3", "title": "丙", "text": policy}, ensure_ascii=False)]  # fmt: skip
    (folder / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # The bad ones.
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    whole = (folder / "word.docx").read_bytes()
    (folder / "cut.docx").write_bytes(whole[: len(whole) // 2])
    write_zeros(folder / "bomb.docx", 300 << 20)
    with zipfile.ZipFile(folder / "bomb.docx") as archive:  # small on disk, huge inside
        assert (folder / "bomb.docx").stat().st_size < 1 << 20 < archive.infolist()[0].file_size
    from pypdf import PdfWriter

    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)
    with open(folder / "scan.pdf", "wb") as f:
        blank.write(f)
    (folder / "text.pdf").write_bytes(make_pdf(["Notice on open data"]))
    (folder / "loop").mkdir()
    os.symlink(folder, folder / "loop" / "back")  # a folder containing a symlink loop
    missing = tmp_path / "不存在.txt"

    done = kb(tmp_path / "store", "index", folder, missing)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = sorted(done.stderr.splitlines())
    assert errors == sorted([
        f"error: {folder / 'binary.txt'}: not UTF-8, GB18030, Big5 or UTF-16 text (binary data?)",
        f"error: {folder / 'bomb.docx'}: refused: .docx would expand to 315 MB (limit 200 MB)",
        f"error: {folder / 'cut.docx'}: truncated or corrupt .docx (not a zip archive)",
        f"error: {folder / 'empty.txt'}: empty file",
        f"error: {folder / 'lines.jsonl'}:2: invalid JSON: Expecting value at column 22",
        f"error: {folder / 'scan.pdf'}: no text layer; OCR is not supported",
        f"error: {missing}: no such file or directory",
    ])  # fmt: skip
    assert done.stdout.strip().endswith(
        "9 added, 0 updated, 0 unchanged, 0 removed, 7 failed; 9 documents in the store"
    )
    listed = json.loads(kb(tmp_path / "store", "docs", "--json").stdout)
    assert sorted(d["id"] for d in listed) == sorted(
        ["gbk", "big5", "utf16", "北京 通知 2024", "broken", "word", "j1", "j3", "text"]
    )
    owners = json.loads(kb(tmp_path / "store", "owners", "big5", "1", "--json").stdout)
    # No jurisdiction is stated: the name stays as written, not promoted to a city's office.
    assert owners["task"]["agencies"] == [
        {
            "name": "市网信办",
            "canonical": "市网信办",
            "role": "lead",
            "collective": False,
            "verb": "责任",
            "implied": False,
        }
    ]


def test_fifty_megabyte_line_is_indexed_in_bounded_memory(tmp_path: Path) -> None:
    """A page extracted without line breaks, 50 MB of it: indexed, searchable, and the
    biggest process stays within 1 GB of what indexing the seeds takes."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "seed.txt").write_text(SEED_TEXTS[0], encoding="utf-8")
    base = _peak_rss(tmp_path / "base", seeds)

    folder = tmp_path / "big"
    folder.mkdir()
    law = "第一条 为了规范口岸开放，提高口岸通关效率，保障口岸安全畅通，制定本条例。" * 1000
    head = SEED_TEXTS[0].replace("\n", " ")
    repeats = (50_000_000 - len(head.encode("utf-8"))) // len(law.encode("utf-8")) + 1
    with open(folder / "one line.txt", "w", encoding="utf-8") as f:
        f.write(head)
        for _ in range(repeats):
            f.write(law)
    assert (folder / "one line.txt").stat().st_size >= 50_000_000
    peak = _peak_rss(tmp_path / "store", folder)
    assert peak - base < 1 << 30, f"{peak >> 20} MB at peak against {base >> 20} MB for the seeds"
    kbase = KnowledgeBase.open(tmp_path / "store")
    assert kbase.record("one line").chars == len(head) + repeats * len(law)
    # The statute runs on inside the plan's last item: that task is searched in pieces, and
    # found once, quoting the piece that matched rather than 50 MB.
    hits = kbase.search("口岸通关", limit=3).hits
    assert [(h.doc, h.kind, h.path) for h in hits] == [("one line", "task", ("三", "26"))]
    assert len(hits[0].text) <= 3000 and "口岸通关" in hits[0].text


def _peak_rss(store: Path, folder: Path) -> int:
    """Run `kb index` and return the peak resident memory of its biggest process, in bytes."""
    proc = subprocess.Popen([*KB, "--store", str(store), "index", "--quiet", str(folder)], cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0
    return int(usage.ru_maxrss) * 1024  # kilobytes on Linux


def test_a_document_with_too_many_tasks_is_refused_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract, "MAX_TASKS", 25)  # the Beijing plan has 26
    report = index([CORPUS], tmp_path / "store", workers=1)
    path = CORPUS / f"{BEIJING}.txt"
    assert report.errors == [
        f"{path}: 26 numbered tasks in one document, more than the 25 policykb takes: "
        "is it several documents in one file? split it"
    ]
    assert len(report.added) == 4 and BEIJING not in report.added


# --- crashes -------------------------------------------------------------------------------------


def write_copies(folder: Path, numbers: range, edition: str = "") -> None:
    """Copies of the seeds, `c000` … : a few hundred documents with tasks and owners."""
    folder.mkdir(exist_ok=True)
    for i in numbers:
        text = SEED_TEXTS[i % len(SEED_TEXTS)] + f"\n\n抄送：各有关单位（第{i}号{edition}）\n"
        (folder / f"c{i:03d}.txt").write_text(text, encoding="utf-8")


def snapshot(store: Path) -> dict[str, object]:
    """What a reader sees: the documents, the owners of a task, a search, an answer."""
    base = KnowledgeBase.open(store)
    owners = base.owners("c000", "12")
    answer = base.ask("中关村管委会牵头哪些任务？")
    return {
        "docs": sorted((r.id, r.items, r.file_hash) for r in base.docs()),
        "owners": [(r.canonical, str(r.role)) for r in owners.task.responsibilities],
        "search": sorted((h.doc, h.seq) for h in base.search("反向硬孵化", limit=500).hits),
        "answer": (answer.kind, answer.answer, len(answer.tasks)),
    }


def test_sigkill_at_any_moment_keeps_the_knowledge_base(tmp_path: Path) -> None:
    folder, store, reference = tmp_path / "in", tmp_path / "store", tmp_path / "reference"
    write_copies(folder, range(100))
    assert kb(store, "index", "--quiet", folder).returncode == 0
    before = snapshot(store)
    write_copies(folder, range(80, 300), edition="修订")  # 20 changed, 200 new
    assert kb(reference, "index", "--quiet", folder).returncode == 0
    after = snapshot(reference)
    assert len(after["docs"]) == 300 and after["search"] != before["search"]  # type: ignore[arg-type]

    interrupted = 0
    for delay in (0.3, 0.8, 1.5, 2.5, 4.0):
        proc = start_kb(store, "index", "--quiet", folder)
        wait_until_writing(proc, lambda: lock_holder(store))
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        state = snapshot(store)
        if state == after:  # this run finished before the kill
            break
        assert state == before
        assert proc.returncode == -signal.SIGKILL
        interrupted += 1
    assert interrupted >= 2
    # The CLI reads the old knowledge base too, and the next run completes the work.
    owners = json.loads(kb(store, "owners", "c000", "12", "--json").stdout)
    assert [a["canonical"] for a in owners["task"]["agencies"]][:2] == [
        "北京市科学技术委员会、中关村科技园区管理委员会", "北京市经济和信息化局",
    ]  # fmt: skip
    done = kb(store, "index", folder)
    assert done.returncode == 0, done.stderr
    if state == before:
        assert done.stderr.startswith("note: an earlier kb index (pid ")
        assert (
            "was interrupted; its unfinished work was discarded and the store kept what it had" in done.stderr
        )
    assert snapshot(store) == after
    assert not list(store.glob("*.tmp"))
    assert [p.name for p in store.glob("gen-*")] == [(store / "CURRENT").read_text().strip()]


# --- one writer, many readers --------------------------------------------------------------------


def test_a_second_writer_is_told_who_holds_the_store(tmp_path: Path) -> None:
    folder, store = tmp_path / "in", tmp_path / "store"
    write_copies(folder, range(5))
    store.mkdir()
    lock = WriterLock(store / "lock")
    lock.acquire()
    try:
        refused = kb(store, "index", folder)
        assert refused.returncode == 1
        assert refused.stderr.startswith(f"Error: another kb index (pid {os.getpid()} on ")
        assert refused.stderr.rstrip().endswith(f"is writing to {store}; wait for it to finish or use --wait")
        assert len(refused.stderr.splitlines()) == 1
        waiting = start_kb(store, "index", "--wait", folder)
        time.sleep(1.0)
        assert waiting.poll() is None  # still waiting for the lock
    finally:
        lock.release()
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "5 added" in out


def test_a_lock_left_by_a_killed_writer_is_cleared(tmp_path: Path) -> None:
    folder, store = tmp_path / "in", tmp_path / "store"
    write_copies(folder, range(3))
    store.mkdir()
    holder = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(f"""
            import os, signal
            from pathlib import Path
            from kb.lock import WriterLock
            WriterLock(Path({str(store / "lock")!r})).acquire()
            print(os.getpid(), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        """)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert holder.returncode == -signal.SIGKILL
    done = kb(store, "index", folder)
    assert done.returncode == 0
    assert done.stderr.startswith(f"note: an earlier kb index (pid {holder.stdout.strip()}, started ")


WRITER = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_reliability import write_edition
from indexer.pipeline import index
folder, store = Path({folder!r}), Path({store!r})
for run in range(4):
    write_edition(folder, "乙" if run % 2 == 0 else "甲")
    report = index([folder], store)
    assert report.ok, report.errors
"""


def write_edition(folder: Path, edition: str) -> None:
    """Forty documents whose ids and text both say which edition they belong to."""
    for old in folder.glob("*.txt"):
        old.unlink()
    folder.mkdir(exist_ok=True)
    for i in range(40):
        text = SEED_TEXTS[i % len(SEED_TEXTS)] + f"\n\n版本说明：本文为{edition}版。\n"
        (folder / f"{edition}{i:02d}.txt").write_text(text, encoding="utf-8")


def test_readers_see_the_old_or_the_new_never_a_mix(tmp_path: Path) -> None:
    folder, store = tmp_path / "in", tmp_path / "store"
    write_edition(folder, "甲")
    assert index([folder], store, workers=1).ok
    script = WRITER.format(tests=str(Path(__file__).parent), folder=str(folder), store=str(store))
    writer = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    seen: list[str] = []
    try:
        while writer.poll() is None:
            base = KnowledgeBase.open(store)
            editions = {doc_id[0] for doc_id in base.catalog}
            assert len(editions) == 1 and len(base.catalog) == 40, sorted(base.catalog)
            edition = editions.pop()
            hits = base.search("版本说明", limit=100).hits
            assert len(hits) == 40
            assert all(h.doc[0] == edition and f"本文为{edition}版" in h.text for h in hits)
            owners = base.owners(f"{edition}00", "12")
            assert (
                owners.task.responsibilities[0].canonical == "北京市科学技术委员会、中关村科技园区管理委员会"
            )
            if not seen or seen[-1] != edition:
                seen.append(edition)
            del base
    finally:
        _, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    assert len(seen) >= 3, seen  # the readers saw the switches happen
