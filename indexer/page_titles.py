"""Page titles: a title without the site, issuer or column a portal adds around it.

`…的通知_南京市人民政府`, `…_政策文件_某市人民政府`, `…|中国政府网`, `…_市政府办公厅文件`,
`香港特別行政區政府 - 推進甲工作計劃`; a page title naming only its site (`香港特別行政區政府`,
`新聞公報 | 香港特別行政區政府`) is no title at all (`is_banner`).
"""

from __future__ import annotations

import re

from kb import places
from kb.normalize import to_simplified

# A page's <title> ends with its site, perhaps after a column: `…的通知_南京市人民政府`,
# `…-上海市人民政府`, `…_政策文件_某市人民政府`, `…|中国政府网`. A dash between digits
# (2022-2025年) separates nothing; a `——` leads a subtitle unless a site follows it.
_TITLE_SEPARATOR = re.compile(r"[ \t]*(?:_|\||｜|—{1,2}|－|–|(?<!\d)-(?!\d))[ \t]*")
_SITE = re.compile(r"(?:网|网站|门户|频道|首页)$")
# An issuer's column: `市政府办公厅文件`, `某某区人民政府信息公开` (the issuer, then 文件 …).
_ISSUER_COLUMN = re.compile(
    r"^(?P<org>.{2,30}?)(?:文件|公报|新闻公报|新闻稿|发文|信息公开|政务公开|政策文件)$"
)
_COLUMN = re.compile(
    r"^(?:政策文件|政府文件|文件|政策|通知公告|通知|公告|政务公开|信息公开|政府信息公开|政策法规|"
    r"法规文件|规范性文件|政策解读|要闻|动态|新闻|新闻公报|新闻稿|首页)$"
)


def without_site(title: str) -> str:
    """A page title without the site (and column) names after its separators, or before them
    (`香港特別行政區政府 - 推進甲工作計劃`)."""
    cuts = list(_TITLE_SEPARATOR.finditer(title))
    end = len(title)
    for cut in reversed(cuts):
        if cut.start() < 4 or not _is_site(title[cut.end() : end]):
            break
        end = cut.start()
    start = 0
    for cut in cuts:
        if cut.end() >= end or not _is_site(title[start : cut.start()]):
            break
        start = cut.end()
    return title[start:end].strip()


def _is_site(piece: str) -> bool:
    """A site, its issuer, or a column of it: `南京市人民政府`, `中国政府网`, `政策文件`, `市政府
    办公厅文件`, `香港特别行政区政府新闻公报`."""
    piece = to_simplified(piece).strip()
    if places.is_org_name(piece) or _SITE.search(piece) or _COLUMN.match(piece):
        return True
    column = _ISSUER_COLUMN.match(piece)
    return column is not None and places.is_org_name(column.group("org"))


def is_banner(title: str) -> bool:
    """A page title that names only its site, issuer or column (`香港特別行政區政府`): no title."""
    return _is_site(without_site(title))
