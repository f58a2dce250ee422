"""Refuse form posts that declare a character set other than UTF-8, before anything reads them.

Django refuses such a body (``BadRequest``) each time ``request.POST`` is read, without
remembering it: the CSRF check of its own error pages reads it again, so the refusal became a
server error (found by the hostile-input harness with ``Content-Type:
application/x-www-form-urlencoded; charset=gb18030``). Browsers always send UTF-8 here.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

MESSAGE = "请求的字符编码不是 UTF-8，无法读取；请用浏览器页面或 UTF-8 编码重新提交。"
FORM = "application/x-www-form-urlencoded"


def declares_other_charset(request: HttpRequest) -> bool:
    charset = (request.content_params or {}).get("charset")
    return request.content_type == FORM and charset is not None and charset.lower() != "utf-8"  # as Django


class RefuseNonUtf8FormsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not declares_other_charset(request):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": MESSAGE}, status=422, json_dumps_params={"ensure_ascii": False})
        return HttpResponse(MESSAGE, status=400, content_type="text/plain; charset=utf-8")
