"""Responsibility markers: who is responsible for a task, and in which role (DOMAIN.md s. 3).

Two kinds of marker, in either script and either punctuation style:

* labelled fields: `（责任单位：A、B）`, `（牵头单位：A；配合单位：B、C）`, `（负责部门：A；适用范围：…）`,
  `（2025年底前完成，牵头考核单位：A）`, or `牵头单位：A` on a line of its own;
* clauses in parentheses: `（A牵头，B、C配合）`, `…参与`, `…按职责分工负责`, `（A会同有关部门负责）`,
  `（A指导，B负责落实）`, `（A、B负责。列第一位者为牵头单位，下同）`.

A parenthetical is a marker only if every clause in it is one of these forms, so asides such
as `（以下简称“中关村”）` never name an owner. Names are split by the document's own use of
separators (`Separators`), and roles follow the document's convention (`Convention`).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from indexer.names import agency_like, split_names, split_plain, strip_notes
from kb import lexicon
from kb.model import Role, Span

_LEAD, _SUPPORT, _RESP, _GUIDE = Role.LEAD, Role.SUPPORT, Role.RESPONSIBLE, Role.GUIDE
# Role words and unit words are shared with the question reader (kb/data/lexicon.tsv).
LABEL_ROLES: dict[str, Role] = lexicon.role_labels()
_QUALIFIER_ROLES: dict[str, Role] = lexicon.role_qualifiers()
# The words of a responsibility label (牵头 + 单位): `主办机关`/`协办机关` in Taiwan's plans.
ROLE_WORDS = lexicon.alternation(LABEL_ROLES)
UNIT_WORDS = lexicon.alternation(lexicon.unit_words())
# A label: [qualifier] role word + unit word [（单位）]: 牵头单位, 主要责任单位, 牵头部门（单位）.
LABEL_WORDS = (
    rf"(?P<qual>{lexicon.alternation(_QUALIFIER_ROLES)})?"
    rf"(?P<label>{ROLE_WORDS})(?:{UNIT_WORDS})(?:（(?:{UNIT_WORDS})）)?"
)
_LABEL = re.compile(rf"{LABEL_WORDS}[ \t]*[：]")


def label_role(m: re.Match[str]) -> Role:
    """The role a matched label (LABEL_WORDS) gives: its qualifier's, else its word's."""
    qualifier = m.group("qual")
    return _QUALIFIER_ROLES[qualifier] if qualifier else LABEL_ROLES[m.group("label")]


_LABELLED_LINE = re.compile(rf"(?:^|(?<=[。；\n]))[ \t\u3000]*{_LABEL.pattern}[^\n。]*", re.MULTILINE)
_FIELD = re.compile(r"(?P<field>[\u4e00-\u9fff]{2,6})[ \t]*[：]")
_DEADLINE_WORDS = r"完成时限|完成时间|时间节点|时限要求|时限|完成期限|进度安排"
_DEADLINE_FIELD = re.compile(rf"^(?:{_DEADLINE_WORDS})$")
# `完成时限：2024年底前` on a line of its own, beside `牵头单位：…` lines.
_DEADLINE_LINE = re.compile(
    rf"(?:^|(?<=[。；\n]))[ \t\u3000]*(?:{_DEADLINE_WORDS})[ \t]*[：][^\n。]*", re.MULTILINE
)
DEADLINE = re.compile(
    r"(?:(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:年?底|末|上半年|下半年|年内)?(?:前|以前)?"
    r"|\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?(?:前|以前)?"
    r"|(?:年底|年内|每年|长期|持续|常态化)[^，；。）]{0,4}?)"
    r"(?:完成|见效|启动|出台|建成|实现|推进|坚持|实施|开展|落实)?"
)
_STANDING = re.compile(r"^(?:长期坚持|持续推进|持续实施|长期推进|持续开展|常态化推进|长期实施)$")
_FIRST_LEADS = re.compile(
    r"(?:列|排|排名|排在)?(?:第一位|第一|首位|第一个)(?:的|者)?(?:单位|部门)?为牵头(?:单位|部门)"
)
_NO_ORDER = re.compile(r"(?:排名|排序)?不分先后")
_SEQUEL = re.compile(r"^(?:以下|下)同$")
_FIELD_REACH = 2000  # a marker's value ends long before: the longest lists are ~500 characters
_VERB = re.compile(
    r"^(?:由)?(?P<names>.+?)(?P<verb>按职责分工负责|按职责分工配合|按职责负责|按职责配合|按职能分工负责|"
    r"分工负责|共同负责|负责落实|具体负责|牵头负责|牵头落实|牵头|负责|配合|参与|协助|指导|落实)$"
)
_WITH = re.compile(r"^(?:由)?(?P<lead>.+?)会同(?P<others>.+?)(?:共同)?(?:负责|推进|落实|实施|办理)?$")
_INLINE_LEAD = re.compile(r"[（(]牵头[）)]$|牵头$")
_CLAUSE_SPLIT = re.compile(r"[，；。]")
_MAX_PAREN = 400
_OPENERS = {"（": "）", "【": "】", "［": "］"}
_CLOSER_OPENER = {v: k for k, v in _OPENERS.items()}


class Convention:
    """How a document assigns roles in a list: the first listed leads, unless it says otherwise.

    `列第一位者为牵头单位，下同` confirms the default; `排名不分先后` switches it off.
    """

    def __init__(self) -> None:
        self.first_leads = True

    def read(self, text: str) -> None:
        if _NO_ORDER.search(text):
            self.first_leads = False
        elif _FIRST_LEADS.search(text):
            self.first_leads = True


@dataclass(frozen=True, slots=True)
class Separators:
    """Whether `，` separates agencies in this document, so that `、` joins one body's names."""

    comma: bool

    @classmethod
    def of(cls, view: str) -> Separators:
        for m in _LABEL.finditer(view):
            value = _field_value(view, m.end())
            if "，" in value and all(agency_like(p) for p in split_plain(value, "，")):
                return cls(True)
        return cls(False)


@dataclass(slots=True)
class Marker:
    """One responsibility marker: its agencies with roles, and the deadline it states."""

    span: Span
    entries: list[tuple[str, Role]] = field(default_factory=list)
    deadline: str | None = None


_MARKER_SCAN = re.compile(r"[（）【】［］\n]|牵头|配合|参与|负责|指导|会同|协助|落实")


def may_have_markers(view: str) -> bool:
    """Whether a text has anything that could be a marker (most laws have none: skip them fast).

    Never false where `markers` would find one: a field label anywhere, or a role verb inside
    a bracket opened at most `_MAX_PAREN` characters before it, on its line or the lines above
    (however long the list before the verb, whatever brackets it holds). One pass, linear in
    the text.
    """
    if _LABEL.search(view) or "牵头" in view or "按职责分工" in view:  # `_closing_sentence` needs no bracket
        return True
    # Per kind of bracket, the openers not yet closed on this line and still within reach.
    open_at: dict[str, deque[int]] = {opener: deque() for opener in _OPENERS}
    for m in _MARKER_SCAN.finditer(view):
        ch, pos = m.group(), m.start()
        if ch == "\n":
            continue  # a marker may wrap onto the next lines (`_wrapped`): openers stay in reach
        elif ch in _OPENERS:
            open_at[ch].append(pos)
        elif ch in _CLOSER_OPENER:
            stack = open_at[_CLOSER_OPENER[ch]]
            if stack:
                stack.pop()
        else:
            for stack in open_at.values():
                while stack and pos - stack[0] > _MAX_PAREN:
                    stack.popleft()  # too far back to hold a marker (the newest is kept)
                if stack:
                    return True
    return False


def markers(view: str, start: int, end: int, seps: Separators, conv: Convention) -> list[Marker]:
    """The markers in view[start:end], in order."""
    found: list[Marker] = []
    covered: list[Span] = []
    for span in _parentheticals(view, start, end):
        inner = view[span.start + 1 : span.end - 1]
        marker = _labelled(inner, span, seps, conv) or _clauses(inner, span, seps, conv)
        if marker is not None and marker.entries:
            found.append(marker)
            covered.append(span)
        elif marker is None and _FIRST_LEADS.search(inner) or _NO_ORDER.search(inner):
            conv.read(inner)
    for span in _wrapped(view, start, end):
        if any(c.start < span.end and span.start < c.end for c in covered):
            continue
        inner = _UNWRAP.sub("", view[span.start + 1 : span.end - 1])
        marker = _labelled(inner, span, seps, conv) or _clauses(inner, span, seps, conv)
        if marker is not None and marker.entries:
            found.append(marker)
            covered.append(span)
    for span in _labelled_lines(view, start, end, covered):
        marker = _labelled(view[span.start : span.end], span, seps, conv)
        if marker is not None and marker.entries:
            found.append(marker)
            covered.append(span)
    closing = _closing_sentence(view, start, end, covered)
    if closing is not None:
        marker = _clauses(view[closing.start : closing.end - 1], closing, seps, conv)
        if marker is not None and marker.entries:
            found.append(marker)
    return sorted(found, key=lambda m: m.span.start)


def deadline_of(view: str, start: int, end: int) -> str | None:
    """A deadline stated in its own parentheses: （2023年底前）, （长期坚持）."""
    for span in _parentheticals(view, start, end):
        inner = view[span.start + 1 : span.end - 1].strip()
        m = DEADLINE.fullmatch(inner)
        if m and _is_deadline(inner):
            return inner
    return None


def _parentheticals(view: str, start: int, end: int) -> Iterator[Span]:
    """Outermost balanced （…）, 【…】 or ［…］ groups, not crossing a line break."""
    depth, opened, closer = 0, -1, ""
    for m in re.finditer(r"[（）【】［］\n]", view[start:end]):
        pos = start + m.start()
        ch = m.group(0)
        if ch == "\n":
            depth, opened = 0, -1
        elif depth == 0 and ch in _OPENERS:
            depth, opened, closer = 1, pos, _OPENERS[ch]
        elif depth and ch == _CLOSER_OPENER[closer]:
            depth += 1
        elif depth and ch == closer:
            depth -= 1
            if depth == 0 and pos - opened <= _MAX_PAREN:
                yield Span(opened, pos + 1)


_UNWRAP = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")
_WRAP_LINES = 2  # a marker broken over at most three lines: `（责任单位：\n市甲局，市乙局）`


def _wrapped(view: str, start: int, end: int) -> Iterator[Span]:
    """Brackets left open at the end of a line that close within the next lines (a marker the
    page wrapped), balanced and within `_MAX_PAREN` characters."""
    depth, opened = 0, -1
    unclosed: list[int] = []
    for m in re.finditer(r"[（）【】［］\n]", view[start:end]):
        ch, pos = m.group(0), start + m.start()
        if ch == "\n":
            if depth:
                unclosed.append(opened)
            depth = 0
        elif ch in _OPENERS:
            depth, opened = depth + 1, pos if depth == 0 else opened
        elif depth:
            depth -= 1
    for opened in unclosed:
        closer, depth, lines = _OPENERS[view[opened]], 0, 0
        for n in re.finditer(r"[（）【】［］\n]", view[opened : min(end, opened + _MAX_PAREN + 1)]):
            ch = n.group(0)
            if ch == "\n":
                lines += 1
                if lines > _WRAP_LINES:
                    break
            elif ch in _OPENERS:
                depth += 1
            elif depth:
                depth -= 1
                if depth == 0:
                    if ch == closer:
                        yield Span(opened, opened + n.start() + 1)
                    break


_ROLE_SENTENCE = re.compile(r"牵头|配合|参与|协助|按职责分工|会同")


def _closing_sentence(view: str, start: int, end: int, covered: list[Span]) -> Span | None:
    """The last sentence of a text when it may assign roles without brackets: `…。国家发展改革委
    牵头，财政部、人力资源社会保障部参与。` (read as a marker only if every clause of it is one)."""
    stop = end
    while stop > start and view[stop - 1].isspace():
        stop -= 1
    if stop - start < 4 or view[stop - 1] != "。":
        return None
    begin = max(start, *(view.rfind(c, start, stop - 1) + 1 for c in "。；！？\n"))
    while begin < stop and view[begin].isspace():
        begin += 1
    sentence = view[begin : stop - 1]
    if (
        not sentence
        or stop - begin > _MAX_PAREN
        or re.search(r"[（）【】［］]", sentence)
        or not _ROLE_SENTENCE.search(sentence)
        or any(c.start < stop and begin < c.end for c in covered)
    ):
        return None
    return Span(begin, stop)


def _labelled_lines(view: str, start: int, end: int, covered: list[Span]) -> Iterator[Span]:
    """`牵头单位：A` fields outside parentheses, consecutive ones together.

    A `完成时限：…` line next to them joins the group (its deadline); alone it is no marker.
    """
    fields = sorted(
        [(m.start(), m.end(), True) for m in _LABELLED_LINE.finditer(view, start, end)]
        + [(m.start(), m.end(), False) for m in _DEADLINE_LINE.finditer(view, start, end)]
    )
    group: tuple[int, int, bool] | None = None  # start, end, holds a responsibility label
    for a, b, is_label in fields:
        if any(c.start <= a < c.end for c in covered):
            continue
        if group is not None and a >= group[1] and not view[group[1] : a].strip(" \t\n；"):
            group = (group[0], b, group[2] or is_label)
            continue
        if group is not None and group[2]:
            yield Span(group[0], group[1])
        group = (a, b, is_label)
    if group is not None and group[2]:
        yield Span(group[0], group[1])


def _labelled(text: str, span: Span, seps: Separators, conv: Convention) -> Marker | None:
    """Fields `label：value` (separated by ；, or running on after a deadline)."""
    labels = list(_LABEL.finditer(text))
    if not labels:
        return None
    marker = Marker(span)
    marker.deadline = _deadline_in(text[: labels[0].start()])
    groups: list[tuple[Role, list[str]]] = []
    for i, m in enumerate(labels):
        stop = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        value, rest = _until_other_field(text[m.end() : stop])
        if rest is not None and marker.deadline is None and _DEADLINE_FIELD.match(rest[0]):
            marker.deadline = rest[1]
        conv.read(value)
        names: list[str] = []
        for segment in value.split("；"):
            if _is_deadline(segment):
                marker.deadline = marker.deadline or segment.strip(" ，。")
            elif (verbs := _verb_value(segment, seps)) is not None:
                groups.extend(verbs)  # 责任单位：A牵头，B配合
            else:
                names += split_names(strip_notes(segment), seps.comma)
        if names:
            groups.append((label_role(m), names))
    marker.entries = assign(groups, conv)
    return marker


def _verb_value(value: str, seps: Separators) -> list[tuple[Role, list[str]]] | None:
    """A labelled value written as clauses with verbs: `A牵头，B、C配合`."""
    if not re.search(r"牵头|配合|参与|协助|指导|会同", value):
        return None
    groups: list[tuple[Role, list[str]]] = []
    for clause in (c.strip() for c in _CLAUSE_SPLIT.split(value)):
        found = _verb_clause(clause, seps) if clause else []
        if found is None:
            return None
        groups.extend(found)
    return groups or None


def _deadline_in(head: str) -> str | None:
    """A deadline before the labels: `2025年底前完成，…` or `完成时限：2024年6月底；…`."""
    head = head.strip(" \t\n\u3000，；。")
    if head and _is_deadline(head):
        return head
    m = _FIELD.match(head)
    if m and _DEADLINE_FIELD.match(m.group("field")):
        return head[m.end() :].strip(" \t\n\u3000，；。") or None
    return None


def _until_other_field(value: str) -> tuple[str, tuple[str, str] | None]:
    """Cut a value at the next field that is not a responsibility label (`；适用范围：…`)."""
    for m in _FIELD.finditer(value):
        before = value[: m.start()]
        if (
            before.endswith((" ", "\t", "\u3000"))
            or before.endswith(("；", "，", "。", "\n"))
            or not before.strip()
        ):
            rest = value[m.end() :].split("；")[0].strip(" ，。")
            return before.rstrip(" ；，。"), (m.group("field"), rest)
    return value.strip(" ；，。"), None


def _clauses(text: str, span: Span, seps: Separators, conv: Convention) -> Marker | None:
    """`A牵头，B配合` and the like; None unless every clause is a marker clause."""
    marker = Marker(span)
    groups: list[tuple[Role, list[str]]] = []
    declared = False
    listed = ""  # names before a `，` whose verb comes later: `A、B，C按职责分工负责`
    for clause in (c.strip() for c in _CLAUSE_SPLIT.split(text)):
        if not clause:
            continue
        if _FIRST_LEADS.search(clause) or _NO_ORDER.search(clause) or _SEQUEL.match(clause):
            conv.read(clause)
            declared = True
        elif not listed and _is_deadline(clause):
            marker.deadline = marker.deadline or clause
        elif (found := _verb_clause(f"{listed}、{clause}" if listed else clause, seps)) is not None:
            groups.extend(found)
            listed = ""
        elif (names := split_names(clause, seps.comma)) and all(agency_like(n) for n in names):
            listed = f"{listed}、{clause}" if listed else clause
        else:
            return None
    if listed or not groups:
        return None if not declared else Marker(span)
    marker.entries = assign(groups, conv)
    return marker


def _verb_clause(clause: str, seps: Separators) -> list[tuple[Role, list[str]]] | None:
    with_ = _WITH.match(clause)
    if with_:
        lead = split_names(with_.group("lead"), seps.comma)
        others = split_names(with_.group("others"), seps.comma)
        if lead and others and all(agency_like(n) for n in lead + others):
            return [(_LEAD, lead), (_SUPPORT, others)]
    m = _VERB.match(clause)
    if not m:
        return None
    names = split_names(m.group("names"), seps.comma)
    if not names or not all(agency_like(n) for n in names):
        return None
    verb = m.group("verb")
    role = (
        _LEAD if verb.startswith("牵头")
        else _GUIDE if verb == "指导"
        else _SUPPORT if verb.endswith(("配合", "参与", "协助"))
        else _RESP
    )  # fmt: skip
    return [(role, names)]


def assign(groups: list[tuple[Role, list[str]]], conv: Convention) -> list[tuple[str, Role]]:
    """Roles for every name: explicit ones kept; a responsible list's first leads by convention."""
    explicit_lead = any(role is _LEAD for role, _ in groups) or any(
        _INLINE_LEAD.search(n) for _, names in groups for n in names
    )
    out: list[tuple[str, Role]] = []
    first_list = True
    for role, names in groups:
        marked = any(_INLINE_LEAD.search(n) for n in names)  # 市科委（牵头）、市财政局
        for i, raw in enumerate(names):
            name = _INLINE_LEAD.sub("", raw).strip() or raw
            if _INLINE_LEAD.search(raw):
                out.append((name, _LEAD))
            elif marked or role is _RESP and explicit_lead:
                out.append((name, _SUPPORT))
            elif role is not _RESP:
                out.append((name, role))
            elif not conv.first_leads:
                out.append((name, _RESP))
            else:
                out.append((name, _LEAD if first_list and i == 0 else _SUPPORT))
        if role is _RESP:
            first_list = False
    seen: set[str] = set()
    return [(n, r) for n, r in out if not (n in seen or seen.add(n))]  # type: ignore[func-returns-value]


def _field_value(view: str, pos: int) -> str:
    """A marker's value: up to its closing bracket, the line's or the clause's end (within reach)."""
    end = min(len(view), pos + _FIELD_REACH)
    for stop in ("）", "\n", "；", "。"):
        found = view.find(stop, pos, end)
        if found != -1:
            end = found
    return view[pos:end]


def _is_deadline(text: str) -> bool:
    text = text.strip()
    if _STANDING.match(text):
        return True
    m = DEADLINE.fullmatch(text)
    return bool(m) and bool(re.search(r"\d|年底|年内|长期|持续|常态化", text))
