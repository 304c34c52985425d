"""Indexing runs: incremental updates, removals, duplicate ids, .jsonl lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BEIJING, copy_corpus

from indexer import workers
from indexer.load import Source
from indexer.pipeline import index
from kb.knowledge import KnowledgeBase
from kb.store import Store


def test_unchanged_changed_and_removed(tmp_path: Path, store_location: str) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    store = store_location
    first = index([corpus], store, workers=1)
    assert sorted(first.added) == sorted(p.stem for p in corpus.glob("*.txt")) and first.ok
    again = index([corpus], store, workers=1)
    assert (again.added, again.updated, again.unchanged, again.removed) == ([], [], 5, [])
    path = corpus / f"{BEIJING}.txt"
    path.write_text(
        path.read_text(encoding="utf-8").replace("京科發〔2022〕19號", "京科發〔2022〕20號"), encoding="utf-8"
    )
    (corpus / "004_23961694257063bd.txt").unlink()
    third = index([corpus], store, workers=1)
    assert (third.added, third.updated, third.unchanged, third.removed) == (
        [],
        [BEIJING],
        3,
        ["004_23961694257063bd"],
    )
    base = KnowledgeBase.open(store)
    assert base.record(BEIJING).doc_number == "京科发〔2022〕20号"
    assert sorted(base.catalog) == sorted(p.stem for p in corpus.glob("*.txt"))


def test_a_single_file_does_not_drop_the_rest(tmp_path: Path, store_location: str) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    store = store_location
    index([corpus], store, workers=1)
    report = index([corpus / f"{BEIJING}.txt"], store, workers=1)
    assert report.unchanged == 1 and report.removed == [] and report.documents == 5


def test_documents_not_named_in_a_run_keep_their_files(tmp_path: Path, store_location: str) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    store = store_location
    index([corpus / f"{BEIJING}.txt"], store, workers=1)
    index([corpus / "004_23961694257063bd.txt"], store, workers=1)  # a new generation
    report = index([corpus], store, workers=1)
    assert (len(report.added), report.unchanged, report.documents) == (3, 2, 5)
    base = KnowledgeBase.open(store)
    owners = base.owners(BEIJING, "12")
    assert [a.name for a in owners.task.responsibilities][:2] == ["市科委、中关村管委会", "市经济和信息化局"]
    assert [base.document(r.id).id for r in base.docs()] == sorted(base.catalog)
    assert base.search("标杆孵化器", doc=BEIJING, limit=1).hits[0].doc == BEIJING


def test_problems_of_a_file_kept_unchanged_are_said_again(tmp_path: Path, store_location: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = {"id": "g1", "title": "甲", "text": "一、任务\n1.推进。（责任单位：市甲局）"}
    (folder / "batch.jsonl").write_text(
        json.dumps(good, ensure_ascii=False) + '\n{"id": broken\n', encoding="utf-8"
    )
    (folder / "bad.txt").write_bytes("一、任务\n1.推进建设。\n".encode() + b"\xff")
    store = store_location
    first = index([folder], store, workers=1)
    again = index([folder], store, workers=1)
    for report in (first, again):
        assert report.errors == [f"{folder / 'batch.jsonl'}:2: invalid JSON: Expecting value at column 8"]
        assert not report.ok
        assert report.notes == [
            f"{folder / 'bad.txt'}: 1 byte(s) that are not UTF-8 read as �; the rest of the text is indexed"
        ]
    assert (again.unchanged, again.documents) == (2, 2)


def test_duplicate_ids_in_jsonl_lines_name_the_line(tmp_path: Path, store_location: str) -> None:
    path = tmp_path / "bulk.jsonl"
    line = json.dumps({"id": "gov/1", "text": "一、任务\n1.推进。"}, ensure_ascii=False)
    path.write_text(line + "\n" + line + "\n", encoding="utf-8")
    report = index([path], store_location, workers=1)
    assert report.errors == [
        f"{path}:2: duplicate id 'gov/1', already used by {path}:1; give one of them another \"id\""
    ]
    assert report.added == ["gov/1"]


def test_rebuild_starts_over(tmp_path: Path, store_location: str) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    store = store_location
    index([corpus], store, workers=1)
    report = index([corpus / f"{BEIJING}.txt"], store, rebuild=True, workers=1)
    assert report.added == [BEIJING] and report.documents == 1


def test_the_same_name_in_two_indexed_folders_gives_two_ids(tmp_path: Path, store_location: str) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text("一、甲\n", encoding="utf-8")
    (tmp_path / "b" / "same.md").write_text("一、乙\n", encoding="utf-8")
    report = index([tmp_path / "a", tmp_path / "b"], store_location, workers=1)
    assert (report.added, report.errors) == (["a/same", "b/same"], [])


def test_jsonl_lines_update_one_by_one(tmp_path: Path, store_location: str) -> None:
    path = tmp_path / "bulk.jsonl"
    lines = [
        {"id": f"d{i}", "title": f"第{i}号文件", "text": f"一、任务\n1.推进第{i}项工作。\n"} for i in range(3)
    ]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    store = store_location
    assert sorted(index([path], store, workers=1).added) == ["d0", "d1", "d2"]
    lines[1]["text"] = "一、任务\n1.推进改过的工作。\n"
    del lines[2]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    report = index([path], store, workers=1)
    assert (report.updated, report.unchanged, report.removed) == (["d1"], 1, ["d2"])
    base = KnowledgeBase.open(store)
    assert base.record("d0").source == f"{path}#1"
    assert base.document("d1").tasks[0].title == "推进改过的工作"


def test_parallel_workers_give_the_same_documents(tmp_path: Path, store_location: str) -> None:
    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(40):
        (corpus / f"doc{i:02d}.txt").write_text(
            f"关于第{i}项的通知\n一、任务\n1.推进第{i}项工作。\n2.完善机制。\n", encoding="utf-8"
        )
    one = index([corpus], tmp_path / "s1", workers=1)
    two = index([corpus], store_location, workers=2)
    assert sorted(one.added) == sorted(two.added) and len(two.added) == 40
    a, b = KnowledgeBase.open(tmp_path / "s1"), KnowledgeBase.open(store_location)
    assert (
        [t.title for t in a.document("doc07").tasks]
        == [t.title for t in b.document("doc07").tasks]
        == [
            "推进第7项工作",
            "完善机制",
        ]
    )


def test_reading_keeps_only_a_few_batches_ahead_of_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However large the input, the reader waits for the workers: memory stays bounded."""
    monkeypatch.setattr(workers, "_BATCH_CHARS", 1)  # every document a batch of its own
    read = 0

    def jobs() -> Iterator[workers.Job]:
        nonlocal read
        for i in range(120):
            read += 1
            text = f"关于第{i}项的通知\n一、任务\n1.推进第{i}项工作。\n"
            yield workers.Job(Source(f"d{i}", f"d{i}.txt", None, text, "utf-8", "txt"), f"f{i}", f"t{i}")

    ahead: list[int] = []
    with Store(tmp_path / "store").writer() as writer:
        outcomes = workers.build(
            jobs(), writer.sink(), writer.accept, 2, lambda job: ahead.append(read - len(ahead) - 1)
        )
    assert sorted(o.id for o in outcomes if not isinstance(o, workers.Failure)) == sorted(
        f"d{i}" for i in range(120)
    )
    # Read but not yet reported back: two batches queued per worker, one in each worker's
    # hands, one being handed over, and the outcomes on their way back (reading everything
    # first, as before, gave 119).
    assert max(ahead) <= 20
