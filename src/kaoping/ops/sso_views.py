"""Unified sign-on pages: start at the provider, come back signed in (or refused), log out of both."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from kaoping.ops import sso
from kaoping.ops.middleware import SSO_SESSION

log = logging.getLogger(__name__)
UNREACHABLE = "统一身份认证平台暂时无法访问，请稍后再试或联系管理员"
BACKEND = "kaoping.ops.lockout.LockoutBackend"


def _safe_next(request: HttpRequest, target: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else settings.LOGIN_REDIRECT_URL


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    context = {"sso_error": message, "sso": sso.login_offer, "form": None}
    return render(request, "registration/login.html", context, status=403)


@require_GET
def oidc_login(request: HttpRequest) -> HttpResponseBase:
    """To the provider's sign-in, remembering where to land afterwards."""
    if sso.config() is None:
        raise Http404("本系统未配置统一身份认证")
    request.session[sso.SESSION_NEXT] = _safe_next(request, request.GET.get("next", ""))
    callback = request.build_absolute_uri(reverse("oidc_callback"))
    try:
        response: HttpResponseBase = sso.client().authorize_redirect(request, callback)
    except Exception:  # the provider's discovery document could not be read
        log.exception("unified sign-on: the provider is unreachable")
        return _refused(request, UNREACHABLE)
    return response


@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: the code exchanged, the ID token checked, the account matched."""
    if sso.config() is None:
        raise Http404("本系统未配置统一身份认证")
    from authlib.integrations.base_client import OAuthError

    try:
        token = sso.client().authorize_access_token(request)
        user = sso.match(request, sso.claims_of(token))
    except sso.Refused as refusal:
        return _refused(request, str(refusal))
    except OAuthError as error:  # the provider's error, a replayed or forged answer
        log.warning("unified sign-on refused: %s", error)
        sso.failed(request, "统一身份认证")
        return _refused(request, "统一身份认证未完成，请重新登录")
    except Exception:
        log.exception("unified sign-on: the provider's answer could not be checked")
        return _refused(request, UNREACHABLE)
    target = request.session.pop(sso.SESSION_NEXT, settings.LOGIN_REDIRECT_URL)
    auth.login(request, user, backend=BACKEND)
    request.session[sso.SESSION_ID_TOKEN] = token.get("id_token", "")
    request.session[SSO_SESSION] = True
    return redirect(target)


@require_POST
def logout(request: HttpRequest) -> HttpResponseBase:
    """Log out here and, after a unified sign-on, at the provider too (RP-initiated logout)."""
    id_token = request.session.get(sso.SESSION_ID_TOKEN)
    if not id_token or sso.config() is None:
        return auth_views.LogoutView.as_view()(request)
    auth.logout(request)
    back = request.build_absolute_uri(settings.LOGOUT_REDIRECT_URL)
    try:
        client = sso.client()
        url = client.create_logout_url(
            post_logout_redirect_uri=back, id_token_hint=id_token, client_id=client.client_id
        )["url"]
    except Exception:  # no end_session_endpoint, or the provider is unreachable
        log.exception("unified sign-on: no logout at the provider")
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return redirect(url)
