"""HTML: the Jinja2 environment, and the helpers templates use to write text and links.

Every page is shown in the script its `script` query parameter asks for, and every link
keeps it: `original` (the default) writes names in simplified characters and quotes as the
document writes them, like the CLI; `simplified` and `traditional` convert both. The words
of the pages themselves are written in simplified Chinese and converted for `traditional`.
Autoescaping is on: a document's text is never markup.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from kb.citation import printed
from kb.normalize import convert, to_traditional

SCRIPTS = ("original", "simplified", "traditional")
ROLE_NAMES = {"lead": "牵头", "support": "配合", "responsible": "负责", "guide": "指导"}
FACET_NAMES = {"jurisdiction": "地区", "year": "年份", "issuer": "发文机关", "doc_script": "字体",
               "owners": "有责任单位", "role": "职责", "doc": "文件", "deadline": "完成时限"}  # fmt: skip
VALUE_NAMES = {"simplified": "简体", "traditional": "繁体", "mixed": "简繁混合", "yes": "有", "no": "无",
               "none": "无时限", "other": "无年份", "header": "页头", "notice": "印发通知",
               "interpretation": "解读", "body": "正文", **ROLE_NAMES}  # fmt: skip


@lru_cache(maxsize=4096)
def _traditional(text: str) -> str:
    return to_traditional(text)


@pass_context
def ours(context: Context, text: str) -> str:
    """Our own words (labels, headings of the page) in the page's script."""
    return _traditional(text) if context["script"] == "traditional" else text


@pass_context
def theirs(context: Context, text: str | None) -> str:
    """A document's words (quotes, titles, names) in the page's script; as stored for `original`."""
    if not text:
        return ""
    return convert(text, context["script"]) if context["script"] != "original" else text


@pass_context
def url(context: Context, path: str, **params: Any) -> str:
    """A link that keeps the page's script; parameters given as None are left out."""
    query = {k: v for k, v in params.items() if v is not None and v != ""}
    if context["script"] != "original":
        query.setdefault("script", context["script"])
    items = [(k, x) for k, v in query.items() for x in (v if isinstance(v, list) else [v])]
    return path + ("?" + urlencode(items) if items else "")


@lru_cache(maxsize=8192)
def doc_path(doc_id: str) -> str:
    """/docs/ID: ids may hold '/' (a .jsonl's ids often do); every other character is escaped."""
    return "/docs/" + quote(doc_id, safe="/")


def task_path(doc_id: str, seq: int) -> str:
    """A task by its place in order (#12), which never names two tasks."""
    return f"{doc_path(doc_id)}/tasks/{quote('#' + str(seq), safe='')}"


@lru_cache(maxsize=8192)
def agency_path(name: str) -> str:
    return "/agencies/" + quote(name, safe="")


@pass_context
def switched(context: Context, script: str) -> str:
    """This page's address in another script."""
    request = context["request"]
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "script"]
    if script != "original":
        items.append(("script", script))
    return quote(request.url.path, safe="/%") + ("?" + urlencode(items) if items else "")


@pass_context
def twin(context: Context) -> str:
    """The JSON twin of this page: the same path under /api, the same parameters."""
    request = context["request"]
    path = request.url.path
    query = request.url.query
    return quote("/api" + (path if path != "/" else ""), safe="/%") + ("?" + query if query else "")


def by_role(agencies: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """A task's agencies grouped by role, lead first: [(role, [agency, ...])]."""
    groups: dict[str, list[dict[str, Any]]] = {
        role: [] for role in ("lead", "responsible", "support", "guide")
    }
    for a in agencies:
        groups.setdefault(a["role"], []).append(a)
    return [(role, found) for role, found in groups.items() if found]


def pretty(value: Any) -> str:
    """JSON as the CLI prints it (Chinese readable); escaped as text by the template."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def role_name(role: str) -> str:
    return ROLE_NAMES.get(role, role)


def value_name(value: str) -> str:
    return VALUE_NAMES.get(value, value)


def facet_name(name: str) -> str:
    return FACET_NAMES.get(name, name)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        auto_reload=False,  # templates ship with the package: no stat per include
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        ours=ours,
        theirs=theirs,
        role=role_name,
        value=value_name,
        facet=facet_name,
        printed=printed,
        by_role=by_role,
        pretty=pretty,
    )
    env.globals.update(url=url, doc_path=doc_path, task_path=task_path, agency_path=agency_path,
                       switched=switched, twin=twin, SCRIPTS=SCRIPTS)  # fmt: skip
    return env


def render(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(context)
