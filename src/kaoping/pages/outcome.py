"""The views that run an action and report its outcome: a refusal is shown as an error, success
as a confirmation, then the browser goes back to the page (POST, redirect, GET)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

T = TypeVar("T")
E = TypeVar("E", bound=Exception)


def refusal_text(error: Exception) -> str:
    """What a refusal says: its ``message`` (the services' errors carry one), else its text."""
    return str(getattr(error, "message", "") or error)


def attempt(
    request: HttpRequest, action: Callable[[], T], done: str | Callable[[T], str], refused: type[E]
) -> E | None:
    """Run ``action``: a ``refused`` error is shown and returned (the page shows it again with
    what was typed); otherwise ``done`` (or ``done(result)``) is confirmed and None returned."""
    try:
        result = action()
    except refused as error:
        messages.error(request, refusal_text(error))
        return error
    messages.success(request, done(result) if callable(done) else done)
    return None


def act(
    request: HttpRequest,
    action: Callable[[], T],
    done: str | Callable[[T], str],
    then: str,
    refused: type[Exception],
) -> HttpResponse:
    """Run ``action``, report its outcome, and go to ``then`` (a URL, or a URL name without
    arguments) whatever the outcome."""
    attempt(request, action, done, refused)
    return redirect(then)
