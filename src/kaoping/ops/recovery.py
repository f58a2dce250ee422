"""One-time recovery codes stored hashed (docs/deploy.md, 双因素认证): django-otp keeps its
static tokens as plain text, so someone who reads the database could sign in with them. Here a
token row holds ``$`` and 15 base32 digits of the HMAC-SM3 of the code under the deployment's
``SECRET_KEY`` (75 bits): a code is eight random base32 characters (40 bits), too few for an
unkeyed hash but out of reach without the key, and a fast keyed hash is enough for a code used
once. ``SECRET_KEY_FALLBACKS`` still open the codes made before a change of ``SECRET_KEY``.

``use`` is django-otp's ``StaticDevice.verify_token`` over the hash — the same throttling
(each failure doubles the wait) — and a code is used up by one DELETE that only one of two
simultaneous sign-ins can win."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

MARK = "$"  # django-otp's own tokens are base32 letters and digits: never this
DIGITS = 15  # StaticToken.token holds 16 characters


def hashed(code: str, secret: str | None = None) -> str:
    """What the token row holds for ``code`` (already normalised: lower case, no spaces)."""
    signer = hmac.HMAC((secret or settings.SECRET_KEY).encode("utf-8"), hashes.SM3())
    signer.update(f"kaoping-recovery-code\x1f{code}".encode())
    return MARK + b32encode(signer.finalize()).decode("ascii").lower()[:DIGITS]


def is_hashed(stored: str) -> bool:
    return stored.startswith(MARK)


def candidates(code: str) -> list[str]:
    """The stored forms ``code`` may have: under the secret key and each fallback."""
    fallbacks: list[str] = list(getattr(settings, "SECRET_KEY_FALLBACKS", []))
    return [hashed(code, secret) for secret in [settings.SECRET_KEY, *fallbacks]]


def store(device: StaticDevice, codes: list[str]) -> None:
    StaticToken.objects.bulk_create([StaticToken(device=device, token=hashed(c)) for c in codes])


def use(device: StaticDevice, code: str) -> bool:
    """Use up ``code`` of ``device``; False (and one more failure counted) when it is none of its
    codes, or when the device waits after failures."""
    allowed, _why = device.verify_is_allowed()
    if not allowed:
        return False
    match = device.token_set.filter(token__in=candidates(code)).values_list("pk", flat=True).first()
    if match is None or StaticToken.objects.filter(pk=match).delete()[0] != 1:
        device.throttle_increment()
        return False
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    return True


def hash_stored(apps: Any, schema_editor: Any = None) -> None:
    """The data migration: every token still stored as plain text replaced by its hash."""
    token = apps.get_model("otp_static", "StaticToken")
    rows = [row for row in token.objects.order_by("pk") if not is_hashed(row.token)]
    for row in rows:
        row.token = hashed(row.token.strip().lower())
    token.objects.bulk_update(rows, ["token"], batch_size=500)
