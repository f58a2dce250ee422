"""Administrators finish two-factor sign-in before anything else (``kaoping.ops.twofactor``).

Signed in with the password but without a second factor, someone who needs one
(``twofactor.required``) is sent to enrolment (none bound yet) or to the code (one bound: a
session from before); API calls of such a session answer 403. Runs after the forced password
change, so a one-time password is changed first."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from kaoping.ops import twofactor
from kaoping.orgs.actors import signed_in

NEEDED = "须先完成双因素认证：请在页面上登录并输入验证器中的验证码"


class SecondFactorRequiredMiddleware:
    EXEMPT = (
        "login",
        "logout",
        "set_language",
        "password_change",
        "password_change_done",
        "otp_verify",
        "otp_enrol",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = signed_in(request) if twofactor.anyone_required() else None
        if user and not twofactor.verified(user) and not self._exempt(request) and twofactor.required(user):
            return self._refer(request, "otp_verify" if twofactor.enrolled(user) else "otp_enrol")
        return self.get_response(request)

    def _refer(self, request: HttpRequest, name: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": NEEDED}, status=403, json_dumps_params={"ensure_ascii": False})
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")

    def _exempt(self, request: HttpRequest) -> bool:
        if request.path.startswith(settings.STATIC_URL):
            return True
        return request.path in {reverse(name) for name in self.EXEMPT}
