"""Role words of responsibility markers: labels (牵头单位), clause verbs (组织落实), and roles.

The words are data shared with the question reader (kb/data/lexicon.tsv): a label is a role
word and a unit word (牵头 + 单位), a clause is names and a verb (市甲局 + 牵头负责). `assign`
turns the groups a marker names into one role per agency: an explicit role as written, and the
first of a responsible list leading unless the document says the order means nothing.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kb import lexicon
from kb.model import Role

LABEL_ROLES: dict[str, Role] = {
    **lexicon.role_labels(),
    **lexicon.assess_labels(),
    **lexicon.document_labels(),
}
QUALIFIER_ROLES: dict[str, Role] = lexicon.role_qualifiers()
VERB_ROLES: dict[str, Role] = lexicon.role_verbs()
ROLE_WORDS = lexicon.alternation(LABEL_ROLES)
UNIT_WORDS = lexicon.alternation(lexicon.unit_words())
VERBS = lexicon.alternation(VERB_ROLES)
# A label: [qualifier] role word + unit word [（单位）]: 牵头单位, 主要责任单位, 牵头部门（单位）.
# Two unit words may share the label: 负责政策局／部门, 责任单位/部门.
LABEL_WORDS = (
    rf"(?P<qual>{lexicon.alternation(QUALIFIER_ROLES)})?"
    rf"(?P<label>{ROLE_WORDS})(?P<unit>{UNIT_WORDS})(?:[／/](?:{UNIT_WORDS}))?(?:（(?:{UNIT_WORDS})）)?"
)
# Unit words under which the responsible one leads: Macau's 负责实体 is the entity in charge
# (beside its 协作实体), as 牵头单位 is; every entity it lists leads.
_LEADING_UNITS = frozenset(w for w, v in lexicon.words("doc_unit_word").items() if v == "lead")
_ROLE_LABELS = lexicon.role_labels()
LABEL = re.compile(rf"{LABEL_WORDS}[ \t]*[：]")
# What every label ends with: a unit word and the colon (rare characters first: a fast scan).
_LABEL_END = re.compile(rf"(?:{UNIT_WORDS})(?:（(?:{UNIT_WORDS})）)?[ \t]*[：]")
# Taiwan's `主（協）辦機關：甲部、（乙部）`: the organiser leads, the units in brackets support.
# `主（协）办机关：`, also written `主协办机关：` and `主/协办机关：`.
HOST_LABEL = re.compile(rf"主(?:（协）|[/／]?协)办(?:{UNIT_WORDS})[ \t]*[：]")
_INLINE_LEAD = re.compile(r"[（(]牵头[）)]$|牵头$")
# A role word as a label of its own, without a unit word, inside a marker's brackets only:
# `（牵头：市甲局；配合：市乙局）`, Taiwan's `（主辦：甲部；協辦：乙署）`.
BARE_LABEL = re.compile(
    r"(?:^|(?<=[；，。\s]))(?P<qual>)"
    r"(?P<label>牵头|配合|主办|协办|主责|负责|责任|参与|协助|协同|指导)[ \t]*[：]"
)


def has_label(text: str) -> bool:
    """Whether a text holds a responsibility label anywhere (as `LABEL.search`, faster)."""
    return any(LABEL.search(text, max(0, m.start() - 12), m.end()) for m in _LABEL_END.finditer(text))


def label_role(m: re.Match[str]) -> Role:
    """The role a matched label (LABEL_WORDS) gives: its qualifier's, else its word's."""
    qualifier = m.group("qual")
    if qualifier:
        return QUALIFIER_ROLES[qualifier]
    word = m.group("label")
    role = LABEL_ROLES[word]
    unit = m.groupdict().get("unit")
    if role is Role.RESPONSIBLE and unit in _LEADING_UNITS and word in _ROLE_LABELS:
        return Role.LEAD  # 负责实体 leads; a document-only word (执行实体) stays responsible
    return role


def label_word(m: re.Match[str]) -> str:
    """The role word of a matched label as written: 牵头 of 牵头单位, 实施 of 实施部门."""
    return (m.group("qual") or "") + m.group("label")


class Group(NamedTuple):
    """Names a marker gives one role, with the word that gives it."""

    role: Role
    names: list[str]
    verb: str = ""


class Entry(NamedTuple):
    """One agency of a marker: its name as written (simplified), role and role word."""

    name: str
    role: Role
    verb: str = ""
    implied: bool = False  # given by a standing rule, not by the task's own marker


class Convention:
    """How a document assigns roles in a list: the first listed leads, unless it says otherwise.

    `列第一位者为牵头单位，下同` confirms the default; `排名不分先后` switches it off.
    """

    FIRST_LEADS = re.compile(
        r"(?:列|排|排名|排在)?(?:第一位|第一|首位|第一个)(?:的|者)?(?:单位|部门)?为牵头(?:单位|部门)"
    )
    NO_ORDER = re.compile(r"(?:排名|排序)?不分先后")

    def __init__(self) -> None:
        self.first_leads = True

    def read(self, text: str) -> None:
        if self.NO_ORDER.search(text):
            self.first_leads = False
        elif self.FIRST_LEADS.search(text):
            self.first_leads = True

    def within(self, *notes: str) -> Convention:
        """The convention of one table: the document's, unless a note of the table (its header's
        `责任单位（排名不分先后）`, a title or note row by it: `注：责任单位排名不分先后`) says the order
        means nothing; then for that table only."""
        if not any(self.NO_ORDER.search(n) for n in notes):
            return self
        scoped = Convention()
        scoped.first_leads = False
        return scoped


# Verbs of implementing (组织落实, 具体实施, 负责落实 …, and the label words 落实, 实施): beside a
# guide (`甲部指导，试点城市政府负责落实`) the implementers support and nobody leads.
_IMPLEMENTS = re.compile(r"落实|实施")


def _assesses(verb: str) -> bool:
    """Whether a lead's verb is one of assessing (牵头考核, 牵头评价): the units answering for an
    indicator are its responsible bodies, so of several the first leads, as in a 责任单位 list."""
    return any(v in verb for v in lexicon.assess_verbs())


def implements(role: Role, verb: str) -> bool:
    """Whether a responsible group's verb says it carries the task out (组织落实, 具体实施)."""
    return role is Role.RESPONSIBLE and bool(_IMPLEMENTS.search(verb))


def assign(groups: list[Group], conv: Convention) -> list[Entry]:
    """Roles for every name: explicit ones kept; a responsible list's first leads by convention
    (where the order means nothing, all are responsible, but a single unit still leads), and so
    does the first of several assessing units (牵头考核单位：甲局、乙局);
    implementers beside a guide support (`甲部指导，乙市政府组织落实`: no lead)."""
    explicit_lead = any(g.role is Role.LEAD for g in groups) or any(
        _INLINE_LEAD.search(n) for g in groups for n in g.names
    )
    guided = any(g.role is Role.GUIDE for g in groups)
    # A single unit leads even where the order means nothing (排名不分先后): it has no peers.
    alone = sum(len(g.names) for g in groups if g.role is Role.RESPONSIBLE) == 1
    out: list[Entry] = []
    first_list = True
    for role, names, verb in groups:
        marked = any(_INLINE_LEAD.search(n) for n in names)  # 市科委（牵头）、市财政局
        if guided and not marked and implements(role, verb):
            out += [Entry(name, Role.SUPPORT, verb) for name in names]
            continue
        for i, raw in enumerate(names):
            name = _INLINE_LEAD.sub("", raw).strip() or raw
            if _INLINE_LEAD.search(raw):
                out.append(Entry(name, Role.LEAD, verb or "牵头"))
            elif marked or role is Role.RESPONSIBLE and explicit_lead:
                out.append(Entry(name, Role.SUPPORT, verb))
            elif role is Role.LEAD and len(names) > 1 and _assesses(verb):  # 牵头考核单位：甲局、乙局
                first = Role.LEAD if i == 0 else Role.SUPPORT
                out.append(Entry(name, first if conv.first_leads else Role.RESPONSIBLE, verb))
            elif role is not Role.RESPONSIBLE:
                out.append(Entry(name, role, verb))
            elif not conv.first_leads and not alone:
                out.append(Entry(name, Role.RESPONSIBLE, verb))
            else:
                out.append(Entry(name, Role.LEAD if first_list and i == 0 else Role.SUPPORT, verb))
        if role is Role.RESPONSIBLE:
            first_list = False
    seen: set[str] = set()
    return [e for e in out if not (e.name in seen or seen.add(e.name))]  # type: ignore[func-returns-value]
