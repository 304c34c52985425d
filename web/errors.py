"""What went wrong with a request, as the web says it: a status, the error, a hint, the candidates.

Library errors (kb.errors) keep their own message, which already says what to do; the hint
says it in the web's terms. 404 for an unknown document, task or agency, 409 for a name that
matches several (with the candidates), 400 for a bad query, 503 for a store that cannot be
read. Anything else is a 500 that names no detail of the server (the log has them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kb import errors as kb_errors


@dataclass(frozen=True, slots=True)
class Problem:
    """A request that cannot be answered."""

    status: int
    error: str
    hint: str
    candidates: tuple[dict[str, str], ...] = field(default_factory=tuple)

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.error, "hint": self.hint}
        if self.candidates:
            out["candidates"] = list(self.candidates)
        return out


_HINTS: tuple[tuple[type[Exception], int, str], ...] = (
    (kb_errors.DocumentNotFound, 404,
     "/api/docs lists the documents; name one by its id, its number or a fragment of its title"),
    (kb_errors.TaskNotFound, 404,
     "/api/docs/{doc}/tasks lists a document's tasks; name one by its label (12, 十二), "
     "its path (二（三）2) or #12 for the 12th"),
    (kb_errors.AgencyNotFound, 404, "/api/agencies lists the agencies responsible for tasks"),
    (kb_errors.AmbiguousDocument, 409, "name one of the candidates by its id"),
    (kb_errors.AmbiguousTask, 409, "name one of the candidates by its path"),
    (kb_errors.QueryError, 400, "change the query and ask again"),
    (kb_errors.ExportError, 400, "change what is asked of the export"),
    (kb_errors.InputError, 400, "check the file and send it again"),
    (kb_errors.EmptyStore, 503, "nothing is indexed yet: run `kb index PATH` on the server, or upload files"),
    (kb_errors.StoreLocked, 409, "another `kb index` is writing to the store: try again when it is done"),
    (kb_errors.StoreError, 503, "the server's store cannot be read as it is: tell whoever runs the server"),
    (kb_errors.LlmError, 502, "the language model the server uses did not answer: try again later"),
    (kb_errors.KbError, 400, "change the request and try again"),
)  # fmt: skip


def problem_of(e: Exception) -> Problem:
    """The problem a library error is; a 500 for anything else."""
    for kind, status, hint in _HINTS:
        if isinstance(e, kind):
            return Problem(status, str(e), hint, _candidates(e))
    return Problem(500, "internal error", "the server's log says what happened; please report it")


def _candidates(e: Exception) -> tuple[dict[str, str], ...]:
    if isinstance(e, kb_errors.AmbiguousDocument):
        return tuple({"id": first, "title": second} for first, second in e.candidates)
    if isinstance(e, kb_errors.AmbiguousTask):
        return tuple({"path": first, "title": second} for first, second in e.candidates)
    return ()


def bad_request(error: str, hint: str, status: int = 400) -> Problem:
    return Problem(status, error, hint)
