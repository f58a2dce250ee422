"""The server-error answer (``handler500``): a Chinese page, or JSON under /api/, that shows
the request id the log lines of this request carry (``kaoping.ops.requestid``).

It reads nothing from the database and renders without context processors: it must work when
what failed was the database."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from kaoping.ops import requestid


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
