"""The store you are given: its files are pickles, so a store owned by someone else is
named with a warning, and no store path ever comes from a document or a request."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BEIJING, CORPUS

from cli import main

ROOT = Path(__file__).resolve().parent.parent
STRANGER = 54321
DOCSTRING_EXAMPLES = {
    "base = KnowledgeBase.open()",  # kb/__init__.py
    'export_tasks(KnowledgeBase.open(), ["京科发〔2022〕19号"], "beijing.xlsx")',  # kb/export
}


def cli(store: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="giving files to another user needs root")
def test_a_store_owned_by_another_user_is_opened_with_a_warning(seed_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "colleague"
    shutil.copytree(seed_store, store)
    for path in [store, *store.rglob("*")]:
        os.lchown(path, STRANGER, STRANGER)
    warning = (
        f"warning: the store at {store} belongs to another user (uid {STRANGER}); its files run code when read: "
        "open only stores you trust, as you would a program\n"
    )
    code, out, err = cli(store, "docs")
    assert (code, err) == (0, warning) and BEIJING in out
    code, _, err = cli(store, "index", str(CORPUS / f"{BEIJING}.txt"))
    assert (code, err) == (0, warning)
    assert cli(seed_store, "docs")[2] == ""  # one's own store: no warning


def test_a_store_path_comes_only_from_the_person_running_kb() -> None:
    """Stores are opened only where the --store option, KB_HOME or a library caller's argument
    names them (never a path read from a document, a search hit, a request or an upload):
    every place that opens one is listed here, and a new one must be added knowingly."""
    opening = re.compile(
        r"\bStore\(|\bopen_store\(|PostgresStore\(|EmbeddedStore\(|KnowledgeBase\.open\(|KnowledgeBase\("
        r"|\bresolve_root\(|\blocate\("
    )
    found = set()
    for path in [ROOT / "cli.py", *(ROOT / "kb").rglob("*.py"), *(ROOT / "indexer").rglob("*.py"),
                 *(ROOT / "web").rglob("*.py")]:  # fmt: skip
        for line in path.read_text(encoding="utf-8").splitlines():
            code = line.split("#", 1)[0]
            example = code.strip() in DOCSTRING_EXAMPLES
            if opening.search(code) and not example and not code.lstrip().startswith(("def ", "class ", '"')):
                found.add((path.relative_to(ROOT).as_posix(), code.strip()))
    assert found == {
        # the command line: --store, else KB_STORE / KB_HOME / the default (kb.backends.factory.locate)
        ("cli.py", 'return KnowledgeBase.open(ctx.obj["store"])'),
        ("cli.py", "location = locate(option)"),
        (
            "cli.py",
            "owner = None if is_database(location) else Store(os.path.expanduser(location)).foreign_owner()",
        ),
        ("cli.py", 'locate(ctx.obj["store"]),'),
        ("cli.py", 'base, store = _base(ctx), open_store(ctx.obj["store"])'),
        (
            "cli.py",
            'done = correcting.import_csv(_base(root), open_store(root.obj["store"]), path, by, new_agency)',
        ),
        ("cli.py", 'serve(locate(ctx.obj["store"]), host, port, workers, allow_upload)'),
        # the library: the caller's argument
        ("kb/removal.py", "where = open_store(store)"),
        ("kb/knowledge.py", "opened = open_store(store)"),
        ("kb/backends/factory.py", "where = locate(location)"),
        ("kb/backends/factory.py", "return PostgresStore(where)"),
        ("kb/backends/factory.py", "return EmbeddedStore(os.path.expanduser(where))"),
        ("indexer/pipeline.py", "with open_store(root).writer(rebuild=rebuild, wait=wait) as writer:"),
        ("indexer/pipeline.py", "raise store_unwritable(locate(root), e) from e"),
        ("indexer/pipeline.py", "report.notes.extend(orphaned_corrections(open_store(root)))"),
        ("indexer/pipeline.py", "for p in KnowledgeBase(store.current(), corrections).placed:"),
        # kb serve: the store kb serve was started on (its --store), never one a request names
        ("web/upload.py", "generation = open_store(root).current()"),
        ("web/live.py", "self.store = open_store(location)"),
        ("web/live.py", "base = KnowledgeBase(generation, self.store.corrections().read())"),
        ("web/server.py", "open_store(root).check_schema()"),
    }
