"""A damaged store is named, with the remedy, never answered as "no results": its live
generation's parts missing or cut short, CURRENT empty or naming something else, store.json
of the wrong type; and an incremental `kb index` never carries the damage forward."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BEIJING, copy_corpus

from cli import main
from indexer.pipeline import index
from kb.errors import StoreError
from kb.knowledge import KnowledgeBase
from kb.store import doc_key

REMEDY = "rebuild it with `kb index --rebuild`"


def cli(store: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def store(tmp_path: Path) -> Path:
    corpus = copy_corpus(tmp_path / "corpus")
    root = tmp_path / "store"
    assert index([corpus], root, workers=1).ok
    return root


def live(store: Path) -> Path:
    return store / (store / "CURRENT").read_text().strip()


def damaged(store: Path, what: str) -> str:
    return f"Error: the store at {store} is damaged ({what}); {REMEDY}\n"


def test_a_missing_search_index_is_named_not_answered_as_no_results(store: Path) -> None:
    shutil.rmtree(live(store) / "search")
    for args in (["search", "孵化器"], ["docs"], ["owners", BEIJING, "12"]):
        assert cli(store, *args) == (1, "", damaged(store, f"{live(store).name}/search is missing"))


def test_a_damaged_search_index_is_named(store: Path) -> None:
    for segment in (live(store) / "search").glob("*.seg"):
        segment.write_bytes(b"")
    for toc in (live(store) / "search").glob("*.toc"):
        toc.write_bytes(b"\x00" * 8)
    code, out, err = cli(store, "search", "孵化器")
    assert (code, out) == (1, "")
    assert err.startswith(
        f"Error: the store at {store} is damaged ({live(store).name}/search is unreadable: "
    )
    assert err.endswith(f"); {REMEDY}\n") and len(err.splitlines()) == 1


def test_a_truncated_document_file_is_named(store: Path) -> None:
    path = live(store) / "docs" / f"{doc_key(BEIJING)}.pkl"
    path.write_bytes(path.read_bytes()[:1000])
    assert cli(store, "show", BEIJING) == (
        1, "", damaged(store, f"the file of document {BEIJING} is unreadable: pickle data was truncated")
    )  # fmt: skip


@pytest.mark.parametrize(
    ("current", "what"),
    [
        ("", "CURRENT is empty"),
        ("../../etc\n", "CURRENT names '../../etc', not a generation of this store"),
        ("gen-000999\n", "CURRENT names 'gen-000999', which is missing"),
        ("\x00\xff garbage", "CURRENT names '\\x00\ufffd garbage', not a generation of this store"),
    ],
)
def test_an_empty_or_absurd_current_is_named(store: Path, current: str, what: str) -> None:
    (store / "CURRENT").write_bytes(current.encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff"))
    assert cli(store, "docs") == (1, "", damaged(store, what))


def test_current_names_only_a_generation_inside_the_store(store: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    shutil.copytree(live(store), other / "gen-000001")
    name = live(store).name
    shutil.rmtree(live(store))
    (store / name).symlink_to(other / "gen-000001")
    assert cli(store, "docs") == (1, "", damaged(store, f"{name} is not a folder of the store"))


@pytest.mark.parametrize("meta", ["[]", '"schema"', "3", '{"schema": "3"}', "{"])
def test_store_json_of_the_wrong_type_is_named(store: Path, meta: str) -> None:
    (store / "store.json").write_text(meta, encoding="utf-8")
    code, out, err = cli(store, "docs")
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: the store at {store} is damaged (store.json ") and err.endswith(
        f"; {REMEDY}\n"
    )


def test_an_incremental_index_does_not_carry_the_damage_forward(store: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    before = (store / "CURRENT").read_text()
    shutil.rmtree(live(store) / "search")
    path = corpus / f"{BEIJING}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n附：修订说明。\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"search is missing\); rebuild it with `kb index --rebuild`"):
        index([corpus], store, workers=1)
    assert (store / "CURRENT").read_text() == before  # nothing was built over the damage
    assert cli(store, "index", str(corpus))[0] == 1
    rebuilt = index([corpus], store, rebuild=True, workers=1)
    assert rebuilt.ok and len(rebuilt.added) == 5
    assert {h.doc for h in KnowledgeBase.open(store).search("孵化器", limit=100).hits} == {
        p.stem for p in corpus.glob("*.txt")
    }


def test_a_missing_document_file_stops_an_incremental_index(store: Path, tmp_path: Path) -> None:
    (live(store) / "docs" / f"{doc_key(BEIJING)}.pkl").unlink()
    with pytest.raises(StoreError, match=f"the file of document {BEIJING} is missing"):
        index([tmp_path / "corpus"], store, workers=1)


def test_a_truncated_document_file_stops_an_incremental_index(store: Path, tmp_path: Path) -> None:
    path = live(store) / "docs" / f"{doc_key(BEIJING)}.pkl"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(StoreError, match=f"the file of document {BEIJING} is cut short"):
        index([tmp_path / "corpus"], store, workers=1)
