"""A request id on every request: in the ``X-Request-ID`` response header, in every log line
written while the request runs, and on the 500 page, so that the number a user reads out to
the administrator finds the traceback in the log (docs/deploy.md, 日志).

The id is made here (8 characters, never reused in practice); an id sent by the client is
ignored, so that nobody can plant a misleading one in the log.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_CURRENT: ContextVar[str] = ContextVar("kaoping_request_id", default="-")
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone


def new_id() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(8))


def current() -> str:
    """The id of the request being handled in this thread ("-" outside a request)."""
    return _CURRENT.get()


def of(request: HttpRequest) -> str:
    return str(getattr(request, "request_id", "") or current())


class RequestIdMiddleware:
    """First in MIDDLEWARE: every response, the 500 page included, carries the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_id()
        request.request_id = request_id  # type: ignore[attr-defined]  # our own attribute; of() reads it
        token = _CURRENT.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _CURRENT.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (the logging configuration's formats use it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current()
        return True
