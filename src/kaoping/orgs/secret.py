"""Personal data encrypted at rest with SM4-GCM (docs/architecture.md, 个人信息加密).

People's names, phones and e-mail addresses are stored as ``sm4gcm$<key id>$<base64 of
nonce, ciphertext and tag>`` by ``EncryptedField``: encrypted when written, decrypted when
read, so the code above sees plain text. The key is the deployment's ``KAOPING_DATA_KEY``
(128 bits as 32 hex digits); retired keys (``KAOPING_DATA_KEYS_RETIRED``) still decrypt while
``kaoping personal-data rotate`` re-encrypts every row under the current key. A stored value
without the prefix (a row written before encryption) reads as it is, so the migration that
encrypts existing rows can run on live data.

The database can no longer search these columns: pages filter by them in Python
(``matching``), and nothing looks a person up by name, phone or e-mail.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Iterable
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "sm4gcm"
NONCE_BYTES = 12
TAG_BYTES = 16
# The development and test key: never for real data (settings refuses to run a production
# deployment without KAOPING_DATA_KEY).
DEV_KEY = "00000000000000000000000000000000"


class Undecryptable(Exception):
    """A stored value no configured key opens (a wrong or lost key, or a changed row)."""


def parse_key(text: str) -> bytes:
    try:
        key = binascii.unhexlify(text.strip())
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 16:
        raise ImproperlyConfigured("KAOPING_DATA_KEY 须为 32 位十六进制数（128 位 SM4 密钥）")
    return key


def key_id(key: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(b"kaoping-data-key:" + key)
    return digest.finalize().hex()[:8]


@cache
def _keys(current: str, retired: tuple[str, ...]) -> tuple[tuple[str, bytes], dict[str, bytes]]:
    now = parse_key(current)
    ring = {key_id(k): k for k in (parse_key(r) for r in retired)}
    ring[key_id(now)] = now
    return (key_id(now), now), ring


def keys() -> tuple[tuple[str, bytes], dict[str, bytes]]:
    """(current key id, key) and every key id that still decrypts."""
    return _keys(settings.DATA_KEY, tuple(settings.DATA_KEYS_RETIRED))


def encrypt(text: str) -> str:
    """The stored form of ``text``; the empty text stays empty (nothing to hide)."""
    if not text:
        return ""
    (kid, key), _ring = keys()
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    body = encryptor.update(text.encode("utf-8")) + encryptor.finalize()
    packed = base64.b64encode(nonce + body + encryptor.tag).decode("ascii")
    return f"{PREFIX}${kid}${packed}"


def is_encrypted(stored: str | None) -> bool:
    return bool(stored) and str(stored).startswith(PREFIX + "$")


def decrypt(stored: str) -> str:
    """The plain text of a stored value; a value stored before encryption reads as it is."""
    if not is_encrypted(stored):
        return stored
    _prefix, kid, packed = stored.split("$", 2)
    key = keys()[1].get(kid)
    if key is None:
        raise Undecryptable(f"个人信息的密钥（编号 {kid}）未配置：请在 KAOPING_DATA_KEYS_RETIRED 中提供")
    try:
        raw = base64.b64decode(packed, validate=True)
        nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
        decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except (InvalidTag, ValueError, binascii.Error):
        raise Undecryptable(f"个人信息无法解密（密钥编号 {kid}）：数据被改动或密钥不符") from None


def current_key_id() -> str:
    return keys()[0][0]


class EncryptedField(models.TextField):  # type: ignore[type-arg]
    """Text stored encrypted (SM4-GCM); ``max_length`` limits the plain text in forms.

    Every value sent to the database is encrypted — saves, ``update()``, ``bulk_update()``
    and lookups alike, so no plain text reaches it even in a query. A fresh nonce each time
    means the database cannot compare them: only ``= ""`` (empty) is a meaningful filter.
    ``ENCRYPTED`` tells the audit archive (``kaoping.auditchain``, a layer below) to write it as stored."""

    ENCRYPTED = True

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else decrypt(value)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        value = super().get_db_prep_value(value, connection, prepared)
        return encrypt(value) if isinstance(value, str) else value


def encrypt_rows(model: type[models.Model], fields: list[str]) -> int:
    """Write every row's ``fields`` again, encrypted under the current key (plain text stored
    before encryption, or a retired key's ciphertext): the data migrations and the rotation."""
    rows = list(model._default_manager.only("pk", *fields).order_by("pk"))
    model._default_manager.bulk_update(rows, fields, batch_size=500)
    return len(rows)


def matching(values: Iterable[tuple[int, str]], query: str) -> list[int]:
    """The ids whose decrypted text contains ``query`` (case-insensitive): search in Python."""
    needle = query.casefold()
    return [pk for pk, text in values if text and needle in text.casefold()]


def decrypt_rows(model: type[models.Model], fields: list[str]) -> None:
    """Store ``fields`` as plain text again (undoing the data migrations), past the field."""
    from django.db import connection

    quote = connection.ops.quote_name
    columns = [str(getattr(model._meta.get_field(f), "column", f)) for f in fields]
    sets = ", ".join(f"{quote(c)} = %s" for c in columns)
    pk = str(model._meta.pk.column if model._meta.pk else "id")
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(pk)} = %s"
    rows = model._default_manager.values_list("pk", *fields)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*values, pk) for pk, *values in rows])


def encrypted_columns() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with encrypted fields, and those fields (the rotation's work list)."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        if names:
            found.append((model, names))
    return found


def key_census() -> dict[str, int]:
    """How many stored values each key id holds ("明文" for plain text, none empty)."""
    from django.db import connection

    quote = connection.ops.quote_name
    counts: dict[str, int] = {}
    for model, names in encrypted_columns():
        for name in names:
            column = str(getattr(model._meta.get_field(name), "column", name))
            sql = f"SELECT {quote(column)} FROM {quote(model._meta.db_table)} WHERE {quote(column)} <> ''"
            with connection.cursor() as cursor:
                cursor.execute(sql)
                for (stored,) in cursor.fetchall():
                    kid = stored.split("$", 2)[1] if is_encrypted(stored) else "明文"
                    counts[kid] = counts.get(kid, 0) + 1
    return counts


def encrypting(app_label: str, model_name: str, fields: list[str]) -> Any:
    """The data migration that encrypts a model's rows written before its fields were encrypted
    (and, undone, stores them as plain text again)."""
    from django.db import migrations

    def forward(apps: Any, schema_editor: Any) -> None:
        encrypt_rows(apps.get_model(app_label, model_name), fields)

    def backward(apps: Any, schema_editor: Any) -> None:
        decrypt_rows(apps.get_model(app_label, model_name), fields)

    return migrations.RunPython(forward, backward)
