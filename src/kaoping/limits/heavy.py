"""Heavy pages and API operations take a slot of the heavy-work limiter (``kaoping.limits.limiter``)
for as long as they run; when there is none, the user gets 429 with 请稍后再试 and a
``Retry-After`` header, as a page or, under /api/, as JSON — and the work is not started.

    @login_required
    @heavy("pdf")
    def pdf_survey(request, …): …
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Collection
from typing import Concatenate, ParamSpec, TypeVar

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from kaoping.limits import limiter
from kaoping.orgs.actors import signed_in

Request = TypeVar("Request", bound=HttpRequest)
Params = ParamSpec("Params")
Result = TypeVar("Result")
View = Callable[Concatenate[Request, Params], Result]


def heavy(
    what: str, methods: Collection[str] = ("GET", "HEAD", "POST", "PUT")
) -> Callable[[View[Request, Params, Result]], View[Request, Params, Result | HttpResponse]]:
    """Run the view holding a heavy-work slot (only for ``methods``: a bulk page's form is light).
    When none is free the view does not run: the answer is ``busy_response`` (429)."""

    def decorate(view: View[Request, Params, Result]) -> View[Request, Params, Result | HttpResponse]:
        @functools.wraps(view)
        def wrapped(
            request: Request, /, *args: Params.args, **kwargs: Params.kwargs
        ) -> Result | HttpResponse:
            user = signed_in(request)
            if request.method not in methods or user is None:
                return view(request, *args, **kwargs)
            try:
                with limiter.slot(limiter.holder_of(user), what):
                    return view(request, *args, **kwargs)
            except limiter.Busy as busy:
                return busy_response(request, busy)

        # django-ninja reads the view's parameters from its signature, resolving the annotations
        # in the function's own module: hand it the view's, resolved there
        # (a function's __signature__ is read by inspect but not declared on its type)
        wrapped.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
        return wrapped

    return decorate


def busy_response(request: HttpRequest, busy: limiter.Busy) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": busy.message, "retry_after": busy.retry_after},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        context = {"message": busy.message, "retry_after": busy.retry_after, "mine": busy.mine}
        response = render(request, "limits/busy.html", context, status=429)
    response["Retry-After"] = str(busy.retry_after)
    return response
