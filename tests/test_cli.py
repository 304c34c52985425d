"""The CLI through click's CliRunner: index, docs, show, errors, help."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import BEIJING, CORPUS

from cli import main
from kb import store as store_module


def run(*args: str, store: Path | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    argv = (["--store", str(store)] if store else []) + list(args)
    result = runner.invoke(main, argv, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_index_docs_show(tmp_path: Path) -> None:
    store = tmp_path / "s"
    code, out, err = run("index", str(CORPUS), "--json", store=store)
    assert code == 0, err
    summary = json.loads(out)
    assert sorted(summary["added"]) == sorted(p.stem for p in CORPUS.glob("*.txt"))
    assert summary["documents"] == 5 and summary["errors"] == []
    code, out, _ = run("docs", "--json", store=store)
    docs = {d["id"]: d for d in json.loads(out)}
    beijing = docs[BEIJING]
    assert {k: beijing[k] for k in ("doc_number", "jurisdiction", "script", "date", "items")} == {
        "doc_number": "京科发〔2022〕19号",
        "jurisdiction": "北京市",
        "script": "traditional",
        "date": "2022-12-30",
        "items": 26,
    }
    assert beijing["path"] == str(CORPUS / f"{BEIJING}.txt")
    assert "京科发〔2022〕19号" in out  # UTF-8, not \u escapes
    code, out, _ = run("show", "京科發〔2022〕19號", store=store)
    assert code == 0
    assert "  二、重点任务" in out and "      12.强化大企业反向“硬孵化”   [task 12]" in out


def test_show_by_title_in_either_script_and_ambiguity(tmp_path: Path) -> None:
    store = tmp_path / "s"
    run("index", str(CORPUS), store=store)
    code, out, _ = run("show", "上海市高質量孵化器", "--json", store=store)
    assert code == 0 and json.loads(out)["id"] == "003_b4579dfdc120689a"
    code, out, err = run("show", "孵化器", store=store)
    assert code == 1
    assert err.splitlines()[0] == "Error: '孵化器' matches 3 documents; give an id or a longer title"
    code, _, err = run("show", "不存在的文件", store=store)
    assert code == 1 and err.startswith("Error: no document matches '不存在的文件'")


def test_bad_file_in_a_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("一、任务\n1.推进建设。\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    code, out, err = run("index", str(folder), store=tmp_path / "s")
    assert code == 1
    assert f"error: {folder / 'bad.txt'}: not UTF-8, GB18030, Big5 or UTF-16 text (binary data?)" in err
    assert "1 added" in out and "1 failed" in out
    code, out, _ = run("docs", "--json", store=tmp_path / "s")
    assert [d["id"] for d in json.loads(out)] == ["good"]


def test_store_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_HOME", str(tmp_path / "env"))
    assert store_module.resolve_root("x") == Path("x")
    assert store_module.resolve_root() == tmp_path / "env"
    monkeypatch.delenv("KB_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert store_module.resolve_root() == tmp_path / "xdg" / "policykb"
    monkeypatch.setenv("KB_HOME", str(tmp_path / "env"))
    code, _, _ = run("index", str(CORPUS / f"{BEIJING}.txt"))
    assert code == 0 and (tmp_path / "env" / "CURRENT").exists()


def test_empty_store_says_what_to_do(tmp_path: Path) -> None:
    code, _, err = run("docs", store=tmp_path / "nothing")
    assert code == 1
    assert (
        err.strip() == f"Error: no documents indexed in {tmp_path / 'nothing'} yet: run `kb index PATH` first"
    )


def test_incompatible_store_asks_for_rebuild(tmp_path: Path) -> None:
    store = tmp_path / "s"
    run("index", str(CORPUS / f"{BEIJING}.txt"), store=store)
    (store / "store.json").write_text(json.dumps({"schema": 0}), encoding="utf-8")
    code, _, err = run("docs", store=store)
    assert code == 1
    assert "has schema 0" in err and "rebuild it with `kb index --rebuild`" in err
    code, _, _ = run("index", "--rebuild", str(CORPUS / f"{BEIJING}.txt"), store=store)
    assert code == 0
    code, out, _ = run("docs", "--json", store=store)
    assert code == 0 and len(json.loads(out)) == 1


def test_damaged_catalog_is_a_clean_error(tmp_path: Path) -> None:
    store = tmp_path / "s"
    run("index", str(CORPUS / f"{BEIJING}.txt"), store=store)
    current = (store / "CURRENT").read_text().strip()
    (store / current / "catalog.pkl").write_bytes(b"not a pickle")
    code, _, err = run("docs", store=store)
    assert code == 1 and "damaged" in err and "kb index --rebuild" in err


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in group.commands.items():
        out.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            out += _commands(command, f"{prefix}{name} ")
    return out


@pytest.mark.parametrize(("name", "command"), _commands(main), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    code, out, _ = run(*name.split(), "-h")
    assert code == 0
    assert "Example" in (command.help or "") and "Example" in out


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["docs"], 0),
        (["search", "火星基地"], 0),  # no results is an answer
        (["ask", "火星基地的建设进度如何？"], 0),  # not_found too
        (["show", "不存在的文件"], 1),  # an error the user can act on
        (["owners", BEIJING, "99"], 1),
        (["index", "no-such-folder"], 1),  # a bad file
        (["search", "孵化器", "--year", "abc"], 2),  # a usage error
        (["search"], 2),
        (["docs", "--no-such-option"], 2),
    ],
)
def test_exit_statuses(seed_store: Path, tmp_path: Path, args: list[str], code: int) -> None:
    store = seed_store if args[0] != "index" else tmp_path / "s"
    assert run(*args, store=store)[0] == code


def test_an_unexpected_error_is_one_line_and_status_1(
    seed_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb.knowledge import KnowledgeBase

    def broken(self: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(KnowledgeBase, "docs", broken)
    code, out, err = run("docs", store=seed_store)
    assert (code, out) == (1, "")
    assert (
        err == "Error: internal error: RuntimeError: boom; please report it (`kb --debug ...` shows where)\n"
    )


def test_one_is_singular(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "通知.txt").write_text(
        "关于甲的通知\n一、工作任务\n1.推进建设。（责任单位：市甲局）\n", encoding="utf-8"
    )
    store = tmp_path / "s"
    code, out, _ = run("index", str(folder), store=store)
    assert code == 0 and out.endswith("; 1 document in the store\n")
    code, out, _ = run("docs", store=store)
    assert "  1 item\n" in out and out.endswith("\n\n1 document\n")
    assert run("tasks", "通知", store=store)[1].endswith("\n\n1 task\n")
    assert run("agencies", store=store)[1].endswith("\n\n1 agency\n")
    assert "Outline (1 task)" in run("show", "通知", store=store)[1]
    out = run("export", "tasks", "通知", "-o", str(tmp_path / "t.csv"), store=store)[1]
    assert out == f"wrote 1 sheet, 1 task to {tmp_path / 't.csv'}\n"
    out = run("export", "matrix", "通知", "-o", str(tmp_path / "m.csv"), store=store)[1]
    assert out == f"wrote 1 task × 1 agency to {tmp_path / 'm.csv'}\n"
    out = run("export", "agency", "市甲局", "-o", str(tmp_path / "a.csv"), store=store)[1]
    assert out == f"wrote 1 task of 市甲局 (1 lead) to {tmp_path / 'a.csv'}\n"
