"""Questions asked in English: the same kinds as in Chinese, names put into Chinese.

A task is named by number (`task 12`, `task twelve`, `the twelfth task`), by path (`二（三）3`)
or by its own Chinese words (`the task 激发国资投资孵化活力`); a document by number, 《title》
or description (`the Shanghai plan`); an agency by its English name (kb.qa.glossary).
"""

from __future__ import annotations

import re

from kb.normalize import to_simplified, widen
from kb.qa import question as questions
from kb.qa.glossary import agency_to_chinese, to_chinese
from kb.qa.question import Question

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen"]  # fmt: skip
_ORDINAL_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_ORDINAL_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                  "seventeenth", "eighteenth", "nineteenth"]  # fmt: skip


def _number_words() -> dict[str, int]:
    """one … thirty and first … thirtieth, with `twenty-one` and `twenty one` spellings."""
    words: dict[str, int] = {}
    for i, (cardinal, ordinal) in enumerate(zip(_UNITS, _ORDINAL_UNITS, strict=True), 1):
        words[cardinal], words[ordinal] = i, i
    for i, (cardinal, ordinal) in enumerate(zip(_TEENS, _ORDINAL_TEENS, strict=True), 10):
        words[cardinal], words[ordinal] = i, i
    for tens, (cardinal, ordinal) in {20: ("twenty", "twentieth"), 30: ("thirty", "thirtieth")}.items():
        words[cardinal], words[ordinal] = tens, tens
        if tens == 20:
            for i, (unit, unit_ordinal) in enumerate(zip(_UNITS, _ORDINAL_UNITS, strict=True), 1):
                for sep in ("-", " "):
                    words[f"{cardinal}{sep}{unit}"] = words[f"{cardinal}{sep}{unit_ordinal}"] = tens + i
    return words


NUMBERS = _number_words()
_NUMBER = "|".join(sorted((re.escape(w) for w in NUMBERS), key=len, reverse=True))
_TASK = re.compile(
    rf"\b(?:task|item|measure)\s*(?:no\.?|number|#)?\s*(?P<n>\d+|(?:{_NUMBER})\b)"
    rf"|\b(?:the\s+)?(?P<o>{_NUMBER})\s+(?:task|item|measure)\b",
    re.I,
)
_PATH = re.compile(r"[一二三四五六七八九十]+、?（[一二三四五六七八九十]+）(?:\d+)?")
_WORDS = re.compile(r"[“\"「『]?(?P<w>[\u4e00-\u9fff][^?？”\"」』]*[\u4e00-\u9fff”])")
_LEAD = re.compile(
    r"\b(?:which|what)\s+\w+\s+leads?\b|\bwho\s+leads?\b|\blead\s+(?:agency|unit|department|bureau)", re.I
)
_SUPPORT = re.compile(
    r"\b(?:which|what)\s+\w+\s+(?:support|assist|cooperate)s?\b|\bwho\s+supports?\b|\bsupporting\s+\w+", re.I
)
_OWNER = re.compile(
    r"\b(?:which|what)\s+\w+\s+(?:owns?|is responsible|are responsible|handles?|is in charge)"
    r"|\bwho\s+(?:owns?|is responsible|handles?)"
    r"|\bresponsible\s+(?:agency|agencies|unit|units|department|departments|bureau)",
    re.I,
)
_TASKS_OF = re.compile(
    r"\b(?:which|what)\s+tasks\s+(?:does|do|is|are)\s+(?P<a>.+?)\s+"
    r"(?P<r>lead|own|responsible|support|handle|in charge)",
    re.I,
)
_AGENCIES_OF = re.compile(
    r"\b(?:which|what)\s+(?:agencies|departments|bureaus|units|bodies)\s+(?:are\s+)?"
    r"(?:involved|responsible|named|take part|participate)\s+(?:in|for|by)\s+(?P<d>.+)",
    re.I,
)
_DOCUMENTS = re.compile(
    r"\b(?:which|what)\s+(?:documents|policies|files|plans)\s+"
    r"(?:mention|cover|discuss|are about|talk about|deal with|refer to)\s+(?P<t>.+)",
    re.I,
)
_ASPECT = re.compile(
    r"\bwhat\s+(?:is|are|were)\s+(?:the\s+)?(?P<a>.+?)\s+(?:of|for)\s+(?:the\s+)?(?P<s>[^?]+)", re.I
)
_DOC = re.compile(r"\b(?:of|in|from|under)\s+(?:the\s+)?(?P<d>[^?]+)", re.I)


def parse(text: str) -> Question:
    """An English question's kind and names (in Chinese)."""
    wide = widen(to_simplified(text))
    doc = questions.doc_reference(wide)
    task = _TASK.search(text)
    m = _TASKS_OF.search(text)
    if m and not task:
        role = {"lead": "lead", "support": "support"}.get(m.group("r").lower())
        name = re.sub(r"^(?:the)\s+", "", m.group("a").strip(), flags=re.I)
        agency = agency_to_chinese(name) or name
        return Question(text, "english", questions.TASKS_OF_AGENCY, agency=agency, role=role, phrase=name)
    m = _AGENCIES_OF.search(text)
    if m and not task:
        return Question(text, "english", questions.AGENCIES_OF_DOCUMENT, doc=doc or to_chinese(m.group("d")))
    m = _DOCUMENTS.search(text)
    if m:
        phrase = m.group("t").strip(" ?.!")
        return Question(text, "english", questions.DOCUMENTS, topic=to_chinese(phrase), phrase=phrase)
    kind = next(
        (k for k, p in ((questions.LEAD, _LEAD), (questions.SUPPORT, _SUPPORT), (questions.OWNER, _OWNER))
         if p.search(text)),
        None,
    )  # fmt: skip
    if kind:
        asked = _task_question(text, wide, kind, doc, task)
        if asked is not None:
            return asked
    m = _ASPECT.search(text)
    if m:
        topic, aspect = to_chinese(m.group("s")), to_chinese(m.group("a"))
        return Question(text, "english", questions.FREE, doc=doc, topic=topic, aspect=aspect)
    return Question(text, "english", questions.FREE, doc=doc, topic=to_chinese(text))


def _task_question(
    text: str, wide: str, kind: str, doc: str | None, task: re.Match[str] | None
) -> Question | None:
    """A question about one task: by number, by path or by its own (Chinese) words."""
    rest = questions.without_doc_reference(wide)
    path = _PATH.search(rest)
    after = text[task.end() :] if task else ""
    if task:
        number = task.group("n") or task.group("o")
        ref = number if number.isdigit() else str(NUMBERS[number.lower()])
    elif path:
        ref, after = path.group(0).replace("、", ""), rest[path.end() :]
    else:
        words = _WORDS.search(rest)
        if words is None:
            return None
        return Question(text, "english", kind, doc=doc or _doc_after(rest[words.end() :]),
                        task_words=words.group("w").strip("”"))  # fmt: skip
    return Question(text, "english", kind, doc=doc or _doc_after(after), task=ref)


def _doc_after(text: str) -> str | None:
    where = _DOC.search(text)
    return (to_chinese(where.group("d")) or None) if where else None
