"""Answers that list: an agency's tasks, a document's agencies, the documents on a topic.

All come from the extracted tasks and the search index, without any LLM. An agency name is
never a bare place (`北京` is no agency), and a short name several jurisdictions use
(`市科委`) is answered per agency, never merged into one.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from kb import places
from kb.citation import Citation, for_task, title_of
from kb.errors import QueryError
from kb.model import Responsibility
from kb.qa import documents, phrasing
from kb.qa.question import Question
from kb.qa.result import Answer, Candidate, ambiguous, citation_at, not_found
from kb.responsibilities import Assignment

if TYPE_CHECKING:
    from kb.knowledge import KnowledgeBase
    from kb.search.results import Hit

_CJK = tuple(chr(c) for c in (0x4E00, 0x9FFF))


def tasks_of_agency(base: KnowledgeBase, q: Question, script: str) -> Answer:
    """Every task of the agencies a question names, grouped by agency."""
    english = script == "english"
    name = q.agency or ""
    keys = base.agency_index.match(name) if is_agency_name(name) else []
    groups = [(k, base.agency_index.tasks_of(k)) for k in keys]
    groups = [(k, sorted(a, key=lambda a: (a.record.id, a.task.seq))) for k, a in groups if a]
    if not groups:
        return not_found(q.text, script, phrasing.no_agency(name, q.role, english))
    groups.sort(key=lambda g: (-_count(g[1], q.role), base.agency_index.summary(g[0]).canonical))
    lines: list[str] = []
    if len(groups) > 1:
        lines.append(phrasing.several_agencies(name, len(groups), english))
    in_role = any(_count(assignments, q.role) for _, assignments in groups)
    shown: list[Assignment] = []
    for key, assignments in groups:
        summary = base.agency_index.summary(key)
        chosen = [a for a in assignments if q.role is None or str(a.responsibility.role) == q.role]
        counts = Counter(str(a.responsibility.role) for a in assignments)
        if chosen:
            docs = len({a.record.id for a in chosen})
            lines.append(phrasing.agency_head(summary, q.role, counts, docs, english))
        else:  # say so, and list what it does when no agency named has that role
            chosen = [] if in_role else assignments
            docs = len({a.record.id for a in assignments})
            lines.append(
                phrasing.agency_has_no_role(summary, q.role or "", counts, docs, bool(chosen), english)
            )
        lines += _task_lines(base, chosen, english)
        shown += chosen
    tasks = tuple(base.cached(a.record.id).tasks[a.task.seq - 1] for a in shown)
    citations = tuple(for_task(base.cached(t.doc), t) for t in tasks)
    unique = {(a.responsibility.key, a.responsibility.role): a.responsibility for a in shown}
    text = phrasing.in_script("\n".join(lines), script)
    return Answer(q.text, q.kind, text, tuple(unique.values()), tasks, citations, script=script)


def is_agency_name(name: str) -> bool:
    """Whether a name can be an agency: Chinese, and more than a place (北京, 上海市)."""
    if not any(_CJK[0] <= c <= _CJK[1] for c in name):
        return False
    place, rest = places.split_place(name.strip())
    return not (place and not rest.strip())


def _count(assignments: list[Assignment], role: str | None) -> int:
    return sum(1 for a in assignments if role is None or str(a.responsibility.role) == role)


def _task_lines(base: KnowledgeBase, assignments: list[Assignment], english: bool) -> list[str]:
    """An agency's tasks under the title of their document."""
    lines: list[str] = []
    for i, a in enumerate(assignments):
        doc = base.cached(a.record.id)
        if i == 0 or assignments[i - 1].record.id != a.record.id:
            lines.append("  " + for_task(doc, doc.tasks[0]).source)
        task = doc.tasks[a.task.seq - 1]
        lines.append("    " + phrasing.task_entry(task, a.responsibility.role, english))
    return lines


def agencies_of_document(base: KnowledgeBase, q: Question, script: str) -> Answer:
    """The agencies a document names as responsible, with their number of tasks per role."""
    english = script == "english"
    records = documents.find(base.catalog_index, q.doc) if q.doc else []
    if not records:
        what = f"“{q.doc}”这份文件" if not english else f"the document {q.doc!r}"
        return not_found(q.text, script, what)
    if len(records) > 1:
        found = [Candidate(r.id, r.title) for r in records]
        return ambiguous(
            q.text, script, phrasing.several_documents(q.doc or "", len(records), english), found
        )
    doc = base.cached(records[0].id)
    title = title_of(doc)
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
    if not first:
        text = phrasing.document_without_owners(title, english)
        cite = Citation(doc.id, doc.meta.doc_number, title, (), (), None, doc.meta.title_original)
        return Answer(q.text, q.kind, phrasing.in_script(text, script), citations=(cite,), script=script)
    parts = [phrasing.agency_count(r.name, roles[k], english) for k, r in first.items()]
    head = (
        f"《{title}》涉及{len(first)}个责任单位："
        if not english
        else f"《{title}》 names {len(first)} agencies: "
    )
    separator = "、" if not english else "; "
    text = phrasing.in_script(head + separator.join(parts), script)
    agencies = tuple(first.values())
    return Answer(q.text, q.kind, text, agencies, citations=tuple(cited.values()), script=script)


def documents_on(base: KnowledgeBase, q: Question, script: str) -> Answer:
    """The documents that mention a topic, each with its best passage."""
    english = script == "english"
    topic = q.topic or ""
    if not topic.strip():
        what = f"“{q.text}”所问的内容" if not english else f"the words of {q.text!r} in the documents"
        return not_found(q.text, script, what)
    try:
        hits = base.search(topic, limit=30).hits
    except QueryError:
        hits = ()
    best: dict[str, Hit] = {}
    for hit in hits:
        best.setdefault(hit.doc, hit)
    if not best:
        return not_found(q.text, script, f"提到“{topic}”的文件" if not english else f"documents on {topic!r}")
    head = f"{len(best)}份文件提到“{topic}”：" if not english else f"{len(best)} documents mention {topic}:"
    lines, citations = [head], []
    for doc_id, hit in best.items():
        record, doc = base.catalog[doc_id], base.cached(doc_id)
        title = title_of(doc)
        lines.append(f"《{title}》" + (f"（{record.doc_number}）" if record.doc_number else ""))
        quote = hit.snippet.render("", "").strip("…")
        citations.append(citation_at(doc, hit.span.start, hit.seq, quote))
    text = phrasing.in_script("\n".join(lines), script)
    return Answer(q.text, q.kind, text, citations=tuple(citations), script=script)
