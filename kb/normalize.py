"""Script and vocabulary normalisation: the one place text is made comparable.

Three conversions, all through the official OpenCC binding:

* `to_simplified` (OpenCC `t2s`): characters only, variants such as 産 included. It keeps the
  length of the text (checked on the whole bulk corpus), so offsets into its output are
  offsets into the original. The parser and the display of names use it.
* `normalize`: the matching form of documents *and* queries: `t2s`, then one pass through
  `tw2sp`'s Taiwan phrase table in simplified script with our exception list (which also
  folds full-width ASCII), then lower case. So 知識產權, 智慧財產權, 智慧财产权 and 知识产权 all
  become 知识产权 whatever script was typed. Never stored or quoted: for matching only.
* `to_mainland`: `t2s` and the same vocabulary pass without width folding, for showing a
  traditional document's words in simplified script (支援政策 -> 支持政策), where asked.
* `to_traditional` (OpenCC `s2tw`) for display in traditional script.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tempfile
import threading
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import opencc

from kb.model import Script

_VOCABULARY_FILE = "opencc_vocabulary.txt"  # made by tools/gen_opencc_vocabulary.py
_lock = threading.Lock()

# Full-width ASCII variants and the ideographic space fold to ASCII for matching.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
# Variant characters OpenCC t2s keeps as they are (衞 in 市衞健委): their simplified forms.
_VARIANTS = tuple(zip("衞囘峩寳煑", "卫回峨宝煮", strict=True))


def _unvariant(text: str) -> str:
    """The variants of `_VARIANTS` replaced (same length). `in` and str.replace per variant:
    str.translate walks a whole document character by character, 5 % of parsing it."""
    for variant, simple in _VARIANTS:
        if variant in text:
            text = text.replace(variant, simple)
    return text


class _Converter:
    """An OpenCC converter that keeps lone surrogates as they are.

    Undecodable bytes reach us as lone surrogates (argv and file names are decoded with
    'surrogateescape', JSON may escape them); OpenCC only takes valid UTF-8. A surrogate has
    no script to convert, so it is kept and the text around it converted.
    """

    def __init__(self, converter: opencc.OpenCC):
        self._opencc = converter

    def convert(self, text: str) -> str:
        try:
            return self._opencc.convert(text)
        except UnicodeEncodeError:
            pieces = _SURROGATES.split(text)  # odd indices are the runs of surrogates
            return "".join(p if i % 2 else self._opencc.convert(p) if p else p for i, p in enumerate(pieces))


_SURROGATES = re.compile(r"([\ud800-\udfff]+)")


def undecodable(text: str) -> str | None:
    """Where `text` holds a lone surrogate, said for a person; None for valid Unicode.

    `\\udcff` is how Python decodes the byte 0xff of a command line that is not UTF-8
    ('surrogateescape'), so it is named as that byte: `byte \\xff at character 3`.
    """
    m = _SURROGATES.search(text)
    if m is None:
        return None
    code = ord(m.group()[0])
    what = f"byte \\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"lone surrogate \\u{code:04x}"
    return f"{what} at character {m.start() + 1}"


@cache
def _converter(config: str) -> _Converter:
    return _Converter(opencc.OpenCC(config))


def _share_dir() -> Path:
    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


@lru_cache(maxsize=2)
def _vocabulary_converter(fold_width: bool = True) -> _Converter:
    """One OpenCC pass over simplified text: Taiwan/HK vocabulary, and full-width ASCII unless
    `fold_width` is false (for display: （责任单位：…） keeps its punctuation).

    Every phrase the table produces is also made a key that maps to itself, so normalised
    text is a fixed point: without it 哈萨克斯坦 (a value) would be read as the key 哈萨克 and
    become 哈萨克斯坦斯坦, and the mainland word would no longer meet the Taiwan one.
    """
    table = (resources.files("kb") / "data" / _VOCABULARY_FILE).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in table.splitlines() if "\t" in line and not line.startswith("#")]
    if not fold_width:
        rows = [row for row in rows if not _is_width_row(row[0])]
        table = "".join(f"{row[0]}\t{row[1]}\n" for row in rows)
    keys = {row[0] for row in rows}
    values = {v for row in rows for v in row[1].split(" ") if v}
    fixed = "".join(f"{v}\t{v}\n" for v in sorted(values - keys))
    # OpenCC reads its configuration and text dictionary from files, only while loading.
    with _lock, tempfile.TemporaryDirectory(prefix="policykb-opencc-") as folder:
        dictionary = os.path.join(folder, "vocabulary.txt")
        with open(dictionary, "w", encoding="utf-8") as f:
            f.write(table.rstrip("\n") + "\n" + fixed)
        text_dict = {"type": "text", "file": dictionary}
        config = {
            "name": "policykb: tw2sp's Taiwan phrases in simplified script, with exceptions",
            "segmentation": {"type": "mmseg", "dict": text_dict},
            "conversion_chain": [{"dict": text_dict}],
        }
        path = os.path.join(folder, "config.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(config, f, ensure_ascii=False)
        return _Converter(opencc.OpenCC(path))


def _is_width_row(key: str) -> bool:
    return len(key) == 1 and (0xFF01 <= ord(key) <= 0xFF5E or key == "\u3000")


# ASCII punctuation as the full-width forms patterns use; one character for one.
_WIDEN = (("(", "（"), (")", "）"), (":", "："), (",", "，"), (";", "；"), ("?", "？"), ("!", "！"))


def widen(text: str) -> str:
    """ASCII punctuation to its full-width form (same length): `(一)` -> `（一）`."""
    for ascii_mark, wide in _WIDEN:  # str.replace is far faster than translate on CJK text
        if ascii_mark in text:
            text = text.replace(ascii_mark, wide)
    return text


def to_simplified(text: str) -> str:
    """Characters to simplified script (OpenCC t2s); same length as `text`."""
    if not text:
        return text
    out = _unvariant(_converter("t2s").convert(text))
    if len(out) != len(text):  # never seen; keep the offset guarantee regardless
        out = "".join(_converter("t2s").convert(c) if c.strip() else c for c in text)
        if len(out) != len(text):
            out = "".join(
                o if len(o) == 1 else c for c, o in ((c, _converter("t2s").convert(c)) for c in text)
            )
    return out


def to_traditional(text: str) -> str:
    """Characters to traditional script, Taiwan standard forms (OpenCC s2tw: 為, not 爲)."""
    return _converter("s2tw").convert(text) if text else text


def to_mainland(text: str) -> str:
    """Simplified characters and mainland words, for display: 支援政策 -> 支持政策, 網路 -> 网络,
    智慧財產權 -> 知识产权, 最佳化 -> 优化; the exceptions of matching keep 執行, 資料, 智慧城市,
    對口支援 … as written. Case, width and punctuation stay. Never for a quote shown as written."""
    if not text:
        return text
    return _vocabulary_converter(False).convert(_converter("t2s").convert(text))


def convert(text: str, script: str, vocabulary: bool = False) -> str:
    """Text in the requested script: `simplified`, `traditional` or `original`.

    `vocabulary`: the text comes from a document in traditional script (pages machine-converted
    for Taiwan and Hong Kong readers use Taiwan words): simplified display gives mainland words.
    """
    if script == "simplified":
        return to_mainland(text) if vocabulary else to_simplified(text)
    if script == "traditional":
        return to_traditional(text)
    return text


def fold_width(text: str) -> str:
    """Full-width ASCII and the ideographic space to ASCII, case kept: ＡＢＣ１２３ -> ABC123."""
    return text.translate(_WIDTH)


def fold(text: str) -> str:
    """Width-fold and lower-case: ＡＢＣ１２３ -> abc123."""
    return text.translate(_WIDTH).lower()


def _fold_in_place(text: str) -> str:
    """`fold(text)` keeping the length: a character whose lower case is longer (İ) stays."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text.translate(_WIDTH))


_SQUEEZE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def squeeze(text: str) -> str:
    """One line without the blanks around Chinese characters: 关于 促进 (试行) -> 关于促进(试行)."""
    return _SQUEEZE.sub("", text).strip()


def normalize(text: str) -> str:
    """The matching form of a document or a query (simplified script, mainland vocabulary)."""
    if not text:
        return text
    return _vocabulary_converter().convert(_unvariant(_converter("t2s").convert(text))).lower()


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalize(text)` and, for each of its characters, the index in `text` it came from.

    The list has one more entry than the normalised text: `len(text)`, so that an end offset
    maps too. Used for highlighting, where faithful quotes need original offsets.
    """
    norm = normalize(text)
    return norm, offsets_of(text, norm)


def offsets_of(text: str, norm: str) -> list[int]:
    """For each character of `norm` (which is `normalize(text)`), the index in `text` it came
    from, and `len(text)`: the offsets of `normalize_with_offsets`, for a caller that has
    normalised the text already (a snippet aligns only the pieces where a word matched)."""
    base = to_simplified(_fold_in_place(text))  # same length as text
    if len(norm) == len(base):
        return list(range(len(text) + 1))
    offsets: list[int] = []
    matcher = difflib.SequenceMatcher(None, base, norm, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            offsets.extend(range(i1, i2))
        elif i2 == i1:  # inserted (哈萨克 -> 哈萨克斯坦): part of the character before
            offsets.extend([max(i1 - 1, 0)] * (j2 - j1))
        elif j2 > j1:  # a replaced phrase: spread its characters over the original phrase
            span = i2 - i1
            offsets.extend(i1 + min((k * span) // (j2 - j1), span - 1) for k in range(j2 - j1))
    offsets.append(len(text))
    return offsets


def original_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a [start, end) range of normalised text back to the original text."""
    o_start = offsets[start]
    return o_start, max(offsets[end], o_start + 1) if end > start else o_start


_SAMPLE = 6_000  # characters: enough to tell a script, cheap on a 100,000-character law


def detect_script(text: str, simplified: str | None = None) -> Script:
    """Simplified, traditional or mixed, from the characters that differ between scripts.

    `simplified` is `to_simplified(text)` when the caller has it already.
    """
    sample = text[:_SAMPLE]
    trad = _differences(sample, (simplified or to_simplified(sample))[:_SAMPLE])
    if trad == 0:  # nothing traditional: simplified whatever s2t would say (and s2t is slow)
        return Script.SIMPLIFIED
    # Simplified-only characters need s2t, which is slow: a shorter sample tells mixed texts.
    short = sample[: _SAMPLE // 3]
    traditional = _converter("s2t").convert(short)
    simp = 3 * _differences(short, traditional) if len(traditional) == len(short) else 0
    total = trad + simp
    if total == 0 or trad <= 0.05 * total:
        return Script.SIMPLIFIED
    if simp <= 0.05 * total:
        return Script.TRADITIONAL
    return Script.MIXED


def _differences(a: str, b: str) -> int:
    """Characters that differ between two strings of the same length (equal runs skipped fast)."""
    count, step = 0, 256
    for i in range(0, len(a), step):
        x, y = a[i : i + step], b[i : i + step]
        if x != y:
            count += sum(1 for c, d in zip(x, y, strict=True) if c != d)
    return count


_NOISE = re.compile(r"[\s《》〈〉“”\"'‘’「」『』()（）\[\]［］【】〔〕{}<>、，,.。:：;；!！?？·•—\-_/]+")
_NUMBER_BRACKETS = str.maketrans({c: "〔" for c in "[［(（【"} | {c: "〕" for c in "]］)）】"})


def match_key(text: str) -> str:
    """The form two names or titles are compared in: normalised, no spaces or punctuation."""
    return _NOISE.sub("", normalize(text))


# A document number (发文字号), on simplified text: 京科发〔2022〕19号, 国办发[2018]128号 (any
# bracket), and Taiwan's 府授资综字第1130000000号, 台教高(二)字第1120000000号, 院台法字第…号.
DOC_NUMBER_MAINLAND = (
    r"[\u4e00-\u9fff]{1,12}[ \t]*[〔\[［（(【][ \t]*(?:19|20)\d{2}[ \t]*[〕\]］）)】]"
    r"[ \t]*第?[ \t]*\d{1,5}[ \t]*号"
)
DOC_NUMBER_TAIWAN = (
    r"[\u4e00-\u9fff]{1,10}(?:[（(][一二三四五六七八九十\d]{1,3}[）)][\u4e00-\u9fff]{0,3})?"
    r"字第[ \t]*\d{4,12}[ \t]*号"
)  # searched only where 字第 occurs: the leading run of characters makes it slow elsewhere
DOC_NUMBER = f"{DOC_NUMBER_MAINLAND}|{DOC_NUMBER_TAIWAN}"


def number_key(text: str) -> str:
    """A document number with one bracket style: 京科发[2022]19号 -> 京科发〔2022〕19号."""
    return re.sub(r"\s+", "", normalize(text)).translate(_NUMBER_BRACKETS)
