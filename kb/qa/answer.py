"""Answering a question: a pipeline, not a cascade.

normal form → slots, each read on its own (kb.qa.slots) → the kind, by the first rule of a
small named table that holds (kb.qa.intents) → the names resolved once (kb.resolve) → the
handler of the kind → the answer, worded from one table per language (kb.qa.wording). Every
step is recorded in the answer's `explanation` (`kb ask --explain`).

Structured answers (who owns a task, an agency's tasks, yes or no, how many, by when, a
document's agencies or issuer, documents on a topic) come straight from the extracted tasks;
no LLM and no llama-index is involved. Free questions quote passages (kb.qa.free). A question
the corpus cannot answer gets `not_found`; a task without a marker `no_owner`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from kb import lexicon, places, taskwords
from kb.errors import QueryError
from kb.normalize import match_key, to_simplified, undecodable
from kb.qa import agency_answers, document_answers, due, intents, parts, phrasing, readings, task_answers
from kb.qa import slots as slot
from kb.qa.glossary import to_chinese, unknown_words
from kb.qa.result import (
    AMBIGUOUS,
    NO_OWNER,
    NOT_FOUND,
    Answer,
    Asked,
    Candidate,
    Explanation,
    ambiguous,
    summary,
)
from kb.qa.result import not_found as not_found_answer
from kb.qa.wording import say
from kb.resolve import MAX_TARGETS, Resolution, candidates, find_documents, resolve

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase
    from kb.qa.llm import LlmConfig
    from kb.qa.slots import Slots
    from kb.records import DocumentRecord

__all__ = ["AMBIGUOUS", "NOT_FOUND", "NO_OWNER", "Answer", "Candidate", "ask", "understand"]

MAX_CHARS = 500
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WITH_TARGET = (intents.OWNER, intents.LEAD, intents.SUPPORT, intents.TASK_TEXT)
_USES_AGENCIES = (intents.TASKS_OF_AGENCY, intents.YES_NO, intents.COUNT, intents.DEADLINE, intents.DUE)
_ABOUT_DOCUMENT = (intents.AGENCIES_OF_DOCUMENT, intents.YES_NO, intents.DEADLINE)


def ask(
    base: KnowledgeBase, text: str, *, script: str | None = None, llm: LlmConfig | None = None,
    limit: int | None = None,
) -> Answer:  # fmt: skip
    """Answer a question in simplified or traditional Chinese or English.

    `limit` is the number of quotes of a free answer (the passages an LLM gets), by default
    3 quotes (5 passages).
    """
    if not text.strip():
        raise QueryError("the question is empty: ask something, e.g. 第12项任务由哪个部门负责？")
    if len(text) > MAX_CHARS:
        raise QueryError(f"the question is too long ({len(text)} characters; at most {MAX_CHARS})")
    if (where := undecodable(text)) is not None:
        raise QueryError(f"the question is not valid text ({where}): is the terminal set to UTF-8?")
    q = slot.read(text.strip(), base.gazetteer)
    rule = intents.intent(q)
    res, q, rule, steps = _resolve(base, q, rule)
    asked = Asked(base, q, rule.kind, res, script or q.language, llm, limit)
    answer = _problem(asked) if res.problem is not None else HANDLERS[rule.kind](asked)
    if _prose_who(asked, answer):  # 联合采购办公室日常工作由谁承担: no task holds the words
        from kb.qa import free

        quoted = free.answer(replace(asked, kind=intents.FREE))
        if quoted.kind != NOT_FOUND:
            steps.append("no task holds the words: the sentences of the document that say who")
            answer = quoted
    if res.problem is not None and res.problem.what == "agency" and rule.kind == intents.TASKS_OF_AGENCY:
        from kb.qa import duties  # no task anywhere marks it: what the named document says it does

        answer = duties.with_duties(asked, answer)
    explanation = Explanation(q.as_dict(), rule.name, rule.kind, summary(res), tuple(steps))
    return replace(answer, explanation=explanation)


def understand(text: str, base: KnowledgeBase | None = None) -> tuple[Slots, intents.Rule]:
    """The slots of a question and the rule that picks its kind, without answering it; with no
    store, agencies are looked up in the shipped registry only."""
    from kb.qa.gazetteer import Gazetteer

    q = slot.read(text.strip(), base.gazetteer if base is not None else Gazetteer())
    return q, intents.intent(q)


def _resolve(
    base: KnowledgeBase, q: Slots, rule: intents.Rule
) -> tuple[Resolution, Slots, intents.Rule, list[str]]:
    """Resolve the names the kind needs. A description that names no document is read again
    as a task's words (a title ending in 政策 or 方案), and a free question keeps to no
    document then."""
    steps: list[str] = []
    q = _documents_in_words(base, q, rule, steps)
    res = _names(base, q, rule.kind)
    problem = res.problem
    several = problem is None and not q.doc and len({t.record.id for t in res.targets}) > 1
    if (problem is not None or several) and (second := readings.reread(base, q, rule.kind, res, _names)):
        res2, q2, step = second
        return res2, q2, rule, steps + [step]
    if problem is None and (owned := readings.owned_one(q, rule.kind, res)) is not None:
        return owned[0], q, rule, steps + [owned[1]]  # 路长制那项谁牵头: the one item naming units
    if problem is not None and problem.what == "agency" and rule.kind == intents.YES_NO and q.task:
        named = slot.as_typed(q.question, "、".join(q.agency_text or q.agencies), q.language)
        unknown = replace(q, agencies=(), agency_text=(), subject=named)
        held = _names(base, unknown, rule.kind)  # 市审计局是第3项的责任单位吗: no store knows it
        if held.problem is None:
            steps.append(f"no store knows {unknown.subject!r}: answered from the task's own units")
            return held, unknown, rule, steps
    own = q.doc_kind in ("number", "title") and bool(q.words) and not (q.task or q.quoted)
    if problem is not None and problem.what == "task" and own:  # 京科发〔2022〕19号行动方案: its own name
        again = replace(q, words=None)
        again_rule = intents.intent(again)
        steps.append(f"no task of the document matches {q.words!r}: read as the document's name")
        return _names(base, again, again_rule.kind), again, again_rule, steps
    titled = q.doc_kind == "phrase" and bool(candidates(base.catalog_index, q.doc or ""))
    if problem is None and q.doc_kind == "phrase" and not q.target and rule.kind in _ABOUT_DOCUMENT:
        # a task's title that ends in a document noun (创新标杆孵化器支援政策由谁负责): a task whose
        # title holds the words as written wins over a document the words only describe; words
        # a document's title holds are looked for in its own tasks only (no search of the store)
        again = (
            replace(q, words=q.doc, quoted=q.doc)
            if titled
            else replace(q, words=q.doc, quoted=q.doc, doc=None, doc_kind=None)
        )
        again_rule = intents.intent(again)
        held = _names(base, again, again_rule.kind)
        key = match_key(q.doc or "")
        if held.problem is None and held.targets and all(taskwords.score(key, t.task) >= taskwords.HOLDS_TITLE
                                                         for t in held.targets):  # fmt: skip
            steps.append(f"a task's title holds {q.doc!r}: read as the task's words, not a document")
            return held, again, again_rule, steps
    if problem is not None and problem.what == "document" and q.doc_kind == "phrase":
        if not q.target and rule.kind != intents.FREE:
            again = replace(q, words=q.doc, doc=None, doc_kind=None)
            again_rule = intents.intent(again)
            if again_rule.kind in _WITH_TARGET + (intents.YES_NO, intents.DEADLINE):
                held = _names(base, again, again_rule.kind)
                if held.problem is None or held.problem.status == "ambiguous":
                    steps.append(f"no document matches {q.doc!r}: read as a task's words")
                    return held, again, again_rule, steps
        if q.target and rule.kind in _WITH_TARGET + (intents.YES_NO, intents.DEADLINE):
            # 推广清单第23项以地方立法形式…: the task names it; 杭州孵化器方案 names a document of
            # 杭州: a task of a document of another place is not its task (not found)
            again = replace(q, doc=None, doc_kind=None)
            held = _names(base, again, rule.kind)
            of = q.places or tuple(p for p in (places.leading_place(q.doc or ""),) if p)  # 梁溪区…
            if held.problem is None and of:
                held = replace(held, targets=tuple(t for t in held.targets if _may_be_of(t.record, of)))
            if held.problem is None and held.targets:
                steps.append(f"no document matches {q.doc!r}: the task is looked for in every document")
                return held, again, rule, steps
        if rule.kind == intents.FREE:
            steps.append(f"no document matches {q.doc!r}: every document is searched")
            return Resolution(), replace(q, doc=None, doc_kind=None), rule, steps
    from kb.qa import whether

    if rule.kind == intents.YES_NO and (among := whether.among_candidates(base, res)) is not None:
        steps.append("the words name several tasks: those that name the agency, else all of them")
        return among, q, rule, steps
    return res, q, rule, steps


def _may_be_of(record: DocumentRecord, named: tuple[str, ...]) -> bool:
    """Whether a document may be of one of the places named: its jurisdiction is one of them or
    inside one (宁波市鄞州区 for 宁波), or it has none (a page that never says where it is from)."""
    where = record.jurisdiction
    if not where:  # 惠山区…细则, of a district no table lists: not 深圳's
        lead = places.leading_place(record.title)
        return lead is None or any(p in lead or lead in places.full_name(p) for p in named)
    return any(p in where or places.full_name(p) in where or where in places.full_name(p) for p in named)


def _documents_in_words(base: KnowledgeBase, q: Slots, rule: intents.Rule, steps: list[str]) -> Slots:
    """Words that name a document rather than a task (市发展改革委参与农村公路的哪些任务: 农村公路),
    and quoted words that are the named document's own ('one thing', Hu Jiao Fa [2025] No. 175)."""
    described = (
        (q.task and rule.kind in _WITH_TARGET + (intents.YES_NO, intents.DEADLINE))
        or (q.agencies and rule.kind in (intents.TASKS_OF_AGENCY, intents.COUNT))
        or (rule.kind == intents.COUNT and q.counted == "tasks" and not q.task)
    )  # 第二批支持创新相关改革举措有多少项: the words name the document whose tasks are counted
    if q.language == "english" and q.words and unknown_words(q.words):
        described = False  # running the Zhongguancun Forum well: the glossary knows 中关村 only
    if q.words and len(q.words) <= 2 and q.words in lexicon.question_words():
        described = False  # 负责哪些项目: a plain word (项目) names no document, whatever titles hold it
    if described and q.words and not q.doc:
        named = find_documents(base.catalog_index, _chinese_doc(q, q.words))
        if named and len(named) <= MAX_TARGETS and len(named) < len(base.catalog):
            steps.append(f"{q.words!r} names a document: {', '.join(r.id for r in named)}")
            q = replace(q, doc=q.words, doc_kind="phrase", words=None)
    if q.language == "english" and not (q.doc or q.places or q.agencies):
        from kb.english import named_in_pinyin

        spelled = named_in_pinyin(base.catalog_index, q.question)
        if len(spelled) == 1:  # in Guicheng: a street no place table lists, spelled by its title
            steps.append(f"a name in pinyin points to {spelled[0].id}")
            q = replace(q, doc=spelled[0].id, doc_kind="id")
    if q.quoted and q.doc and q.words and _titled(base, q.doc, q.quoted):
        steps.append(f"{q.quoted!r} is in the document's title: the task is named by {q.words!r}")
        q = replace(q, quoted=None)
    return q


def _titled(base: KnowledgeBase, doc: str, quoted: str) -> bool:
    """Whether every document `doc` names holds the quoted words in its title."""
    chinese = quoted if _CJK.search(quoted) else to_chinese(quoted)
    records = find_documents(base.catalog_index, _CJK.search(doc) and doc or (to_chinese(doc) or doc))
    key = match_key(chinese or "")
    return bool(key and records) and all(key in match_key(r.title) for r in records)


def _narrower_in_english(base: KnowledgeBase, description: str, than: int, places: tuple[str, ...]) -> bool:
    """Whether the English description names fewer documents than its glossed Chinese words
    (the glossary drops the kind of document: opinion, plan, notice)."""
    from kb import english as en

    found = en.documents(base.catalog_index, description, list(places))
    return 0 < len(found) < than


def _names(base: KnowledgeBase, q: Slots, kind: str) -> Resolution:
    doc = q.doc
    english = q.language == "english"
    if doc and english and q.doc_kind == "phrase" and not unknown_words(doc):
        doc = to_chinese(doc) or doc  # every word known to the glossary: its Chinese words
        found = find_documents(base.catalog_index, doc)
        if not found or (len(found) > 1 and _narrower_in_english(base, q.doc or "", len(found), q.places)):
            doc = q.doc  # … else the English description itself (kb.english: the sponge city opinion is 意见)
    if kind in (intents.DOCUMENTS,):
        return Resolution()
    task = words = None
    if kind in _WITH_TARGET + (intents.YES_NO, intents.DEADLINE, intents.COUNT) and q.target:
        task = q.task
        words = q.quoted or q.words
    agencies = q.agencies if kind in _USES_AGENCIES and not (task and kind == intents.COUNT) else ()
    if kind == intents.COUNT and q.counted != "agencies":
        task = words = None
    in_english = english and not (words and _CJK.search(words))
    if in_english and q.quoted and q.words and words == q.quoted:  # its talent service system ('talent code')
        words = f"{q.words} {q.quoted}"
    exact = bool(q.quoted) and not task
    return resolve(base, doc=doc, task=task, words=words, exact=exact, agencies=agencies, english=in_english,
                   places=q.places, written=q.agency_text if agencies else ())  # fmt: skip


def _chinese_doc(q: Slots, text: str) -> str:
    return (to_chinese(text) or text) if q.language == "english" else text


def _chinese_words(q: Slots) -> str | None:
    if q.words and q.language == "english":
        return None if unknown_words(q.words) else (to_chinese(q.words) or None)
    return q.words


def _prose_who(a: Asked, answer: Answer) -> bool:
    """Whether a who-question about words no task holds, in one named document, may be answered
    by the document's sentences (a body set up in the text, who does its daily work)."""
    p = a.res.problem
    unmarked = answer.kind == NO_OWNER and _says_who(answer)  # 一、组织保障: …由区丙中心承担
    return (
        (unmarked or (answer.kind == NOT_FOUND and p is not None and p.what in ("words", "task")))
        and not a.q.task
        and bool(a.q.words)
        and len(a.res.records) == 1
        and a.kind in (intents.OWNER, intents.LEAD, intents.SUPPORT)
    )


_WHO_SAYS = re.compile(r"由[^，。；]{2,30}?(?:承担|负责|牵头|具体实施|组织实施)")


def _says_who(answer: Answer) -> bool:
    """Whether the task an unowned answer quotes says in its text who does something."""
    return any(_WHO_SAYS.search(to_simplified(t.text)) for t in answer.tasks)


def _problem(a: Asked) -> Answer:
    """A name that resolves to nothing, or to several things."""
    p = a.res.problem
    assert p is not None
    if p.status == AMBIGUOUS:
        reason = p.what if p.what in ("heading", "words", "documents") else "label"
        message = phrasing.several_items(p.ref, p.candidates, reason, a.english)
        return ambiguous(a.q.question, a.script, message, list(p.candidates))
    if p.what == "document":
        what = say("what_document", a.english, ref=p.ref)
    elif p.what == "agency":
        what = phrasing.no_agency(p.ref, a.q.role, a.english)
        if a.kind not in (intents.TASKS_OF_AGENCY, intents.COUNT):
            what = say("what_agency", a.english, ref=p.ref)
    elif a.q.task:
        docs = [a.base.cached(r.id) for r in a.res.records]
        what = phrasing.missing_task(a.q.task, docs, a.english)  # as asked: （九）, not its retry (9)
    else:
        what = say("what_task_words", a.english, ref=p.ref)
    return not_found_answer(a.q.question, a.script, what)


def _yes_no(a: Asked) -> Answer:
    if not a.q.agencies and a.res.targets:
        from kb.qa import whether

        return whether.answer(a)
    if not a.res.targets:
        return agency_answers.yes_no(a)
    keys = {k for match in a.res.agencies for k in match.keys}
    docs = {t.record.id for t in a.res.targets}
    if len(docs) > 1 and keys:  # 市财政局是否牵头X, X in two documents: the one that names the agency
        mine = {d for d in docs if any(a.base.agency_index.in_documents(k, {d}) for k in keys)}
        if mine and mine != docs:
            kept = tuple(t for t in a.res.targets if t.record.id in mine)
            a = replace(a, res=replace(a.res, targets=kept))
    return task_answers.yes_no(a)


def _count(a: Asked) -> Answer:
    if a.q.agencies and a.res.agencies and not a.res.targets:
        return agency_answers.count(a)
    if a.q.counted == "tasks" and (in_part := parts.count(a)) is not None:
        return in_part  # 第二部分有几项任务 in no document named, “强化保障”这一部分有多少条
    return document_answers.count(a)


def _deadline(a: Asked) -> Answer:
    if a.res.targets:
        return task_answers.deadline(a)
    if a.res.agencies:
        return agency_answers.tasks_of_agency(a, only_due=True)
    return document_answers.deadlines(a)


def _tasks_of_agency(a: Asked) -> Answer:
    from kb.qa import duties

    return duties.with_duties(a, agency_answers.tasks_of_agency(a))


def _documents(a: Asked) -> Answer:
    topic = a.q.quoted or a.q.words or ""
    if a.q.language == "english":
        from kb.qa.rendering import in_store

        topic = in_store(a.base, topic)  # the Greater Bay Area: 粤港澳大湾区 or 大湾区, as written
    return document_answers.documents_on(a, topic)


def _unowned(a: Asked) -> Answer:
    from kb.qa import unowned

    return unowned.answer(a)


def _free(a: Asked) -> Answer:
    from kb.qa import free

    return free.answer(a)


HANDLERS: dict[str, Callable[[Asked], Answer]] = {
    intents.OWNER: task_answers.owners,
    intents.LEAD: task_answers.owners,
    intents.SUPPORT: task_answers.owners,
    intents.YES_NO: _yes_no,
    intents.COUNT: _count,
    intents.DEADLINE: _deadline,
    intents.ISSUER: document_answers.issuer,
    intents.DATE: document_answers.dates,
    intents.DOC_NUMBER: document_answers.number,
    intents.TASKS_OF_AGENCY: _tasks_of_agency,
    intents.AGENCIES_OF_DOCUMENT: document_answers.agencies_of_document,
    intents.DOCUMENTS: _documents,
    intents.UNOWNED: _unowned,
    intents.TASK_TEXT: task_answers.text,
    intents.DUE: due.answer,
    intents.FREE: _free,
}
