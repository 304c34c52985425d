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
from functools import lru_cache
from importlib import resources

from kb.model import Script
from kb.normalize import detect_script, fold, to_simplified, widen

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
_QUOTED = re.compile(
    r"[“\"「『](?P<words>[^”\"」』]{2,60})[”\"」』](?:这项|这个|该项|此项)?(?:任务|工作|措施)?"
)
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
    r"(?:涉及|包括|有|需要|要求)(?:哪些|什么)(?:部门|单位|机构)|(?:哪些|什么)(?:部门|单位|机构)(?:参与|负责|涉及)"
    r"|(?:的)?责任单位(?:有|包括)(?:哪些|什么)"
)
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
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[［（(【]\s*(?:19|20)\d{2}\s*[〕\]］）)】]\s*第?\s*\d{1,5}\s*号"
)
_TITLE = re.compile(r"《(?P<t>[^《》]{2,120})》")

_EN_TASK = re.compile(r"\b(?:task|item|measure)\s*(?:no\.?|number|#)?\s*(?P<n>\d+)", re.I)
_EN_LEAD = re.compile(
    r"\b(?:which|what)\s+\w+\s+leads?\b|\bwho\s+leads?\b|\blead\s+(?:agency|unit|department|bureau)", re.I
)
_EN_SUPPORT = re.compile(
    r"\b(?:which|what)\s+\w+\s+(?:support|assist|cooperate)s?\b|\bwho\s+supports?\b|\bsupporting\s+\w+", re.I
)
_EN_OWNER = re.compile(
    r"\b(?:which|what)\s+\w+\s+(?:owns?|is responsible|are responsible|handles?|is in charge)"
    r"|\bwho\s+(?:owns?|is responsible|handles?)"
    r"|\bresponsible\s+(?:agency|agencies|unit|units|department|departments|bureau)",
    re.I,
)
_EN_TASKS_OF = re.compile(
    r"\b(?:which|what)\s+tasks\s+(?:does|do|is|are)\s+(?P<a>.+?)\s+"
    r"(?P<r>lead|own|responsible|support|handle|in charge)",
    re.I,
)
_EN_AGENCIES_OF = re.compile(
    r"\b(?:which|what)\s+(?:agencies|departments|bureaus|units|bodies)\s+(?:are\s+)?"
    r"(?:involved|responsible|named|take part|participate)\s+(?:in|for|by)\s+(?P<d>.+)",
    re.I,
)
_EN_DOCUMENTS = re.compile(
    r"\b(?:which|what)\s+(?:documents|policies|files|plans)\s+"
    r"(?:mention|cover|discuss|are about|talk about|deal with|refer to)\s+(?P<t>.+)",
    re.I,
)
_EN_ASPECT = re.compile(
    r"\bwhat\s+(?:is|are|were)\s+(?:the\s+)?(?P<a>.+?)\s+(?:of|for)\s+(?:the\s+)?(?P<s>[^?]+)", re.I
)
_EN_DOC = re.compile(r"\b(?:of|in|from|under)\s+(?:the\s+)?(?P<d>[^?]+)", re.I)


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


def parse(text: str) -> Question:
    """The kind of a question and the names in it."""
    text = text.strip()
    if _is_english(text):
        return _english(text)
    script = "traditional" if detect_script(text) is Script.TRADITIONAL else "simplified"
    q = widen(fold(to_simplified(text))).strip()
    doc = _doc_reference(q)
    task, rest = _task_reference(q)
    quoted = _QUOTED.search(rest)
    words = quoted.group("words") if quoted else None
    if quoted:
        rest = rest[: quoted.start()] + " " + rest[quoted.end() :]
    for kind, pattern in ((LEAD, _LEAD), (SUPPORT, _SUPPORT), (OWNER, _OWNER)):
        m = pattern.search(rest)
        if m and (task or words or kind != OWNER or not _AGENCIES_OF.search(rest)):
            before = _clean(rest[: m.start()])
            if task or words:
                return Question(text, script, kind, doc or before or None, task, words)
            if before and not _AGENCIES_OF.search(rest):  # the task named by its words
                return Question(text, script, kind, doc, None, before)
    return _other(text, script, q, doc, rest)


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


def _doc_reference(q: str) -> str | None:
    m = _DOC_NUMBER.search(q) or _TITLE.search(q)
    if m is None:
        return None
    return m.group("t") if "t" in m.groupdict() else m.group(0)


def _task_reference(q: str) -> tuple[str | None, str]:
    """The task label or path in a question, and the question without it (or its doc reference)."""
    rest = _TITLE.sub(" ", _DOC_NUMBER.sub(" ", q))
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


# -- English ------------------------------------------------------------------------------------


def _is_english(text: str) -> bool:
    letters = len(re.findall(r"[A-Za-z]", text))
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    return letters > 3 * cjk and letters >= 6


def _english(text: str) -> Question:
    number = _DOC_NUMBER.search(widen(to_simplified(text)))
    doc = number.group(0) if number else None
    task = _EN_TASK.search(text)
    m = _EN_TASKS_OF.search(text)
    if m and not task:
        role = {"lead": "lead", "support": "support"}.get(m.group("r").lower())
        return Question(text, "english", TASKS_OF_AGENCY, agency=to_chinese(m.group("a")), role=role)
    m = _EN_AGENCIES_OF.search(text)
    if m and not task:
        return Question(text, "english", AGENCIES_OF_DOCUMENT, doc=doc or to_chinese(m.group("d")))
    m = _EN_DOCUMENTS.search(text)
    if m:
        return Question(text, "english", DOCUMENTS, topic=to_chinese(m.group("t")))
    kind = next(
        (k for k, p in ((LEAD, _EN_LEAD), (SUPPORT, _EN_SUPPORT), (OWNER, _EN_OWNER)) if p.search(text)), None
    )
    if kind and task:
        if doc is None:
            where = _EN_DOC.search(text[task.end() :])
            doc = to_chinese(where.group("d")) if where else None
        return Question(text, "english", kind, doc=doc or None, task=task.group("n"))
    m = _EN_ASPECT.search(text)
    if m:
        return Question(
            text, "english", FREE, doc=doc, topic=to_chinese(m.group("s")), aspect=to_chinese(m.group("a"))
        )
    return Question(text, "english", FREE, doc=doc, topic=to_chinese(text))


@lru_cache(maxsize=1)
def _glossary() -> list[tuple[str, str]]:
    text = (resources.files("kb") / "data" / "glossary.tsv").read_text(encoding="utf-8")
    rows = [tuple(line.split("\t")) for line in text.splitlines() if line and not line.startswith("#")]
    return sorted(((e, c) for e, c in rows), key=lambda r: -len(r[0]))  # type: ignore[misc]


def to_chinese(text: str) -> str:
    """The Chinese words an English phrase stands for (Chinese kept, unknown words dropped)."""
    kept = [(m.start(), m.group(0)) for m in re.finditer(r"[\u4e00-\u9fff〔〕\[\]()（）\d]+", text)]
    kept = [(pos, w) for pos, w in kept if re.search(r"[\u4e00-\u9fff]", w)]
    if kept:
        return " ".join(to_simplified(w) for _, w in kept)
    low = " " + re.sub(r"[^a-z0-9\-\s]", " ", text.lower()) + " "
    found: list[tuple[int, str]] = []
    for english, chinese in _glossary():
        for m in re.finditer(rf"(?<=\s){re.escape(english)}(?=\s)", low):
            found.append((m.start(), chinese))
            low = low[: m.start()] + " " * len(english) + low[m.end() :]
    return " ".join(c for _, c in sorted(found))
