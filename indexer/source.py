"""What loading gives: one `Source` per document, or a `LoadError` saying why a file or line
could not be read."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from kb.errors import InputError


@dataclass(frozen=True, slots=True)
class Source:
    """One document as read from a file, before any parsing."""

    id: str  # file name without extension; for .jsonl the line's "id" field
    path: str  # the file path as given or discovered
    line: int | None  # 1-based line number for .jsonl documents, else None
    text: str  # decoded character for character: newlines as in the file, BOM removed
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "big5", "utf-16" ...; "docx"/"pdf"
    format: str  # "txt", "md", "html", "docx", "pdf", "jsonl"
    title: str | None = None  # a title the container gives (jsonl "title", html <title>)
    fields: Mapping[str, str] = field(default_factory=dict)  # other jsonl keys as strings
    size: int = field(default=0, compare=False)  # bytes of the file (or .jsonl line) it came from


class LoadError(InputError):
    """A file or .jsonl line that cannot be read."""

    def __init__(self, path: str | os.PathLike[str], cause: str, line: int | None = None):
        self.path, self.cause, self.line = str(path), cause, line
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {cause}")

    def __reduce__(self) -> tuple[type[LoadError], tuple[str, str, int | None]]:
        return type(self), (self.path, self.cause, self.line)  # picklable across processes


def os_cause(e: OSError) -> str:
    """An OSError as a LoadError's cause: "no such file or directory", "permission denied"."""
    return (e.strerror or str(e)).lower()
