"""Rows prepared column by column (``plain_rows``) are what preparing each row gives
(``plain``): plain values of simple fields as they are, anything else through its field — a
moment, a text of a str subclass, an address — on every engine."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.safestring import mark_safe

from kaoping.orgs.models import LoginEvent
from kaoping.preparing import is_simple, plain, plain_rows

pytestmark = pytest.mark.django_db


def test_rows_prepared_column_by_column_are_the_rows_prepared_one_by_one() -> None:
    names = ("username", "kind", "ip", "at", "user_id")
    fields = [(f, is_simple(f)) for f in (LoginEvent._meta.get_field(n) for n in names)]
    at = dt.datetime(2026, 12, 6, 3, 0, 1, 250, tzinfo=dt.UTC)
    rows = [
        ("王", "login", "::ffff:10.0.0.1", at, 3),
        (mark_safe("<b>"), "logout", None, at, None),
        ("x", "failed", "10.0.0.2", at + dt.timedelta(seconds=1), True),
    ]
    one_by_one = [tuple(plain(fields, row, {})) for row in rows]
    assert plain_rows(fields, rows) == one_by_one
    assert not is_simple(LoginEvent._meta.get_field("ip")) and is_simple(LoginEvent._meta.get_field("kind"))
    plainly = [("a", "login"), ("b", "logout")]
    assert plain_rows(fields[:2], plainly) == plainly  # nothing to prepare: the values as they are
