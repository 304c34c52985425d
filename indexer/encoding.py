"""Text encodings: UTF-8 (with or without BOM), GB18030/GBK, Big5 and UTF-16, detected, not assumed.

Order: byte-order mark; UTF-16 without BOM when NUL bytes say so; strict UTF-8 (the common
path, no per-character Python loops); then strict GB18030 and Big5, and when both decode the
reading with more common Chinese characters wins; then UTF-8 with a few bad bytes replaced
(encoding `REPLACED`, which indexing reports). Binary data is refused, not decoded.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)  # UTF-32 LE starts like UTF-16 LE: test it first
_BIG5 = ("big5", "cp950", "big5hkscs")  # plain Big5 first; its extensions only when needed
_NOT_TEXT = "not UTF-8, GB18030, Big5 or UTF-16 text (binary data?)"
REPLACED = "utf-8 (invalid bytes replaced)"  # the encoding of a text read by `_mostly_utf8`
_SAMPLE = 65_536
_CHUNK = 1 << 20
# Control characters text files do not contain (tab, newlines and form feed are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# The 100 most frequent Han characters of each bulk corpus (PRC policy documents, PRC laws,
# Taiwan statutes in traditional script): about half of all Han characters in each.
_COMMON = re.compile(
    "[的业和国建发全化新展大进实工一产人中设加力市动政民推生区高增会务作经地持行成强制保体等家"
    "年提主重有要以改个在能资城社合开项上理企不入创平济治基用长为定施现农目好是面点级深坚公质"
    "服我造量机省水代革法快育第条应十当规管者关部或门二三员本事其责对处位物单可府安及四五依由"
    "照护出构院方权监证下委内通并所他自时议之條關項機應得業規為務於前員國會日期經請分處時職月"
    "資任辦金權並發六華受總證內文設百未限款與計列七學正申告查令核後執]"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WIDE = re.compile(r"[^\x00-\u07ff]")  # three- and four-byte UTF-8
_NOT_CJK = re.compile(r"[^\x00-\x7f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# What GBK rows A4-A9 and the user-defined areas become when Big5 is read as GB18030, and
# what stray Big5 symbol rows become: kana, Greek, Cyrillic, bopomofo, box drawing, private
# use, Hangul, compatibility ideographs. Rare in Chinese policy text.
_ODD = re.compile(
    r"[\u0370-\u04ff\u2500-\u257f\u3040-\u312f\u3130-\u318f\uac00-\ud7af"
    r"\ue000-\uf8ff\uf900-\ufaff]"
)


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` and the name of its encoding.

    Order: byte-order mark, UTF-16 by its NUL bytes, strict UTF-8, then strict GB18030 and
    Big5 (a heuristic chooses when both fit), then charset-normalizer for UTF-16 without
    a byte-order mark.

    Raises:
        ValueError: the bytes are not text; the message is a short cause.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(_strict(data, name), name)
            except UnicodeDecodeError:
                name = name.removesuffix("-sig").upper()
                raise ValueError(f"invalid {name} text after its byte-order mark") from None
    if b"\x00" in data:  # never in UTF-8, GB18030 or Big5 text
        return _checked(*_utf16(data))
    try:
        utf8: str | None = _strict(data, "utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None and (utf8.isascii() or _WIDE.search(utf8)):
        return _checked(utf8, "utf-8")  # the common path: Chinese in UTF-8 is 3-byte
    fits = [(text, name) for text, name in _chinese_decodings(data) if not _binaryish(text)]
    best = max(fits, key=lambda fit: _plausibility(fit[0])) if fits else None  # ties: GB18030
    if utf8 is not None:  # two-byte UTF-8 only, as short GBK and Big5 texts can be by chance
        return best if best and _clearly_chinese(best[0]) else _checked(utf8, "utf-8")
    return best or _mostly_utf8(data) or _checked(*_utf16(data))


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 Chinese text with a few bad bytes (a stray byte, a last character cut off): read,
    the bad bytes replaced by U+FFFD, rather than the whole document refused."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(8, len(text) // 10_000) and _WIDE.search(text) and not _binaryish(text):
        return text, REPLACED
    return None


def _chinese_decodings(data: bytes) -> Iterator[tuple[str, str]]:
    for family in (("gb18030",), _BIG5):
        for name in family:
            try:
                yield _strict(data, name), name
                break
            except UnicodeDecodeError:
                continue


def _plausibility(text: str) -> int:
    """How much a decoding reads like Chinese: common characters up, misreading marks down.

    Reading GBK as Big5 gives rare Han characters; reading Big5 as GB18030 gives kana,
    Greek, box drawing and private-use characters. Either way the common ones go missing.
    """
    sample = text[:_SAMPLE]
    common = _COMMON.subn("", sample)[1]
    odd = _ODD.subn("", sample)[1]
    return 4 * common + _HAN.subn("", sample)[1] - 4 * odd


def _clearly_chinese(text: str) -> bool:
    """Only CJK beyond ASCII, and at least a quarter of the Han characters common ones."""
    han = _HAN.subn("", text)[1]
    return not _NOT_CJK.search(text) and 0 < han <= 4 * _COMMON.subn("", text)[1]


def _utf16(data: bytes) -> tuple[str, str]:
    """UTF-16 without a byte-order mark: plainly by its NUL bytes, else by charset-normalizer."""
    sample = data[:_SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # Plainly UTF-16: NULs (ASCII's high bytes) in at least 10% of the byte pairs, nearly
    # all on one side.
    plain = max(even, odd) * 10 >= len(sample) // 2 and min(even, odd) * 20 <= max(even, odd)
    if plain and len(data) % 2 == 0:
        name = "utf-16-le" if odd > even else "utf-16-be"  # ASCII "A" is b"A\0" in LE
    else:
        best = from_bytes(data, cp_isolation=["utf_16_le", "utf_16_be"]).best()
        if best is None:
            raise ValueError(_NOT_TEXT)
        name = best.encoding.replace("_", "-")
    try:
        return _strict(data, name), name
    except UnicodeDecodeError:
        raise ValueError(_NOT_TEXT) from None


def _strict(data: bytes, name: str) -> str:
    """`data.decode(name)`, in slices: a whole-text decode peaks at three times the text."""
    if len(data) <= _CHUNK:
        return data.decode(name)
    decoder = codecs.getincrementaldecoder(name)()
    view = memoryview(data)
    parts = [decoder.decode(view[i : i + _CHUNK]) for i in range(0, len(data), _CHUNK)]
    parts.append(decoder.decode(b"", final=True))  # a sequence cut off at the end fails here
    return "".join(parts)


def _checked(text: str, name: str) -> tuple[str, str]:
    if _binaryish(text):
        raise ValueError(_NOT_TEXT)
    return text, name


def _binaryish(text: str) -> bool:
    """NUL characters, or more than 1% control characters: binary data, not text."""
    if "\x00" in text:
        return True
    if _CONTROL.search(text) is None:
        return False
    sample = text[:_SAMPLE]
    return _CONTROL.subn("", sample)[1] > 1 + len(sample) // 100


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_GBK_FAMILY = {"gb2312", "gbk", "gb18030", "euc-cn", "cp936", "x-gbk", "csgb2312", "chinese"}


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode a page by its <meta> charset when that is valid, else by detection."""
    match = _CHARSET.search(data[:4096])
    if match is None or any(data.startswith(bom) for bom, _ in _BOMS):
        return decode(data)
    name = match.group(1).decode("ascii").lower()
    # As browsers do: GB2312 and GBK pages routinely use GBK characters; read them as GB18030.
    name = "gb18030" if name in _GBK_FAMILY else name
    try:
        if not codecs.lookup(name).name.startswith(("utf-16", "utf-32")):
            return _checked(data.decode(name), codecs.lookup(name).name)
    except (LookupError, UnicodeDecodeError, ValueError):
        pass
    return decode(data)
