"""Unified sign-on (统一身份认证): OpenID Connect beside the local login (docs/deploy.md).

The client is Authlib's (discovery, state, nonce, PKCE, the ID token's signature and claims).
This module only decides: which account an identity is (``match``, by the claim and field the
deployment configures; an account is created only when the deployment enables it), and refuses
what it cannot match — counted for the lock-out and the login log like a failed local login.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from kaoping.ops.lockout import locked_until
from kaoping.orgs.addresses import client_ip
from kaoping.orgs.models import User

SESSION_ID_TOKEN = "kaoping_oidc_id_token"  # kept for the provider's logout (id_token_hint)
SESSION_NEXT = "kaoping_oidc_next"
MATCH_FIELDS = ("username", "external_id")
NAME_LENGTH = User._meta.get_field("username").max_length or 150


class Refused(Exception):
    """The identity is not let in; the message (Chinese) is shown on the login page."""


@dataclass(frozen=True)
class Config:
    discovery_url: str
    client_id: str
    client_secret: str
    scopes: str
    claim: str
    match_field: str
    create_users: bool


def config() -> Config | None:
    """The deployment's OpenID Connect settings; None when unified sign-on is not configured."""
    if not settings.OIDC_DISCOVERY_URL:
        return None
    return Config(
        settings.OIDC_DISCOVERY_URL,
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        settings.OIDC_SCOPES,
        settings.OIDC_CLAIM,
        settings.OIDC_MATCH_FIELD,
        settings.OIDC_CREATE_USERS,
    )


@dataclass(frozen=True)
class LoginOffer:
    """What the login page offers: the unified sign-on button, the local form, or both."""

    sso: bool
    local_off: bool


def login_offer() -> LoginOffer:
    return LoginOffer(sso=config() is not None, local_off=not settings.LOCAL_PASSWORDS)


@cache
def _client(conf: Config) -> Any:
    """Authlib's Django client for these settings (one per process; its metadata is cached)."""
    from authlib.integrations.django_client import OAuth

    oauth = OAuth()
    return oauth.register(
        name="kaoping",
        client_id=conf.client_id,
        client_secret=conf.client_secret,
        server_metadata_url=conf.discovery_url,
        client_kwargs={"scope": conf.scopes, "code_challenge_method": "S256"},
    )


def client() -> Any:
    conf = config()
    if conf is None:
        raise Refused("本系统未配置统一身份认证")
    return _client(conf)


def claims_of(token: dict[str, Any]) -> dict[str, Any]:
    """The identity's claims: the ID token's, completed from the userinfo endpoint when the
    configured claim is not in the ID token (providers put only ``sub`` there by default)."""
    claims = dict(token.get("userinfo") or {})
    conf = config()
    if conf is not None and conf.claim not in claims:
        more = dict(client().userinfo(token=token))
        if more.get("sub") == claims.get("sub"):
            claims = {**more, **claims}
    return claims


def claim_value(claims: dict[str, Any]) -> str:
    conf = config()
    value = claims.get(conf.claim) if conf else None
    if not isinstance(value, str) or not value.strip():
        name = conf.claim if conf else ""
        raise Refused(f"统一身份认证未提供账号标识（{name[:40]}），无法登录，请联系管理员")
    return value.strip()[:NAME_LENGTH]


def match(request: HttpRequest, claims: dict[str, Any]) -> User:
    """The active account this identity is, or ``Refused`` (logged as a failed login)."""
    try:
        value = claim_value(claims)
    except Refused:
        failed(request, "统一身份认证")
        raise
    try:
        if locked_until(value, client_ip(request)) is not None:
            raise Refused("登录失败次数过多，该账号在此地址已锁定，请稍后再试或联系管理员")
        user = _find(value) or _create(value, claims)
        if user is None:
            raise Refused(f"统一身份认证账号“{value}”在本系统中没有对应的账号，请联系管理员开通")
        if not user.is_active:
            raise Refused("该账号已停用，请联系管理员")
    except Refused:
        failed(request, value)
        raise
    return user


def _find(value: str) -> User | None:
    conf = config()
    field = conf.match_field if conf else "username"
    return User.objects.filter(**{field: value}).first()


def _create(value: str, claims: dict[str, Any]) -> User | None:
    """A new account without roles or unit (an administrator grants them), when enabled."""
    conf = config()
    if conf is None or not conf.create_users:
        return None
    name = claims.get("name")
    fields = {"username": value, "name": name[:50] if isinstance(name, str) else ""}
    if conf.match_field == "external_id":
        fields["external_id"] = value
    try:
        with transaction.atomic():
            user = User(**fields)
            user.set_unusable_password()
            user.save()
    except IntegrityError:
        raise Refused(f"用户名“{value}”已被其他账号使用，请联系管理员") from None
    return user


def failed(request: HttpRequest, username: str) -> None:
    """A refused unified sign-on counts as a failed login (lock-out, login log)."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
