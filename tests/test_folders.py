"""An official's folders: the same file name in several folders, files that turn unreadable,
documents taken out with `kb remove`, file names that are not UTF-8."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS
from test_load import make_docx

import kb
from cli import main
from indexer.pipeline import index
from kb.knowledge import KnowledgeBase
from kb.progress import Progress, ProgressView

NOTICE = "关于{}的通知\n一、工作任务\n1.{}。（责任单位：市甲局）\n"


def cli(store: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def ids(store: Path) -> list[str]:
    return [d["id"] for d in json.loads(cli(store, "docs", "--json")[1])]


def notices(folder: Path, *names: str) -> Path:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(NOTICE.format(name, f"推进{name}"), encoding="utf-8")
    return folder


# --- ids -----------------------------------------------------------------------------------------


def test_the_same_file_name_in_two_folders_is_two_documents(tmp_path: Path) -> None:
    folder = notices(tmp_path / "in", "a/通知.txt", "b/通知.txt", "c/附件1.txt")
    store = tmp_path / "store"
    code, out, err = cli(store, "index", str(folder))
    assert (code, err) == (0, "")
    assert out.startswith("indexed in ") and out.endswith(
        ": 3 added, 0 updated, 0 unchanged, 0 removed, 0 failed; 3 documents in the store\n"
    )
    assert ids(store) == ["a/通知", "b/通知", "附件1"]  # 附件1 is the only one
    code, _, err = cli(store, "show", "通知")
    assert code == 1
    assert err.splitlines() == [
        "Error: '通知' matches 2 documents; give an id or a longer title",
        "  a/通知  关于a/通知.txt的通知",
        "  b/通知  关于b/通知.txt的通知",
    ]
    assert json.loads(cli(store, "show", "b/通知", "--json")[1])["path"] == str(folder / "b" / "通知.txt")
    # The bare name finds a document where it is unambiguous.
    kb.remove(["a/通知"], store)
    assert json.loads(cli(store, "show", "通知", "--json")[1])["id"] == "b/通知"


def test_a_file_keeps_the_id_it_got_first(tmp_path: Path) -> None:
    folder = notices(tmp_path / "in", "a/通知.txt")
    store = tmp_path / "store"
    assert index([folder], store, workers=1).added == ["通知"]  # the only 通知: its name
    notices(folder, "b/通知.txt")
    report = index([folder], store, workers=1)
    assert (report.added, report.unchanged, report.errors) == (["b/通知"], 1, [])
    assert ids(store) == ["b/通知", "通知"]
    notices(folder, "a/通知.txt")  # rewritten: still the same file, the same id
    (folder / "a" / "通知.txt").write_text(NOTICE.format("甲", "修订"), encoding="utf-8")
    assert index([folder], store, workers=1).updated == ["通知"]


def test_files_named_from_different_folders_get_their_folders_in_the_id(tmp_path: Path) -> None:
    notices(tmp_path, "x/a/通知.txt", "y/a/通知.txt")
    store = tmp_path / "store"
    report = index([tmp_path / "x" / "a" / "通知.txt", tmp_path / "y" / "a" / "通知.txt"], store, workers=1)
    assert (sorted(report.added), report.errors) == (["x/a/通知", "y/a/通知"], [])


def test_the_seeds_keep_their_ids(seeds: KnowledgeBase) -> None:
    assert sorted(seeds.catalog) == sorted(p.stem for p in CORPUS.glob("*.txt"))


# --- a file that turns unreadable ----------------------------------------------------------------


def today(store: Path, doc_id: str) -> str:
    base = KnowledgeBase.open(store)
    return time.strftime(
        "%Y-%m-%d",
        time.localtime(os.stat(base.generation.path / "docs" / f"{base.catalog[doc_id].key}.pkl").st_mtime),
    )


def test_a_file_overwritten_with_binary_keeps_its_indexed_version(tmp_path: Path) -> None:
    folder = notices(tmp_path / "in", "通知.txt", "其他.txt")
    store = tmp_path / "store"
    assert cli(store, "index", str(folder))[0] == 0
    (folder / "通知.txt").write_bytes(bytes(range(256)) * 64)
    code, out, err = cli(store, "index", str(folder))
    assert code == 1
    assert err == (
        f"error: {folder / '通知.txt'}: not UTF-8, GB18030, Big5 or UTF-16 text (binary data?); "
        f"keeping the version indexed on {today(store, '通知')}\n"
    )
    assert out.endswith(": 0 added, 0 updated, 1 unchanged, 0 removed, 1 failed; 2 documents in the store\n")
    assert "removed" not in out.split(":", 1)[1].split(";")[1]
    code, out, _ = cli(store, "owners", "通知", "1", "--json")
    assert code == 0 and json.loads(out)["task"]["text"].startswith("1.推进通知.txt")
    assert [h.doc for h in KnowledgeBase.open(store).search("推进通知").hits] == ["通知"]
    # Said again while the file stays broken; a good file again replaces the kept version.
    assert cli(store, "index", str(folder))[0] == 1
    (folder / "通知.txt").write_text(NOTICE.format("甲", "修订后的任务"), encoding="utf-8")
    code, out, _ = cli(store, "index", str(folder))
    assert code == 0 and ": 0 added, 1 updated, 1 unchanged," in out


def test_a_truncated_docx_keeps_its_indexed_version(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    make_docx(folder / "word.docx")
    store = tmp_path / "store"
    assert index([folder], store, workers=1).ok
    whole = (folder / "word.docx").read_bytes()
    (folder / "word.docx").write_bytes(whole[: len(whole) // 2])
    report = index([folder], store, workers=1)
    assert report.errors == [
        f"{folder / 'word.docx'}: truncated or corrupt .docx (not a zip archive); "
        f"keeping the version indexed on {today(store, 'word')}"
    ]
    assert (report.removed, report.documents) == ([], 1)
    assert zipfile.is_zipfile(folder / "word.docx") is False


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_a_file_no_longer_readable_keeps_its_indexed_version(tmp_path: Path) -> None:
    folder = notices(tmp_path / "in", "通知.txt")
    store = tmp_path / "store"
    assert index([folder], store, workers=1).ok
    (folder / "通知.txt").chmod(0)
    try:
        report = index([folder], store, workers=1)
    finally:
        (folder / "通知.txt").chmod(0o644)
    assert report.errors == [
        f"{folder / '通知.txt'}: permission denied; keeping the version indexed on {today(store, '通知')}"
    ]
    assert report.documents == 1


def test_a_jsonl_line_turned_broken_keeps_its_indexed_version(tmp_path: Path) -> None:
    path = tmp_path / "bulk.jsonl"
    lines = [{"id": f"d{i}", "title": f"第{i}号", "text": f"一、任务\n1.推进第{i}项。\n"} for i in range(3)]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    assert index([path], store, workers=1).ok
    broken = [
        json.dumps(lines[0], ensure_ascii=False),
        '{"id": "d1", "text": ',
        json.dumps(lines[2], ensure_ascii=False),
    ]
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    report = index([path], store, workers=1)
    assert report.errors == [
        f"{path}:2: invalid JSON: Expecting value at column 22; "
        f"keeping the version indexed on {today(store, 'd1')}"
    ]
    assert (report.removed, report.documents) == ([], 3)


# --- kb remove -----------------------------------------------------------------------------------


def test_remove_takes_documents_out_and_their_folder_does_not_bring_them_back(tmp_path: Path) -> None:
    folder = notices(tmp_path / "in", "a/通知.txt", "b/通知.txt", "c.txt")
    other = notices(tmp_path / "other", "d.txt")
    store = tmp_path / "store"
    assert cli(store, "index", str(folder))[0] == 0
    assert cli(store, "remove", "b/通知") == (0, "removed 1 document: b/通知; 2 documents in the store\n", "")
    assert ids(store) == ["a/通知", "c"]
    assert (folder / "b" / "通知.txt").exists()  # the file is not touched
    assert [h.doc for h in KnowledgeBase.open(store).search("推进b").hits] == []
    code, out, err = cli(store, "index", str(folder))
    assert code == 0 and ": 0 added, 0 updated, 2 unchanged," in out
    assert (
        err == "note: 1 document taken out with kb remove left out; index a file by name to bring it back\n"
    )
    assert cli(store, "index", str(other))[0] == 0
    assert ids(store) == ["a/通知", "c", "d"]
    code, out, _ = cli(store, "index", str(folder / "b" / "通知.txt"))  # its own path: back
    assert code == 0 and ": 1 added," in out
    assert ids(store) == ["a/通知", "b/通知", "c", "d"]
    code, out, err = cli(store, "index", str(folder))
    assert (code, err) == (0, "") and ": 0 added, 0 updated, 3 unchanged," in out


def test_remove_from_python_and_every_doc_must_resolve(tmp_path: Path) -> None:
    folder = notices(tmp_path / "in", "甲.txt", "乙.txt")
    store = tmp_path / "store"
    assert index([folder], store, workers=1).ok
    assert cli(store, "remove", "甲", "火星") == (
        1, "", "Error: no document matches '火星': `kb docs` lists ids, numbers and titles\n"
    )  # fmt: skip
    assert ids(store) == ["乙", "甲"]  # nothing removed
    done = kb.remove(["关于甲.txt的通知"], store)
    assert ([r.id for r in done.removed], done.documents) == (["甲"], 1)
    code, out, _ = cli(store, "remove", "乙", "--json")
    assert (code, json.loads(out)) == (0, {"removed": ["乙"], "documents": 0})
    assert cli(store, "docs") == (0, "no documents\n", "")


def test_removed_jsonl_lines_stay_out_until_the_file_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "bulk.jsonl"
    lines = [{"id": f"d{i}", "title": f"第{i}号", "text": f"一、任务\n1.推进第{i}项。\n"} for i in range(3)]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    assert index([folder], store, workers=1).ok
    kb.remove(["d1"], store)
    lines[0]["text"] += "2.新增任务。\n"  # the file changes: read again, d1 still left out
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    report = index([folder], store, workers=1)
    assert (report.updated, report.left_out, report.documents) == (["d0"], 1, 2)
    report = index([path], store, workers=1)
    assert (report.added, report.documents) == (["d1"], 3)


# --- file names that are not UTF-8 ---------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_indexed(tmp_path: Path) -> None:
    folder = tmp_path / "解压"
    folder.mkdir()
    name = b"\xce\xc4\xbc\xfe.txt"  # 文件.txt in GBK, as a Windows zip file leaves it
    with open(os.path.join(os.fsencode(folder), name), "w", encoding="utf-8") as f:
        f.write(NOTICE.format("数据安全", "建立制度"))
    store = tmp_path / "store"
    code, out, err = cli(store, "index", str(folder))
    assert (code, err) == (0, "") and ": 1 added," in out
    shown = "\ufffdļ\ufffd"  # what the system reads the name as (\xc4\xbc is UTF-8 for ļ), bad bytes as �
    (doc,) = json.loads(cli(store, "docs", "--json")[1])
    assert doc["id"] == shown
    assert doc["path"] == f"{folder}/{shown}.txt"
    code, out, _ = cli(store, "docs")
    assert code == 0 and out.startswith(f"{shown}  ")
    assert cli(store, "owners", shown, "1")[0] == 0
    assert index([folder], store, workers=1).unchanged == 1


# --- progress that tells the truth ---------------------------------------------------------------


def test_progress_counts_documents_against_their_total_and_ends_at_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    lines = [{"id": f"d{i}", "text": f"一、任务\n1.推进第{i}项。\n"} for i in range(4)]
    (folder / "bulk.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8"
    )
    size = sum(p.stat().st_size for p in folder.iterdir())
    seen: list[Progress] = []
    assert index([folder], tmp_path / "store", workers=1, progress=seen.append).ok
    assert [(p.documents, p.total, p.total_bytes) for p in seen[:-1]] == [(n, 7, size) for n in range(1, 8)]
    assert [p.bytes for p in seen] == sorted(p.bytes for p in seen)
    assert seen[-1] == Progress(7, 7, size, size, finished=True)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_reaches_100_percent_with_documents_per_second() -> None:
    now = [0.0]
    stream = Terminal()
    view = ProgressView(stream, clock=lambda: now[0])
    for n in range(1, 5):
        now[0] += 1.0
        view.update(Progress(n, 10, n * 1_000_000, 8_000_000))
    now[0] += 1.0
    view.update(Progress(8, 8, 8_000_000, 8_000_000, finished=True))  # fewer than estimated
    frames = stream.getvalue().split("\r")[1:]
    assert frames[0] == "indexing [##----------------------]  10%  1/10 documents (1.0/8.0 MB)  1 documents/s"
    assert frames[-1] == (
        "indexing [########################] 100%  8/8 documents (8.0/8.0 MB)  2 documents/s\n"
    )
    assert ProgressView(Terminal(), quiet=True).update(Progress(1, 2, 3, 4)) is None


def test_without_a_terminal_a_plain_line_at_each_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:2]:
        (folder / path.name).write_bytes(path.read_bytes())
    total = sum(p.stat().st_size for p in folder.iterdir())
    monkeypatch.setenv("KB_PROGRESS_SECONDS", "0")  # a line at every step, instead of every 10 s
    code, _, err = cli(tmp_path / "store", "index", str(folder))
    first = sorted(folder.iterdir())[0].stat().st_size
    assert (code, err.splitlines()) == (0, [
        f"indexed 1/2 documents ({first / 1e6:.1f}/{total / 1e6:.1f} MB)",
        f"indexed 2/2 documents ({total / 1e6:.1f}/{total / 1e6:.1f} MB)",
    ])  # fmt: skip
    assert cli(tmp_path / "other", "index", "--quiet", str(folder))[2] == ""
    monkeypatch.setenv("KB_PROGRESS_SECONDS", "10")  # a run shorter than that says nothing
    assert cli(tmp_path / "third", "index", str(folder))[2] == ""


# --- control characters in ids, titles and file names -------------------------------------------


def test_control_characters_are_never_printed_raw(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    evil = "evil\x1b]0;pwned\x07\n000_fake  京科发〔2022〕19号"
    record = {"id": evil, "title": "标题\n伪造的一行\x9b", "text": "一、任务\n1.推进\x1b[31m数据共享。\n"}
    (folder / "bulk.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "bad\x1b[2Jname.txt").write_bytes(bytes(range(256)) * 64)
    store = tmp_path / "store"
    code, out, err = cli(store, "index", str(folder))
    assert code == 1
    assert (
        err
        == f"error: {folder}/bad\\x1b[2Jname.txt: not UTF-8, GB18030, Big5 or UTF-16 text (binary data?)\n"
    )
    code, out, _ = cli(store, "docs")
    assert out.splitlines()[:2] == [
        "evil\\x1b]0;pwned\\x07\\n000_fake  京科发〔2022〕19号  (no number)  (no date)  (no jurisdiction)  simplified  1 item",
        "  标题伪造的一行\\x9b",
    ]
    code, out, _ = cli(store, "docs", "--json")
    assert "\x1b" not in out and "\x9b" not in out and "\\u009b" in out
    assert json.loads(out)[0]["id"] == evil and json.loads(out)[0]["title"] == "标题伪造的一行\x9b"
    code, out, _ = cli(store, "search", "数据共享")
    assert code == 0 and "\x1b" not in out and "推进\\x1b[31m«数据共享»" in out
    code, _, err = cli(store, "show", "no\x1b[2Jsuch")
    assert err == "Error: no document matches 'no\\x1b[2Jsuch': `kb docs` lists ids, numbers and titles\n"


def test_a_file_whose_document_lost_its_file_takes_over_its_id(tmp_path: Path) -> None:
    """A file moved, or uploaded again (the browser's copy is gone): the same name updates the
    document, rather than adding one under a longer id."""
    first = notices(tmp_path / "one", "通知.txt")
    store = tmp_path / "store"
    assert index([first / "通知.txt"], store, workers=1).added == ["通知"]
    (first / "通知.txt").unlink()
    second = tmp_path / "two"
    second.mkdir()
    (second / "通知.txt").write_text(NOTICE.format("甲", "修订后的任务"), encoding="utf-8")
    report = index([second / "通知.txt"], store, workers=1)
    assert (report.added, report.updated, report.documents) == ([], ["通知"], 1)
    assert json.loads(cli(store, "docs", "--json")[1])[0]["path"] == str(second / "通知.txt")


def test_a_moved_file_keeps_its_document_and_the_store_knows_where_it_is(tmp_path: Path) -> None:
    notices(tmp_path / "old", "通知.txt")
    store = tmp_path / "store"
    assert index([tmp_path / "old"], store, workers=1).added == ["通知"]
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "通知.txt").rename(tmp_path / "new" / "通知.txt")
    report = index([tmp_path / "new" / "通知.txt"], store, workers=1)
    assert (report.added, report.updated, report.unchanged) == ([], [], 1)
    assert json.loads(cli(store, "docs", "--json")[1])[0]["path"] == str(tmp_path / "new" / "通知.txt")
    assert index([tmp_path / "new"], store, workers=1).unchanged == 1  # known by its new path
