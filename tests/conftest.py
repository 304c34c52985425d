"""Shared fixtures: every test gets its own store; the seeds are indexed once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import opencc
import pytest

from indexer.pipeline import index
from kb.knowledge import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
BEIJING = "000_9df154392c23cece"
ZGC = "001_e782f3eb79bdf678"
CHAOYANG = "002_9b21aa50b2668bfd"
SHANGHAI = "003_b4579dfdc120689a"
QINGDAO = "004_23961694257063bd"


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's own store; no progress lines in what tests read from stderr
    (a slow machine makes a run last longer than their 10 s), unless a test asks for them."""
    monkeypatch.setenv("KB_HOME", str(tmp_path / "kb-home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("KB_PROGRESS_SECONDS", "86400")


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the five seed documents, built once."""
    root = tmp_path_factory.mktemp("seeds") / "store"
    report = index([CORPUS], root, workers=1)
    assert report.ok, report.errors
    return root


@pytest.fixture(scope="session")
def seeds(seed_store: Path) -> KnowledgeBase:
    return KnowledgeBase.open(seed_store)


@pytest.fixture(scope="session")
def simplified_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds converted to simplified script with OpenCC (t2s), same file names."""
    folder = tmp_path_factory.mktemp("simplified")
    t2s = opencc.OpenCC("t2s")
    for path in sorted(CORPUS.glob("*.txt")):
        (folder / path.name).write_text(t2s.convert(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def simplified_seeds(simplified_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    root = tmp_path_factory.mktemp("simplified-store") / "store"
    report = index([simplified_corpus], root, workers=1)
    assert report.ok, report.errors
    return KnowledgeBase.open(root)


def copy_corpus(target: Path) -> Path:
    """A private copy of the seeds a test may change."""
    shutil.copytree(CORPUS, target)
    return target
