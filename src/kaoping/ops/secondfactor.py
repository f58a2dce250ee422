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
from kaoping.orgs.models import User

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
        # who is signed in first: an anonymous request (the login page, the OpenAPI document)
        # reads no security policy
        user = signed_in(request)
        if user and twofactor.anyone_required() and self._unverified(request, user):
            return self._refer(request, "otp_verify" if twofactor.enrolled(user) else "otp_enrol")
        return self.get_response(request)

    def _unverified(self, request: HttpRequest, user: User) -> bool:
        return not twofactor.verified(user) and not self._exempt(request) and twofactor.required(user)

    def _refer(self, request: HttpRequest, name: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": NEEDED}, status=403, json_dumps_params={"ensure_ascii": False})
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")

    def _exempt(self, request: HttpRequest) -> bool:
        if request.path.startswith(settings.STATIC_URL):
            return True
        return request.path in {reverse(name) for name in self.EXEMPT}
