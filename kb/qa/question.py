"""Understanding a question: what is asked, about which document, task or agency.

Questions come in simplified or traditional Chinese or in English. Kinds:
`owner_of_task`, `lead_of_task`, `support_of_task` (a task named by number, path or its own
words), `tasks_of_agency`, `agencies_of_document`, `documents` (about a topic) and `free`.
Parsing is patterns over the question in simplified script; resolving the names it
contains against the store is the answerer's job. No llama-index here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.model import Script
from kb.normalize import DOC_NUMBER, detect_script, fold, to_simplified, widen
from kb.qa.glossary import to_chinese

__all__ = ["Question", "parse", "to_chinese"]

OWNER, LEAD, SUPPORT = "owner_of_task", "lead_of_task", "support_of_task"
TASKS_OF_AGENCY, AGENCIES_OF_DOCUMENT, DOCUMENTS, FREE = (
    "tasks_of_agency", "agencies_of_document", "documents", "free",
)  # fmt: skip
MAX_CHARS = 500

_N = r"\d+|[一二三四五六七八九十百两]+"
_TASK = re.compile(
    rf"第\s*(?P<n>{_N})\s*(?:项|条|个)?\s*(?:重点)?(?:任务|工作|措施)"
    rf"|第\s*(?P<pn>（[一二三四五六七八九十]+）)\s*项(?:任务)?"
    rf"|(?:任务|事项)\s*(?P<n2>\d+)"
    rf"|(?P<path>[一二三四五六七八九十]+、?（[一二三四五六七八九十]+）\d*)"
    rf"|(?P<paren>（[一二三四五六七八九十]+）)(?:这?项)?(?:任务)?"
    rf"|第\s*(?P<n3>{_N})\s*项"
)
_QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", '"': '"'}
_AFTER_QUOTE = re.compile(r"^(?:这项|这个|该项|此项)?(?:任务|工作|措施)?")
_LEAD = re.compile(
    r"(?:是)?(?:由)?(?:谁|哪个|哪些|哪家|什么)(?:部门|单位|机构)?(?:来)?牵头|牵头(?:单位|部门)(?:是|为|有)?(?:谁|哪个|哪些|什么)?"
)
_SUPPORT = re.compile(
    r"(?:由|有)?(?:哪些|哪个|什么|谁)(?:部门|单位|机构)?(?:来)?(?:配合|参与|协助|协同)|配合(?:单位|部门)(?:是|为|有)?(?:谁|哪些|什么)?"
)
_OWNER = re.compile(
    r"(?:是)?(?:由)?(?:哪个|哪些|什么|哪家|谁)(?:部门|单位|机构)?(?:来)?(?:负责|主管|承担|落实|管)"
    r"|(?:的)?(?:责任|负责)(?:单位|部门)(?:是|为|有)?(?:谁|哪个|哪些|什么)?|归(?:谁|哪个部门)(?:管)?"
)
_TASKS_OF = re.compile(
    r"^(?P<a>.+?)(?P<r>负责|牵头|参与|配合|承担)(?:了)?(?:哪些|什么|几项|多少)(?:项)?(?:任务|工作|事项)"
    r"|^哪些(?:任务|工作|事项)(?:是)?(?:由|归)(?P<b>.+?)(?P<r2>牵头|负责|配合|参与)"
    r"|^(?P<c>.+?)(?:有|的)(?:哪些|什么)(?:任务|工作)"
)
_AGENCIES_OF = re.compile(
    r"(?:涉及|包括|包含|有|需要|要求)(?:哪些|什么|几个|多少个?)(?:责任|牵头|配合|参与)?(?:部门|单位|机构)"
    r"|(?:哪些|什么)(?:部门|单位|机构)(?:参与|负责|涉及)|(?:的)?责任单位(?:有|包括)(?:哪些|什么)"
)
_DOCUMENT_ASKED = re.compile(
    r"(?:涉及|包括|包含|有|需要|要求)(?:哪些|什么|几个|多少个?)(?:责任|牵头|配合|参与)?(?:部门|单位|机构)"
)
_DOC_WORD = r"(?:方案|计划|规划|意见|通知|措施|办法|规定|条例|决定|纲要|政策|文件)"
_ENDS_WITH_DOC = re.compile(rf"{_DOC_WORD}(?:里面|里|中|内|当中|的)?$")
# A document described, then the task's own words: 上海的孵化器方案里【激发国资投资孵化活力】
_DOC_THEN_WORDS = re.compile(rf"^(?P<d>.{{2,40}}?{_DOC_WORD})(?:里面|里|中|内|当中|的)(?P<w>.{{4,}})$")
_DOCUMENTS = re.compile(
    r"(?:哪些|什么)(?:文件|政策|文档|规定|办法|方案)(?:中)?(?:提到|提及|涉及|包含|有关|讲到?|说到?|关于|谈到)(?:了)?(?P<t>.+)"
    r"|^(?:有关|关于)(?P<t2>.+?)的(?:文件|政策)(?:有哪些)?"
)
_ASPECT = re.compile(
    r"^(?:请问)?(?P<s>.{2,40}?)的(?P<a>[^的，。？]{1,12}?)(?:是什么|是哪些|有哪些|是多少|有多少|是怎样的|如何|怎么样|有什么|包括什么|包括哪些)"
)
_FILLER = re.compile(
    r"[？?！!。，,、：:；;\s]+|^(?:请问|请|我想知道|想问)|(?:的|中的|里的|之|中|里|呢|吗|啊)$"
)
_DOC_NUMBER = re.compile(DOC_NUMBER)
_TITLE = re.compile(r"《(?P<t>[^《》]{2,120})》")
_EN_START = re.compile(r"^\s*(?:who|which|what|where|when|how|is|are|does|do|list|show|tell)\s+[a-z]", re.I)


@dataclass(frozen=True, slots=True)
class Question:
    """What a question asks, with the names it uses (not yet resolved)."""

    text: str
    script: str  # simplified, traditional or english: the script to answer in
    kind: str
    doc: str | None = None  # words naming the document
    task: str | None = None  # a task label or path (kb.resolve.find_task)
    task_words: str | None = None  # a task's own words
    agency: str | None = None
    role: str | None = None  # lead or support, for tasks_of_agency
    topic: str | None = None  # what to look for (documents, free)
    aspect: str | None = None  # what is asked about the topic: 标杆孵化器的【建设目标】是什么
    phrase: str | None = None  # the agency or topic as typed, when it was put into Chinese


def parse(text: str) -> Question:
    """The kind of a question and the names in it."""
    text = text.strip()
    if _is_english(text):
        from kb.qa import english

        return english.parse(text)
    script = "traditional" if detect_script(text) is Script.TRADITIONAL else "simplified"
    q = widen(fold(to_simplified(text))).strip()
    doc = doc_reference(q)
    task, rest = _task_reference(q)
    words = None
    quoted = _quoted(rest)
    if quoted:
        start, end, words = quoted
        end += _AFTER_QUOTE.match(rest[end:]).end()  # type: ignore[union-attr]
        rest = rest[:start] + " " + rest[end:]
    for kind, pattern in ((LEAD, _LEAD), (SUPPORT, _SUPPORT), (OWNER, _OWNER)):
        m = pattern.search(rest)
        if m is None:
            continue
        before = _clean(rest[: m.start()])
        if task or words:
            return Question(text, script, kind, doc or before or None, task, words)
        if before and not _about_document(rest, before):  # the task named by its words
            split = None if doc else _DOC_THEN_WORDS.match(before)
            if split:
                return Question(text, script, kind, split.group("d"), None, _clean(split.group("w")))
            return Question(text, script, kind, doc, None, before)
    return _other(text, script, q, doc, rest)


def _about_document(rest: str, before: str) -> bool:
    """`有哪些责任单位` asks about a document; so does `由哪些部门负责` after a document's name."""
    if _DOCUMENT_ASKED.search(rest):
        return True
    return bool(_AGENCIES_OF.search(rest)) and bool(_ENDS_WITH_DOC.search(before))


def _other(text: str, script: str, q: str, doc: str | None, rest: str) -> Question:
    m = _TASKS_OF.search(q)
    if m:
        agency = _clean(m.group("a") or m.group("b") or m.group("c") or "")
        role = m.group("r") or m.group("r2")
        if agency and not _TITLE.search(agency):
            return Question(text, script, TASKS_OF_AGENCY, agency=agency, role=_role(role))
    m = _AGENCIES_OF.search(rest)
    if m:
        return Question(text, script, AGENCIES_OF_DOCUMENT, doc=doc or _clean(rest[: m.start()]) or None)
    m = _DOCUMENTS.search(q)
    if m:
        return Question(text, script, DOCUMENTS, topic=_clean(m.group("t") or m.group("t2") or ""))
    aspect = _ASPECT.search(q)
    if aspect:
        return Question(text, script, FREE, doc=doc, topic=aspect.group("s"), aspect=aspect.group("a"))
    return Question(text, script, FREE, doc=doc, topic=q)


def doc_reference(q: str) -> str | None:
    """A document number or 《title》 in a question (simplified, widened)."""
    m = _DOC_NUMBER.search(q) or _TITLE.search(q)
    if m is None:
        return None
    return m.group("t") if "t" in m.groupdict() else m.group(0)


def without_doc_reference(q: str) -> str:
    """A question with its document numbers and 《titles》 blanked out."""
    return _TITLE.sub(" ", _DOC_NUMBER.sub(" ", q))


def _quoted(text: str) -> tuple[int, int, str] | None:
    """The first quoted phrase (2 to 60 characters), quotes inside it kept: “探索“超前孵化”新模式”."""
    for start, char in enumerate(text):
        close = _QUOTE_PAIRS.get(char)
        if close is None:
            continue
        depth, end = 1, start + 1
        while end < len(text) and end - start <= 62:
            if text[end] == close and (close == '"' or depth == 1):
                break
            depth += (text[end] == char) - (text[end] == close)
            end += 1
        else:
            continue
        if 2 <= end - start - 1 <= 60:
            return start, end + 1, text[start + 1 : end]
    return None


def _task_reference(q: str) -> tuple[str | None, str]:
    """The task label or path in a question, and the question without it (or its doc reference)."""
    rest = without_doc_reference(q)
    m = _TASK.search(rest)
    if not m:
        return None, rest
    g = m.groupdict()
    ref = g["n"] or g["pn"] or g["n2"] or g["path"] or g["paren"] or g["n3"]
    ref = ref.replace("、", "") if ref else ref
    return ref, rest[: m.start()] + " " + rest[m.end() :]


def _clean(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _FILLER.sub("", text.strip())
    return text


def _role(verb: str | None) -> str | None:
    return {"牵头": "lead", "配合": "support", "参与": "support"}.get(verb or "")


def _is_english(text: str) -> bool:
    """Mostly Latin letters, or English question words around Chinese names."""
    letters = len(re.findall(r"[A-Za-z]", text))
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    return letters >= 6 and (letters > 3 * cjk or bool(_EN_START.match(text)))
