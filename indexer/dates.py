"""Dates as documents write them, read as ISO dates.

`2022年12月30日`, `2022-12-30`, `2022.12.30`, `2022/12/30`; in Chinese numerals as signatures
of older State Council documents print them (`二〇〇五年六月十一日`); and in the Republic of
China calendar of Taiwan documents (`中華民國113年1月5日`, `民國113年1月5日`: year + 1911).
Patterns run on the simplified view (OpenCC t2s), so 華/国 are 华/国 here.
"""

from __future__ import annotations

import re

from kb.labels import cn_number

_CN = "〇零一二三四五六七八九"
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})[ \t]*(?:年[ \t]*(?P<m>\d{1,2})[ \t]*月[ \t]*(?P<d>\d{1,2})[ \t]*日"
    r"|[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2})(?!\d))"
    rf"|(?P<cy>[{_CN}]{{4}})[ \t]*年[ \t]*(?P<cm>[一二三四五六七八九十]{{1,2}})[ \t]*月"
    r"[ \t]*(?P<cd>[一二三四五六七八九十]{1,3})[ \t]*日"
    r"|(?:中华)?民国[ \t]*(?P<ry>\d{2,3})[ \t]*年[ \t]*(?P<rm>\d{1,2})[ \t]*月[ \t]*(?P<rd>\d{1,2})[ \t]*日"
)


def iso_date(text: str) -> str | None:
    """The first date in `text` as YYYY-MM-DD, or None."""
    m = DATE.search(text or "")
    return _iso(m) if m else None


def _iso(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g["y"]:
        year, month, day = int(g["y"]), int(g["m"] or g["m2"]), int(g["d"] or g["d2"])
    elif g["cy"]:
        year = int("".join(str(_CN_DIGIT[c]) for c in g["cy"]))
        month, day = cn_number(g["cm"]), cn_number(g["cd"])
    else:
        year, month, day = int(g["ry"]) + 1911, int(g["rm"]), int(g["rd"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year}-{month:02d}-{day:02d}"
