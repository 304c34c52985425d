"""Text writers: CSV (UTF-8 with BOM, for Excel), Markdown, one self-contained HTML page, JSON.

CSV rows say what they are in their first cell: `标题,title,subtitle` opens each sheet,
then the header row, the items, `分组,二、重点任务` for a heading above tasks,
`文件,《title》（number）` for a document in a matrix of several, `图例,…` for the legend;
a blank row separates sheets.
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path
from typing import Any

from kb.export.sheets import MARK_COLOURS, Row, Sheet, fixed
from kb.export.tables import MARKS

CSV_MARKERS = {"title": "标题", "group": "分组", "document": "文件", "legend": "图例"}


def write_csv(sheets: list[Sheet], path: Path, script: str) -> None:
    """Write `sheets` as CSV that Excel opens with Chinese intact (UTF-8 with BOM)."""
    marker = {kind: fixed(word, script) for kind, word in CSV_MARKERS.items()}
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        for i, sheet in enumerate(sheets):
            if i:
                out.writerow([])
            out.writerow([marker["title"], sheet.title, sheet.subtitle])
            out.writerow(sheet.header)
            for row in sheet.rows:
                out.writerow(row.cells if row.kind == "item" else [marker[row.kind], row.cells[0]])
            for line in sheet.legend:
                out.writerow([marker["legend"], line])


def write_markdown(sheets: list[Sheet], path: Path) -> None:
    """Write `sheets` as Markdown: a heading, the subtitle and a pipe table each."""
    blocks = []
    for sheet in sheets:
        lines = [f"## {_md(sheet.title)}", ""]
        if sheet.subtitle:
            lines += [_md(sheet.subtitle), ""]
        lines.append(_md_row(tuple(_md(h) for h in sheet.header)))
        lines.append("| " + " | ".join("---" for _ in sheet.header) + " |")
        lines += [_md_row(_md_cells(row, len(sheet.header))) for row in sheet.rows]
        for line in sheet.legend:
            lines += ["", _md(line)]
        blocks.append("\n".join(lines).rstrip())
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_cells(row: Row, columns: int) -> tuple[str, ...]:
    """The cells of a row, escaped; a group or document row in bold in its first cell."""
    if row.kind == "item":
        return tuple(_md(c) for c in row.cells)
    return (f"**{_md(row.cells[0])}**",) + ("",) * (columns - 1)


def _md_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


_MARK_CLASS = {MARKS[role]: str(role) for role in MARKS}  # ● -> lead
_CSS = """
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 2em; }
h1 { font-size: 1.4em; } p.subtitle { color: #444; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #999; padding: 4px 6px; vertical-align: middle; }
thead th { background: #d9d9d9; position: sticky; top: 0; }
th.agency { writing-mode: vertical-rl; text-orientation: upright; white-space: nowrap; }
td.centre { text-align: center; }
tr.group td { font-weight: bold; background: #ddebf7; }
tr.group.depth-0 td { background: #bdd7ee; }
tr.document td { font-weight: bold; background: #fce4d6; }
""" + "".join(f"td.{_MARK_CLASS[mark]} {{ background: #{colour.lower()}; text-align: center; }}\n"
              for mark, colour in MARK_COLOURS.items())  # fmt: skip


def write_html(sheets: list[Sheet], path: Path, title: str) -> None:
    """Write `sheets` as one HTML page: inline CSS, no script, no external resources."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh">',
        '<head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
    ]
    for sheet in sheets:
        parts.append(f"<h1>{html.escape(sheet.title)}</h1>")
        if sheet.subtitle:
            parts.append(f'<p class="subtitle">{html.escape(sheet.subtitle)}</p>')
        parts += _html_table(sheet)
        parts += [f'<p class="legend">{html.escape(line)}</p>' for line in sheet.legend]
    parts += ["</body>", "</html>"]
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def _html_table(sheet: Sheet) -> list[str]:
    marks_from = sheet.marks_from if sheet.marks_from is not None else len(sheet.header)
    head = "".join(
        f'<th class="agency">{html.escape(h)}</th>' if i >= marks_from else f"<th>{html.escape(h)}</th>"
        for i, h in enumerate(sheet.header)
    )
    lines = ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row in sheet.rows:
        if row.kind != "item":
            kind = f"group depth-{row.depth}" if row.kind == "group" else row.kind
            text = html.escape(row.cells[0])
            lines.append(f'<tr class="{kind}"><td colspan="{len(sheet.header)}">{text}</td></tr>')
            continue
        cells = []
        for i, text in enumerate(row.cells):
            if i >= marks_from:
                css = _MARK_CLASS.get(text, "centre")
            else:
                css = "centre" if i in sheet.centred else ""
            attribute = f' class="{css}"' if css else ""
            cells.append(f"<td{attribute}>{html.escape(text)}</td>")
        lines.append(f"<tr>{''.join(cells)}</tr>")
    lines += ["</tbody>", "</table>"]
    return lines


def write_json(value: dict[str, Any], path: Path) -> None:
    """Write `value` as JSON, Chinese not escaped."""
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
