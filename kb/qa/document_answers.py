"""Answers about documents: their agencies, how many tasks (or agencies) they have, their
deadlines, who issued them, and which documents mention a topic.

From the extracted tasks, the catalogue and the search index, without any LLM. A question
that needs one document and names several gets the candidates; a fact the document does not
state (no issuer printed) is `not_found`, never guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from kb.citation import Citation, for_task, printed, title_of
from kb.errors import QueryError
from kb.model import Document, Responsibility, Section, path_text
from kb.picking import section_path
from kb.qa import parts, phrasing
from kb.qa.result import Answer, Asked, ambiguous, citation_at, not_found
from kb.qa.wording import say
from kb.resolve import AMBIGUOUS, Candidate
from kb.search.results import Hit


def _one(a: Asked) -> Document | Answer:
    """The one document named, or the answer saying it is not one."""
    records = a.res.records
    if len(records) == 1:
        return a.base.cached(records[0].id)
    found = [Candidate(r.id, r.title) for r in records]
    message = phrasing.several_documents(a.q.doc or "", len(records), a.english)
    return ambiguous(a.q.question, a.script, message, found)


def agencies_of_document(a: Asked) -> Answer:
    """The agencies a document names as responsible, with their number of tasks per role."""
    doc = _one(a)
    if isinstance(doc, Answer):
        return doc
    first, roles, cited = _agencies(doc)
    title = title_of(doc)
    if not first:
        text = say("document_without_owners", a.english, title=title)
        cite = Citation(doc.id, doc.meta.doc_number, title, (), (), None, doc.meta.title_original)
        return Answer(a.q.question, a.kind, a.text(text), citations=(cite,), script=a.script)
    head = say("agencies_of_document", a.english, title=title, n=len(first))
    if a.q.role in _ROLE_WORD:  # 担任协办的单位有哪些: the units in the role asked
        role = _ROLE_WORD[a.q.role][a.english]
        first = {k: r for k, r in first.items() if roles[k][a.q.role]}
        head = say("agencies_of_document_role" if first else "document_without_role", a.english, title=title,
                   n=len(first), role=role)  # fmt: skip
    parts = [phrasing.agency_count(r.name, roles[k], a.english) for k, r in first.items()]
    text = head + say("agency_sep", a.english).join(parts)
    return Answer(a.q.question, a.kind, a.text(text), tuple(first.values()), citations=tuple(cited.values()),
                  script=a.script, count=len(first))  # fmt: skip


_ROLE_WORD = {"lead": ("牵头", "lead"), "support": ("配合", "supporting"), "guide": ("指导", "guiding")}


def _agencies(
    doc: Document,
) -> tuple[dict[str, Responsibility], dict[str, Counter[str]], dict[int, Citation]]:
    first: dict[str, Responsibility] = {}
    roles: dict[str, Counter[str]] = {}
    cited: dict[int, Citation] = {}
    for task in doc.tasks:
        for r in task.responsibilities:
            first.setdefault(r.key, r)
            roles.setdefault(r.key, Counter())[str(r.role)] += 1
            if len(cited) < 5 and r.span.start not in cited:
                where = for_task(doc, task)
                cited[r.span.start] = Citation(doc.id, doc.meta.doc_number, where.title, where.path,
                                               where.headings, task.seq, doc.quote(r.span))  # fmt: skip
    return first, roles, cited


def count(a: Asked) -> Answer:
    """How many tasks a document has (or every document), or how many agencies it names."""
    if a.q.counted == "agencies":
        return _count_agencies(a)
    if not a.res.records:
        records = list(a.base.catalog.values())
        tasks, owned = sum(r.items for r in records), sum(len(r.owned) for r in records)
        text = say("count_all", a.english, n=len(records), tasks=tasks, owned=owned)
        return Answer(a.q.question, a.kind, a.text(text), script=a.script, count=tasks)
    if len(a.res.records) > 5:
        return _one(a)  # type: ignore[return-value]
    lines, total, citations = [], 0, []
    annexed, number = parts.annex_asked(a.q.norm)
    if annexed and all(parts.annex_span(a.base.cached(r.id), number) is None for r in a.res.records):
        if not any(parts.has_annex(a.base.cached(r.id)) for r in a.res.records):
            return not_found(a.q.question, a.script, say("no_annex", a.english))
        annexed = False  # an annex whose table restates the body's items: the document's own count
    for record in a.res.records:
        doc = a.base.cached(record.id)
        span = parts.annex_span(doc, number) if annexed else None
        if annexed and span is None:
            continue  # the annex asked about lists no task in this document
        n, line = _task_count(doc, a.english, _part(doc, a.q.task) if len(a.res.records) == 1 else None, span)
        lines.append(line)
        total += n
        citations += [
            Citation(doc.id, doc.meta.doc_number, title_of(doc), (), (), None, doc.meta.title_original)
        ]
        citations += _stated_counts(doc)
    if a.q.doc_kind == "phrase" and len(a.res.records) > 1:  # 江北青年文件: which of them is meant
        head = say("described_documents", a.english, ref=a.q.doc or "", n=len(a.res.records))
        found = tuple(Candidate(r.id, r.title) for r in a.res.records)
        return Answer(a.q.question, AMBIGUOUS, a.text("\n".join([head, *lines])), citations=tuple(citations),
                      candidates=found, script=a.script)  # fmt: skip
    return Answer(a.q.question, a.kind, a.text("\n".join(lines)), citations=tuple(citations), script=a.script,
                  count=total)  # fmt: skip


def _task_count(
    doc: Document, english: bool, part: Section | None = None, annex: tuple[int, int] | None = None
) -> tuple[int, str]:
    """A document's number of tasks as an official means it: the items that name their
    responsible units when the document names any (the 主要任务, not the 保障措施 or time
    nodes after them), else every item; the answer says how many items are left out. With a
    part (第三部分, 第二部分第（一）项), the tasks of that part only."""
    tasks = [t for t in doc.tasks if part is None or part.span.start <= t.span.start < part.span.end]
    if annex is not None:
        tasks = [t for t in tasks if annex[0] <= t.span.start < annex[1]]
    owned = sum(1 for t in tasks if t.responsibilities)
    title, n = title_of(doc), len(tasks)
    where = "" if part is None else (f" (part {path_text(section_path(doc, part))})" if english else
                                     f"{printed(part.label)}{part.title}")  # fmt: skip
    if annex is not None:
        where = " (its annex)" if english else "附件"
    if owned == 0:
        return n, say("count_tasks_unowned", english, title=title, n=n, part=where)
    if owned == n:
        return n, say("count_tasks_owned", english, title=title, n=n, part=where)
    return owned, say("count_tasks", english, title=title, n=owned, rest=n - owned, part=where)


def _part(doc: Document, ref: str | None) -> Section | None:
    """The part of a document a count names (第三部分 -> 三, 第二部分第（一）项 -> 二（一）): a
    heading with tasks under it, not a task itself; None for no part or a label no heading has."""
    if not ref:
        return None
    for section in doc.sections:
        if path_text(section_path(doc, section)) == ref and any(
            section.span.start <= t.span.start < section.span.end for t in doc.tasks
        ):
            return section
    return None


# a document's own statement of a number of items: 推广的改革举措（共23项）, 以下10项任务
_STATED = re.compile(
    r"[^。；;\n]{0,40}(?:共|计|計|合计|合計|总计|總計|以下)\s*[0-9一二三四五六七八九十百]+\s*(?:项|項|条|條)[^。；;\n]{0,30}"
)


def _stated_counts(doc: Document) -> list[Citation]:
    """Where the document itself says how many items it sets (an abridged page may list fewer)."""
    out: list[Citation] = []
    for m in _STATED.finditer(doc.text):
        if len(out) == 2:
            break
        out.append(citation_at(doc, m.start(), None, m.group(0).strip()))
    return out


def _count_agencies(a: Asked) -> Answer:
    if a.res.targets:
        lines: list[str] = []
        total = 0
        agencies: list[Responsibility] = []
        citations: list[Citation] = []
        for target in a.res.targets:
            cite = for_task(target.doc, target.task)
            rs = _in_role(target.task.responsibilities, a.q.role)
            names = "、".join(r.name for r in rs)
            head = phrasing.where(cite, a.english)
            role = (a.q.role if a.english else _ROLE_WORDS[a.q.role]) if a.q.role in _ROLE_WORDS else ""
            key = "count_task_agencies_role" if role else "count_task_agencies"  # 配合单位有几个
            lines.append(say(key, a.english, where=head, n=len(rs), names=names, role=role))
            total += len(rs)
            agencies += rs
            citations.append(cite)
        tasks = tuple(t.task for t in a.res.targets)
        text = a.text("\n".join(lines))
        return Answer(a.q.question, a.kind, text, tuple(agencies), tasks, tuple(citations), script=a.script,
                      count=total)  # fmt: skip
    listed = agencies_of_document(a)
    if listed.count is None:
        return replace(listed, kind=a.kind, count=0)
    title = title_of(a.base.cached(a.res.records[0].id))
    if a.q.role in _ROLE_WORD:  # 有多少个牵头单位: the units in that role
        role = _ROLE_WORD[a.q.role][a.english]
        head = say("count_document_agencies_role", a.english, title=title, n=listed.count, role=role)
    else:
        head = say("count_document_agencies", a.english, title=title, n=listed.count)
    return replace(listed, kind=a.kind, answer=a.text(head) + "\n" + listed.answer)


_ROLE_WORDS = {"lead": "牵头", "support": "配合", "guide": "指导"}


def _in_role(rs: tuple[Responsibility, ...], role: str | None) -> tuple[Responsibility, ...]:
    """The units of a task in the role asked (all without one)."""
    if role not in _ROLE_WORDS:
        return rs
    return tuple(r for r in rs if str(r.role) == role)


def deadlines(a: Asked) -> Answer:
    """The tasks of a document that give a deadline."""
    doc = _one(a)
    if isinstance(doc, Answer):
        return doc
    title = title_of(doc)
    due = [t for t in doc.tasks if t.deadline]
    if not due:
        return Answer(
            a.q.question, a.kind, a.text(say("deadlines_none", a.english, title=title)), script=a.script
        )
    lines = [say("deadlines_head", a.english, title=title, n=len(due))]
    lines += ["  " + phrasing.task_entry(t, None, a.english) for t in due]
    agencies = tuple(r for t in due for r in t.responsibilities)
    return Answer(a.q.question, a.kind, a.text("\n".join(lines)), agencies, tuple(due),
                  tuple(for_task(doc, t) for t in due), script=a.script, count=len(due))  # fmt: skip


def issuer(a: Asked) -> Answer:
    """Who issued a document, as its header or signature says; not_found when it does not say."""
    doc = _one(a)
    if isinstance(doc, Answer):
        return doc
    title = title_of(doc)
    if not doc.meta.issuers:
        return not_found(a.q.question, a.script, say("what_issuer", a.english, ref=title))
    text = say("issuers", a.english, title=title, names="、".join(doc.meta.issuers))
    cite = Citation(doc.id, doc.meta.doc_number, title, (), (), None, doc.meta.title_original)
    return Answer(a.q.question, a.kind, a.text(text), citations=(cite,), script=a.script)


def number(a: Asked) -> Answer:
    """A document's number (文号) as its header prints it, cited; not_found when it prints none.
    With no document named, the store's only document, else the documents to choose from."""
    doc = _one(a) if a.res.records else _only(a)
    if isinstance(doc, Answer):
        return doc
    title = title_of(doc)
    if not doc.meta.doc_number:
        return not_found(a.q.question, a.script, say("what_number", a.english, ref=title))
    text = say("doc_number", a.english, title=title, number=doc.meta.doc_number)
    cite = Citation(doc.id, doc.meta.doc_number, title, (), (), None, doc.meta.doc_number)
    return Answer(a.q.question, a.kind, a.text(text), citations=(cite,), script=a.script)


def _only(a: Asked) -> Document | Answer:
    """The store's one document when the question names none (这个方案), else the choice."""
    records = list(a.base.catalog.values())
    if len(records) == 1:
        return a.base.cached(records[0].id)
    found = [Candidate(r.id, r.title) for r in records]
    return ambiguous(a.q.question, a.script, say("which_document", a.english, n=len(records)), found)


def dates(a: Asked) -> Answer:
    """When a document was written, published, in effect (as its header says); not_found when
    it gives no date."""
    doc = _one(a)
    if isinstance(doc, Answer):
        return doc
    title = title_of(doc)
    d = doc.meta.dates
    given = [(key, value) for key, value in (("date_written", d.written), ("date_published", d.published),
             ("date_effective", d.effective), ("date_repealed", d.repealed)) if value]  # fmt: skip
    if not given:
        return not_found(a.q.question, a.script, say("what_dates", a.english, ref=title))
    parts = say("parts", a.english).join(say(key, a.english, date=value) for key, value in given)
    cite = Citation(doc.id, doc.meta.doc_number, title, (), (), None, doc.meta.title_original)
    text = a.text(say("dates", a.english, title=title, dates=parts))
    return Answer(a.q.question, a.kind, text, citations=(cite,), script=a.script)


def documents_on(a: Asked, topic: str) -> Answer:
    """The documents that mention a topic, each with its best passage."""
    if not topic.strip():
        return not_found(a.q.question, a.script, say("what_question", a.english, ref=a.q.question))
    try:
        hits = a.base.search(topic, limit=30).hits
    except QueryError:
        hits = ()
    best: dict[str, Hit] = {}
    for hit in hits:
        best.setdefault(hit.doc, hit)
    if not best:
        return not_found(a.q.question, a.script, say("what_documents_on", a.english, ref=topic))
    lines, citations = [say("documents_on", a.english, n=len(best), topic=topic)], []
    for doc_id, hit in best.items():
        record, doc = a.base.catalog[doc_id], a.base.cached(doc_id)
        lines.append(f"《{title_of(doc)}》" + (f"（{record.doc_number}）" if record.doc_number else ""))
        citations.append(citation_at(doc, hit.span.start, hit.seq, hit.snippet.render("", "").strip("…")))
    return Answer(a.q.question, a.kind, a.text("\n".join(lines)), citations=tuple(citations), script=a.script)
