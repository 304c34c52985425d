"""Document ids: unique in a store, stable, and never a reason to rename a file.

An official's folders are full of 通知.docx and 附件1.xlsx. A file keeps the id it got when it
was first indexed (the store knows each file's path). A new file's id is its name without
extension (`通知`) when no other document uses it and no other new file of the same run has
that name; else its path relative to the folder it was found in, without extension
(`a/通知`, `b/通知`), with as many of the folders above as it takes (`甲/a/通知`); else the same
with its extension (`通知.txt`, `通知.md`); else its whole path, then a number (` (2)`).
The lines of a .jsonl file keep their own "id".

A name that is not valid UTF-8 (a GBK name from a Windows zip file) becomes an id with the
undecodable bytes shown as U+FFFD, so every id can be printed and indexed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from pathlib import Path, PurePath

_UNDECODED = re.compile("[\udc80-\udcff]")  # a byte of a file name that was not UTF-8 (surrogateescape)


def display(text: str) -> str:
    """A path or name as it can be shown: each byte that is not UTF-8 as U+FFFD (as the
    command line shows the path)."""
    return _UNDECODED.sub("\ufffd", text)


def assign(
    files: Sequence[Path], roots: Sequence[Path], known: Mapping[str, str], taken: set[str]
) -> dict[Path, str]:
    """The id of each file (absolute paths): its id in the store (`known`: path -> id), else a
    new one no document uses. `roots` are the folders indexed; `taken` the ids in use (it
    receives the new ones)."""
    out = {path: known[str(path)] for path in files if str(path) in known}
    forms = {path: _forms(path, _root(path, roots)) for path in files if str(path) not in known}
    # A form two new files would both have (通知 for a/通知 and b/通知) is neither's.
    shared = Counter((kind, form) for candidates in forms.values() for kind, form in candidates[:-1])
    for path, candidates in forms.items():
        for kind, form in chain(candidates, _numbered(candidates[-1][1])):
            if form not in taken and shared[(kind, form)] <= 1:
                out[path] = form
                taken.add(form)
                break
    return out


def _root(path: Path, roots: Sequence[Path]) -> Path:
    """The outermost indexed folder holding `path` (a file named by itself: its folder)."""
    holding = [r for r in roots if path.is_relative_to(r)]
    return min(holding, key=lambda r: len(r.parts)) if holding else path.parent


def _forms(path: Path, root: Path) -> list[tuple[str, str]]:
    """The ids a new file may take, shortest first, each with its kind: its name, its path
    under the indexed folder, with the folders above that, then with its extension."""
    relative = path.relative_to(root)
    bare, parts = path.with_suffix(""), path.parts
    levels = range(len(relative.parts), len(parts))  # relative path, then one folder more …
    out = [("name", display(path.stem))]
    out += [(f"up {n}", display(PurePath(*bare.parts[-n:]).as_posix())) for n in levels]
    out += [(f"up {n} with extension", display(PurePath(*parts[-n:]).as_posix())) for n in levels]
    out.append(("whole", display(path.as_posix())))
    return out


def _numbered(whole: str) -> Iterator[tuple[str, str]]:
    """`/in/��.txt (2)` …: for names that only differ in bytes shown alike."""
    n = 2
    while True:
        yield "numbered", f"{whole} ({n})"
        n += 1
