"""Refuse requests carrying NUL characters: PostgreSQL text cannot hold them, and no form
of ours needs one. Checked in the query string and in URL-encoded or JSON bodies (never in
file uploads, which are binary)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

MESSAGE = "请求中含有空字符（NUL），无法保存；请删除不可见的控制字符后重试。"
TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded")
NUL_SPELLINGS = (b"\x00", b"%00", b"\\u0000")


def carries_nul(request: HttpRequest) -> bool:
    query = request.META.get("QUERY_STRING", "").encode()
    if any(nul in query for nul in NUL_SPELLINGS) or "\x00" in request.path:
        return True
    if request.content_type not in TEXT_BODIES:
        return False
    body = request.body
    return any(nul in body for nul in NUL_SPELLINGS)


class RefuseNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not carries_nul(request):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": MESSAGE}, status=422, json_dumps_params={"ensure_ascii": False})
        return HttpResponse(MESSAGE, status=400, content_type="text/plain; charset=utf-8")
