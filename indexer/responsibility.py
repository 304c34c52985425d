"""Responsibility markers: who is responsible for a task, and in which role (DOMAIN.md s. 3).

Two kinds of marker, in either script and either punctuation style:

* labelled fields: `（责任单位：A、B）`, `（牵头单位：A；配合单位：B、C）`, `（负责部门：A；适用范围：…）`,
  `（2025年底前完成，牵头考核单位：A）`, `（责任部门：A。时间节点：2025年3月）`, `主（协）办机关：A、（B）`,
  or `牵头单位：A` on a line of its own;
* clauses, names and a verb (kb/data/lexicon.tsv): `（A牵头，B、C配合）`, `…参与`, `（A牵头负责，
  B组织落实）`, `…具体实施`, `…协同推进`, `（A督促指导）`, `（A会同有关部门负责）`,
  `（A、B负责。列第一位者为牵头单位，下同）`.

A parenthetical is a marker only if every clause in it is one of these forms, so asides such
as `（以下简称“中关村”）` never name an owner. Each list's names are split on their own
(`indexer.names`), and roles follow the document's convention (`roles.Convention`). A standing
rule (`以下各项均由各区政府落实，不再一一列出`) is read by `indexer.standing`, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer import spans
from indexer.deadlines import FIELD as _DEADLINE_FIELD
from indexer.deadlines import field_value as _deadline_field
from indexer.deadlines import head_deadline as _deadline_in
from indexer.deadlines import is_deadline, is_period
from indexer.names import agency_like, split_names, split_plain, strip_notes
from indexer.roles import (
    BARE_LABEL,
    HOST_LABEL,
    LABEL,
    LABEL_ROLES,
    LABEL_WORDS,
    ROLE_WORDS,
    VERB_ROLES,
    VERBS,
    Convention,
    Entry,
    Group,
    assign,
    label_role,
    label_word,
)
from kb.agencies import DocumentAgencies
from kb.model import Role, Span

__all__ = [
    "LABEL_ROLES", "LABEL_WORDS", "ROLE_WORDS", "Bodies", "Convention", "Entry", "Group", "Marker",
    "assign", "deadline_of", "label_role", "markers", "may_have_markers",
]  # fmt: skip

may_have_markers = spans.may_have_markers
_FIELD = re.compile(r"(?P<field>[\u4e00-\u9fff]{2,6})[ \t]*[：]")
_SEQUEL = re.compile(r"^(?:以下|下)同$")
# A standing rule (`indexer.standing`): 不再一一列出, 不再逐一列明, 不再单独列出, 以下不再重复标注;
# or the items below named as its subject (`下列事项均由市甲局牵头`, `以下各项工作由各区政府组织实施`).
NOT_LISTED = re.compile(r"不再(?:一一|逐一|逐项|单独|分别|重复)?(?:列|标|注)(?:出|明|举|注)")
ITEMS_BELOW = re.compile(
    r"(?:以下|下列)(?:各项|所有|全部|各条)?(?:重点)?(?:任务|工作|措施|事项)?"
    r"(?:均|都|皆|统一|一律|全部)?(?:需|须|要|应)?由"
)
STANDING_RULE = re.compile(f"{NOT_LISTED.pattern}|{ITEMS_BELOW.pattern}")
# `由A负责`, `该项工作由A牵头`: the words before 由 name the work, not a body.
_VERB = re.compile(
    rf"^(?:(?:该项|此项|本项|上述|以上|具体)?(?:工作|任务|措施|事项)?由)?(?P<names>.+?)(?:共同)?(?P<verb>{VERBS})$"
)  # `A与B共同推行`: both carry it out
# `A会同B负责`, Hong Kong's `A联同B推展`; `联同B及C推展` after a lead's clause (`由A牵头，…`).
_WITH = re.compile(
    rf"^(?:由)?(?P<lead>.+?)(?P<word>会同|联同)(?P<others>.+?)(?:共同)?(?:{VERBS}|推进|办理)?$"
)
_ALONG = re.compile(
    rf"^(?P<word>会同|联同)(?P<names>.+?)(?:共同)?(?:{VERBS}|推进|办理)?$"
    r"|^并?(?:与|同|和)(?P<partners>.+?)(?P<with>合作|协作|配合|共同推进|共同推行)$"  # 并与B及C合作
)
_BY = re.compile(r"(?<!自)由")  # 由 inside a name: words before it (自由贸易试验区 is a name)
_VALUE_VERBS = re.compile(r"牵头|配合|参与|协助|指导|会同")
_CLAUSE_SPLIT = re.compile(r"[，；。]")


@dataclass(frozen=True, slots=True)
class Bodies:
    """What one document knows of its bodies: which two names are one body (its issuers'
    joint names and the registry's, in its jurisdiction). Separators are read per list."""

    agencies: DocumentAgencies | None = None

    def same_body(self, a: str, b: str) -> bool:
        if self.agencies is None:
            return False
        x, y = self.agencies.resolve(a), self.agencies.resolve(b)
        return x.canonical == y.canonical and not x.collective

    def split(self, value: str, lists: bool = False) -> list[str]:
        """The agency names of one list; `lists`: its table puts `，`/`；` between bodies."""
        return split_names(value, self.same_body, lists)


@dataclass(slots=True)
class Marker:
    """One responsibility marker: its agencies with roles, and the deadline it states."""

    span: Span
    entries: list[Entry] = field(default_factory=list)
    deadline: str | None = None


def markers(view: str, start: int, end: int, bodies: Bodies, conv: Convention) -> list[Marker]:
    """The markers in view[start:end], in order."""
    found: list[Marker] = []
    covered: list[Span] = []

    def keep(marker: Marker | None, span: Span) -> bool:
        if marker is not None and marker.entries:
            found.append(marker)
            covered.append(span)
            return True
        return False

    for span in spans.parentheticals(view, start, end):
        inner = view[span.start + 1 : span.end - 1]
        if STANDING_RULE.search(inner):
            continue
        marker = _labelled(inner, span, bodies, conv, bare=True) or _clauses(
            inner, span, bodies, conv, spans.closes_item(view, span, end)
        )
        if marker is None and (parts := _parts(view, span, bodies, conv)):
            found.extend(parts)  # `（线上部分由A负责，线下部分由B负责）`: a marker per part
            covered.append(span)
            continue
        if not keep(marker, span) and (
            marker is None and Convention.FIRST_LEADS.search(inner) or Convention.NO_ORDER.search(inner)
        ):
            conv.read(inner)
    for span in spans.wrapped(view, start, end):
        if not any(c.start < span.end and span.start < c.end for c in covered):
            inner = spans.unwrap(view[span.start + 1 : span.end - 1])
            if not STANDING_RULE.search(inner):
                bare = spans.closes_item(view, span, end)
                keep(_labelled(inner, span, bodies, conv) or _clauses(inner, span, bodies, conv, bare), span)
    for span in spans.labelled_lines(view, start, end, covered):
        keep(_labelled(view[span.start : span.end], span, bodies, conv), span)
    for across in (True, False):  # its clauses joined by `；` first, else its last clause alone
        closing = spans.closing_sentence(view, start, end, covered, across)
        if closing is not None:
            marker = _closing(view, closing, bodies, conv)
            if keep(marker, marker.span if marker else closing):
                if marker is not None and marker.span.start > closing.start:
                    found.extend(_earlier_tails(view, closing.start, marker.span.start, bodies, conv))
                break
    return sorted(found, key=lambda m: m.span.start)


# A part of an item named before its own 由 clause: `线上部分由A负责` (not `自由贸易…`).
_PART = re.compile(r"(?P<part>[^由]{1,20}?)(?<!自)由(?P<who>.+)")


def _parts(view: str, span: Span, bodies: Bodies, conv: Convention) -> list[Marker]:
    """A bracket of two or more clauses `X由A负责`, each naming a part of the item and its own
    bodies: one marker per clause (the first from the bracket's start, the last to its end), so
    that the item becomes one task per part, as an item with a marker per clause does."""
    inner_start = span.start + 1
    pieces = [(m.start(), m.end()) for m in re.finditer(r"[^，；]+", view[inner_start : span.end - 1])]
    if len(pieces) < 2:
        return []
    out: list[Marker] = []
    for k, (a, b) in enumerate(pieces):
        part = _PART.fullmatch(view, inner_start + a, inner_start + b)
        if part is None or agency_like(part.group("part").strip()):
            return []
        groups = _verb_clause(part.group("who").strip(), bodies)
        if not groups:
            return []
        start = span.start if k == 0 else part.start("who") - 1
        stop = span.end if k == len(pieces) - 1 else inner_start + b
        out.append(Marker(Span(start, stop), assign(groups, conv)))
    return out


def _earlier_tails(view: str, start: int, end: int, bodies: Bodies, conv: Convention) -> list[Marker]:
    """Clauses of a sentence joined by `；`, before its last one, each closed by its own
    `，由A负责` (`加强甲工作，由市甲局负责；推进乙工作，由市乙局负责。`): a marker per clause."""
    out: list[Marker] = []
    piece = start
    for semi in [i for i in range(start, end) if view[i] == "；"]:
        tail = view.find("，由", piece, semi)
        while tail != -1:
            marker = _clauses(view[tail + 1 : semi], Span(tail + 1, semi + 1), bodies, conv)
            if marker is not None and marker.entries:
                out.append(marker)
                break
            tail = view.find("，由", tail + 2, semi)
        piece = semi + 1
    return out


def _closing(view: str, closing: Span, bodies: Bodies, conv: Convention) -> Marker | None:
    """An item's closing sentence of role clauses, or its role clauses from one opened by 由 to
    its end (`…，由A负责。`, `…，由A牵头，B配合。`), after its last `；`."""
    marker = _clauses(view[closing.start : closing.end - 1], closing, bodies, conv)
    if marker is not None and marker.entries:
        return marker
    piece = max(closing.start, view.rfind("；", closing.start, closing.end) + 1)
    tail = view.find("，由", piece, closing.end)
    while tail != -1:
        found = _clauses(view[tail + 1 : closing.end - 1], Span(tail + 1, closing.end), bodies, conv)
        if found is not None and found.entries:
            return found
        tail = view.find("，由", tail + 2, closing.end)
    return marker


def deadline_of(view: str, start: int, end: int) -> str | None:
    """A deadline stated in its own parentheses: （2023年底前）, （长期坚持）, （完成时限：2024年底）."""
    for span in spans.parentheticals(view, start, end):
        inner = view[span.start + 1 : span.end - 1].strip()
        if is_deadline(inner):
            return inner
        value = _deadline_field(inner)
        if value is not None and "：" not in value:
            return value
    return None


def _labels(text: str, bare: bool = False) -> list[tuple[re.Match[str], Role | None, str]]:
    """The responsibility labels of a text with their roles (None: a host label, `主（协）办机关`);
    `bare`: a text in brackets, which may start with a bare role word (`牵头：A；配合：B`)."""
    if bare and not LABEL.search(text) and not HOST_LABEL.search(text):
        if not BARE_LABEL.match(text.strip()):
            return []
        return [(m, label_role(m), label_word(m)) for m in BARE_LABEL.finditer(text)]
    hosts = list(HOST_LABEL.finditer(text))
    found: list[tuple[re.Match[str], Role | None, str]] = [
        (m, label_role(m), label_word(m))
        for m in LABEL.finditer(text)
        if not any(h.start() <= m.start() < h.end() for h in hosts)  # 协办机关 of 主协办机关
    ]
    found += [(m, None, "主办") for m in hosts]
    return sorted(found, key=lambda x: x[0].start())


def _labelled(text: str, span: Span, bodies: Bodies, conv: Convention, bare: bool = False) -> Marker | None:
    """Fields `label：value` (separated by ；, or running on after a deadline); `bare`: the text
    of brackets, where bare role words may be its labels if every name they give is a body's."""
    labels = _labels(text, bare)
    if not labels:
        return None
    marker = Marker(span)
    marker.deadline = _deadline_in(text[: labels[0][0].start()])
    groups: list[Group] = []
    for i, (m, role, word) in enumerate(labels):
        stop = labels[i + 1][0].start() if i + 1 < len(labels) else len(text)
        value, rest = _until_other_field(text[m.end() : stop])
        if rest is not None and marker.deadline is None and _DEADLINE_FIELD.match(rest[0]):
            marker.deadline = rest[1]
        conv.read(value)
        if role is None:
            groups.extend(_hosts(value, bodies))
            continue
        names: list[str] = []
        for segment in value.split("；"):
            segment, tail = _deadline_tail(segment)  # `协办机关：乙署、丙会，预计115年12月完成`
            marker.deadline = marker.deadline or tail
            if is_deadline(segment):
                marker.deadline = marker.deadline or segment.strip(" ，。")
            elif (verbs := _verb_value(segment, bodies, role, word)) is not None:
                groups.extend(verbs)  # 责任单位：A牵头，B配合
            else:
                names += bodies.split(strip_notes(segment))
        if names:
            groups.append(Group(role, names, word))
    if labels[0][0].re is BARE_LABEL and not all(agency_like(n) for g in groups for n in g.names):
        return None
    marker.entries = assign(groups, conv)
    return marker


def _deadline_tail(value: str) -> tuple[str, str | None]:
    """A value's names without the deadline clause after its last `，` (`乙署，预计115年12月完成`)."""
    head, comma, tail = value.rpartition("，")
    if comma and head.strip() and is_deadline(tail.strip(" 。")):
        return head, tail.strip(" 。")
    return value, None


def _hosts(value: str, bodies: Bodies) -> list[Group]:
    """`主（协）办机关：甲部、（乙部）`, `甲部（乙部）`: organisers, then co-organisers in brackets."""
    hosts: list[str] = []
    others: list[str] = []
    for name in split_plain(value.strip(" ；，。"), "、，；"):
        inner = re.fullmatch(r"[（(](?P<in>[^（）()]+)[）)]", name)
        trailing = re.fullmatch(r"(?P<out>[^（(]+)[（(](?P<in>[^（）()]+)[）)]", name)
        if inner:
            others += bodies.split(inner.group("in"))
        elif trailing:
            hosts += bodies.split(trailing.group("out"))
            others += bodies.split(trailing.group("in"))
        else:
            hosts += bodies.split(name)
    return [g for g in (Group(Role.LEAD, hosts, "主办"), Group(Role.SUPPORT, others, "协办")) if g.names]


def _verb_value(value: str, bodies: Bodies, role: Role, word: str) -> list[Group] | None:
    """A labelled value written as clauses with verbs: `A牵头，B、C配合`; a clause of names
    alone takes the label's role (`责任单位：A，B、C按职责分工配合`: A as the label says)."""
    if not _VALUE_VERBS.search(value):
        return None
    groups: list[Group] = []
    for clause in (c.strip() for c in _CLAUSE_SPLIT.split(value)):
        found = _verb_clause(clause, bodies) if clause else []
        if found is None and (names := bodies.split(clause)) and all(agency_like(n) for n in names):
            found = [Group(role, names, word)]
        if found is None:
            return None
        groups.extend(found)
    return groups if any(g.verb != word for g in groups) else None


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
            return before.rstrip(_VALUE_END), (m.group("field"), rest)
    return value.strip(_VALUE_END), None


_VALUE_END = " \t\n\u3000；，。-*•·"  # and the bullet of the next field's line (`\n   - 配合单位：`)


def _clauses(text: str, span: Span, bodies: Bodies, conv: Convention, bare: bool = False) -> Marker | None:
    """`A牵头，B配合` and the like; None unless every clause is a marker clause. `bare`: the
    bracket closes its item (`spans.closes_item`), so a list of bodies alone is its marker."""
    marker = Marker(span)
    groups: list[Group] = []
    declared = False
    listed = ""  # names before a `，` whose verb comes later: `A、B，C按职责分工负责`
    for clause in (c.strip() for c in _CLAUSE_SPLIT.split(text)):
        if not clause:
            continue
        if (
            Convention.FIRST_LEADS.search(clause)
            or Convention.NO_ORDER.search(clause)
            or _SEQUEL.match(clause)
        ):
            conv.read(clause)
            declared = True
        elif (not listed or bare) and (value := _deadline_field(clause)) is not None:
            marker.deadline = marker.deadline or value  # `（A牵头负责，B组织落实；完成时限：…）`
        elif (not listed or bare) and (is_deadline(clause) or is_period(clause)):
            marker.deadline = marker.deadline or clause  # also after a bare list: `（A、B；2025年内）`
        elif groups and not listed and (along := _along(clause, bodies)) is not None:
            groups.append(along)
        elif (found := _verb_clause(f"{listed}，{clause}" if listed else clause, bodies)) is not None:
            groups.extend(found)
            listed = ""
        elif (names := bodies.split(clause)) and all(agency_like(n) for n in names):
            listed = f"{listed}，{clause}" if listed else clause
        else:
            return None
    if listed and bare and not groups:
        groups.append(Group(Role.RESPONSIBLE, bodies.split(listed)))  # `…程序。（A、B、C）`
    elif listed or not groups:
        return None if not declared else Marker(span)
    marker.entries = assign(groups, conv)
    return marker


def _along(clause: str, bodies: Bodies) -> Group | None:
    """`联同B及C推展`, `并与B及C合作` after a lead's clause: B and C support it."""
    m = _ALONG.match(clause)
    names = bodies.split(m.group("names") or m.group("partners")) if m else []
    if m and names and all(agency_like(n) for n in names):
        return Group(Role.SUPPORT, names, m.group("word") or m.group("with"))
    return None


def verb_clause(clause: str, bodies: Bodies) -> list[Group] | None:
    """Names and the verb after them (`A、B牵头负责`, `A会同有关部门负责`), or None."""
    return _verb_clause(clause, bodies)


def _verb_clause(clause: str, bodies: Bodies) -> list[Group] | None:
    with_ = _WITH.match(clause)
    if with_:
        lead = bodies.split(with_.group("lead"))
        others = bodies.split(with_.group("others"))
        if lead and others and all(agency_like(n) for n in lead + others):
            word = with_.group("word")
            return [Group(Role.LEAD, lead, word), Group(Role.SUPPORT, others, word)]
    m = _VERB.match(clause)
    if not m:
        return None
    names = bodies.split(m.group("names"))
    if not names or not all(agency_like(n) and not _BY.search(n) for n in names):
        return None  # `所需经费由市财政局负责` names money, not a task's body
    verb = m.group("verb")
    return [Group(VERB_ROLES[verb], names, verb)]
