"""Loading: files on disk to decoded source texts, one `Source` per document.

Finds the files to index (`indexer.discovery`), detects text encodings (UTF-8, GB18030/GBK,
Big5, UTF-16), takes the text out of HTML, .docx, .xlsx, .csv, .pdf and .jsonl containers, and
turns every unreadable file or line into a `LoadError` (`indexer.source`) instead of an
exception, so one bad file never stops a batch. Callers import all of it from here.
"""

from __future__ import annotations

import codecs
import csv
import json
import logging
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

import pypdf
from bs4 import BeautifulSoup

from indexer import spreadsheet, word
from indexer.discovery import SUPPORTED, discover, unsupported
from indexer.encoding import decode, decode_html
from indexer.html import html_text, squeeze
from indexer.source import LoadError, Source, os_cause
from kb.normalize import undecodable

__all__ = ["MAX_TEXT_BYTES", "SUPPORTED", "LoadError", "Source", "discover", "is_html", "page_text", "read"]

_FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".pdf": "pdf",
    ".jsonl": "jsonl",
}

# pypdf logs every recoverable oddity of a PDF; the caller reports only what stops a file.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read(path: Path) -> Iterator[Source | LoadError]:
    """Read one file: one `Source` or `LoadError` per document, never an exception for bad input.

    A .jsonl file yields one item per non-blank line; a broken line is a `LoadError` with its
    line number and does not stop the lines after it.
    """
    path = Path(path)
    fmt = _FORMATS.get(path.suffix.lower())
    cause = _unreadable(path, fmt)
    if cause is not None or fmt is None:
        yield LoadError(path, cause or unsupported(path))
        return
    try:
        if fmt == "jsonl":
            yield from _read_jsonl(path)
        else:
            item = _READERS[fmt](path, fmt)
            yield replace(item, size=path.stat().st_size) if isinstance(item, Source) else item
    except OSError as e:
        yield LoadError(path, os_cause(e))


def _unreadable(path: Path, fmt: str | None) -> str | None:
    """Why `path` cannot be read at all, or None."""
    try:
        info = path.stat()
    except OSError as e:
        return os_cause(e)
    if stat.S_ISDIR(info.st_mode):
        return "is a directory"
    if fmt is None:
        return unsupported(path)
    if info.st_size == 0:
        return "empty file"
    if fmt in ("txt", "md", "html", "csv") and info.st_size > MAX_TEXT_BYTES:
        limit = _size(MAX_TEXT_BYTES)
        return f"too large ({_size(info.st_size)}; at most {limit} of text): split it into smaller files"
    return None


# A text file or .jsonl line is held in memory a few times over while it is parsed (about four
# times its size at peak): this keeps one document well inside the 1 GB the indexer may add.
MAX_TEXT_BYTES = 100_000_000


def _read_text(path: Path, fmt: str) -> Source | LoadError:
    try:
        data = path.read_bytes()
        text, encoding = decode(data)
    except ValueError as e:
        return LoadError(path, str(e))
    if not text or text.isspace():  # not strip(): no copy of a 50 MB text
        return LoadError(path, "empty file")
    if fmt == "txt" and is_html(text):  # a page saved as .txt: read as the page it is
        return _read_html(path, "html", data)
    return Source(path.stem, str(path), None, text, encoding, fmt)


# A text that is markup: it opens with an HTML element (a page, or a fragment a crawler cut
# out of one: `<tbody> <tr> <td>…`), or its first pages are full of closing block tags.
# A comment alone (`<!-- INFO END -->` in Markdown) does not make a text HTML.
_HTML_OPENING = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|tbody|thead|tr|td|th"
    r"|span|article|section|h[1-6]|br|center|font|ul|ol|li|style|script|a|img)[\s/>]",
    re.IGNORECASE | re.DOTALL,
)
_CLOSING_TAG = re.compile(r"</(?:p|div|td|tr|table|span|li|h[1-6])>", re.IGNORECASE)
_SNIFF = 20_000


def is_html(text: str) -> bool:
    """Whether a text file holds HTML markup rather than text."""
    head = text[:_SNIFF]
    return bool(_HTML_OPENING.match(head)) or len(_CLOSING_TAG.findall(head)) >= 20


def _read_html(path: Path, fmt: str, data: bytes | None = None) -> Source | LoadError:
    try:
        markup, encoding = decode_html(path.read_bytes() if data is None else data)
    except ValueError as e:
        return LoadError(path, str(e))
    try:
        title, text = page_text(markup)
    except Exception as e:  # lxml copes with broken markup; this is for what it rejects
        return LoadError(path, f"unreadable HTML ({_short(e)})")
    if not text.strip():
        return LoadError(path, "no text in page (only scripts, navigation or markup)")
    return Source(path.stem, str(path), None, text, encoding, fmt, title or None)


def page_text(markup: str) -> tuple[str, str]:
    """(the page's <title>, its visible text) of HTML markup."""
    soup = BeautifulSoup(markup, "lxml")
    title = squeeze(soup.title.get_text()) if soup.title else ""
    return title, html_text(soup.body or soup)


_MAX_DOCX_BYTES = 200_000_000
_MAX_RATIO, _RATIO_MIN_BYTES = 200, 10_000_000


def _read_docx(path: Path, fmt: str) -> Source | LoadError:
    try:
        _check_zip(path, ".docx")
    except ValueError as e:
        return LoadError(path, str(e))
    try:
        with zipfile.ZipFile(path) as archive:
            text = word.text(archive)  # streamed: memory follows a row, not the document
    except OSError:
        raise  # read() reports it as it does for every format
    except Exception as e:  # zipfile and lxml raise many types for a broken package
        return LoadError(path, f"corrupt .docx ({_short(e)})")
    if not text.strip():
        return LoadError(path, "no text in document")
    return Source(path.stem, str(path), None, text, "docx", fmt)


def _check_zip(path: Path, kind: str) -> None:
    """Refuse a .docx or .xlsx by its declared sizes before anything is decompressed (zip bombs)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        raise ValueError(f"truncated or corrupt {kind} (not a zip archive)") from None
    total = sum(m.file_size for m in members)
    if total > _MAX_DOCX_BYTES:
        raise ValueError(f"refused: {kind} would expand to {_size(total)} (limit 200 MB)")
    for m in members:
        # zipfile stops reading a member at its declared size, so the sizes are a real bound
        if m.file_size > _RATIO_MIN_BYTES and m.file_size > _MAX_RATIO * max(m.compress_size, 1):
            ratio = m.file_size // max(m.compress_size, 1)
            raise ValueError(f"refused: {kind} member {m.filename} expands {ratio}:1 (zip bomb?)")


def _read_xlsx(path: Path, fmt: str) -> Source | LoadError:
    try:
        _check_zip(path, ".xlsx")
        text = spreadsheet.xlsx_text(str(path), MAX_TEXT_BYTES)
    except spreadsheet.TooLarge:
        return LoadError(path, f"too large (more than {_size(MAX_TEXT_BYTES)} of text): split the workbook")
    except ValueError as e:
        return LoadError(path, str(e))
    except OSError:
        raise  # read() reports it as it does for every format
    except Exception as e:  # openpyxl and its XML parser raise many types for a broken workbook
        return LoadError(path, f"corrupt .xlsx ({_short(e)}); save it again from Excel")
    if not text.strip():
        return LoadError(path, "no text in workbook (empty sheets)")
    return Source(path.stem, str(path), None, text, "xlsx", fmt)


def _read_csv(path: Path, fmt: str) -> Source | LoadError:
    try:
        decoded, encoding = decode(path.read_bytes())
        text = spreadsheet.csv_text(decoded, MAX_TEXT_BYTES)
    except spreadsheet.TooLarge:
        return LoadError(path, f"too large (more than {_size(MAX_TEXT_BYTES)} of text): split it")
    except (ValueError, csv.Error) as e:
        return LoadError(path, f"unreadable CSV ({_short(e)})")
    if not text.strip():
        return LoadError(path, "empty file")
    return Source(path.stem, str(path), None, text, encoding, fmt)


def _read_pdf(path: Path, fmt: str) -> Source | LoadError:
    try:
        with open(path, "rb") as f:
            reader = pypdf.PdfReader(f)
            if reader.is_encrypted and not reader.decrypt(""):
                return LoadError(path, "encrypted .pdf; remove the password and index it again")
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except OSError:
        raise  # read() reports it as it does for every format
    except Exception as e:  # pypdf raises many types for damaged or unusual files
        return LoadError(path, f"corrupt or unreadable .pdf ({_short(e)})")
    if not text.strip():
        return LoadError(path, "no text layer; OCR is not supported")
    return Source(path.stem, str(path), None, text, "pdf", fmt)


def _read_jsonl(path: Path) -> Iterator[Source | LoadError]:
    """One document per line, streamed: the files run to tens of megabytes."""
    with open(path, "rb") as f:
        number = 0
        while raw := f.readline(MAX_TEXT_BYTES + 1):
            number += 1
            if len(raw) > MAX_TEXT_BYTES and not raw.endswith(b"\n"):
                size = len(raw) + _skip_line(f)
                cause = f"line too long ({_size(size)}; at most {_size(MAX_TEXT_BYTES)}): split the document"
                yield LoadError(path, cause, number)
                continue
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if raw.strip():
                yield _jsonl_source(path, number, raw)


def _skip_line(f: BinaryIO) -> int:
    """Read past the rest of the current line a megabyte at a time; how many bytes that was."""
    skipped = 0
    while chunk := f.readline(1 << 20):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _jsonl_source(path: Path, number: int, raw: bytes) -> Source | LoadError:
    try:
        record = json.loads(raw.rstrip(b"\r\n").decode("utf-8"))  # columns counted in the line
    except UnicodeDecodeError:
        return LoadError(path, "not UTF-8 (JSON Lines files must be UTF-8)", number)
    except json.JSONDecodeError as e:
        # json's message may end in "at" ("Unterminated string starting at"): one "at" is enough
        return LoadError(path, f"invalid JSON: {e.msg.removesuffix(' at')} at column {e.colno}", number)
    if not isinstance(record, dict):
        return LoadError(path, "not a JSON object", number)
    for key in ("id", "text"):
        if key not in record:
            return LoadError(path, f'missing "{key}"', number)
    doc_id, text = record["id"], record["text"]
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        return LoadError(path, '"id" must be a non-empty string', number)
    if not isinstance(text, str) or not text.strip():
        return LoadError(path, '"text" must be a non-empty string', number)
    title = record.get("title")
    if is_html(text):  # a crawler's record holding the page's markup
        try:
            page_title, text = page_text(text)
        except Exception as e:  # as for .html files
            return LoadError(path, f'unreadable HTML in "text" ({_short(e)})', number)
        if not text.strip():
            return LoadError(path, '"text" is HTML without text', number)
        title = title or page_title
    fields = {
        k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
        for k, v in record.items()
        if k not in ("id", "text", "title") and v is not None
    }
    # JSON may escape half of a UTF-16 surrogate pair (\udc80): not a character, and nothing
    # downstream (the search index, the terminal) can encode it, so the line is refused here.
    strings = {"id": doc_id, "text": text, "title": str(title or "")} | fields | {k: k for k in fields}
    for key, value in strings.items():
        if (where := undecodable(value)) is not None:
            return LoadError(path, f'"{key}" is not valid Unicode ({where})', number)
    title = str(title) if title else None
    return Source(doc_id, str(path), number, text, "utf-8", "jsonl", title, fields, len(raw))


_READERS = {
    "txt": _read_text, "md": _read_text, "html": _read_html, "docx": _read_docx, "xlsx": _read_xlsx,
    "csv": _read_csv, "pdf": _read_pdf,
}  # fmt: skip


def _size(n: int) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def _short(e: Exception) -> str:
    message = str(e).splitlines()[0] if str(e) else type(e).__name__
    return message if len(message) <= 120 else message[:117] + "..."
