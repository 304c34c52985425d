"""Finding the files to index: files and folders given, walked recursively, by extension."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from indexer.source import LoadError, os_cause

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".xlsx", ".csv", ".pdf", ".jsonl")


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[LoadError]]:
    """Files to index under `paths`: files or folders (recursive), sorted, de-duplicated.

    Folders yield files with a supported extension, skipping hidden names; a file named
    explicitly is used whatever its name, but an unsupported extension is an error.
    """
    found: list[Path] = []
    errors: list[LoadError] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(_walk(path, errors))
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED:
                found.append(path)
            else:
                errors.append(LoadError(path, unsupported(path)))
        elif path.exists():
            errors.append(LoadError(path, "not a regular file"))
        else:
            errors.append(LoadError(path, "no such file or directory"))
    unique: dict[str, Path] = {}
    for path in sorted(found):
        unique.setdefault(os.path.realpath(path), path)  # a file reached twice is read once
    return sorted(unique.values()), errors


def _walk(folder: Path, errors: list[LoadError]) -> Iterator[Path]:
    """Supported, non-hidden files under `folder`; symlinked folders are entered once."""
    visited = {os.path.realpath(folder)}

    def report(e: OSError) -> None:
        errors.append(LoadError(e.filename or folder, os_cause(e)))

    for root, dirs, files in os.walk(folder, onerror=report, followlinks=True):
        kept = []
        for name in sorted(dirs, key=lambda n: (os.path.islink(os.path.join(root, n)), n)):
            real = os.path.realpath(os.path.join(root, name))
            if not name.startswith(".") and real not in visited:  # loops end; real dirs first
                visited.add(real)
                kept.append(name)
        dirs[:] = kept
        for name in files:
            path = Path(root, name)
            if name.startswith(".") or path.suffix.lower() not in SUPPORTED:
                continue
            if path.is_file():
                yield path
            elif path.is_symlink():
                errors.append(LoadError(path, "broken symbolic link"))


def unsupported(path: Path) -> str:
    """Why a file named explicitly is not read: its extension, and the supported ones."""
    kind = path.suffix or "(no extension)"
    return f"unsupported file type {kind}; supported: {', '.join(SUPPORTED)}"
