"""Security headers (a Content-Security-Policy without inline script) and forced password change."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from kaoping.ops import policy
from kaoping.ops.passwords import change_reason
from kaoping.orgs.actors import signed_in

# No inline script or style anywhere; data for charts travels as <script type="application/json">.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def content_policy() -> str:
    """The CSP; with unified sign-on, logging out posts on to the provider's logout page,
    so the provider's origin may receive that form too."""
    from django.conf import settings

    found = urlsplit(settings.OIDC_DISCOVERY_URL or "")
    if not (found.scheme and found.netloc):
        return CSP
    origin = f"{found.scheme}://{found.netloc}"
    return CSP.replace("form-action 'self'", f"form-action 'self' {origin}")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_policy())
        response.headers.setdefault("Permissions-Policy", PERMISSIONS)
        return response


SESSION_KEY = "kaoping_password_ok"  # the day the password was last found fine
SSO_SESSION = "kaoping_sso"  # signed in by unified sign-on: the local password is not asked for


class PasswordChangeRequiredMiddleware:
    """After a reset, at first login or when the password is too old: change it before anything else.

    Any password change invalidates the other sessions (Django's session hash), so the check
    is cached in the session for the day.
    """

    EXEMPT = ("password_change", "password_change_done", "logout", "set_language", "login")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = signed_in(request)
        if user is not None and not request.session.get(SSO_SESSION) and not self._exempt(request):
            today = timezone.localdate().isoformat()
            if request.session.get(SESSION_KEY) != today:
                reason = change_reason(user)
                if reason is None:
                    request.session[SESSION_KEY] = today
                elif request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": reason}, status=403, json_dumps_params={"ensure_ascii": False}
                    )
                else:
                    messages.warning(request, reason)
                    return redirect("password_change")
        return self.get_response(request)

    def _exempt(self, request: HttpRequest) -> bool:
        from django.conf import settings

        if request.path.startswith(settings.STATIC_URL):
            return True
        exempt = {reverse(name) for name in self.EXEMPT}
        return request.path in exempt


RENEWED = "kaoping_renewed"  # when the session's idle time last started again (epoch seconds)
RENEW_EVERY = 60  # seconds: sign-out comes after the idle minutes, at most this much sooner


class IdleTimeoutMiddleware:
    """Signs out after the security policy's idle minutes (``kaoping.ops.policy``): a request of
    a signed-in user starts the session's time again — saving the session at most once a minute,
    not on every request (each save is a database write; on the embedded SQLite it waited for the
    background workers' write lock and slowed every page while they imported). A stricter policy
    takes effect at the next request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if signed_in(request) is not None:
            renew(request, policy.effective().idle_minutes * 60)
        return self.get_response(request)


def renew(request: HttpRequest, idle_seconds: int) -> None:
    session = request.session
    now = int(timezone.now().timestamp())
    stale = now - int(session.get(RENEWED, 0)) >= RENEW_EVERY
    if stale or session.get_expiry_age() != idle_seconds:
        session.set_expiry(idle_seconds)
        session[RENEWED] = now
