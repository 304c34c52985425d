"""Structure: the numbered heading hierarchy of a body as a tree of sections.

Levels, outermost first (DOMAIN.md section 2, GB/T 9704 and practice):
第X编 0, 第X章 1, 第X节 2, 第X条 and 一、 3, （一） 4, 1. / 1． / 1﹒ / 1、 / 措施1： 5, （1） 6, ① 7.
A label is a heading only where a heading can start (a line start, or after a sentence in a
page without line breaks) and where it continues the numbering of its level: the next
number, a restart at 1, or the next number of a numbering that runs through the document.
That keeps dates and decimals (2022.12, 3.5亿元) and references (第（三）项) out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from indexer.clean import Views
from indexer.lines import line_end as line_end_of
from indexer.lines import line_start as line_start_of
from kb.labels import CIRCLED, CN_DIGITS, canonical_label, cn_number
from kb.model import Part, PartKind, Section, Span
from kb.normalize import squeeze

_N = f"[{CN_DIGITS}]+|\\d+"
# A heading may start with a year (`一、2023年工作回顾`, `1.2024年重点任务`); a decimal (3.5亿元,
# 2022.12) may not: after `N.` a digit starts a heading only as a year.
_YEAR = r"(?:19|20)\d{2}年"
# Taiwan's papers number their parts 壹、貳、參 (simplified 壹、贰、参) above 一、.
_BIG = "壹贰参叁肆伍陆柒捌玖拾"
_BIG_VALUE = {ch: i + 1 for i, ch in enumerate("壹贰参肆伍陆柒捌玖拾")} | {"叁": 3}
LEVEL_BIG = 2
_LABEL = re.compile(
    rf"""(?:^|(?<=[。；：！？…\s]))[ \t\u3000]*(?:
        第[ \t]*(?P<chap>{_N})[ \t]*(?P<kind>[编章节])(?=[ \t\u3000]|$)
      | 第[ \t]*(?:第[ \t]*)?(?P<art>{_N})[ \t]*条(?:[ \t]*条)?(?=\s|$|[^，。、的款项])
      | (?P<big>拾?[{_BIG}])、
      | (?P<cn>[一二三四五六七八九十]{{1,3}})(?:、|[．.](?={_YEAR}|(?![\d．.])))
      | （[ \t]*(?P<pcn>[一二三四五六七八九十]{{1,3}})[ \t]*）
      | (?P<dec>\d{{1,2}})[.．](?P<sub>\d{{1,2}})(?=[ \t\u3000]+[^\s\d])
      | (?P<ar>\d{{1,3}})(?:[.．﹒](?={_YEAR}|(?![\d.．﹒%]))|、)
      | 措施[ \t]*(?P<meas>\d{{1,3}})(?:[ \t]*[：:．.、]|(?=[ \t\u3000]))
      | （(?P<par>\d{{1,3}})）
      | (?P<circ>[{CIRCLED}])
    )""",
    re.MULTILINE | re.VERBOSE,
)
_KIND_LEVEL = {"编": 0, "章": 1, "节": 2}
# A part, chapter or section heading and its short title, with the blanks after them.
_PART_HEAD = re.compile(rf"\s*第[ \t]*(?:{_N})[ \t]*[编章节]\s*[^\s。，；：]{{1,30}}\s+")
LEVEL_ARTICLE = 3
# Long lines are pages without line breaks: headings there run on after a space.
_RUN_ON = 300
_TITLE_MAX = 100
# `附件`, `附件1`, `附件：…`, `附件2.…` at a line start (not `附件所列…` in a sentence).
_ATTACHMENT = re.compile(
    r"^[ \t\u3000]*附件[ \t]*(?:\d+|[一二三四五六七八九十]+)?[ \t]*(?:[：．.、]|$)", re.MULTILINE
)
# A date line, or a short line naming an issuer, under the text (never a table's row: a last
# row ending with its unit, `2\t做乙\t区丙局`, is no signature).
_SIGNATURE_LINE = re.compile(
    r"^(?:\d{4}[年.\-/]\d{1,2}[月.\-/]\d{1,2}日?|[^。，；：\n\t]{2,40}(?:委员会|政府|办公厅|办公室|局|厅|委|部|院|署|会|处|中心|银行))$"
)
_CLOSING = re.compile(
    r"^[ \t\u3000]*(?:本(?:实施)?(?:方案|办法|意见|措施|规定|细则|通知|计划|条例|规则|决定|政策)"
    r"[^\n。]{0,30}(?:施行|实施|执行|负责解释)|（此件[^\n）]{0,10}）)",
    re.MULTILINE,
)


@dataclass(slots=True)
class _Candidate:
    level: int
    number: int
    label: str
    start: int  # where the label starts (after leading blanks)
    end: int  # where the label ends
    major: int | None = None  # 3 of a decimal paragraph number 3.1


def _candidate(m: re.Match[str]) -> _Candidate | None:
    g = m.groupdict()
    start = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t\u3000"))
    if g["big"]:
        big = g["big"]
        number = _BIG_VALUE[big] if len(big) == 1 else 10 + _BIG_VALUE[big[1]]
        return _Candidate(LEVEL_BIG, number, big, start, m.end())  # labelled as printed: 贰
    if g["chap"]:
        level, number, kind = _KIND_LEVEL[g["kind"]], cn_number(g["chap"]), g["kind"]
    elif g["art"]:
        level, number, kind = LEVEL_ARTICLE, cn_number(g["art"]), "条"
    elif g["cn"]:
        level, number, kind = 3, cn_number(g["cn"]), ""
    elif g["pcn"]:
        level, number, kind = 4, cn_number(g["pcn"]), ""
    elif g["dec"]:
        major, number = int(g["dec"]), int(g["sub"])
        return _Candidate(5, number, f"{major}.{number}", start, m.end(), major) if major and number else None
    elif g["ar"] or g["meas"]:  # 措施1： of a Hong Kong policy address numbers as 1. does
        level, number, kind = 5, int(g["ar"] or g["meas"]), ""
    elif g["par"]:
        level, number, kind = 6, int(g["par"]), ""
    else:
        level, number, kind = 7, CIRCLED.index(g["circ"]) + 1, ""
    if number <= 0:
        return None
    return _Candidate(level, number, canonical_label(level, number, kind), start, m.end())


def sections(views: Views, parts: tuple[Part, ...]) -> tuple[Section, ...]:
    """The section tree of the body parts of a text, in document order."""
    out: list[Section] = []
    for index, part in enumerate(parts):
        if part.kind is PartKind.BODY:
            out.extend(_part_sections(views, part, index, len(out)))
    return tuple(out)


def _part_sections(views: Views, part: Part, part_index: int, offset: int) -> list[Section]:
    view = views.view
    starts = fresh_starts(views, part.span)
    accepted = _accepted(view, part.span, starts)
    end_of_text = _end_of_text(view, part.span, accepted)
    result: list[Section] = []
    stack: list[tuple[int, int]] = []  # (level, index into result)
    # An attachment (附件2) ends every section before it, and its headings start afresh.
    attachments = [start for start, _ in starts]
    for i, cand in enumerate(accepted):
        while stack and stack[-1][0] >= cand.level:
            stack.pop()
        at = bisect_right(attachments, cand.start)
        if stack and at and attachments[at - 1] > result[stack[-1][1]].span.start:
            stack.clear()
        parent = stack[-1][1] + offset if stack else None
        end = attachments[at] if at < len(attachments) else end_of_text
        for later in accepted[i + 1 :]:
            if later.level <= cand.level:
                end = min(end, later.start)
                break
        end = _trim(view, cand.start, min(end, end_of_text))
        next_start = accepted[i + 1].start if i + 1 < len(accepted) else end
        title, heading_end = _title(views, cand, max(cand.end, min(next_start, end)))
        result.append(
            Section(
                index=len(result) + offset,
                parent=parent,
                level=cand.level,
                label=cand.label,
                number=cand.number,
                title=title,
                span=Span(cand.start, end),
                heading=Span(cand.start, heading_end),
                part=part_index,
            )
        )
        stack.append((cand.level, len(result) - 1))
    return result


def _accepted(view: str, span: Span, starts: list[tuple[int, int]]) -> list[_Candidate]:
    """Candidates that continue the numbering of their level."""
    accepted: list[_Candidate] = []
    in_parent: dict[int, int] = {}  # level -> last number under the current parent
    anywhere: dict[int, int] = {}  # level -> last number in the part
    attachments = list(starts)
    listing = -1  # where a list of attachment names (附件：1.… 2.…) may go on
    decimal: tuple[int, int] | None = None  # the last decimal paragraph number (3, 1)
    chapter: int | None = None  # the number of the last 三、 or 第三章
    contents = _contents(view, span)
    for m in _LABEL.finditer(view, span.start, span.end):
        cand = _candidate(m)
        if cand is None or contents and contents[0] <= cand.start < contents[1]:
            continue
        while attachments and attachments[0][0] < cand.start:  # an attachment starts afresh
            a_start, a_end = attachments.pop(0)
            listing = a_end if "：" in view[a_start:a_end] else -1  # 附件： lists the names
            in_parent.clear()
            anywhere.clear()
            decimal = chapter = None
        if listing != -1:
            listing = _listed(view, listing, cand)
            if listing != -1:
                continue
        if cand.major is not None:
            if not _decimal_continues(view, cand, chapter, decimal):
                continue
            decimal = (cand.major, cand.number)
        elif not _continues(view, cand, in_parent, anywhere):
            continue
        accepted.append(cand)
        if cand.level in (1, 3) and cand.major is None:
            chapter = cand.number
        in_parent[cand.level] = anywhere[cand.level] = cand.number
        for deeper in [lvl for lvl in in_parent if lvl > cand.level]:
            del in_parent[deeper]
    return accepted


_CONTENTS = re.compile(r"^[ \t\u3000]*目[ \t\u3000]*录[ \t\u3000]*$", re.MULTILINE)


def _contents(view: str, span: Span) -> tuple[int, int] | None:
    """A table of contents (`目录` on a line of its own, then the headings it lists, up to the
    line that repeats its first entry): its entries are no headings of the text."""
    m = _CONTENTS.search(view, span.start, span.end)
    if m is None:
        return None
    lines = (line.strip(" \t\u3000") for line in view[m.end() : min(span.end, m.end() + 200)].split("\n"))
    first = next((line for line in lines if line), "")
    if not first:
        return None
    found = re.compile(rf"^[ \t\u3000]*{re.escape(first)}[ \t\u3000]*$", re.MULTILINE).search(
        view, m.end() + len(first) + 1, span.end
    )
    return (m.end(), found.start()) if found else None


def fresh_starts(views: Views, span: Span) -> list[tuple[int, int]]:
    """Where numbering starts afresh in a part: each attachment line (附件2), each decision
    or amendment a law compilation appends after an attachment (a title, then its adoption
    note `（1998年11月4日通过）`), and each Markdown heading that is not numbered itself
    (`#### 承诺事项为何？`, `## 术语定义`): (start, end of the line that opens it)."""
    view = views.view
    attached = [(m.start(), m.end()) for m in _ATTACHMENT.finditer(view, span.start, span.end)]
    out = attached + [
        (m.start(), m.end()) for m in _MARKDOWN_HEADING.finditer(views.simplified, span.start, span.end)
    ]
    if attached:
        for m in _ADOPTED.finditer(view, attached[0][1], span.end):
            title = _appended_title(view, m.start(), attached[0][1])
            if title is not None:
                out.append((title, m.end()))
    return sorted(out)


# A Markdown heading below the title (`##` … `######`) whose text carries no label of its own.
_MARKDOWN_HEADING = re.compile(
    r"^[ \t]*#{2,6}[ \t]+(?![ \t]*(?:第[ \t]*[一二三四五六七八九十百零\d]+[ \t]*(?:分编|部分|[编章节条])|"
    r"[一二三四五六七八九十]+[、．.]|（[一二三四五六七八九十\d]+）|[(（]?\d))[^\n]*$",
    re.MULTILINE,
)
# `（2010年8月28日第十一届全国人民代表大会常务委员会第十六次会议批准）` alone on its line.
_ADOPTED = re.compile(
    r"^[ \t\u3000]*（[^）\n]{0,80}?(?:通过|批准|备案|公布|修正|修订)[^）\n]{0,20}）[ \t\u3000]*$",
    re.MULTILINE,
)
_LAW_TITLE_END = re.compile(r"(?:决定|决议|修正案|办法|规定|条例|法|解释|规则|细则)[ \t\u3000]*$")
_LABEL_START = re.compile(
    r"^[ \t\u3000]*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\d+[.．、]|第)"
)


def _appended_title(view: str, note: int, floor: int) -> int | None:
    """Where the title above an adoption note starts (up to three lines, blank lines between),
    or None when the line above is not a law's title."""
    end, start, lines_taken = note, None, 0
    while lines_taken < 3 and end > floor:
        line_end = end - 1
        while line_end > floor and view[line_end - 1] in " \t\u3000\n":
            line_end -= 1  # blank lines between the title's lines
        line_start = line_start_of(view, line_end, floor)
        line = view[line_start:line_end]
        if not line.strip() or len(line) > 60 or "。" in line or "；" in line or _LABEL_START.match(line):
            break
        if start is None and not _LAW_TITLE_END.search(line):
            return None
        start, end, lines_taken = line_start, line_start, lines_taken + 1
    return start


def _listed(view: str, pos: int, cand: _Candidate) -> int:
    """Where the list of attachment names goes on, if `cand` is one of them (-1 if not).

    `附件：1.重点任务分工表` and the numbered names under it (short, no sentence in them) name
    the attachments: they are not headings of the text. The attachments themselves start with
    `附件` or `附件1` without a colon (GB/T 9704).
    """
    end = line_end_of(view, cand.start)
    between = view[pos : cand.start].strip()  # the rest of a name wrapped onto the next line
    if (
        cand.level != 5
        or len(between) > 60
        or "。" in between + view[cand.end : end]
        or end - cand.start > 80
    ):
        return -1
    return end


def _continues(view: str, cand: _Candidate, in_parent: dict[int, int], anywhere: dict[int, int]) -> bool:
    """Whether a candidate is the next heading of its level where it stands."""
    n, level = cand.number, cand.level
    fresh = level not in in_parent  # first of its level under the current parent
    line_start = line_start_of(view, cand.start)
    if not view[line_start : cand.start].strip():
        return n == in_parent.get(level, 0) + 1 or fresh and n == anywhere.get(level, 0) + 1
    # Inside a line: in a page without line breaks after a blank, or a list after a sentence.
    prev = view[cand.start - 1]
    long_line = line_end_of(view, cand.start) - line_start > _RUN_ON
    if prev in " \t\u3000" and long_line:
        return n == in_parent.get(level, 0) + 1 or fresh and n == anywhere.get(level, 0) + 1
    if prev.isspace() and cand.label.endswith("条") and _PART_HEAD.fullmatch(view[line_start : cand.start]):
        # `第一章　总则　　第一条　为了…`: the chapter's first article runs on after its title.
        return n == in_parent.get(level, 0) + 1 or fresh and n == anywhere.get(level, 0) + 1
    if prev in "。；：！？…" and level >= 4:
        deepest = max(in_parent) if in_parent else -1
        return n == in_parent.get(level, 0) + 1 and (not fresh or level > deepest)
    return False


def _decimal_continues(
    view: str, cand: _Candidate, chapter: int | None, last: tuple[int, int] | None
) -> bool:
    """Whether a decimal paragraph number (`3.1 …`, Hong Kong and Taiwan papers) at a line start
    (or after a blank on a page without line breaks) is the next one: its first number is its
    chapter's (三、 or 第三章), if it stands in one, and its second the next after the last
    decimal number of that chapter (1 for the first)."""
    line_start = line_start_of(view, cand.start)
    if view[line_start : cand.start].strip() and not (
        view[cand.start - 1] in " \t\u3000" and line_end_of(view, cand.start) - line_start > _RUN_ON
    ):
        return False  # neither at a line start nor after a blank on a page without line breaks
    if chapter is not None and cand.major != chapter:
        return False
    if last is not None and last[0] == cand.major:
        return cand.number == last[1] + 1
    return cand.number == 1 and (chapter is not None or last is None or cand.major == last[0] + 1)


def _title(views: Views, cand: _Candidate, limit: int) -> tuple[str, int]:
    """The heading text after a label, and where the heading ends."""
    view = views.view
    line_start = line_start_of(view, cand.start)
    line_end = line_end_of(view, cand.end)
    run_on = line_end - line_start > _RUN_ON
    start = cand.end
    if line_end < limit and view.startswith("\n", line_end) and not view[cand.end : line_end].strip():
        # A label alone on its line (第 1 條): the heading is the first sentence below it.
        start = line_end + 1
        line_end = line_end_of(view, start)
    stop = min(line_end, limit)
    text = view[start:stop]
    pattern = r"[。；]|(?<=\S)[ \t\u3000]" if run_on else r"[。；]"
    cut = next(
        (m.start() for m in re.finditer(pattern, text) if not _in_brackets(text, m.start())), len(text)
    )
    title = squeeze(views.simplified[start : start + cut]).strip("：:，,、 ")
    if len(title) > _TITLE_MAX:
        title = title[: _TITLE_MAX - 1] + "…"
    return title, start + cut


def _in_brackets(text: str, pos: int) -> bool:
    """Whether `pos` stands inside a bracket that closes after it: the `；` of a marker the title
    runs into (`做甲（负责实体：甲局；协作实体：乙局）`) does not end the title."""
    before = text[:pos]
    return before.count("（") > before.count("）") and text.count("）", pos) > text.count("（", pos)


def _end_of_text(view: str, span: Span, accepted: list[_Candidate]) -> int:
    """End of the policy text of a part: before closing lines, signature and date."""
    floor = accepted[-1].end if accepted else span.start
    m = _CLOSING.search(view, floor, span.end)
    end = _trim(view, span.start, m.start() if m else span.end)
    # Trailing signature lines and the date under them are not part of the last item.
    while end > floor:
        line_start = view.rfind("\n", floor, end) + 1
        line = view[max(line_start, floor) : end].strip()
        if line_start <= floor or not _SIGNATURE_LINE.match(line):
            break
        end = _trim(view, floor, line_start)
    return end


def _trim(view: str, start: int, end: int) -> int:
    while end > start and view[end - 1].isspace():
        end -= 1
    return end
