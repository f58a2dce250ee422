"""What a link seals: a row's content in one canonical form, its SM3 digest, and the HMAC-SM3
that ties it to the previous entry. Both ``chain.append`` and ``verify`` use these, so what is
written and what is checked cannot drift apart."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
from collections.abc import Sequence
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
def _sealed(model: type[models.Model]) -> tuple[tuple[str, models.Field[Any, Any] | None], ...]:
    """(attname, field) of each sealed field, the field only where ``canonical`` asks of it
    (an IP address field; None: the value alone decides): looked up once per model, not per row."""
    fields = sealed_fields(model)
    return tuple((f.attname, f if isinstance(f, models.GenericIPAddressField) else None) for f in fields)


def canonical(field: models.Field[Any, Any] | None, value: Any) -> Any:
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
    """The sealed fields of ``row`` as canonical JSON: ``[[attname, value], …]`` (``values_content``)."""
    model = type(row)
    return values_content(model, [getattr(row, name) for name, _ in _sealed(model)])


def values_content(model: type[models.Model], values: Sequence[Any]) -> bytes:
    """``content`` of a ``model`` row given as its sealed fields' values (``SEALED``'s order) —
    ``canonical`` of each, a plain one (None, exactly str, int or bool) taken as it is without
    the call, and a moment's text worked out once for the rows of one save (they share their stamp).
    The same bytes as ``dumps`` of the pairs, written piece by piece (a save seals every entry)."""
    pieces = [
        opening
        + _json_value(
            value if field is None and (value is None or type(value) in _PLAIN) else _text(field, value)
        )
        + "]"
        for (opening, field), value in zip(_openings(model), values, strict=True)
    ]
    return ("[" + ",".join(pieces) + "]").encode("utf-8")


@cache
def _openings(model: type[models.Model]) -> tuple[tuple[str, models.Field[Any, Any] | None], ...]:
    """``[<name as JSON>,`` and the field (``_sealed``) of each sealed field of ``model``."""
    return tuple((f"[{_JSON.encode(name)},", field) for name, field in _sealed(model))


def _json_value(value: Any) -> str:
    """``value`` as ``dumps`` writes it; a text, None and a whole number without the encoder."""
    kind = type(value)
    if kind is str:
        return _STRING(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    return _JSON.encode(value)


def _text(field: models.Field[Any, Any] | None, value: Any) -> Any:
    """``canonical`` of a value that is not plain (or of a field it asks of), a moment's once."""
    stamp = _STAMPS.get(value) if type(value) is dt.datetime else None
    return stamp if stamp is not None else _canonical_once(field, value)


def sealed_positions(model: type[models.Model], names: Sequence[str]) -> tuple[int, ...]:
    """Where each sealed field of ``model`` is among ``names`` (attnames): a plain row's values
    for ``values_content``."""
    return tuple(list(names).index(name) for name, _ in _sealed(model))


_PLAIN = frozenset({str, int, bool})  # exactly these types: ``canonical`` returns them as they are
_STAMPS: dict[dt.datetime, str] = {}  # a moment in UTC → its canonical text


def _canonical_once(field: models.Field[Any, Any] | None, value: Any) -> Any:
    out = canonical(field, value)
    if type(value) is dt.datetime and value.tzinfo is dt.UTC:  # UTC: no fold, one text
        if len(_STAMPS) >= 256:
            _STAMPS.clear()
        _STAMPS[value] = out
    return out


# json.dumps with these options, made once (``dumps`` would build an encoder per call)
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_STRING = json.encoder.encode_basestring  # the text encoder ``_JSON`` itself uses (ensure_ascii=False)


def dumps(pairs: list[list[Any]]) -> bytes:
    """The canonical JSON of ``content`` (the archive rebuilds it after decrypting)."""
    return _JSON.encode(pairs).encode("utf-8")


def digest(data: bytes) -> str:
    hasher = _SM3.copy()  # a copy of an empty one: cheaper than making one
    hasher.update(data)
    return hasher.finalize().hex()


_SM3 = hashes.Hash(hashes.SM3())


def mac(secret: bytes, *parts: object) -> str:
    """HMAC-SM3 over the parts, joined by the unit separator."""
    signer = _keyed(secret).copy()  # the key's pads hashed once, not per entry
    signer.update("\x1f".join(map(str, parts)).encode("utf-8"))
    return signer.finalize().hex()


@cache
def _keyed(secret: bytes) -> hmac.HMAC:
    """A fresh HMAC-SM3 under ``secret``, only ever copied (the few keys of the ring)."""
    return hmac.HMAC(secret, hashes.SM3())


def link_mac(secret: bytes, seq: int, kind: str, row: object, row_digest: str, previous: str) -> str:
    return mac(secret, seq, kind, row, row_digest, previous)


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
