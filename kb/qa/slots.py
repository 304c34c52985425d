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
from kb.normalize import detect_script, fold_width
from kb.qa import tokens as tk
from kb.qa.asked import DOCUMENTS, FRAME, TOPIC, YES_NO, asks_of, aspect_of, role_of
from kb.qa.gazetteer import Gazetteer
from kb.qa.tokens import Token

_CONTENT = (tk.TEXT, tk.PLACE, tk.AGENCY)
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


@dataclass(frozen=True, slots=True)
class _Run:
    tokens: tuple[Token, ...]

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


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
    pieces = _inline_quotes(tk.tokens(norm, gazetteer, english=language == "english"))
    runs, inside = _runs(pieces, _names(question[:READ], norm) if language == "english" else None)
    doc, doc_kind, rest = _document(norm, pieces, runs)
    if doc_kind == "phrase" and doc:  # 关于印发 between a document's issuers and its title
        start = norm.find(doc)
        inside |= {i for i, t in enumerate(pieces) if start <= t.start and t.end <= start + len(doc)}
    frame = [t for i, t in enumerate(pieces) if i not in inside and t.kind == tk.WORD and t.has(*FRAME)]
    agencies, words_runs = _agencies(rest)
    asks = asks_of(pieces, inside)
    role = role_of(frame)
    aspect, counted = aspect_of(norm, pieces, frame, asks, bool(agencies), language)
    kept = [r for r in words_runs if r.tokens[-1] is not _LAST] or [
        _Run(r.tokens[:-1]) for r in words_runs if r.tokens[-1] is _LAST
    ]
    words = max((norm[r.start : r.end] for r in kept if r.end - r.start > 1), key=len, default=None)
    quoted = next((t.value for t in pieces if t.kind == tk.QUOTE), None)
    if aspect == DOCUMENTS and doc_kind == "phrase" and not (words or quoted):
        words, doc, doc_kind = _topic_of(doc or ""), None, None  # 有关X的文件有哪些: X is the topic
    task = next((t.value for t in pieces if t.kind == tk.TASK and t.value), None)
    if not (task or quoted or words or agencies) and aspect == YES_NO:
        aspect = TOPIC
    named = tuple(dict.fromkeys(agencies))
    own = _own_roles(pieces, named)
    joint = len(named) > 1 and (any(t.has("joint") for t in frame) or bool(own))
    subject = as_typed(question, _subject(norm, pieces, runs, agencies), language)
    return Slots(
        question, language, norm, doc, doc_kind, task, quoted, words, named, joint,
        role if not own else None, aspect, counted, subject,
        tuple(dict.fromkeys(t.value for t in pieces if t.kind == tk.PLACE)), own,
        tuple(next(t.text for t in pieces if t.kind == tk.AGENCY and t.value == a) for a in named)
        if language == "english" else (),
    )  # fmt: skip


def _own_roles(pieces: list[Token], agencies: tuple[str, ...]) -> tuple[str | None, ...]:
    """Each agency's own role when every one is followed by its role word (市甲局牵头、市乙委配合:
    the tasks where each holds that role); () otherwise."""
    if len(agencies) < 2:
        return ()
    roles: dict[str, str | None] = {}
    for i, t in enumerate(pieces):
        if t.kind != tk.AGENCY or t.value in roles:
            continue
        following = next((x for x in pieces[i + 1 : i + 3] if not _glue(x)), None)
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


def _content(t: Token) -> bool:
    return t.kind in _CONTENT or (t.kind == tk.WORD and t.has("word", "doc_noun") and not t.has(*FRAME))


def _inline_quotes(pieces: list[Token]) -> list[Token]:
    """Quotes written inside a name or a task's words (大件运输“一件事”实施方案, 强化大企业反向“硬孵化”)
    are part of it: text, not quoted words."""
    out = list(pieces)
    for i, t in enumerate(pieces):
        if t.kind != tk.QUOTE:
            continue
        before = pieces[i - 1] if i > 0 else None
        after = pieces[i + 1] if i + 1 < len(pieces) else None
        touching = [x for x in (before, after) if x is not None and (x.end == t.start or x.start == t.end)]
        following = next((x for x in pieces[i + 1 :] if x.kind != tk.SPACE), None)
        named = following is not None and following.has("doc_noun") and t.text[:1] == "'"
        if named or any(_content(x) and x.kind != tk.AGENCY for x in touching):  # the 'one thing' plan
            out[i] = Token(tk.TEXT, t.text, t.start, t.end)
    return out


def _textlike(t: Token, place: bool = False) -> bool:
    return t.kind == tk.TEXT or (t.kind == tk.WORD and t.has("word")) or (place and t.kind == tk.PLACE)


def _glue(t: Token) -> bool:
    return t.kind == tk.SPACE or (t.kind == tk.WORD and not t.has(*FRAME) and not _content(t))


def _names(question: str, norm: str) -> str | None:
    """The question with its capitals, aligned with its normal form (English only): a run may
    go over `of` between capitalised words (the Ministry of Magic)."""
    cased = re.sub(r"\s+", " ", fold_width(question)).strip()
    return cased if len(cased) == len(norm) else None


def _runs(pieces: list[Token], cased: str | None = None) -> tuple[list[_Run], set[int]]:
    """Runs of content, and the indexes of the pieces inside them (a role word between two
    pieces of text is a task's word: 加强市级统筹和指导监督)."""
    runs: list[_Run] = []
    inside: set[int] = set()
    current: list[int] = []
    pending: list[int] = []
    for i, t in enumerate(pieces):
        if _content(t):
            if current and _joins(pieces[current[-1]], [pieces[j] for j in pending], t, cased):
                current += pending + [i]
            else:
                if current:
                    runs.append(_Run(tuple(pieces[j] for j in current)))
                    inside.update(current)
                current = [i]
            pending = []
        elif current and (t.kind in (tk.SPACE, tk.WORD)):
            pending.append(i)
        else:
            if current:
                runs.append(_Run(tuple(pieces[j] for j in current)))
                inside.update(current)
            current, pending = [], []
    if current:
        runs.append(_Run(tuple(pieces[j] for j in current)))
        inside.update(current)
    return runs, inside


def _joins(before: Token, between: list[Token], after: Token, cased: str | None = None) -> bool:
    if not between:
        return True
    if any(t.has("prep") for t in between):
        capitals = cased is not None and cased[before.start].isupper() and cased[after.start].isupper()
        return capitals and all(t.kind == tk.SPACE or t.text in ("of", "and") for t in between)
    if any(t.has(*FRAME) for t in between):
        blocked = any(t.has("ask", "aux", "this", "joint", "each") for t in between)
        return not blocked and _textlike(before, place=True) and _textlike(after, place=True)
    if tk.AGENCY in (before.kind, after.kind):  # 市甲局和市乙委: a list; 市甲局在上海方案: not one run
        return before.kind == after.kind == tk.AGENCY and all(
            t.kind == tk.SPACE or t.has("conj") for t in between
        )
    return True


# -- the document ---------------------------------------------------------------------------------


def _document(norm: str, pieces: list[Token], runs: list[_Run]) -> tuple[str | None, str | None, list[_Run]]:
    """The document named (by number, 《title》, description or place) and the other runs."""
    number = next((t.value for t in pieces if t.kind == tk.NUMBER), None)
    title = next((t.value for t in pieces if t.kind == tk.TITLE), None)
    rest: list[_Run] = []
    phrase = place = None
    joined: set[int] = set()  # runs read as part of the document's name
    phrase_run: _Run | None = None
    for k, run in enumerate(runs):
        if k in joined:
            continue
        split = _doc_split(run)
        if split is None and phrase is None and _of_tasks(pieces, run):
            split = len(run.tokens) - 1  # the Qingpu construction waste tasks: a place's document
        if split is not None and phrase is None and not _EVERY.match(norm[run.start : run.tokens[split].end]):
            start = _issuer_start(norm, runs, k, pieces)
            phrase = norm[start : run.tokens[split].end]
            phrase_run = _Run(run.tokens[: split + 1])
            if split == len(run.tokens) - 1 and k + 1 < len(runs) and _about(norm, run, runs[k + 1]):
                phrase = norm[start : runs[k + 1].end]  # the guideline on the sports … industry
                joined.add(k + 1)
            after = list(run.tokens[split + 1 :])
            while after and (not _content(after[0]) or after[0].has("doc_noun")):
                after = after[1:]
            if after:
                rest.append(_Run(tuple(after)))
        elif all(t.kind == tk.PLACE or _glue(t) for t in run.tokens) and place is None:
            place = norm[run.start : run.end]
            rest.append(run)
        else:
            rest.append(run)
    rest = [r for r in rest if not (phrase and _issuer_of(r, runs, phrase, norm))]
    if (number or title) and phrase and phrase_run is not None and len(phrase) >= 4:
        rest.append(
            _Run(phrase_run.tokens + (_LAST,))
        )  # 沪府办发〔2024〕3号编制系统方案: maybe a task's words
    if number:
        return number, "number", rest
    if title:
        return title, "title", rest
    if phrase:
        return phrase, "phrase", rest
    return (
        (place, "place", [r for r in rest if norm[r.start : r.end] != place]) if place else (None, None, rest)
    )


# every document, 所有文件: no document in particular
_EVERY = re.compile(
    r"^(?:across |in |of |from )?(?:all|every|any|each)(?: of)?(?: the)?"
    r" (?:documents?|files?|policies|plans)$"
    r"|^(?:所有|全部|各|各个|各份|任何)(?:的)?(?:文件|政策|方案)$"
)
_ABOUT = re.compile(r"\s+(?:on|about|regarding|concerning|for)\s+(?:the\s+)?")


def _of_tasks(pieces: list[Token], run: _Run) -> bool:
    """Whether an English run with a place in it comes just before `tasks` (which Qingpu
    construction waste tasks …): it describes the document the tasks are in."""
    if not run.tokens[0].text.isascii() or not any(t.kind == tk.PLACE for t in run.tokens):
        return False
    if all(t.kind == tk.PLACE or _glue(t) for t in run.tokens):
        return False
    following = next((t for t in pieces if t.start >= run.end and t.kind != tk.SPACE), None)
    return following is not None and following.has("task_noun")


def _about(norm: str, run: _Run, following: _Run) -> bool:
    """Whether an English document noun is followed by what it is about (guideline on …)."""
    return bool(_ABOUT.fullmatch(norm[run.end : following.start])) and not any(
        t.kind == tk.AGENCY for t in following.tokens
    )


_LAST = Token(tk.SPACE, "", -1, -1)  # marks a run read as words only when no other run is


def _doc_split(run: _Run) -> int | None:
    """Where a run's document name ends: the last document noun after some content that no
    text follows directly (计划建设 is a verb, 方案里 a document)."""
    found = None
    for i, t in enumerate(run.tokens):
        if not (t.kind == tk.WORD and t.has("doc_noun")) or not any(
            x.kind in _CONTENT for x in run.tokens[:i]
        ):
            continue
        after = run.tokens[i + 1] if i + 1 < len(run.tokens) else None
        if after is not None and after.kind == tk.WORD and after.has("locative"):
            return i  # 崇明的方案里强化法规政策…: 方案里 ends the name, 政策 is a task's word
        if after is None or not (after.kind in _CONTENT or _textlike(after)):
            found = i
    return found


def _issuer_start(norm: str, runs: list[_Run], k: int, pieces: list[Token]) -> int:
    """Where a described document starts: with its issuers when they come just before 关于 or
    印发 (上海市交通委员会关于印发…的通知)."""
    run = runs[k]
    if k == 0:
        return run.start
    before = runs[k - 1]
    between = norm[before.end : run.start].replace(" ", "")
    if all(t.kind == tk.AGENCY or t.has("conj") for t in before.tokens) and between in (
        "关于", "印发", "关于印发", "转发", "关于转发",
    ):  # fmt: skip
        return before.start
    return run.start


def _issuer_of(run: _Run, runs: list[_Run], phrase: str, norm: str) -> bool:
    """Whether an agency run is the issuer part of the described document."""
    return phrase.startswith(norm[run.start : run.end]) and all(
        t.kind == tk.AGENCY or t.has("conj") or t.kind == tk.SPACE for t in run.tokens
    )


def _topic_of(phrase: str) -> str:
    return re.sub(r"(?:的)?(?:文件|政策|规定|办法|方案)$", "", phrase).strip() or phrase


# -- agencies, words, the subject -----------------------------------------------------------------


def _agencies(runs: list[_Run]) -> tuple[list[str], list[_Run]]:
    """Agency names of the runs that hold nothing else, and the runs of words."""
    agencies: list[str] = []
    words: list[_Run] = []
    for run in runs:
        if all(t.kind == tk.AGENCY or t.has("conj") or t.kind == tk.SPACE for t in run.tokens):
            agencies += [t.value for t in run.tokens if t.kind == tk.AGENCY]
        elif any(t.kind != tk.PLACE and not _glue(t) and not t.has("doc_noun") for t in run.tokens):
            words.append(run)
    return agencies, words


def _subject(norm: str, pieces: list[Token], runs: list[_Run], agencies: list[str]) -> str | None:
    """The words just before a role word when no agency was found (北京 in 北京负责哪些任务):
    named in a not-found answer, never looked up as an agency."""
    if agencies:
        return None
    for run in runs:
        following = next((t for t in pieces if t.start >= run.end and t.kind != tk.SPACE), None)
        if following is not None and lexicon.asked_role(following.cats) and following.text != "涉及":
            return norm[run.start : run.end]
    return None
