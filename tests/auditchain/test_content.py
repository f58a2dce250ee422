"""The seal's canonical content, made on its fast path (plain values as they are, a moment's
text once per save), is byte for byte what the reference form gives: every stored chain keeps
verifying. Values of every kind a sealed field holds — None, str (and a subclass), int, bool,
decimals, dates, moments in UTC and in another zone, naive ones, IP addresses."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.safestring import mark_safe

from kaoping.auditchain.seal import canonical, content, sealed_fields
from kaoping.collection.models import AuditEntry, Extension
from kaoping.orgs.models import LoginEvent


def reference(row: models.Model) -> bytes:
    """``content`` as first written: every sealed field through ``canonical``."""
    pairs = [[f.attname, canonical(f, getattr(row, f.attname))] for f in sealed_fields(type(row))]
    return json.dumps(pairs, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
MOMENTS: list[Any] = [
    dt.datetime(2026, 12, 6, 0, 8, 43, 697673, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 6, 0, 8, 43, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 6, 8, 8, 43, 697673, tzinfo=SHANGHAI),
    dt.datetime(2026, 12, 6, 8, 8, 43, 697673, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    None,
]


def test_audit_entries_of_every_value_kind() -> None:
    texts: list[Any] = ["a", "", "带中文", mark_safe("<b>"), None, "x" * 300]
    texts += ['"引号" \\ /', "\x00\x1f\n\t\x7f", "😀\u2028"]  # what JSON escapes, or keeps as it is
    for n, (moment, text) in enumerate(zip(MOMENTS * 2, texts * 2, strict=False)):
        entry = AuditEntry(
            campaign_id="demo-2015", org_id="320100", table="T03", row="320100", column=f"c{n}",
            old=text, new=texts[-1 - n % len(texts)], user_id=None if n % 2 else 7 * 10**n, actor="cli:x",
            channel="upload", version=n, note="f.xlsx sha256:00", at=moment,
        )  # fmt: skip
        assert content(entry) == reference(entry)
        assert content(entry) == reference(entry)  # the moment's text again, from the cache


def test_other_values_and_an_address() -> None:
    for moment in MOMENTS:
        login = LoginEvent(user_id=3, username="王", kind="login", ip="::ffff:10.0.0.1", at=moment)
        assert content(login) == reference(login)
        login.ip = None
        assert content(login) == reference(login)
    for until in (dt.date(2026, 12, 31), None):
        extension = Extension(
            campaign_id="demo-2015", org_id="320100", until=until, reason="延期", user_id=None,
            actor="a", at=MOMENTS[0],
        )  # fmt: skip
        assert content(extension) == reference(extension)
    assert canonical(None, Decimal("1.50")) == "1.5"
    assert canonical(None, True) is True
