"""Views: what each page shows, gathered from the library; the JSON twin of a page is its `data`.

A view makes the library calls a CLI command makes and shapes the result with `kb.render`
(the CLI's `--json`), so `/api/...` and `kb ... --json` agree. `extra` holds only what an
HTML page needs beside the data to lay it out (marked snippets, a document's tasks under its
outline); templates render, they decide nothing. No framework here: the app registers these
functions as routes, their parameters as the query parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from kb import facets, render
from kb.citation import for_task
from kb.errors import QueryError
from kb.export import matrix_of
from kb.knowledge import KnowledgeBase
from kb.model import Span

Script = Literal["original", "simplified", "traditional"]
AnswerScript = Literal["original", "simplified", "traditional", "english"]
MAX_LIMIT = 200  # hits or documents on one page


@dataclass(frozen=True, slots=True)
class Page:
    """What a route returns: the template that shows it, its data (the JSON twin) and layout aids."""

    template: str
    title: str
    data: Any
    extra: dict[str, Any] = field(default_factory=dict)


def home(base: KnowledgeBase | None) -> Page:
    """The front page: one box for a question or search words, and what the store holds."""
    records = base.docs() if base is not None else []
    data = {
        "documents": len(records),
        "tasks": sum(r.items for r in records),
        "owned_tasks": sum(len(r.owned) for r in records),
        "api": ["/api/ask?q=", "/api/search?q=", "/api/docs", "/api/agencies", "/openapi.json"],
    }
    return Page("index.html", "政策知识库", data)


def ask(base: KnowledgeBase, q: str, script: AnswerScript = "original", explain: bool = False) -> Page:
    """A question answered like `kb ask --json`: agencies and roles, tasks quoted, citations;
    `explain` adds how the question was read (`kb ask --explain --json`)."""
    answer = base.ask(q, script=None if script == "original" else script)
    return Page("ask.html", q, render.answer_json(answer, explain=explain))


def search(
    base: KnowledgeBase, q: str, doc: str | None = None, agency: str | None = None, issuer: str | None = None,
    year: str | None = None, limit: int = 10, script: Script = "original",
) -> Page:  # fmt: skip
    """Search words, hits quoting the original text: `kb search --json`."""
    _check_limit(limit)
    result = base.search(q, doc=doc, agency=agency, issuer=issuer, year=year, limit=limit, script=script)
    snippets = [
        {"before": h.snippet.cut_before, "after": h.snippet.cut_after,
         "pieces": pieces(h.snippet.text, [Span(*m) for m in h.snippet.marks])}
        for h in result.hits
    ]  # fmt: skip
    filters = {"doc": doc, "agency": agency, "issuer": issuer, "year": year}
    return Page("search.html", q, render.search_json(result), {"snippets": snippets, "filters": filters})


def docs(
    base: KnowledgeBase, jurisdiction: str | None = None, year: str | None = None, issuer: str | None = None,
    doc_script: str | None = None, owners: str | None = None, offset: int = 0, limit: int = 50,
) -> Page:  # fmt: skip
    """The documents with facets (jurisdiction, year, issuer, script, owners) and their counts."""
    _check_limit(limit)
    if offset < 0:
        raise QueryError(f"offset {offset} is negative: give 0 or more")
    filters = {"jurisdiction": jurisdiction, "year": year, "issuer": issuer, "doc_script": doc_script,
               "owners": owners}  # fmt: skip
    listing = facets.documents(base.docs(), filters)
    shown = listing.records[offset : offset + limit]
    data = {
        "total": listing.total,
        "count": len(listing.records),
        "offset": offset,
        "limit": limit,
        "filters": listing.filters,
        "facets": facet_json(listing.facets),
        "documents": [render.record_json(r) for r in shown],
    }
    return Page("docs.html", "文件", data)


def document(base: KnowledgeBase, doc: str) -> Page:
    """A document's metadata, parts and outline (`kb show --json`); the page lists its tasks too."""
    view = base.show(doc)
    tasks = [render.task_json(t) for t in view.document.tasks]
    return Page("document.html", view.record.title, render.show_json(view), {"task_list": tasks})


def doc_tasks(base: KnowledgeBase, doc: str, agency: str | None = None) -> Page:
    """A document's tasks with agencies and roles (`kb tasks --json`), optionally of one agency."""
    record, tasks = base.tasks(doc, agency)
    data = [render.task_json(t) for t in tasks]
    return Page("tasks.html", record.title, data, {"record": render.record_json(record), "agency": agency})


def task(base: KnowledgeBase, doc: str, task: str) -> Page:
    """One task (`kb owners --json`) and the markers its agencies were read from."""
    o = base.owners(doc, task)
    spans = sorted({r.span for r in o.task.responsibilities})
    data = render.owners_json(o)
    data["markers"] = [{"start": s.start, "end": s.end, "text": s.slice(o.document.text)} for s in spans]
    t = o.task
    inside = t.text == t.span.slice(o.document.text) and all(t.span.start <= s.start < s.end <= t.span.end
                                                              for s in spans)  # fmt: skip
    shifted = [Span(s.start - t.span.start, s.end - t.span.start) for s in spans] if inside else []
    extra = {
        "pieces": pieces(t.text, shifted),
        "outside": not inside,
        "location": for_task(o.document, t).location,
    }
    return Page("task.html", t.title, data, extra)


def matrix(base: KnowledgeBase, doc: str, script: Script = "original") -> Page:
    """A document's responsibility matrix (● lead, ○ support, ◆ responsible, △ guide)."""
    record = base.record(doc)
    data = matrix_of(base, [record.id], export_script(script))
    return Page("matrix.html", record.title, data, {"record": render.record_json(record)})


def agencies(base: KnowledgeBase, doc: str | None = None) -> Page:
    """Agencies with their number of tasks per role (`kb agencies --json`), busiest first."""
    data = [render.summary_json(s) for s in base.agencies(doc)]
    return Page("agencies.html", "部门", data, {"doc": doc})


def agency(
    base: KnowledgeBase, name: str, role: str | None = None, doc: str | None = None,
    deadline: str | None = None,
) -> Page:  # fmt: skip
    """An agency's tasks across documents (`kb agency --json`), filtered by role, document, deadline."""
    found = base.agency(name)
    doc_id = base.record(doc).id if doc else None
    listing = facets.tasks(found, {"role": role, "doc": doc_id, "deadline": deadline})
    data = render.agency_tasks_json(listing.found)
    data.update(count=len(listing.found.assignments), total=listing.total, filters=listing.filters,
                facets=facet_json(listing.facets))  # fmt: skip
    titles = {a.record.id: a.record.title for a in found.assignments}
    return Page("agency.html", name, data, {"titles": titles})


def facet_json(found: tuple[facets.Facet, ...]) -> dict[str, Any]:
    return {
        f.name: {"values": [{"value": v.value, "count": v.count, "selected": v.selected} for v in f.values],
                 "hidden": f.hidden}
        for f in found
    }  # fmt: skip


def pieces(text: str, marks: list[Span]) -> list[dict[str, Any]]:
    """`text` cut at the marks: [{"text", "mark"}], for a template to highlight without markup in data."""
    out, pos = [], 0
    for start, end in sorted(marks):
        if start < pos:
            continue
        if start > pos:
            out.append({"text": text[pos:start], "mark": False})
        out.append({"text": text[start:end], "mark": True})
        pos = end
    if pos < len(text):
        out.append({"text": text[pos:], "mark": False})
    return out


def export_script(script: str) -> str:
    """The script of an export asked from a page: the page's, names in simplified unless traditional."""
    return "traditional" if script == "traditional" else "simplified"


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit {limit} is out of range: give 1 to {MAX_LIMIT}")
