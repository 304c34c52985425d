"""The responsibility graph: documents, sections, tasks and agencies in one networkx graph.

Nodes: `doc:<id>`, `section:<id>:<index>`, `task:<id>:<seq>`, `agency:<key>`.
Edges: `contains` (document -> section -> subsection -> task) and one edge per
responsibility, task -> agency, labelled with the role and carrying the span of the marker
it was read from, so every edge can be audited against the original text.

The embedded store keeps each document's part of the graph (built at index time) beside the
document and `build` composes them; the PostgreSQL store builds the same graph from its tables.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kb import atomic
from kb.errors import ExportError
from kb.model import Document, SectionIndex, Task, path_text

if TYPE_CHECKING:  # networkx only where a graph is built: an indexing worker writes fragments
    import networkx as nx


def doc_node(doc_id: str) -> str:
    return f"doc:{doc_id}"


def task_node(doc_id: str, seq: int) -> str:
    return f"task:{doc_id}:{seq}"


def section_node(doc_id: str, index: int) -> str:
    return f"section:{doc_id}:{index}"


def agency_node(key: str) -> str:
    return f"agency:{key}"


Nodes = list[tuple[str, dict[str, object]]]
Edges = list[tuple[str, str, dict[str, object]]]
Fragment = tuple[Nodes, Edges]


def fragment(doc: Document) -> Fragment:
    """One document's nodes and edges, as plain lists: compact to keep, added in bulk by
    `build` (networkx is slow one at a time, and heavy per graph)."""
    d, meta = doc_node(doc.id), doc.meta
    nodes: Nodes = [(d, {
        "kind": "document", "title": meta.title, "doc_number": meta.doc_number or "",
        "jurisdiction": meta.jurisdiction or "", "date": meta.dates.main or "",
    })]  # fmt: skip
    edges: Edges = []
    for s in doc.sections:
        node = section_node(doc.id, s.index)
        nodes.append((node, {"kind": "section", "label": s.label, "title": s.title,
                             "start": s.span.start, "end": s.span.end}))  # fmt: skip
        edges.append((d if s.parent is None else section_node(doc.id, s.parent), node, CONTAINS))
    sections = SectionIndex(doc.sections)
    for t in doc.tasks:
        node = task_node(doc.id, t.seq)
        nodes.append((node, {"kind": "task", "doc": doc.id, "seq": t.seq, "label": t.label,
                             "path": path_text(t.path), "title": t.title, "deadline": t.deadline or "",
                             "start": t.span.start, "end": t.span.end}))  # fmt: skip
        edges.append((_container(doc, sections, t), node, CONTAINS))
        for r in t.responsibilities:
            a = agency_node(r.key)
            nodes.append((a, {"kind": "agency", "name": r.canonical, "jurisdiction": r.jurisdiction or "",
                              "collective": r.collective}))  # fmt: skip
            edges.append((node, a, {"kind": "responsibility", "role": str(r.role), "name": r.name,
                                    "verb": r.verb, "implied": r.implied,
                                    "start": r.span.start, "end": r.span.end}))  # fmt: skip
    return nodes, edges


CONTAINS: dict[str, object] = {"kind": "contains"}


def _container(doc: Document, sections: SectionIndex, task: Task) -> str:
    """The deepest section holding a task: the task's own heading, or the item of a clause."""
    holder = sections.deepest(task.span.start)
    return doc_node(doc.id) if holder is None else section_node(doc.id, holder.index)


def build(fragments: Iterable[Fragment]) -> nx.DiGraph:
    """The whole graph from the documents' fragments (agency nodes are shared)."""
    import networkx as nx

    g = nx.DiGraph()
    for nodes, edges in fragments:
        g.add_nodes_from(nodes)
        g.add_edges_from(edges)
    return g


FORMATS = {".graphml": "graphml", ".gexf": "gexf", ".json": "json"}


@dataclass(frozen=True, slots=True)
class GraphExport:
    """What a graph export wrote."""

    path: Path
    format: str
    nodes: int
    edges: int

    @property
    def summary(self) -> str:
        return (
            f"{self.nodes:,} node{'s' * (self.nodes != 1)} and {self.edges:,} edge{'s' * (self.edges != 1)}"
        )


def export(
    g: nx.DiGraph, path: str | os.PathLike[str], fmt: str | None = None, force: bool = False
) -> GraphExport:
    """Write the graph as GraphML, GEXF or node-link JSON: the format from `fmt` or the
    file's extension (the two must agree); an existing file only with `force`; atomically."""
    named = FORMATS.get(Path(path).suffix.lower())
    if fmt and named and fmt != named:
        raise ExportError(
            f"{os.fspath(path)} is named as {named} but the format asked is {fmt}: "
            f"name the file .{fmt} or leave out --format"
        )
    fmt = fmt or named
    if fmt is None or fmt not in FORMATS.values():
        raise ExportError(
            f"cannot tell the format of {os.fspath(path)}: "
            "name the file .graphml, .gexf or .json, or give --format"
        )
    found: str = fmt
    target = atomic.check(path, force)
    atomic.write(target, lambda tmp: _write(g, found, tmp))
    return GraphExport(target, found, g.number_of_nodes(), g.number_of_edges())


def _write(g: nx.DiGraph, fmt: str, path: Path) -> None:
    import networkx as nx

    if fmt == "graphml":
        nx.write_graphml(g, path)
    elif fmt == "gexf":
        nx.write_gexf(g, path)
    else:
        data = nx.node_link_data(g, edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
