"""Refuse form posts whose headers already say they cannot be read, before anything reads them.

Django refuses such a body (``BadRequest``, ``MultiPartParserError``) where ``request.POST`` is
first read. In a view's CSRF check that is a 400; but when the address matches no view, the
first reader is the CSRF check of Django's own error page, and there the refusal became a
server error (found by the hostile-input harness, tests/hostile: a form declaring
``charset=gb18030``, a multipart body with no boundary or an empty one). The headers are
checked here with Django's own multipart rules, without reading the body (a JSON endpoint may
still read it whole): such a post is answered 400 (422 under /api/) in Chinese. What only the
body shows (a field over the upload limit) is settled by the 404 page (``ops.errors``).
Browsers always send UTF-8 forms with a boundary.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError

CHARSET = "请求的字符编码不是 UTF-8，无法读取；请用浏览器页面或 UTF-8 编码重新提交。"
MALFORMED = "提交的表单格式有误（缺少或错误的分隔符），无法读取；请用浏览器页面重新提交。"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


def declares_other_charset(request: HttpRequest) -> bool:
    charset = (request.content_params or {}).get("charset")
    return request.content_type == FORM and charset is not None and charset.lower() != "utf-8"  # as Django


def unreadable(request: HttpRequest) -> str | None:
    """Why the posted form cannot be read, as its headers tell (None: they do not)."""
    if request.method != "POST":
        return None
    if declares_other_charset(request):
        return CHARSET
    if request.content_type != MULTIPART:
        return None
    try:  # the parser checks the content type, boundary and length as it is made; it reads nothing
        MultiPartParser(request.META, io.BytesIO(), request.upload_handlers)
    except MultiPartParserError:
        return MALFORMED
    return None


class RefuseUnreadableFormsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        message = unreadable(request)
        if message is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=422, json_dumps_params={"ensure_ascii": False})
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
