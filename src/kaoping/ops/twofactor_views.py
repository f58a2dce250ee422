"""The pages of two-factor sign-in (``kaoping.ops.twofactor``): the code after the password,
enrolment (QR code and the secret as text, then ten recovery codes shown once), one's own
security settings, and the 安全管理员's acts on an account: resetting its second factor, ending
its lock-out.

A person who has enrolled gives the password, then the code: only then are they signed in (the
login log's 登录), and every wrong code is a failed login counting toward the lock-out
(``kaoping.ops.lockout``). An administrator who has not enrolled yet is signed in with the
password and sent to enrolment before any other page (``kaoping.ops.secondfactor``).
"""

from __future__ import annotations

import time
from typing import Any

import django_otp
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from kaoping.ops import accounts, twofactor
from kaoping.ops.lockout import locked_until, unlock
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest, signed_in
from kaoping.orgs.addresses import client_ip
from kaoping.orgs.models import User

PENDING = "kaoping_otp_pending"  # the session's user who gave the right password, awaiting the code
PENDING_SECONDS = 300


class TwoStepLoginView(LoginView):
    """Django's login; someone with a second factor is asked for the code before signing in."""

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not twofactor.enrolled(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "at": time.time(),
        }
        return redirect("otp_verify")


def _pending(request: HttpRequest) -> tuple[User, str, str] | None:
    found = request.session.get(PENDING)
    if not isinstance(found, dict) or time.time() - float(found.get("at", 0)) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=int(found.get("user") or 0), is_active=True).first()
    return (user, str(found["backend"]), str(found["next"])) if user else None


def _next(request: HttpRequest, default: str = "/") -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or default
    safe = url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure())
    return wanted if safe else "/"


def _locked_text(until: Any) -> str:
    when = timezone.localtime(until).strftime("%H:%M")
    return f"登录失败次数过多，该账号在此地址已锁定，请于 {when} 后再试或联系管理员"


def verify_page(request: HttpRequest) -> HttpResponseBase:
    """The second step: a code from the authenticator app, or a recovery code."""
    pending = _pending(request)
    user = pending[0] if pending else signed_in(request)
    if user is None:
        request.session.pop(PENDING, None)
        return redirect("login")
    context: dict[str, Any] = {"next": pending[2] if pending else _next(request)}
    if request.method == "POST":
        until = locked_until(user.username, client_ip(request))
        device = None if until else twofactor.verify(user, request.POST.get("code", ""))
        if device is not None:
            return _signed_in(request, user, device, pending)
        if until is None:
            user_login_failed.send(__name__, credentials={"username": user.username}, request=request)
            until = locked_until(user.username, client_ip(request))
        if until is not None:
            request.session.pop(PENDING, None)
            context["locked"] = _locked_text(until)
        else:
            context["error"] = True
    return render(request, "ops/otp_verify.html", context)


def _signed_in(
    request: HttpRequest, user: User, device: Any, pending: tuple[User, str, str] | None
) -> HttpResponseBase:
    if pending is not None:
        auth_login(request, user, backend=pending[1])
        request.session.pop(PENDING, None)
    django_otp.login(request, device)
    if isinstance(device, StaticDevice):
        left = twofactor.remaining_codes(user)
        messages.warning(request, f"已用掉一个恢复码，还剩 {left} 个；用完前请在“登录安全”页重新生成。")
    return redirect(pending[2] if pending else _next(request))


@login_required
def enrol_page(request: SignedInRequest) -> HttpResponseBase:
    """Bind an authenticator app: scan the QR code (or type the secret), confirm with a code."""
    if twofactor.enrolled(request.user):
        return redirect("otp_settings")
    device = twofactor.pending_device(request.user)
    context: dict[str, Any] = {"next": _next(request), "required": twofactor.required(request.user)}
    if request.method == "POST":
        codes = twofactor.confirm(request.user, device, request.POST.get("code", ""))
        if codes is not None:
            django_otp.login(request, device)
            return _codes_response(request, codes, context["next"])
        context["error"] = True
    context |= {"qr": twofactor.qr_svg(device), "secret": twofactor.secret_text(device)}
    response = render(request, "ops/otp_enrol.html", context)
    response.headers["Cache-Control"] = "no-store"  # the secret must not be cached
    return response


def _codes_response(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    response = render(request, "ops/otp_codes.html", {"codes": codes, "next": next_url})
    response.headers["Cache-Control"] = "no-store"  # shown once
    return response


@login_required
def settings_page(request: SignedInRequest) -> HttpResponseBase:
    """One's own second factor: state, new recovery codes, switching it off (if not required)."""
    user = request.user
    if request.method == "POST":
        if request.POST.get("do") == "codes" and twofactor.enrolled(user) and twofactor.verified(user):
            return _codes_response(request, twofactor.new_recovery_codes(user), "/")
        if request.POST.get("do") == "off" and twofactor.switch_off(user):
            messages.success(request, "已停用双因素认证。")
        return redirect("otp_settings")
    context = {
        "enrolled": twofactor.enrolled(user),
        "required": twofactor.required(user),
        "remaining": twofactor.remaining_codes(user),
        "verified": twofactor.verified(user),
    }
    return render(request, "ops/otp_settings.html", context)


@login_required
@require_POST
def reset_view(request: SignedInRequest, user_id: int) -> HttpResponseBase:
    """The 安全管理员 resets someone's second factor (audited)."""
    accounts.require_manager(request.user, Action.MANAGE_SECURITY)
    target = get_object_or_404(accounts.managed_users(request.user), pk=user_id)
    if twofactor.reset(request.user, target, "page"):
        messages.success(request, f"已重置 {target.display_name} 的双因素认证：其下次登录时重新绑定。")
    return redirect("ops:account", user_id=target.pk)


@login_required
@require_POST
def unlock_view(request: SignedInRequest, user_id: int) -> HttpResponseBase:
    """The 安全管理员 ends someone's lock-out (audited)."""
    accounts.require_manager(request.user, Action.MANAGE_SECURITY)
    target = get_object_or_404(accounts.managed_users(request.user), pk=user_id)
    if unlock(request.user, target, "page"):
        messages.success(request, f"已解除 {target.display_name} 的登录锁定。")
    return redirect("ops:account", user_id=target.pk)
