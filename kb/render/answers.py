"""Search results and answers rendered, with their citations."""

from __future__ import annotations

from typing import Any

from kb.citation import Citation
from kb.qa import phrasing
from kb.qa.answer import Answer
from kb.render.tasks import task_json
from kb.render.terminal import inline
from kb.search.results import SearchResult


def search_json(result: SearchResult) -> dict[str, Any]:
    return {
        "query": result.query,
        "notes": list(result.notes),
        "partial": result.partial,
        "words": result.words,
        "words_held": result.held,
        "hits": [
            {
                "doc": h.doc,
                "title": h.title,
                "doc_number": h.doc_number,
                "kind": h.kind,
                "path": list(h.path),
                "label": h.label,
                "seq": h.seq,
                "location": h.location,
                "score": round(h.score, 4),
                "snippet": h.snippet.render("<em>", "</em>"),
                "text": h.text,
            }
            for h in result.hits
        ],
    }


def search_text(result: SearchResult, marks: tuple[str, str] = ("«", "»")) -> str:
    lines = [f"({note})" for note in result.notes]
    if result.partial:
        held = f"these hold {result.held} of its {result.words} words"
        lines.append(f"(no passage holds every word of the query: {held})")
    if not result.hits:
        return "\n".join([*lines, f"no results for {result.query!r}"])
    for i, h in enumerate(result.hits, 1):
        number = f"（{inline(h.doc_number)}）" if h.doc_number else ""
        where = f"  {inline(h.location)}" if h.location else ""
        lines.append(
            f"{i:>2}. {inline(h.title)}{number}{where}   [{inline(h.doc)}{f' task {h.seq}' if h.seq else ''}]"
        )
        lines.append(f"    {h.snippet.render(*marks)}")
    return "\n".join(lines)


# -- answers ------------------------------------------------------------------------------------


def citation_json(c: Citation) -> dict[str, Any]:
    return {"doc": c.doc, "doc_number": c.doc_number, "title": c.title, "path": list(c.path), "seq": c.seq,
            "location": c.location, "quote": c.quote}  # fmt: skip


def answer_json(a: Answer, explain: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "question": a.question,
        "kind": a.kind,
        "answer": a.answer,
        "agencies": [
            {"name": r.name, "written": r.written or r.name, "canonical": r.canonical, "role": str(r.role)}
            for r in a.agencies
        ],
        "tasks": [task_json(t) for t in a.tasks],
        "citations": [citation_json(c) for c in a.citations],
        "candidates": [
            {
                "id": c.path or c.doc,
                "title": c.title or c.doc_title,
                "doc": c.doc,
                "path": c.path or None,
                "doc_title": c.doc_title,
                "heading": c.heading,
            }
            for c in a.candidates
        ],  # fmt: skip
        "flagged_citations": list(a.flagged),
        "script": a.script,
        "verdict": a.verdict,
        "count": a.count,
    }
    if explain and a.explanation is not None:
        out["explain"] = a.explanation.as_dict()
    return out


def answer_text(a: Answer, explain: bool = False) -> str:
    lines = [a.answer]
    for i, c in enumerate(a.citations, 1) if a.kind not in ("free", "documents") else ():
        where = phrasing.in_script(str(c), a.script)  # our wording; the quote stays as written
        lines += ["", f"[{i}] {where}", *("    " + line for line in c.quote.splitlines() if line.strip())]
    if a.kind == "documents":
        lines += ["", *(f"  {phrasing.in_script(c.source, a.script)}：“{c.quote}”" for c in a.citations)]
    if a.candidates:
        lines += ["", *phrasing.candidate_lines(a.candidates, a.script)]
    if a.flagged:
        numbers = "、".join(f"[{n}]" for n in a.flagged)
        lines += [
            "",
            f"! the answer cites {numbers}, which no retrieved passage has: do not rely on those parts",
        ]
    if explain and a.explanation is not None:
        lines += ["", "How the question was read:", *("  " + line for line in a.explanation.lines())]
    return "\n".join(lines)
