"""Writing a file an official asked for: whole or not at all, and only a regular file.

The file is written beside its target under a hidden name (`.名单.xlsx.kbtmp-<pid>-<token>`)
and renamed over it, so a failed or killed export never leaves half a file over a good one;
the next export to the same target removes what a killed one left. A target that is a
symbolic link, a device, a FIFO or a socket is refused: an export never writes through a
link and never replaces /dev/null, even as root.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from kb.errors import ExportError

_TMP = ".kbtmp-"


def check(path: str | os.PathLike[str], force: bool) -> Path:
    """The file to write, or an ExportError saying what to do instead."""
    target = Path(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as e:
        raise ExportError(f"cannot write {target}: {(e.strerror or str(e)).lower()}") from e
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise ExportError(f"{target} is a symbolic link: give the path of the file itself")
        if stat.S_ISDIR(info.st_mode):
            raise ExportError(f"{target} is a folder: give a file name")
        if not stat.S_ISREG(info.st_mode):
            raise ExportError(
                f"{target} is not a regular file (a device, a FIFO or a socket): give a file name"
            )
        if not force:
            raise ExportError(f"{target} exists; use --force to overwrite it")
    if not target.parent.is_dir():
        raise ExportError(f"no such folder {target.parent}: create it first")
    return target


def write(target: Path, fill: Callable[[Path], object]) -> None:
    """Write `target` through `fill(temporary path)`, then rename it over `target`."""
    _clean(target)
    tmp = target.with_name(f".{target.name}{_TMP}{os.getpid()}-{secrets.token_hex(4)}{target.suffix}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        os.close(fd)
        fill(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        check(target, force=True)  # still not a link or a device, just before it is replaced
        os.replace(tmp, target)
    except BaseException as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(e, OSError):
            raise ExportError(f"cannot write {target}: {e.strerror or e}") from e
        raise


def _clean(target: Path) -> None:
    """Remove the temporary files killed exports to `target` left (their process is gone)."""
    prefix = f".{target.name}{_TMP}"
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if not entry.name.startswith(prefix) or not entry.is_file(follow_symlinks=False):
                continue
            pid = entry.name[len(prefix) :].split("-", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
