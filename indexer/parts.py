"""Parts of a file: a portal's labelled header, a notice wrapping a plan, an interpretation
before the full text, and the body that holds the policy text (DOMAIN.md section 1).

Works on the parse view (see `indexer.clean`), so offsets are offsets in the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from indexer import lines
from indexer.clean import Views, plain
from kb.model import Part, PartKind, Span

# `  6. [发文字号] 京科发〔2022〕19号` / `【发布部门】国务院` : a labelled metadata line.
LABELLED = re.compile(
    r"^[ \t\u3000]*(?:\d{1,2}[.．][ \t]*)?[\[【［]([^\]】］\n]{2,10})[\]】］][ \t\u3000]*([^\n]*)$",
    re.MULTILINE,
)
_INTERPRETATION = re.compile(r"^[ \t\u3000]*(?:内容|政策|文件|图文|权威)?解读[ \t\u3000]*$", re.MULTILINE)
_FULL_TEXT = re.compile(r"^[ \t\u3000]*(?:全文|正文|原文|政策原文|文件全文)[ \t\u3000]*$", re.MULTILINE)
# What a notice says about the plan it issues: 印发《X》, 《X》已经…同意, 制定了《X》.
# Several documents at once: 印发《A》《B》, 《A》、《B》和《C》.
_TITLE_LIST = r"《[^《》\n]{4,80}》(?:[ \t]*(?:、|，|和|及|与|以及)?[ \t]*《[^《》\n]{4,80}》)*"
_TITLE_IN_LIST = re.compile(r"《([^《》\n]{4,80})》")
_ISSUES = re.compile(
    rf"(?:印发|颁布|发布|制定了?|现将)[ \t]*({_TITLE_LIST})|({_TITLE_LIST})[ \t]*(?:已经|业经|经)"
)
_ATTACHMENT = re.compile(r"^[ \t\u3000]*附件[ \t]*\d*[ \t]*[：]?[ \t\u3000]*$", re.MULTILINE)
# 关于印发《X》的通知, X印发《Y》的通知, 关于转发…的通知, 关于印发…的函; perhaps wrapped
# over two lines, perhaps spaced out (`国 家 粮 食 应 急 预 案 的 函`).
_NOTICE_TITLE = re.compile(
    r"(?<!《)(?:关于)?(?:印发|转发|颁发|下发|发布)(?:[^\n。，；]{0,120}?\n(?:[ \t\u3000]*\n)?){0,2}?"
    r"[^\n。，；]{0,120}?的[ \t\u3000]*(?:通知|函)(?![^\n]*[。，；])"
)


@dataclass(frozen=True, slots=True)
class Layout:
    """The parts of a file, and what the notice says the body is called."""

    parts: tuple[Part, ...]
    plan_title: str | None  # the title a wrapping notice gives the body


def layout(views: Views) -> Layout:
    """Split a text into its parts."""
    view = views.view
    header_end = front_matter_end(views.simplified) or _header_end(view)
    parts: list[Part] = []
    if header_end:
        parts.append(Part(PartKind.HEADER, "", Span(0, header_end)))
    rest = Span(header_end, len(view))
    interp = _interpretation(view, rest)
    if interp is not None:
        before, interpretation, body_start = interp
        if before.end > before.start:
            parts.append(Part(PartKind.HEADER, "", before))
        parts.append(Part(PartKind.INTERPRETATION, "", interpretation))
        rest = Span(body_start, len(view))
    notice = _notice(view, rest)
    if notice is None:
        parts.append(Part(PartKind.BODY, "", rest))
        return Layout(tuple(p for p in parts if _has_text(view, p.span)), None)
    notice_span, issued = notice
    title, heading = _notice_title(views, notice_span)
    parts.append(Part(PartKind.NOTICE, title, notice_span, heading))
    # Each document the notice issues is a body of its own, up to the next one.
    for k, (start, body_heading) in enumerate(issued):
        end = issued[k + 1][0] if k + 1 < len(issued) else len(view)
        parts.append(Part(PartKind.BODY, plain(views, body_heading), Span(start, end), body_heading))
    return Layout(tuple(p for p in parts if _has_text(view, p.span)), issued[0][1].slice(views.simplified))


def _has_text(view: str, span: Span) -> bool:
    return bool(span.slice(view).strip())


def _header_end(view: str) -> int:
    """End of a labelled metadata block at the top of the file (0 when there is none)."""
    return _labelled_lines_end(view) or _inline_fields_end(view)


# YAML front matter opening a Markdown file (`---` / `标题: …` / `文号: …` / `---`), and the
# notes a portal's export quotes under it (`> 本文正文由脚本…提取`): the header.
_FRONT_MATTER = re.compile(r"[ \t]*---[ \t]*\n((?:[^\n]*\n){1,80}?)[ \t]*---[ \t]*(?:\n|$)")
FIELD = re.compile(r"^[ \t]*([^\s:：#>\-][^:：\n]{0,30}?)[ \t]*[:：][ \t]*([^\n]*?)[ \t]*$", re.MULTILINE)
_YAML_MORE = re.compile(r"^(?:[ \t]+\S|[ \t]*-[ \t]|[ \t]*#|[ \t]*$)")  # nested, list, comment
_QUOTED = re.compile(r"(?:[ \t]*(?:>[^\n]*)?\n)*")


def front_matter_end(text: str) -> int:
    """End of YAML front matter at the top of a text (and of the quoted notes under it), or 0."""
    m = _FRONT_MATTER.match(text, 1 if text.startswith("\ufeff") else 0)
    if m is None:
        return 0
    lines = m.group(1).split("\n")[:-1]
    if not any(FIELD.fullmatch(x) for x in lines) or not all(
        FIELD.fullmatch(x) or _YAML_MORE.match(x) for x in lines
    ):
        return 0  # a rule (---) above the text, not front matter
    end = _QUOTED.match(text, m.end()).end()  # type: ignore[union-attr]  # matches the empty string
    while end > m.start(1) and text[end - 1] in " \t\n":
        end -= 1
    return end


def _labelled_lines_end(view: str) -> int:
    """End of a block of labelled lines (`6. [发文字号] …`, `【发布部门】…`) at the top."""
    end, count = 0, 0
    for m in LABELLED.finditer(view, 0, min(len(view), 4000)):
        gap = view[end : m.start()]
        if count and gap.strip():
            break
        if not count and view[: m.start()].count("\n") > 8:
            break
        end, count = m.end(), count + 1
    return end if count >= 2 else 0


# `1. [主题分类] 科技 2. [发文机构] …`: a portal's numbered fields run together on a page
# without line breaks.
_INLINE_FIELD = re.compile(r"(?<!\S)(\d{1,2})[.．][ \t\u3000]*[\[【［]([^\]】］\n]{2,10})[\]】］]")
# The last field's value: one word, short, not the start of a title (《…》) or a sentence.
_LAST_VALUE = re.compile(r"[ \t\u3000]*[^\s《。，]{1,30}(?=\s|$)")


def _inline_fields_end(view: str) -> int:
    """End of numbered labelled fields (1, 2, 3 …) in a row near the top of a one-line page.

    Each field's value runs to the next field; the last one's is taken to its first blank
    (a value with blanks leaves its tail to the notice or body, which holds no task in it).
    """
    last: re.Match[str] | None = None
    expected = 1
    for m in _INLINE_FIELD.finditer(view, 0, min(len(view), 4000)):
        if int(m.group(1)) != expected:
            break
        before = view[last.end() if last else 0 : m.start()]
        if "。" in before or len(before) > (200 if last else 300):
            break
        last, expected = m, expected + 1
    if last is None or expected <= 2:  # one field is not a header
        return 0
    value = _LAST_VALUE.match(view, last.end())
    return value.end() if value else last.end()


def _interpretation(view: str, rest: Span) -> tuple[Span, Span, int] | None:
    """(text before, interpretation, body start) when an interpretation precedes 全文."""
    m = _INTERPRETATION.search(view, rest.start, rest.end)
    if not m:
        return None
    full = _FULL_TEXT.search(view, m.end(), rest.end)
    if not full:
        return None
    return Span(rest.start, m.start()), Span(m.start(), full.start()), full.start()


def _notice(view: str, rest: Span) -> tuple[Span, list[tuple[int, Span]]] | None:
    """(notice span, [(body start, title line)] of each document it issues) when a notice wraps
    one or several documents (`印发《A》《B》`, `《A》和《B》已经…同意`), in the order printed."""
    head = view[rest.start : min(rest.end, rest.start + 6000)]
    for m in _ISSUES.finditer(head):
        titles = _TITLE_IN_LIST.findall(m.group(1) or m.group(2))
        issued: list[tuple[int, Span]] = []
        pos = rest.start + m.end()
        for title in titles:
            heading = _title_occurrence(view, title, pos, rest.end)
            if heading is None:
                continue
            attachment = _ATTACHMENT.search(view, max(pos, heading.start - 40), heading.start)
            issued.append((attachment.start() if attachment else heading.start, heading))
            pos = heading.end
        if not issued or not _wraps(view, Span(rest.start, issued[0][0]), m):
            continue
        return Span(rest.start, issued[0][0]), issued
    return None


# A policy text with numbered headings of its own that only mentions a document it made
# (`国家制定《X指标》（见附件）`) is not a notice: its attachment is part of it.
_OWN_HEADINGS = re.compile(r"^[ \t\u3000]*[一二三四五六七八九十]{1,3}、", re.MULTILINE)


def _wraps(view: str, notice: Span, issuing: re.Match[str]) -> bool:
    """Whether the text before the issued document is a notice issuing it."""
    if not issuing.group(0).startswith("制定"):
        return True  # 印发《X》, 现将《X》, 《X》已经…同意
    return len(_OWN_HEADINGS.findall(view, notice.start, notice.end)) < 2


def _title_occurrence(view: str, title: str, start: int, end: int) -> Span | None:
    """Where `title` is printed again as a title (not quoted in 《》), ignoring spaces."""
    for m_start, m_end in _spaced(view, re.sub(r"\s+", "", title), start, end):
        if view[max(0, m_start - 1) : m_start] == "《" or view[m_end : m_end + 1] == "》":
            continue
        line_start = lines.line_start(view, m_start)
        line_end = lines.line_end(view, m_end, end)
        prefix = view[line_start:m_start]
        if "。" not in prefix and len(prefix.strip()) <= 40:
            # A title line, perhaps with a prefix (`…工程——X`) or a suffix (`(试行)`).
            lead = line_start + len(prefix) - len(prefix.lstrip())
            tail = line_end if line_end - m_end <= 20 else m_end
            return Span(lead, tail)
        run_on = _after_sentence(view, m_start)
        if run_on is not None:  # a page without line breaks
            return Span(run_on, m_end)
    return None


def _spaced(view: str, chars: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Where `chars` occur in view[start:end] with blanks between them, and up to two line
    breaks: a long title may be wrapped over two lines (`2026年松江区…行业` / `“清水行动”工作方案`),
    a blank line between them. (A regular expression per title costs more to compile than this.)"""
    if not chars:
        return
    pos = view.find(chars[0], start, end)
    while pos != -1:
        i, j, breaks = pos + 1, 1, 0
        while j < len(chars) and i < end:
            c = view[i]
            if c == chars[j]:
                j += 1
            elif c == "\n" and breaks < 2:
                breaks += 1
            elif c not in " \t\u3000":
                break
            i += 1
        if j == len(chars):
            yield pos, i
        pos = view.find(chars[0], pos + 1, end)


_PREFIX = re.compile(r"[^ \t\u3000。，；：！？]*")


def _after_sentence(view: str, pos: int) -> int | None:
    """In a one-line page, a title follows the signature date or a sentence after a blank,
    perhaps with a short prefix of its own (`…引领工程——X`): where the title starts, or None."""
    start = max(0, pos - 40)
    window = view[start:pos]
    blank = max(window.rfind(" "), window.rfind("\u3000"), window.rfind("\t"))
    if blank == -1:
        return None
    lead = start + blank + 1
    return lead if _PREFIX.fullmatch(view, lead, pos) else None


def _notice_title(views: Views, span: Span) -> tuple[str, Span | None]:
    view = views.view
    for m in _NOTICE_TITLE.finditer(view, span.start, span.end):
        line_start = lines.line_start(view, m.start())
        if "。" in view[max(line_start, span.start) : m.start()]:
            continue  # a notice cited in a sentence, not the title
        line_end = view.find("\n", m.end(), m.end() + lines.REACH)
        heading = Span(line_start, line_end if line_end != -1 else m.end())
        return plain(views, heading), heading
    return "", None
