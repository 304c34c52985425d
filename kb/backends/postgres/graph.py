"""The responsibility graph of a PostgreSQL store, built from its tables when it is asked for.

The same nodes, attributes and edges as `kb.graph.fragment` gives for each document of the
embedded store (a test compares them): no graph is stored.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kb.graph import CONTAINS, agency_node, doc_node, section_node, task_node
from kb.model import path_text


def build(conn: Any, without: frozenset[str] = frozenset()) -> nx.DiGraph:
    """The graph of every document but those `without` (and of the agencies the rest name)."""
    g = nx.DiGraph()
    skip = {"skip": sorted(without)}
    documents = conn.execute(
        "SELECT id, title, doc_number, jurisdiction, date FROM documents WHERE id <> ALL(%(skip)s) "
        "ORDER BY id",
        skip,
    )
    g.add_nodes_from(
        (doc_node(i), {"kind": "document", "title": t, "doc_number": n or "", "jurisdiction": j or "",
                       "date": d or ""})
        for i, t, n, j, d in documents
    )  # fmt: skip
    for doc, idx, parent, label, title, start, stop in conn.execute(
        "SELECT doc_id, idx, parent, label, title, start, stop FROM sections WHERE doc_id <> ALL(%(skip)s) "
        "ORDER BY doc_id, idx",
        skip,
    ):
        node = section_node(doc, idx)
        g.add_node(node, kind="section", label=label, title=title, start=start, end=stop)
        g.add_edge(doc_node(doc) if parent is None else section_node(doc, parent), node, **CONTAINS)
    tasks = "SELECT doc_id, seq, label, path, title, deadline, start, stop, section FROM tasks"
    tasks += " WHERE doc_id <> ALL(%(skip)s) ORDER BY doc_id, seq"
    for doc, seq, label, path, title, deadline, start, stop, section in conn.execute(tasks, skip):
        node = task_node(doc, seq)
        g.add_node(node, kind="task", doc=doc, seq=seq, label=label, path=path_text(tuple(path)), title=title,
                   deadline=deadline or "", start=start, end=stop)  # fmt: skip
        g.add_edge(doc_node(doc) if section is None else section_node(doc, section), node, **CONTAINS)
    for key, canonical, jurisdiction, collective in conn.execute(
        "SELECT key, canonical, jurisdiction, collective FROM agencies WHERE key IN "
        "(SELECT agency FROM responsibilities WHERE doc_id <> ALL(%(skip)s)) ORDER BY key",
        skip,
    ):
        g.add_node(agency_node(key), kind="agency", name=canonical, jurisdiction=jurisdiction or "",
                   collective=collective)  # fmt: skip
    for doc, seq, agency, role, name, verb, implied, start, stop in conn.execute(
        "SELECT doc_id, seq, agency, role, name, verb, implied, start, stop FROM responsibilities "
        "WHERE doc_id <> ALL(%(skip)s) ORDER BY doc_id, seq, n",
        skip,
    ):
        g.add_edge(task_node(doc, seq), agency_node(agency), kind="responsibility", role=role, name=name,
                   verb=verb, implied=implied, start=start, end=stop)  # fmt: skip
    return g
