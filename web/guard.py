"""The gate every request passes: sizes, encodings, and the headers every response carries.

Refused before any view runs, each with a clear 4xx (JSON under /api, a page otherwise):
an address longer than MAX_URL (414), an address whose percent-escapes are not UTF-8 (400),
a body larger than its route allows (413: uploads up to `web.upload.MAX_BYTES`, nothing
else takes more than MAX_BODY), counted as it arrives whatever Content-Length says.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.errors import Problem, bad_request
from web.upload import MAX_BYTES

MAX_URL = 12 * 1024  # bytes of path and query: a 1,000-character search, percent-encoded, fits
MAX_BODY = 64 * 1024
UPLOAD_PATHS = ("/upload", "/api/upload")
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy",
     b"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
     b"frame-ancestors 'none'; base-uri 'none'"),
]  # fmt: skip

Respond = Callable[[Scope, Problem], ASGIApp]


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: refuses what no view should see; adds the security headers."""

    def __init__(self, app: ASGIApp, respond: Respond):
        self.app = app
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", []), *HEADERS]}
            await send(message)

        problem = check(scope)
        if problem is not None:
            await self.respond(scope, problem)(scope, receive, send_with_headers)
            return
        limit = MAX_BYTES if scope["path"] in UPLOAD_PATHS else MAX_BODY
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self.respond(scope, _too_large(limit))(scope, receive, send_with_headers)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send_with_headers)
        except _TooLarge:
            if started:
                raise
            await self.respond(scope, _too_large(limit))(scope, receive, send_with_headers)


def check(scope: Scope) -> Problem | None:
    """A problem with the request's address, or None."""
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    query = scope.get("query_string", b"")
    if len(raw_path) + len(query) > MAX_URL:
        return bad_request(
            f"the address is too long ({len(raw_path) + len(query):,} bytes; at most {MAX_URL:,})",
            "ask a shorter question (at most 500 characters) or search fewer words", 414,
        )  # fmt: skip
    for part, what in ((raw_path, "path"), (query.replace(b"+", b" "), "query")):
        try:
            unquote_to_bytes(part).decode("utf-8")
        except UnicodeDecodeError:
            return bad_request(f"the address's {what} is not UTF-8 text",
                               "send the words percent-encoded as UTF-8, as browsers do")  # fmt: skip
    return None


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _too_large(limit: int) -> Problem:
    return bad_request(
        f"the request is too large (more than {limit // 1024:,} KB)",
        f"send at most {limit // (1024 * 1024) or 1} MB at once" if limit >= 1024 * 1024
        else "questions and searches are sent in the address (GET), not in a body", 413,
    )  # fmt: skip
