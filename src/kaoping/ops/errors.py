"""The server-error answer (``handler500``): a Chinese page, or JSON under /api/, that shows
the request id the log lines of this request carry (``kaoping.ops.requestid``); and the 404
page (``handler404``), which must not become one.

It reads nothing from the database and renders without context processors: it must work when
what failed was the database."""

from __future__ import annotations

from contextlib import suppress

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
    JsonResponse,
)
from django.http.multipartparser import MultiPartParserError
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from kaoping.ops import requestid


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 page, once a posted form its CSRF check would read has been read here.

    A form that cannot be read (a multipart field over ``DATA_UPLOAD_MAX_MEMORY_SIZE``) raises
    where ``request.POST`` is first read; at an address no view answers that was the 404 page's
    CSRF check, and the refusal became a server error (found by the hostile-input harness).
    Read once, Django answers an empty form from then on: the address still answers 404."""
    with suppress(MultiPartParserError, SuspiciousOperation, BadRequest):
        request.POST  # noqa: B018  # the reading is the point
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request Django refuses as unreadable (a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``, a
    suspicious operation): 400 in the user's language, JSON under /api/ — Django's own page is
    English. It reads nothing of the request."""
    if request.path.startswith("/api/"):
        detail = _(
            "The request could not be read: it is too large or malformed. Submit it again from the page."
        )
        return JsonResponse({"detail": detail}, status=400, json_dumps_params={"ensure_ascii": False})
    return HttpResponseBadRequest(loader.get_template("400.html").render({}))


def server_error(request: HttpRequest) -> HttpResponse:
    request_id = requestid.of(request)
    if request.path.startswith("/api/"):
        detail = _("Something went wrong. Please give the administrator the number %(request_id)s.") % {
            "request_id": request_id
        }
        return JsonResponse(
            {"detail": detail, "request_id": request_id},
            status=500,
            json_dumps_params={"ensure_ascii": False},
        )
    html = loader.get_template("500.html").render({"request_id": request_id})
    return HttpResponseServerError(html)
