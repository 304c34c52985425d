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
    opening = re.compile(r"\bStore\(|KnowledgeBase\.open\(|KnowledgeBase\(|\bresolve_root\(")
    found = set()
    for path in [ROOT / "cli.py", *(ROOT / "kb").rglob("*.py"), *(ROOT / "indexer").rglob("*.py"),
                 *(ROOT / "web").rglob("*.py")]:  # fmt: skip
        for line in path.read_text(encoding="utf-8").splitlines():
            code = line.split("#", 1)[0]
            example = code.strip() in DOCSTRING_EXAMPLES
            if opening.search(code) and not example and not code.lstrip().startswith(("def ", "class ", '"')):
                found.add((path.relative_to(ROOT).as_posix(), code.strip()))
    assert found == {
        ("cli.py", 'return KnowledgeBase.open(ctx.obj["store"])'),
        ("cli.py", 'resolve_root(ctx.obj["store"]),'),
        ("cli.py", '_warn_if_foreign(resolve_root(ctx.obj["store"]))'),
        ("cli.py", "owner = Store(root).foreign_owner()"),
        ("kb/knowledge.py", "opened = Store(resolve_root(store))"),
        ("cli.py", 'base, store = _base(ctx), Store(resolve_root(ctx.obj["store"]))'),
        (
            "cli.py",
            'done = correcting.import_csv(_base(root), Store(resolve_root(root.obj["store"])), path, by, new_agency)',
        ),
        ("indexer/pipeline.py", "report.notes.extend(orphaned_corrections(Store(root)))"),
        ("indexer/pipeline.py", "for p in KnowledgeBase(store.current(), corrections).placed:"),
        # kb serve: the store is the one --store / KB_HOME names, passed in KB_SERVE_STORE
        ("cli.py", 'serve(resolve_root(ctx.obj["store"]), host, port, workers, allow_upload)'),
        ("web/server.py", "Store(root).check_schema()"),
        ("web/live.py", "self.store = Store(root)"),
        ("web/live.py", "base = KnowledgeBase(generation, self.store.corrections().read())"),
        ("web/upload.py", "generation = Store(root).current()"),
        ("kb/removal.py", "root = resolve_root(store)"),
        ("kb/removal.py", "where = Store(root)"),
        ("indexer/pipeline.py", "with Store(root).writer(rebuild=rebuild, wait=wait) as writer:"),
    }
