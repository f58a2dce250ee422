"""Personal API tokens: created once and shown once; only a hash is kept."""

from __future__ import annotations

import secrets

from django.utils import timezone

from kaoping.core import texts
from kaoping.orgs.models import ApiToken, User, hash_token

PREFIX = "kp_"


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Return the stored token and the raw secret (never retrievable again); a name beyond
    ``texts.TOKEN_NAME`` (or not storable) raises ``ValueError`` with the Chinese reason."""
    reason = texts.refusal(name, texts.TOKEN_NAME, "令牌名称")
    if reason is not None:
        raise ValueError(reason)
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, token_hash=hash_token(raw), prefix=raw[:10])
    return token, raw


def user_for_token(raw: str) -> User | None:
    """The active user owning a live token, recording its use; None otherwise."""
    if not raw.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token.user


def revoke_token(token: ApiToken) -> None:
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
