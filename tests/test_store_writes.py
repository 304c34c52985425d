"""A store that cannot be written: KB_HOME pointing at a file, a read-only store, a full
disk. One clear line each, exit status 1, the store unchanged, in one process or several.

The full disk is simulated two ways: always, by a quota on the bytes this process writes
into the store (a wrapper of `open`, no subprocess), and, when the tests run as root and
may mount, by a real tmpfs too small for the work (real ENOSPC from the kernel). A
read-only store is a tmpfs remounted read-only (as root) or a folder without write
permission (as another user).
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import BEIJING, CORPUS
from test_reliability import write_copies

from cli import main
from indexer.pipeline import index
from kb.errors import StoreError


def cli(*args: str, store: Path | None = None) -> tuple[int, str, str]:
    argv = (["--store", str(store)] if store else []) + list(args)
    result = CliRunner().invoke(main, argv)
    return result.exit_code, result.stdout, result.stderr


def state(store: Path) -> list[tuple[str, int]]:
    """Every file of a store with its size (the lock file's content aside)."""
    return sorted(
        (str(p.relative_to(store)), p.stat().st_size)
        for p in store.rglob("*")
        if p.is_file() and p.name != "lock"
    )


# --- KB_HOME pointing at a file --------------------------------------------------------------


def test_a_store_that_is_a_file_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes", encoding="utf-8")
    monkeypatch.setenv("KB_HOME", str(path))
    message = f"Error: {path} is a file, not a store folder: point --store or KB_HOME at a folder\n"
    for args in (["docs"], ["index", str(CORPUS / f"{BEIJING}.txt")], ["search", "孵化器"], ["remove", "x"]):
        assert cli(*args) == (1, "", message), args
    assert path.read_text(encoding="utf-8") == "my notes"
    inside = path / "store"
    message = f"Error: {inside} cannot be a store folder: {path} is a file\n"
    assert cli("docs", store=inside) == (1, "", message)
    assert cli("index", str(CORPUS / f"{BEIJING}.txt"), store=inside) == (1, "", message)


# --- a disk that fills up ----------------------------------------------------------------------


class _Quota:
    """Bytes this process may still write into one folder; `open` of a file there for writing
    gives a file whose writes fail with ENOSPC once they are spent."""

    def __init__(self, folder: Path, left: int):
        self.folder, self.left = str(folder), left
        self.real = builtins.open

    def open(self, file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        f = self.real(file, mode, *args, **kwargs)
        writing = any(c in mode for c in "wax+")
        if writing and isinstance(file, (str, os.PathLike)) and os.path.abspath(file).startswith(self.folder):
            return _Full(f, self)
        return f


class _Full(io.RawIOBase):
    def __init__(self, f: Any, quota: _Quota):
        self._f, self._quota = f, quota

    def write(self, data: Any) -> int:
        size = len(data) if not isinstance(data, str) else len(data.encode())
        if size > self._quota.left:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._quota.left -= size
        return self._f.write(data)  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._f, name)

    def __enter__(self) -> _Full:
        return self

    def __exit__(self, *exc: object) -> None:
        self._f.close()

    def close(self) -> None:
        self._f.close()

    def fileno(self) -> int:
        return self._f.fileno()  # type: ignore[no-any-return]

    def flush(self) -> None:
        self._f.flush()

    def tell(self) -> int:
        return self._f.tell()  # type: ignore[no-any-return]

    def seek(self, *args: Any) -> int:
        return self._f.seek(*args)  # type: ignore[no-any-return]

    def writable(self) -> bool:
        return True


@pytest.mark.parametrize("left", [0, 20_000, 400_000])
def test_a_full_disk_in_one_process_is_one_line_and_the_store_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, left: int
) -> None:
    store = tmp_path / "store"
    assert cli("index", str(CORPUS / f"{BEIJING}.txt"), store=store)[0] == 0
    before = state(store)
    monkeypatch.setattr(builtins, "open", _Quota(store, left).open)
    code, out, err = cli("index", "--workers", "1", str(CORPUS), store=store)
    monkeypatch.undo()
    assert (code, out) == (1, "")
    assert err == (
        f"Error: cannot write to the store at {store}: no space left on device; the store is unchanged "
        "(free some space and run kb index again)\n"
    )
    assert state(store) == before
    assert cli("owners", BEIJING, "12", store=store)[0] == 0


@contextmanager
def tmpfs(tmp_path: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of `size` (root only, where mounting is allowed), else the test is skipped."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / f"mnt-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_real_full_disk_is_one_line_and_the_store_unchanged(tmp_path: Path, workers: str) -> None:
    folder = tmp_path / "in"
    write_copies(folder, range(20))  # enough documents for two worker processes
    with tmpfs(tmp_path, "3m") as mount:
        store = mount / "store"
        assert index([folder / "c000.txt"], store, workers=1).ok
        before = state(store)
        code, out, err = cli("index", "--workers", workers, str(folder), store=store)
        assert (code, out) == (1, "")
        assert err == (
            f"Error: cannot write to the store at {store}: no space left on device; the store is unchanged "
            "(free some space and run kb index again)\n"
        )
        assert state(store) == before


# --- a read-only store -------------------------------------------------------------------------


@contextmanager
def read_only_store(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A store with the Beijing plan that cannot be written, and the cause writing gives."""
    if os.geteuid() == 0:
        with tmpfs(tmp_path, "64m") as mount:
            store = mount / "store"
            assert index([CORPUS / f"{BEIJING}.txt"], store, workers=1).ok
            subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
            yield store, "read-only file system"
        return
    store = tmp_path / "store"
    assert index([CORPUS / f"{BEIJING}.txt"], store, workers=1).ok
    for p in [store, *store.rglob("*")]:
        p.chmod(p.stat().st_mode & ~0o222)
    try:
        yield store, "permission denied"
    finally:
        for p in [store, *store.rglob("*")]:
            p.chmod(p.stat().st_mode | 0o200)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_read_only_store_is_read_but_not_written(tmp_path: Path, workers: str) -> None:
    folder = tmp_path / "in"
    write_copies(folder, range(20))
    with read_only_store(tmp_path) as (store, cause):
        before = state(store)
        code, out, err = cli("index", "--workers", workers, str(folder), store=store)
        assert (code, out) == (1, "")
        assert err == f"Error: cannot write to the store at {store}: {cause}; the store is unchanged\n"
        assert cli("remove", BEIJING, store=store) == (1, "", err)
        assert state(store) == before
        code, out, _ = cli("owners", BEIJING, "12", store=store)  # reading needs no writing
        assert code == 0 and "市科委、中关村管委会" in out
        with pytest.raises(StoreError, match=cause):
            index([folder], store, workers=1)


def test_the_quota_wrapper_writes_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The simulation itself: a write within the quota reaches the file."""
    quota = _Quota(tmp_path, 10)
    monkeypatch.setattr(builtins, "open", quota.open)
    with open(tmp_path / "a", "wb") as f:
        f.write(b"12345")
    with pytest.raises(OSError, match="No space left"), open(tmp_path / "b", "wb") as f:
        f.write(b"123456")
    monkeypatch.undo()
    assert (tmp_path / "a").read_bytes() == b"12345"
    shutil.rmtree(tmp_path / "a", ignore_errors=True)
