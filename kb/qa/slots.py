"""The slots of a question: what it names and what it asks, read from its pieces.

The pieces (kb.qa.tokens) are grouped into runs of content (text, places, agencies, document
nouns, joined by small words such as 的 and 和); a run is a document's name when it ends with a
document noun (上海的孵化器方案, 那个RCEP的文件, the Beijing incubator plan), a list of agencies
when it holds nothing else, a place, or the words of a task or topic. Question words, role
words and nouns outside the runs say what is asked (the aspect) and about which role. No
slot depends on another: each is read from the pieces on its own.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from kb import lexicon
from kb.model import Script
from kb.normalize import detect_script
from kb.qa import asked, context, unowned
from kb.qa import tokens as tk
from kb.qa.asked import DOCUMENTS, FRAME, TOPIC, YES_NO, asks_of, aspect_of, role_of
from kb.qa.document_slot import LAST, document
from kb.qa.gazetteer import Gazetteer
from kb.qa.runs import Run, cased_form, content, glue, runs_of
from kb.qa.tokens import Token

READ = 1000  # characters of a question read (kb ask refuses questions of more than 500)
_EN_START = re.compile(r"^\s*(?:who|which|what|where|when|how|is|are|does|do|list|show|tell)\s+[a-z]", re.I)


@dataclass(frozen=True, slots=True)
class Slots:
    """What a question names and asks, not yet resolved against a store (normal form)."""

    question: str
    language: str  # simplified, traditional or english: the language to answer in
    norm: str
    doc: str | None = None  # the document named: a number, a title, a description or a place
    doc_kind: str | None = None  # number, title, phrase or place
    task: str | None = None  # a task reference kb.resolve reads: 12, 第十二条, （三）, 二（三）3, #12
    quoted: str | None = None  # quoted words
    words: str | None = None  # unquoted words: a task's words, or the topic
    agencies: tuple[str, ...] = ()  # agency names found by lookup
    joint: bool = False  # 共同负责: the tasks every agency named shares
    role: str | None = None  # lead, support or guide; None for any role
    aspect: str = TOPIC  # owners, lead, support, tasks, yes_no, count, deadline, issuer, …
    counted: str | None = None  # for a count: tasks or agencies
    subject: str | None = None  # words before a role word that name no known agency (北京负责…)
    places: tuple[str, ...] = ()  # places named (outside agency names)
    agency_roles: tuple[str | None, ...] = ()  # 市甲局牵头、市乙委配合: each agency's own role
    agency_text: tuple[str, ...] = ()  # in English: each agency as the question writes it
    label_noun: str | None = None  # the word right after a label (第（二）阶段): its kind of item

    @property
    def target(self) -> str | None:
        """What names the task asked about: a label, quoted words or words."""
        return self.task or self.quoted or self.words

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["agencies"] = list(self.agencies)
        out["places"] = list(self.places)
        out["agency_roles"] = list(self.agency_roles)
        out["agency_text"] = list(self.agency_text)
        return out


def language_of(text: str) -> str:
    """English for mostly Latin letters (or English question words around Chinese names), else
    the script: simplified or traditional."""
    letters = len(re.findall(r"[A-Za-z]", text))
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    if letters >= 6 and (letters > 3 * cjk or bool(_EN_START.match(text))):
        return "english"
    return "traditional" if detect_script(text) is Script.TRADITIONAL else "simplified"


def read(question: str, gazetteer: Gazetteer) -> Slots:
    """The slots of a question."""
    language = language_of(question[:READ])
    norm = tk.normal_form(question[:READ])
    pieces = context.measures_named(
        context.inline_quotes(tk.tokens(norm, gazetteer, english=language == "english"))
    )
    pieces = context.joint_words(context.issuing_words(pieces))
    if language == "english":
        pieces = context.modifiers(context.named_in_chinese(pieces))
    runs, inside = runs_of(pieces, cased_form(question[:READ], norm) if language == "english" else None)
    doc, doc_kind, rest = document(norm, pieces, runs)
    phrase: set[int] = set()
    if doc_kind == "phrase" and doc:  # 关于印发 between a document's issuers and its title
        start = norm.find(doc)
        phrase = {i for i, t in enumerate(pieces) if start <= t.start and t.end <= start + len(doc)}
        inside |= phrase
    frame = [t for i, t in enumerate(pieces) if i not in inside and t.kind == tk.WORD and t.has(*FRAME)]
    agencies, words_runs = _agencies(rest)
    asks = asks_of(pieces, inside, frozenset(phrase))
    role = role_of(frame, norm)
    aspect, counted = aspect_of(norm, pieces, frame, asks, bool(agencies), language)
    listing = (asked.TASKS, asked.COUNT, TOPIC, asked.OWNERS)
    no_owner = unowned.asks_unowned(norm) and aspect in listing and not agencies
    kept = [r for r in words_runs if r.tokens[-1] is not LAST] or [
        Run(r.tokens[:-1]) for r in words_runs if r.tokens[-1] is LAST
    ]
    spans = _joined_spans(norm, kept) if language == "english" else [(r.start, r.end) for r in kept]
    words = max((norm[a:b] for a, b in spans if b - a > 1), key=len, default=None)
    if words and _ALL_ITEMS.match(words):
        words = None  # 方案三个阶段, 方案各项任务: every item of the document, no task in particular
    if words is None:  # 国家粮食应急预案4.2.1由谁负责: the section number is all that names it
        words = next((t.text.strip() for t in pieces if t.kind == tk.PUNCT and t.value == "section"), None)
    quoted = next((t.value for t in pieces if t.kind == tk.QUOTE), None)
    if aspect == DOCUMENTS and doc_kind == "phrase" and not (words or quoted):
        words, doc, doc_kind = _topic_of(doc or ""), None, None  # 有关X的文件有哪些: X is the topic
    task = next((t.value for t in pieces if t.kind == tk.TASK and t.value), None)
    if no_owner and not (task or quoted):  # 哪些任务没有明确责任单位: the items that name no unit
        aspect, counted, words = asked.UNOWNED, ("tasks" if aspect == asked.COUNT else None), None
    if not (task or quoted or words or agencies) and aspect == YES_NO:
        aspect = TOPIC
    named = tuple(dict.fromkeys(agencies))
    own = _own_roles(pieces, named)
    joint = len(named) > 1 and (any(t.has("joint") for t in frame) or bool(own))
    subject = _subject(norm, pieces, runs, agencies)
    if subject and doc and doc_kind == "phrase" and subject.startswith(doc):  # 清水行动方案中区丙队负责…
        subject = subject[len(doc) :].lstrip("中里内的 ") or None
    if doc_kind == "phrase" and doc and not agencies and (named_first := _BODY_IS.match(doc)):
        subject, doc = named_first.group(1), named_first.group(2)  # 市丁局是杭州更新方案第3项的…吗
    subject = as_typed(question, subject, language)
    return Slots(
        question, language, norm, doc, doc_kind, task, quoted, words, named, joint,
        role if not own else None, aspect, counted, subject,
        tuple(dict.fromkeys(t.value for t in pieces if t.kind == tk.PLACE)), own,
        tuple(next(t.text for t in pieces if t.kind == tk.AGENCY and t.value == a) for a in named)
        if language == "english" else (), _label_noun(pieces),
    )  # fmt: skip


_ALL_ITEMS = re.compile(
    r"^(?:各|每|所有|全部|[一二三四五六七八九十两\d]+)\s*(?:个|项|条)?\s*(?:阶段|任务|工作|措施|事项|举措)?$"
)
# a body's name no store knows, then 是, before the document's name
_BODY_IS = re.compile(
    r"^([\u4e00-\u9fff]{1,12}?(?:[局委办厅部处院会署]|中心|政府))是([\u4e00-\u9fff]{2,}.*)$"
)
_SMALL = re.compile(r"^(?:\s+|\s*\b(?:the|of|and|for|on|to|with|a|an)\b\s*)+$")


def _joined_spans(norm: str, runs: list[Run]) -> list[tuple[int, int]]:
    """English runs of words with only small words between them, as one span: a task's words
    run over `of` and `the` (deepening the reform of airspace management)."""
    spans: list[tuple[int, int]] = []
    for r in sorted(runs, key=lambda r: r.start):
        if spans and _SMALL.match(norm[spans[-1][1] : r.start]):
            spans[-1] = (spans[-1][0], r.end)
        else:
            spans.append((r.start, r.end))
    return spans


def _label_noun(pieces: list[Token]) -> str | None:
    """The word printed right after a label (第（二）阶段, 第三部分 excluded: the label holds it),
    which tells items sharing the label apart (联调联试阶段)."""
    for i, t in enumerate(pieces[:-1]):
        after = pieces[i + 1]
        if t.kind == tk.TASK and after.kind == tk.TEXT and after.start == t.end and 2 <= len(after.text) <= 4:
            following = pieces[i + 2] if i + 2 < len(pieces) else None
            if following is None or not content(following):  # 第（十三）条改善消费条件: the item's words
                return after.text
    return None


def _own_roles(pieces: list[Token], agencies: tuple[str, ...]) -> tuple[str | None, ...]:
    """Each agency's own role when every one is followed by its role word (市甲局牵头、市乙委配合:
    the tasks where each holds that role); () otherwise."""
    if len(agencies) < 2:
        return ()
    roles: dict[str, str | None] = {}
    for i, t in enumerate(pieces):
        if t.kind != tk.AGENCY or t.value in roles:
            continue
        following = next((x for x in pieces[i + 1 : i + 3] if not glue(x)), None)
        roles[t.value] = lexicon.asked_role(following.cats) if following is not None else None
    found = tuple(roles.get(a) for a in agencies)
    if "lead" in found:  # 市甲局牵头，市乙委参与: against a lead, taking part is supporting
        found = tuple("support" if r == "any" else r for r in found)
    return found if all(found) and len(set(found)) > 1 else ()


def as_typed(question: str, text: str | None, language: str) -> str | None:
    """English words as the question wrote them (the Ministry of Magic, not ministry of magic)."""
    if text is None or language != "english":
        return text
    m = re.search(re.escape(text).replace(r"\ ", r"\s+"), question, re.I)
    return m.group(0) if m else text


# -- runs of content ------------------------------------------------------------------------------


def _topic_of(phrase: str) -> str:
    return re.sub(r"(?:的)?(?:文件|政策|规定|办法|方案)$", "", phrase).strip() or phrase


# -- agencies, words, the subject -----------------------------------------------------------------


def _agencies(runs: list[Run]) -> tuple[list[str], list[Run]]:
    """Agency names of the runs that hold nothing else, and the runs of words."""
    agencies: list[str] = []
    words: list[Run] = []
    for run in runs:
        if all(t.kind == tk.AGENCY or t.has("conj") or t.kind == tk.SPACE for t in run.tokens):
            agencies += [t.value for t in run.tokens if t.kind == tk.AGENCY]
        elif any(t.kind != tk.PLACE and not glue(t) and not t.has("doc_noun") for t in run.tokens):
            words.append(run)
    return agencies, words


def _subject(norm: str, pieces: list[Token], runs: list[Run], agencies: list[str]) -> str | None:
    """The words just before a role word when no agency was found (北京 in 北京负责哪些任务):
    named in a not-found answer, never looked up as an agency."""
    if agencies:
        return None
    for run in runs:
        following = next((t for t in pieces if t.start >= run.end and t.kind != tk.SPACE), None)
        if following is not None and lexicon.asked_role(following.cats) and following.text != "涉及":
            return norm[run.start : run.end]
    return None
