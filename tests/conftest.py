"""Shared fixtures: every test gets its own store; the seeds are indexed once per session."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
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
    monkeypatch.delenv("KB_STORE", raising=False)
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


# --- PostgreSQL: one throwaway server per session, a fresh database per test ---------------------

_DATABASES = itertools.count(1)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """A PostgreSQL server of our own (tests/pgserver.py). Without server binaries the
    PostgreSQL tests are skipped, except in CI (CI set), where that is a failure."""
    from pgserver import Server, binaries

    found = binaries()
    if found is None:
        message = "no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin"
        if _in_ci():
            pytest.fail(message + ": CI must install them (apt-get install -y postgresql, see .ci/run)")
        pytest.skip(message + ": PostgreSQL store tests skipped (apt-get install postgresql to run them)")
    server = Server(found)
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: object) -> str:
    """The URL of a new, empty database."""
    return pg_server.create_database(f"kb_test_{next(_DATABASES)}")  # type: ignore[attr-defined, no-any-return]


@pytest.fixture(params=["embedded", "postgresql"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store of each backend: a folder, then a PostgreSQL database."""
    if request.param == "embedded":
        return str(tmp_path / "store")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(scope="session")
def pg_seed_url(pg_server: object) -> str:
    """A PostgreSQL store with the five seed documents, built once."""
    url: str = pg_server.create_database("kb_seeds")  # type: ignore[attr-defined]
    report = index([CORPUS], url, workers=1)
    assert report.ok, report.errors
    return url


@pytest.fixture(scope="session")
def pg_seeds(pg_seed_url: str) -> KnowledgeBase:
    return KnowledgeBase.open(pg_seed_url)


def copy_corpus(target: Path) -> Path:
    """A private copy of the seeds a test may change."""
    shutil.copytree(CORPUS, target)
    return target


DEV_DOCS = ROOT / "tests" / "data" / "dev" / "docs"


@pytest.fixture(scope="session")
def dev_base(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """A store with the 22 development documents (tests/data/dev/docs), built once."""
    root = tmp_path_factory.mktemp("dev") / "store"
    report = index([DEV_DOCS], root, workers=1)
    assert report.ok, report.errors
    return KnowledgeBase.open(root)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_server(store: Path, *options: str) -> Iterator[str]:
    """A real `kb serve` (uvicorn) on a free loopback port; yields its base URL."""
    port = free_port()
    argv = [
        sys.executable,
        str(ROOT / "cli.py"),
        "--store",
        str(store),
        "serve",
        "--port",
        str(port),
        *options,
    ]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below, after the server
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, never a proxy
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(
                    f"kb serve exited with {proc.returncode}: {log.read().decode(errors='replace')}"
                )
            try:
                with opener.open(url + "/api", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
