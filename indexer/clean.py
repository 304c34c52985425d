"""Cleaning: the parse view of a document and the portal residue to leave out of it.

The *view* is the original text with characters simplified (OpenCC t2s, length-preserving)
and ASCII punctuation widened, so one set of patterns reads both scripts and both
punctuation styles, and every offset in the view is an offset in the original. Residue
(share buttons, breadcrumbs, 责任编辑, upload notices, database citation headers, Markdown
markup ...) is found as spans and blanked in the view; the original is never changed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from indexer.roles import LABEL_WORDS
from kb.model import Span
from kb.normalize import squeeze, to_simplified, widen

# A whole line that is page furniture, not policy text. A "line" of more than a few hundred
# characters is not furniture: on a page without line breaks it is the whole document.
# Linear time: runs of blanks are taken whole (possessive `*+`, `++`) and a breadcrumb's items
# cannot hold its separator, so a line is read in one way, not in every way of splitting it
# (exponential in the number of ` > ` on a line ending in 。; minutes on 16,000 spaces).
_LINE_RESIDUE = re.compile(
    r"""^[ \t\u3000]*+(?:
        (?:当前位置|您的位置|您现在的位置|所在位置)[：\s][^\n。]{0,200}
      | [^\n。>＞»]{0,40}?(?:[ \t]++[>＞»][ \t]*+[^\n。>＞»]{1,30}){2,}    # breadcrumb a > b > c
      | 【?字号[：\s][^\n]{0,40}                                           # 【字号：大 中 小】
      | (?:分享到?|打印本页|关闭窗口|返回顶部|扫一扫)(?:[：][^\n。]{0,30})?
      | (?:下载[ \t]*)?打印[ \t]*(?:全屏[ \t]*)?(?:收藏[ \t]*)?(?:【[^】\n]*】)?
      | 相关(?:政策|链接|文件|新闻|阅读|推荐)[ \t]*
      | 新闻与政策解读[ \t]*
      | 您访问的(?:链接|连结)即将离开[^\n]{0,200}
      | (?:责任编辑|编辑|审核|校对)[：][^\n]{0,20}
      | 本(?:消息|信息|文章)为[^\n]{0,30}(?:上传|发布)[^\n]{0,200}
      | 如需删除[^\n]{0,200}
      | 【法宝引证码】[^\n]{0,200}
      | 原文链接[：][^\n]{0,200}
      | (?:发表于|发布时间|来源|浏览次数|点击数|阅读量)[：][^\n。]{0,40}?(?:[ \t]+关注)?
      | [—－\-][ \t]*\d{1,3}[ \t]*[—－\-]                                   # page number — 3 —
      | (?:主办单位|承办单位|技术支持|网站标识码|网站管理|版权所有|联系电话|咨询热线)[：][^\n]{0,100}
      | [^\n]{0,60}(?:ICP备|公网安备|网站标识码)[^\n]{0,60}
      | <!--[^\n]*?-->
      | >?[ \t]*本文(?:正文)?(?:由|系)[^\n。]{0,80}?(?:提取|整理|转载|采集|转换|生成)[^\n]{0,300}
      | >?[ \t]*依《中华人民共和国著作权法》第五条[^\n]{0,100}不适用著作权法。?   # an export's notes
    )[ \t\u3000]*$""",
    re.MULTILINE | re.VERBOSE,
)

# Residue that runs on at the end of a line (one-line pages): 责任编辑：田琳, 本消息为...
_INLINE_RESIDUE = re.compile(
    r"(?<![ \t\u3000])[ \t\u3000]++"  # where the blanks start: once per run, not once per blank
    r"(?:责任编辑[：][^\n]{0,20}|本(?:消息|信息)为[^\n]*?上传并发布[^\n]*)[ \t]*$",
    re.MULTILINE,
)
# Markdown markup: heading marks, comments, rules, the `> ` of a quoted line, and bold marks.
_MARKDOWN = re.compile(
    r"^[ \t]*(?:#{1,6}|>)[ \t]+|<!--.*?-->|^[ \t]*(?:\*\*\*|---)[ \t]*$"
    r"|(?<!\*)\*\*(?!\*)",  # bold: `**责任单位：**市甲局`
    re.MULTILINE,
)
# A row of a Markdown table: `| 1 | 推进甲项 | 市甲局 |` (two cells at least); the rule under
# its header: `| --- | :---: |`.
_PIPE_ROW = re.compile(r"^[ \t]*\|(?:[^|\n]*\|){2,}[ \t]*$", re.MULTILINE)
_PIPE_RULE = re.compile(r"[ \t]*[:：]?-{3,}[:：]?[ \t]*")  # `:` widened to `：`


@dataclass(frozen=True, slots=True)
class Views:
    """Three readings of one text, all the same length, so offsets are shared."""

    original: str
    simplified: str  # characters simplified (OpenCC t2s): titles and names come from here
    view: str  # simplified, punctuation widened, residue blanked: patterns run on this
    residue: tuple[Span, ...]


def prepare(text: str) -> Views:
    """The views of an original text, with its residue found and blanked."""
    simplified = to_simplified(text)
    widened = _bracket_labels(_pipe_rows(_line_breaks(widen(simplified))))
    spans = residue(widened)
    return Views(text, simplified, blank(widened, spans), spans)


def plain(views: Views, span: Span, original: bool = False) -> str:
    """The text of `span` on one line, residue (`# ` of a Markdown heading …) left out;
    simplified, or as written with `original`."""
    text = views.original if original else views.simplified
    out, pos = [], span.start
    for r in views.residue[max(0, bisect_right([r.end for r in views.residue], span.start) - 1) :]:
        if r.start >= span.end:
            break
        if r.end > pos:
            out.append(text[pos : max(pos, r.start)])
            pos = max(pos, r.end)
    out.append(text[pos : span.end] if pos < span.end else "")
    return squeeze("".join(out))


def _line_breaks(text: str) -> str:
    """CRLF as a blank and a line break, a lone CR as a line break (same length): patterns
    that read lines see `\n` only, whatever the file's line endings (CRLF/LF mixes)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", " \n").replace("\r", "\n")


def _pipe_rows(text: str) -> str:
    """Rows of a Markdown table as tab-separated rows (same length): the outer `|` blanked, the
    inner ones tabs, so `indexer.tables` reads them as it reads a pasted table; the rule under
    the header a row of empty cells (which a table skips)."""
    if "|" not in text:
        return text

    def row(m: re.Match[str]) -> str:
        line = m.group(0)
        first, last = line.index("|"), line.rindex("|")
        cells = line[first + 1 : last].split("|")
        if all(_PIPE_RULE.fullmatch(c) for c in cells):  # the rule: a row of empty cells
            cells = [" " * len(c) for c in cells]
        return line[:first] + " " + "\t".join(cells) + " " + line[last + 1 :]

    return _PIPE_ROW.sub(row, text)


# A label in 【】 with no colon (`【牵头单位】市甲局【配合单位】市乙局`), read as `牵头单位：` (same length).
_BRACKET_LABEL = re.compile(rf"【({LABEL_WORDS})】")


def _bracket_labels(text: str) -> str:
    if "【" not in text:
        return text
    return _BRACKET_LABEL.sub(lambda m: f" {m.group(1)}：", text)


def residue(text_view: str) -> tuple[Span, ...]:
    """Spans of portal residue in a view, sorted and not overlapping."""
    spans = [Span(m.start(), m.end()) for m in _LINE_RESIDUE.finditer(text_view) if m.end() > m.start()]
    spans += [Span(m.start(), m.end()) for m in _INLINE_RESIDUE.finditer(text_view)]
    spans += [Span(m.start(), m.end()) for m in _MARKDOWN.finditer(text_view) if m.end() > m.start()]
    return _merge(spans)


def blank(text_view: str, spans: tuple[Span, ...]) -> str:
    """The view with `spans` replaced by spaces (line breaks kept), same length."""
    if not spans:
        return text_view
    out, pos = [], 0
    for s in spans:
        out.append(text_view[pos : s.start])
        out.append(re.sub(r"[^\n]", " ", text_view[s.start : s.end]))
        pos = s.end
    out.append(text_view[pos:])
    return "".join(out)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        if merged and s.start <= merged[-1].end:
            if s.end > merged[-1].end:
                merged[-1] = Span(merged[-1].start, s.end)
        else:
            merged.append(s)
    return tuple(merged)
