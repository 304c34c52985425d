"""Answering questions: structured ones from the graph, free ones from quoted passages.

Structured answers (who owns a task, who leads it, who supports it, an agency's tasks, a
document's agencies, documents on a topic) come straight from the extracted tasks: the
agencies with their roles, the task quoted, a citation 《title》（number） section › item.
No LLM and no llama-index is involved; free questions load them lazily (`kb.qa.free`).
A question the corpus cannot answer gets `not_found`; a task without a marker `no_owner`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.citation import Citation, for_task, title_of
from kb.errors import AmbiguousTask, QueryError, TaskNotFound
from kb.model import Document, Responsibility, Task
from kb.normalize import match_key, undecodable
from kb.qa import documents, phrasing
from kb.qa import question as questions
from kb.resolve import find_task
from kb.store import DocumentRecord

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase
    from kb.qa.llm import LlmConfig
    from kb.search.results import Hit

MAX_TARGETS = 5  # tasks answered for at once when a question names no document
NOT_FOUND, NO_OWNER, AMBIGUOUS = "not_found", "no_owner", "ambiguous"


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer with the facts and quotes it rests on."""

    question: str
    kind: str
    answer: str
    agencies: tuple[Responsibility, ...] = ()
    tasks: tuple[Task, ...] = ()
    citations: tuple[Citation, ...] = ()
    candidates: tuple[tuple[str, str], ...] = ()  # when the question is ambiguous
    flagged: tuple[int, ...] = ()  # citation numbers an LLM gave that match no passage
    script: str = "simplified"
    notes: tuple[str, ...] = field(default_factory=tuple)


def ask(
    base: KnowledgeBase, text: str, *, script: str | None = None, llm: LlmConfig | None = None, limit: int = 5
) -> Answer:
    """Answer a question in simplified or traditional Chinese or English."""
    if not text.strip():
        raise QueryError("the question is empty: ask something, e.g. 第12项任务由哪个部门负责？")
    if len(text) > questions.MAX_CHARS:
        raise QueryError(f"the question is too long ({len(text)} characters; at most {questions.MAX_CHARS})")
    if (where := undecodable(text)) is not None:
        raise QueryError(f"the question is not valid text ({where}): is the terminal set to UTF-8?")
    q = questions.parse(text)
    script = script or q.script
    if q.kind in (questions.OWNER, questions.LEAD, questions.SUPPORT):
        return _task_answer(base, q, script)
    if q.kind == questions.TASKS_OF_AGENCY:
        return _agency_answer(base, q, script)
    if q.kind == questions.AGENCIES_OF_DOCUMENT:
        return _document_agencies(base, q, script)
    if q.kind == questions.DOCUMENTS:
        return _documents(base, q, script)
    from kb.qa import free  # llama-index loads only here

    return free.answer(base, q, script, llm, limit)


# -- one task -----------------------------------------------------------------------------------


def _task_answer(base: KnowledgeBase, q: questions.Question, script: str) -> Answer:
    english = script == "english"
    records = documents.find(base.catalog.values(), q.doc) if q.doc else None
    if records == []:
        return _not_found(
            q, script, f"“{q.doc}”这份文件" if not english else f"no document matches {q.doc!r}"
        )
    try:
        targets = _targets(base, q, records)
    except AmbiguousTask as e:
        return _ambiguous(q, script, str(e), e.candidates)
    if records and len(records) > 1 and len({t[0].id for t in targets}) > 1:
        return _ambiguous(
            q,
            script,
            f"“{q.doc}” matches {len(records)} documents; name one",
            [(r.id, r.title) for r in records],
        )
    if not targets:
        what = f"第{q.task}项任务" if q.task else f"“{q.task_words}”这项任务"
        return _not_found(q, script, what if not english else f"task {q.task or q.task_words!r}")
    texts: list[str] = []
    citations: list[Citation] = []
    tasks: list[Task] = []
    agencies: list[Responsibility] = []
    for _, doc, task in targets[:MAX_TARGETS]:
        cite = for_task(doc, task)
        citations.append(cite)
        tasks.append(task)
        agencies.extend(task.responsibilities)
        if task.responsibilities:
            texts.append(phrasing.task_roles(cite, task.responsibilities, q.kind, english))
        else:
            texts.append(phrasing.no_owner(cite, english))
    kind = NO_OWNER if not agencies else q.kind
    answer = phrasing.in_script("\n".join(texts), script)
    return Answer(q.text, kind, answer, tuple(agencies), tuple(tasks), tuple(citations), script=script)


def _targets(
    base: KnowledgeBase, q: questions.Question, records: list[DocumentRecord] | None
) -> list[tuple[DocumentRecord, Document, Task]]:
    """The tasks a question names, in the documents it names (or in every owned task)."""
    if q.task_words:
        return _tasks_by_words(base, q.task_words, records)
    assert q.task is not None
    if records is None:  # no document named: the tasks with responsible units carrying that label
        return _owned_by_label(base, q.task)
    found = []
    for record in records:
        doc = base.cached(record.id)
        try:
            found.append((record, doc, _find(doc, q.task)))
        except TaskNotFound:
            continue
        except AmbiguousTask:
            if len(records) == 1:
                raise
    return found


def _find(doc: Document, ref: str) -> Task:
    """A task by reference; `（十八）` also finds item 18 where the document has no （十八）.

    A question asks about a task: when one task and some headings (not tasks) share a label,
    the task is meant.
    """
    try:
        return find_task(doc, ref)
    except AmbiguousTask as e:
        tasks = [c for c in e.candidates if not c[1].endswith("(a heading)")]
        if len(tasks) == 1:
            return next(t for t in doc.tasks if "".join(t.path) == tasks[0][0])
        raise
    except TaskNotFound:
        if ref.startswith("（") and not any(s.label == ref for s in doc.sections):
            from kb.labels import cn_number

            return find_task(doc, str(cn_number(ref.strip("（）"))))
        raise


def _owned_by_label(base: KnowledgeBase, ref: str) -> list[tuple[DocumentRecord, Document, Task]]:
    found = []
    for record in sorted(base.catalog.values(), key=lambda r: r.id):
        if not record.owned:
            continue
        doc = base.cached(record.id)
        try:
            task = _find(doc, ref)
        except (TaskNotFound, AmbiguousTask):
            continue
        if task.responsibilities:
            found.append((record, doc, task))
    return found


def _tasks_by_words(
    base: KnowledgeBase, words: str, records: list[DocumentRecord] | None
) -> list[tuple[DocumentRecord, Document, Task]]:
    """Tasks whose title is (or contains) the words a question quotes."""
    key = match_key(words)
    allowed = {r.id for r in records} if records else None
    found, seen = [], set()
    for hit in base.search(words, limit=20).hits if key else ():
        if hit.kind != "task" or hit.seq is None or (allowed and hit.doc not in allowed):
            continue
        doc = base.cached(hit.doc)
        task = doc.tasks[hit.seq - 1]
        title = match_key(task.title)
        if (key in title or title in key) and (hit.doc, hit.seq) not in seen:
            seen.add((hit.doc, hit.seq))
            found.append((base.catalog[hit.doc], doc, task))
    return found


# -- agencies and documents ---------------------------------------------------------------------


def _agency_answer(base: KnowledgeBase, q: questions.Question, script: str) -> Answer:
    english = script == "english"
    assert q.agency is not None
    keys = base.agency_index.match(q.agency)
    assignments = [a for k in keys for a in base.agency_index.tasks_of(k)]
    if q.role:
        assignments = [a for a in assignments if str(a.responsibility.role) == q.role]
    verb = {"lead": "牵头", "support": "配合"}.get(q.role or "", "负责")
    if not assignments:
        return _not_found(q, script, f"由{q.agency}{verb}的任务" if not english else f"tasks of {q.agency}")
    assignments.sort(key=lambda a: (a.record.id, a.task.seq))
    counts = Counter(str(a.responsibility.role) for a in assignments)
    docs = {a.record.id for a in assignments}
    n, lead, support = len(assignments), counts["lead"], counts["support"]
    if english:
        head = f"{q.agency}: {n} tasks in {len(docs)} documents ({lead} lead, {support} support):"
    else:
        head = f"{q.agency}共有{n}项任务，分布在{len(docs)}份文件中（牵头{lead}项，配合{support}项）："
    lines, tasks, citations = [head], [], []
    for a in assignments:
        doc = base.cached(a.record.id)
        task = doc.tasks[a.task.seq - 1]
        cite = for_task(doc, task)
        tasks.append(task)
        citations.append(cite)
        lines.append(phrasing.task_line(cite, a.responsibility.role, task.deadline, english))
    agencies = tuple(a.responsibility for a in assignments)
    return Answer(q.text, q.kind, phrasing.in_script("\n".join(lines), script), agencies, tuple(tasks),
                  tuple(citations), script=script)  # fmt: skip


def _document_agencies(base: KnowledgeBase, q: questions.Question, script: str) -> Answer:
    english = script == "english"
    records = documents.find(base.catalog.values(), q.doc) if q.doc else []
    if not records:
        return _not_found(q, script, f"“{q.doc}”这份文件" if not english else f"the document {q.doc!r}")
    if len(records) > 1:
        return _ambiguous(
            q, script, f"“{q.doc}” matches {len(records)} documents", [(r.id, r.title) for r in records]
        )
    doc = base.cached(records[0].id)
    title = title_of(doc)
    first: dict[str, Responsibility] = {}
    roles: dict[str, Counter[str]] = {}
    for task in doc.tasks:
        for r in task.responsibilities:
            first.setdefault(r.key, r)
            roles.setdefault(r.key, Counter())[str(r.role)] += 1
    if not first:
        text = f"《{title}》未明确责任单位。" if not english else f"《{title}》 names no responsible units."
        cite = Citation(doc.id, doc.meta.doc_number, title, (), (), None, doc.meta.title_original)
        return Answer(q.text, q.kind, phrasing.in_script(text, script), citations=(cite,), script=script)
    parts = []
    for key, r in first.items():
        c = roles[key]
        if english:
            parts.append(f"{r.name} ({c['lead']} lead, {c['support']} support)")
        else:
            parts.append(f"{r.name}（牵头{c['lead']}项、配合{c['support']}项）")
    head = (
        f"《{title}》涉及{len(first)}个责任单位："
        if not english
        else f"《{title}》 names {len(first)} agencies: "
    )
    markers = list(dict.fromkeys(r.span for r in first.values()))[:5]
    citations = tuple(
        Citation(doc.id, doc.meta.doc_number, title, (), (), None, doc.quote(span)) for span in markers
    )
    return Answer(q.text, q.kind, phrasing.in_script(head + "、".join(parts), script), tuple(first.values()),
                  citations=citations, script=script)  # fmt: skip


def _documents(base: KnowledgeBase, q: questions.Question, script: str) -> Answer:
    english = script == "english"
    topic = q.topic or ""
    try:
        hits = base.search(topic, limit=30).hits if topic else ()
    except QueryError:
        hits = ()
    best: dict[str, Hit] = {}
    for hit in hits:
        best.setdefault(hit.doc, hit)
    if not best:
        return _not_found(q, script, f"提到“{topic}”的文件" if not english else f"documents on {topic!r}")
    head = f"{len(best)}份文件提到“{topic}”：" if not english else f"{len(best)} documents mention {topic}:"
    lines, citations = [head], []
    for doc_id, hit in best.items():
        record, title = base.catalog[doc_id], title_of(base.cached(doc_id))
        lines.append(f"《{title}》" + (f"（{record.doc_number}）" if record.doc_number else ""))
        quote = hit.snippet.render("", "").strip("…")
        citations.append(Citation(doc_id, record.doc_number, title, hit.path, (), hit.seq, quote))
    return Answer(q.text, q.kind, phrasing.in_script("\n".join(lines), script), citations=tuple(citations),
                  script=script)  # fmt: skip


# -- no answer ----------------------------------------------------------------------------------


def _not_found(q: questions.Question, script: str, what: str) -> Answer:
    text = phrasing.not_found(what, script == "english")
    return Answer(q.text, NOT_FOUND, phrasing.in_script(text, script), script=script)


def _ambiguous(q: questions.Question, script: str, message: str, candidates: list[tuple[str, str]]) -> Answer:
    if script == "english":
        text = f"The question matches several items ({message}); name one of them."
    else:
        text = f"问题对应多个条目，请指明其中一个（{message}）。"
    return Answer(
        q.text, AMBIGUOUS, phrasing.in_script(text, script), candidates=tuple(candidates), script=script
    )
