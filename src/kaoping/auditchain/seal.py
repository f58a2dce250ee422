"""What a link seals: a row's content in one canonical form, its SM3 digest, and the HMAC-SM3
that ties it to the previous entry. Both ``chain.append`` and ``verify`` use these, so what is
written and what is checked cannot drift apart."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
from decimal import Decimal
from functools import cache
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.db import models

GENESIS = "0" * 64  # the "previous MAC" of the very first entry


def key() -> bytes:
    """The current key: new entries are sealed with it (after ``kaoping audit rotate-key``)."""
    return str(settings.AUDIT_KEY).encode("utf-8")


def key_id(secret: bytes) -> str:
    """A key's name in the chain (eight hex digits of an SM3 over it): says which key sealed an
    entry without revealing it."""
    return digest(b"kaoping-audit-key:" + secret)[:8]


def ring() -> dict[str, bytes]:
    """Every key that verifies, by id: the current one and the old ones (``KAOPING_AUDIT_KEYS_OLD``)."""
    return dict(_ring(str(settings.AUDIT_KEY), tuple(str(old) for old in settings.AUDIT_KEYS_OLD)))


@cache
def _ring(current: str, old: tuple[str, ...]) -> tuple[tuple[str, bytes], ...]:
    """Worked out once per configuration (every append asks)."""
    return tuple((key_id(k.encode("utf-8")), k.encode("utf-8")) for k in (current, *old))


def sealed_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The fields of ``model`` its links seal, named by its ``SEALED`` (stable as the model grows)."""
    names: tuple[str, ...] = getattr(model, "SEALED", ())
    return [model._meta.get_field(name) for name in names]  # type: ignore[misc]  # concrete fields


@cache
def _sealed(model: type[models.Model]) -> tuple[tuple[str, models.Field[Any, Any]], ...]:
    """(attname, field) of each sealed field: looked up once per model, not once per row."""
    return tuple((f.attname, f) for f in sealed_fields(model))


def canonical(field: models.Field[Any, Any], value: Any) -> Any:
    """The value as the same text on every engine and after a round trip through it."""
    if isinstance(field, models.GenericIPAddressField) and value:
        return ipaddress.ip_address(value).compressed
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def content(row: models.Model) -> bytes:
    """The sealed fields of ``row`` as canonical JSON: ``[[attname, value], …]``."""
    return dumps([[name, canonical(f, getattr(row, name))] for name, f in _sealed(type(row))])


def dumps(pairs: list[list[Any]]) -> bytes:
    """The canonical JSON of ``content`` (the archive rebuilds it after decrypting)."""
    return json.dumps(pairs, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def digest(data: bytes) -> str:
    hasher = hashes.Hash(hashes.SM3())
    hasher.update(data)
    return hasher.finalize().hex()


def mac(secret: bytes, *parts: object) -> str:
    """HMAC-SM3 over the parts, joined by the unit separator."""
    signer = hmac.HMAC(secret, hashes.SM3())
    signer.update("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return signer.finalize().hex()


def link_mac(secret: bytes, seq: int, kind: str, row: object, row_digest: str, previous: str) -> str:
    return mac(secret, seq, kind, row, row_digest, previous)


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
