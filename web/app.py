"""The web application: each view at its path as a page and under /api as JSON, downloads, uploads.

`create_app(Settings(root))` builds the FastAPI app; `from_environment()` builds it in each
uvicorn worker process from the settings `kb serve` put in the environment. The store is
the one given at start: nothing in a request can name another (a store path from a request
is never opened). Errors are JSON {"error", "hint"} under /api, a page otherwise.
"""

from __future__ import annotations

import inspect
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from kb.errors import KbError
from web import downloads, pages, upload, views
from web.errors import Problem, bad_request, problem_of
from web.guard import Guard, Scope
from web.live import LiveBase

ENV_STORE, ENV_UPLOAD = "KB_SERVE_STORE", "KB_SERVE_UPLOAD"
log = logging.getLogger("kb.serve")
DESCRIPTION = "A knowledge base of Chinese policy documents: the same data as `kb ... --json`."

# path, view, template-free summary; every path also answers under /api with the view's data.
ROUTES: tuple[tuple[str, Callable[..., views.Page]], ...] = (
    ("/", views.home),
    ("/ask", views.ask),
    ("/search", views.search),
    ("/docs", views.docs),
    ("/docs/{doc:path}/tasks/{task}", views.task),
    ("/docs/{doc:path}/tasks", views.doc_tasks),
    ("/docs/{doc:path}/matrix", views.matrix),
    ("/docs/{doc:path}", views.document),
    ("/agencies", views.agencies),
    ("/agencies/{name}", views.agency),
)
ExportScript = Literal["simplified", "traditional", "original"]
Documents = Annotated[
    list[str] | None, Query(description="a document as the CLI takes it; repeat for several")
]


@dataclass(frozen=True, slots=True)
class Settings:
    root: str | Path  # the store: a folder or a postgresql:// URL
    allow_upload: bool = False


def from_environment() -> FastAPI:
    """The app of one uvicorn worker, from what `kb serve` put in the environment."""
    return create_app(Settings(os.environ[ENV_STORE], os.environ.get(ENV_UPLOAD) == "1"))


def create_app(settings: Settings) -> FastAPI:
    live = LiveBase(settings.root)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(_warm, live)
        yield
        live.close()

    app = FastAPI(title="policykb", version="0.1.0", openapi_url="/openapi.json", docs_url=None,
                  redoc_url=None, lifespan=lifespan, description=DESCRIPTION)  # fmt: skip
    app.state.settings = settings
    for path, view in ROUTES:
        _add_view(app, live, path, view)
    _add_exports(app, live)
    _add_upload(app, settings)
    app.mount("/static", StaticFiles(packages=[("web", "static")]), name="static")
    _add_errors(app)
    app.add_middleware(Guard, respond=lambda scope, problem: _problem_response(_Bare(scope, app), problem))
    return app


def _warm(live: LiveBase) -> None:
    try:
        live.warm()
    except KbError as e:  # a store that cannot be read: each request will say so
        log.warning("%s", e)


def _add_view(app: FastAPI, live: LiveBase, path: str, view: Callable[..., views.Page]) -> None:
    """The view as a page at `path` and as JSON at /api`path`, with the view's parameters."""
    signature = inspect.signature(view, eval_str=True)
    params = list(signature.parameters.values())[1:]  # the first is the knowledge base
    optional = view is views.home

    def call(kwargs: dict[str, Any]) -> views.Page:
        with live.lease_if_any() if optional else live.lease() as base:
            return view(base, **kwargs)

    def as_json(**kwargs: Any) -> Response:
        return JSONResponse(call(kwargs).data)

    def as_html(request: Request, **kwargs: Any) -> Response:
        return _html(request, call(kwargs))

    summary = (view.__doc__ or "").split("\n")[0]
    as_json.__signature__ = signature.replace(parameters=params, return_annotation=Response)  # type: ignore[attr-defined]
    request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)
    as_html.__signature__ = signature.replace(parameters=[request, *params], return_annotation=Response)  # type: ignore[attr-defined]
    name = view.__name__
    app.add_api_route("/api" + (path if path != "/" else ""), as_json, methods=["GET"], name=f"api_{name}",
                      summary=summary, response_class=JSONResponse)  # fmt: skip
    app.add_api_route(path, as_html, methods=["GET"], name=name, include_in_schema=False,
                      response_class=HTMLResponse)  # fmt: skip


def _html(request: Request, page: views.Page, status: int = 200) -> HTMLResponse:
    script = request.query_params.get("script", "original")
    context = {
        "request": request,
        "script": script if script in pages.SCRIPTS else "original",
        "title": page.title,
        "data": page.data,
        "extra": page.extra,
        "upload": request.app.state.settings.allow_upload,
    }
    return HTMLResponse(pages.render(page.template, context), status)


def _add_exports(app: FastAPI, live: LiveBase) -> None:
    """/export/tasks.xlsx?doc=…, /export/matrix.xlsx?doc=…, /export/agency.xlsx?name=…"""

    def send(kind: str, fmt: str, docs: list[str], name: str | None, script: str) -> Response:
        with live.lease() as base:
            d = downloads.write(base, kind, fmt, docs, name, script)
        return FileResponse(d.path, media_type=d.media_type, headers={"Content-Disposition": d.disposition()},
                            background=BackgroundTask(d.discard))  # fmt: skip

    @app.get("/export/tasks.{fmt}", summary="The task allocation table (任务分工表) of documents")
    def tasks(fmt: str, doc: Documents = None, script: ExportScript = "simplified") -> Response:
        return send("tasks", fmt, doc or [], None, script)

    @app.get("/export/matrix.{fmt}", summary="The responsibility matrix of documents")
    def matrix(fmt: str, doc: Documents = None, script: ExportScript = "simplified") -> Response:
        return send("matrix", fmt, doc or [], None, script)

    @app.get("/export/agency.{fmt}", summary="An agency's task list (部门任务清单)")
    def agency(fmt: str, name: str = "", script: ExportScript = "simplified") -> Response:
        return send("agency", fmt, [], name, script)


def _add_upload(app: FastAPI, settings: Settings) -> None:
    """GET /upload: the form; POST /upload and /api/upload: index the files sent as `files`."""

    @app.get("/upload", include_in_schema=False)
    def form(request: Request) -> Response:
        status = 200 if settings.allow_upload else 403
        return _html(request, views.Page("upload.html", "添加文件", None), status)

    async def receive(request: Request) -> dict[str, Any]:
        if not settings.allow_upload:
            hint = "start it with `kb serve --allow-upload` to let people add files"
            raise _Refused(bad_request("uploads are off on this server", hint, 403))
        async with request.form(max_files=upload.MAX_FILES, max_fields=upload.MAX_FILES + 5) as sent:
            files = [f for f in sent.getlist("files") if not isinstance(f, str)]
            if not files:
                raise _Refused(bad_request("no file was sent", "choose one or more files (field `files`)"))
            return await run_in_threadpool(
                upload.run, settings.root, [(f.filename or "", f.file) for f in files]
            )

    @app.post("/upload", include_in_schema=False)
    async def post(request: Request) -> Response:
        return _html(request, views.Page("upload.html", "添加文件", await receive(request)))

    @app.post(
        "/api/upload", summary="Index uploaded files (multipart field `files`), like `kb index FILE...`"
    )
    async def api_post(request: Request) -> Response:
        return JSONResponse(await receive(request))


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _add_errors(app: FastAPI) -> None:
    @app.exception_handler(KbError)
    async def library(request: Request, e: KbError) -> Response:
        return _problem_response(request, problem_of(e))

    @app.exception_handler(_Refused)
    async def refused(request: Request, e: _Refused) -> Response:
        return _problem_response(request, e.problem)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError) -> Response:
        first = e.errors()[0] if e.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x not in ("query", "path"))
        message = f"bad parameter {where}: {first.get('msg', 'invalid')}" if where else "bad request"
        return _problem_response(request, bad_request(message, "/openapi.json describes every parameter"))

    @app.exception_handler(HTTPException)
    async def http(request: Request, e: HTTPException) -> Response:
        if e.status_code == 404:
            problem = bad_request(f"no page at {request.url.path}", "the front page / links to everything; "
                                  "the API is described at /openapi.json", 404)  # fmt: skip
        else:
            problem = bad_request(
                str(e.detail), "/openapi.json describes what each address takes", e.status_code
            )
        return _problem_response(request, problem)

    @app.exception_handler(Exception)
    async def internal(request: Request, e: Exception) -> Response:
        log.error("internal error on %s", request.url.path, exc_info=e)
        return _problem_response(request, problem_of(e))


class _Bare(Request):
    """A request the gate refused before routing: enough to render an error page."""

    def __init__(self, scope: Scope, app: FastAPI):
        super().__init__({**scope, "app": app, "query_string": b"", "path": "/"})


def _problem_response(request: Request, problem: Problem) -> Response:
    path = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
    if path.startswith("/api") or path == "/openapi.json" or _wants_json(request):
        return JSONResponse(problem.json(), problem.status)
    page = views.Page("error.html", "出错了", problem.json(), {"status": problem.status})
    try:
        return _html(request, page, problem.status)
    except Exception:  # the error page itself failed: say the error plainly, never a traceback
        log.exception("the error page failed")
        return HTMLResponse(_PLAIN.format(status=problem.status, error=escape(problem.error),
                                          hint=escape(problem.hint)), problem.status)  # fmt: skip


_PLAIN = (
    '<!doctype html><meta charset="utf-8"><title>{status}</title><h1>{status}</h1><p>{error}</p><p>{hint}</p>'
)


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept
