"""Where responsibility markers sit: brackets, brackets a page wrapped, labelled lines, a last sentence.

Only the places are found here; `indexer.responsibility` reads what they say.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

from indexer import deadlines
from indexer.lines import line_end, line_start
from indexer.roles import HOST_LABEL, LABEL, has_label
from kb.model import Span

MAX_PAREN = 400
OPENERS = {"（": "）", "【": "】", "［": "］", "[": "]"}  # ASCII [] stay as written in the view
_CLOSER_OPENER = {v: k for k, v in OPENERS.items()}
_BULLET = r"(?:[-*•·][ \t]+)?"  # a Markdown or pasted list bullet before a field
# After a line start, a sentence, a clause or an item's heading: Taiwan's `一、推动甲项工作，主办机关：
# 甲部；协办机关：乙署。` and `一、推动甲项工作：主办机关：甲部。`.
LABELLED_LINE = re.compile(
    rf"(?:^|(?<=[。；，：\n]))[ \t\u3000]*{_BULLET}(?:{LABEL.pattern}|{HOST_LABEL.pattern})[^\n。]*",
    re.MULTILINE,
)
DEADLINE_WORDS = rf"(?:{deadlines.FIELD_QUALIFIER})?(?:{deadlines.FIELD_WORDS})"
# `完成时限：2024年底前` on a line of its own, beside `牵头单位：…` lines.
_DEADLINE_LINE = re.compile(
    rf"(?:^|(?<=[。；\n]))[ \t\u3000]*(?:{DEADLINE_WORDS})[ \t]*[：][^\n。]*", re.MULTILINE
)
# Role words a marker's clause may end with; 实施 and 推进 (具体实施, 协同推进) only at a clause's end:
# they are common words, and each match costs a step of the scan.
_MARKER_SCAN = re.compile(
    r"[（）【】［］\[\]\n]|牵头|配合|参与|负责|指导|会同|协助|落实|主办|协办|(?:实施|推进)(?=[，；。）】］\n])"
)
# 由 opens `由A负责`; `按照职责分工负责`, `按各自职责负责` name their bodies' duties.
_ROLE_SENTENCE = re.compile(r"牵头|配合|参与|协助|协办|按(?:照)?(?:各自)?职[责能]|会同|联同|(?:^|，)由")
_UNWRAP = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")
_WRAP_LINES = 2  # a marker broken over at most three lines: `（责任单位：\n市甲局，市乙局）`


def may_have_markers(view: str) -> bool:
    """Whether a text has anything that could be a marker (most laws have none: skip them fast).

    Never false where `markers` would find one: a field label anywhere, or a role verb inside
    a bracket opened at most `MAX_PAREN` characters before it, on its line or the lines above
    (however long the list before the verb, whatever brackets it holds). One pass, linear in
    the text.
    """
    if "牵头" in view or "协办" in view or "按职责分工" in view or has_label(view) or HOST_LABEL.search(view):
        return True  # `closing_sentence` needs no bracket (`由甲部主办；乙署协办。`)
    if _CLOSING_BRACKET.search(view):
        return True  # a bare list of bodies closing an item (`closes_item`)
    # Per kind of bracket, the openers not yet closed on this line and still within reach.
    open_at: dict[str, deque[int]] = {opener: deque() for opener in OPENERS}
    for m in _MARKER_SCAN.finditer(view):
        ch, pos = m.group(), m.start()
        if ch == "\n":
            continue  # a marker may wrap onto the next lines (`wrapped`): openers stay in reach
        elif ch in OPENERS:
            open_at[ch].append(pos)
        elif ch in _CLOSER_OPENER:
            stack = open_at[_CLOSER_OPENER[ch]]
            if stack:
                stack.pop()
        else:
            for stack in open_at.values():
                while stack and pos - stack[0] > MAX_PAREN:
                    stack.popleft()  # too far back to hold a marker (the newest is kept)
                if stack:
                    return True
    return False


def parentheticals(view: str, start: int, end: int) -> Iterator[Span]:
    """Outermost balanced （…）, 【…】, ［…］ or […] groups, not crossing a line break."""
    depth, opened, closer = 0, -1, ""
    for m in _BRACKET.finditer(view, start, end):
        pos = m.start()
        ch = m.group(0)
        if ch == "\n":
            depth, opened = 0, -1
        elif depth == 0 and ch in OPENERS:
            depth, opened, closer = 1, pos, OPENERS[ch]
        elif depth and ch == _CLOSER_OPENER[closer]:
            depth += 1
        elif depth and ch == closer:
            depth -= 1
            if depth == 0 and pos - opened <= MAX_PAREN:
                yield Span(opened, pos + 1)


_BRACKET = re.compile(r"[（）【】［］\[\]\n]")
_SENTENCE_END = "。；！？"


def closes_item(view: str, span: Span, end: int) -> bool:
    """Whether a bracket stands after the item's last sentence and ends the item's text (its
    line, or `end`: the next heading on a page without line breaks): `…程序。（A、B）`, or alone on
    the line after the item's text. There a bare list of bodies is the marker, not an aside
    about a word before it (`报市政府（市政府办公厅）审定`, `报送市发展改革委（市粮食局）。`)."""
    if view[span.end : min(end, line_end(view, span.end))].strip(" \t\u3000。；"):
        return False
    begin = line_start(view, span.start)
    before = view[begin : span.start].strip(" \t\u3000")
    if not before and begin > 1:
        above = view[line_start(view, begin - 1) : begin - 1].strip(" \t\u3000")
        return above.endswith(tuple(_SENTENCE_END))
    return before.endswith(tuple(_SENTENCE_END))


# A bracket after a sentence's end, not a numbering label (`。（一）`): what `closes_item` reads.
_CLOSING_BRACKET = re.compile(
    r"[。；！？][ \t\u3000]*\n?[ \t\u3000]*"
    r"[（【](?![一二三四五六七八九十\d]{1,3}[）】])[^（）【】\n]{2,200}[）】]"
)


def unwrap(text: str) -> str:
    """A wrapped marker's text on one line."""
    return _UNWRAP.sub("", text)


def wrapped(view: str, start: int, end: int) -> Iterator[Span]:
    """Brackets left open at the end of a line that close within the next lines (a marker the
    page wrapped), balanced and within `MAX_PAREN` characters."""
    depth, opened = 0, -1
    unclosed: list[int] = []
    for m in re.finditer(r"[（）【】［］\n]", view[start:end]):
        ch, pos = m.group(0), start + m.start()
        if ch == "\n":
            if depth:
                unclosed.append(opened)
            depth = 0
        elif ch in OPENERS:
            depth, opened = depth + 1, pos if depth == 0 else opened
        elif depth:
            depth -= 1
    for opened in unclosed:
        closer, depth, lines = OPENERS[view[opened]], 0, 0
        for n in re.finditer(r"[（）【】［］\n]", view[opened : min(end, opened + MAX_PAREN + 1)]):
            ch = n.group(0)
            if ch == "\n":
                lines += 1
                if lines > _WRAP_LINES:
                    break
            elif ch in OPENERS:
                depth += 1
            elif depth:
                depth -= 1
                if depth == 0:
                    if ch == closer:
                        yield Span(opened, opened + n.start() + 1)
                    break


def closing_sentence(
    view: str, start: int, end: int, covered: list[Span], across: bool = False
) -> Span | None:
    """The last sentence of a text when it may assign roles without brackets: `…。国家发展改革委
    牵头，财政部、人力资源社会保障部参与。` (read as a marker only if every clause of it is one).
    `across`: its clauses may be joined by `；` and it may follow its item's heading after `：`
    (Taiwan's `甲事項：由甲部主辦；乙署協辦。`)."""
    stop = end
    while stop > start and view[stop - 1].isspace():
        stop -= 1
    if stop - start < 4 or view[stop - 1] != "。":
        return None
    bounds = "。！？\n：" if across else "。；！？\n"
    begin = max(start, *(view.rfind(c, start, stop - 1) + 1 for c in bounds))
    while begin < stop and view[begin].isspace():
        begin += 1
    sentence = view[begin : stop - 1]
    if (
        not sentence
        or stop - begin > MAX_PAREN
        or re.search(r"[（）【】［］]", sentence)
        or not _ROLE_SENTENCE.search(sentence)
        or any(c.start < stop and begin < c.end for c in covered)
    ):
        return None
    return Span(begin, stop)


def labelled_lines(view: str, start: int, end: int, covered: list[Span]) -> Iterator[Span]:
    """`牵头单位：A` fields outside parentheses, consecutive ones together.

    A `完成时限：…` line next to them joins the group (its deadline); alone it is no marker.
    """
    fields = sorted(
        [(m.start(), m.end(), True) for m in LABELLED_LINE.finditer(view, start, end)]
        + [(m.start(), m.end(), False) for m in _DEADLINE_LINE.finditer(view, start, end)]
    )
    group: tuple[int, int, bool] | None = None  # start, end, holds a responsibility label
    for a, b, is_label in fields:
        if any(c.start <= a < c.end for c in covered):
            continue
        if group is not None and a >= group[1] and not view[group[1] : a].strip(" \t\n；。"):
            group = (group[0], b, group[2] or is_label)
            continue
        if group is not None and group[2]:
            yield Span(group[0], group[1])
        group = (a, b, is_label)
    if group is not None and group[2]:
        yield Span(group[0], group[1])
