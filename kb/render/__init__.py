"""Rendering results for a terminal and as JSON (Chinese kept readable).

One module per kind of result: `terminal` (escaping, counts, columns, JSON), `documents`,
`tasks` (tasks, owners, agencies), `answers` (search hits and answers), `corrections`.
Callers use `kb.render.<name>`: every public name is listed here.
"""

from __future__ import annotations

from kb.render.answers import answer_json, answer_text, citation_json, search_json, search_text
from kb.render.corrections import correction_json, correction_text, corrections_text, placed_json
from kb.render.documents import docs_text, index_text, record_json, removal_text, show_json, show_text
from kb.render.tasks import (
    CORRECTED,
    GUIDE_LEADS,
    IMPLIED,
    agencies_text,
    agency_json,
    agency_tasks_json,
    agency_tasks_text,
    corrected_json,
    guide_leads,
    owners_json,
    owners_text,
    summary_json,
    task_json,
    tasks_text,
)
from kb.render.terminal import count, inline, pad, printable, table, to_json, width

__all__ = [
    "printable",
    "inline",
    "count",
    "to_json",
    "width",
    "pad",
    "table",
    "record_json",
    "index_text",
    "removal_text",
    "docs_text",
    "show_json",
    "show_text",
    "IMPLIED",
    "GUIDE_LEADS",
    "agency_json",
    "guide_leads",
    "task_json",
    "corrected_json",
    "CORRECTED",
    "tasks_text",
    "owners_json",
    "owners_text",
    "summary_json",
    "agencies_text",
    "agency_tasks_json",
    "agency_tasks_text",
    "search_json",
    "search_text",
    "citation_json",
    "answer_json",
    "answer_text",
    "correction_json",
    "correction_text",
    "placed_json",
    "corrections_text",
]
