"""The embedded SQLite's writers take turns through a lock file (``kaoping.sqlite``,
docs/architecture.md): a transaction holds the turn from its start to its end, the next one
gets it at the release, and a turn not had in time is gone without, never a hang."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.db.backends.sqlite3.base import SQLiteCursorWrapper

from kaoping.orgs.models import Organisation
from kaoping.sqlite import base

pytestmark = [pytest.mark.sqlite_only, pytest.mark.django_db(transaction=True)]


def turn_file() -> str:
    return f"{connection.settings_dict['NAME']}-writers"


def taken() -> bool:
    """Whether some transaction holds the turn now (asked with a descriptor of our own)."""
    handle = os.open(turn_file(), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(handle)
    return False


@contextmanager
def held_by_someone_else() -> Iterator[None]:
    handle = os.open(turn_file(), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield
    finally:
        os.close(handle)


def test_a_transaction_holds_the_turn_until_its_commit_or_rollback() -> None:
    assert connection.vendor == "sqlite"
    with transaction.atomic():
        Organisation.objects.filter(code="nothing").update(name="x")
        assert taken()
    assert not taken()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert taken()
        _ = 1 / 0
    assert not taken()


def test_the_second_writer_waits_for_the_first_and_then_writes() -> None:
    order: list[str] = []
    inside = threading.Event()

    def first() -> None:
        with transaction.atomic():
            order.append("first in")
            inside.set()
            threading.Event().wait(0.2)  # a save that takes a while
            order.append("first out")
        connection.close()

    def second() -> None:
        inside.wait(10)
        with transaction.atomic():
            order.append("second in")
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert order == ["first in", "first out", "second in"]


def test_a_turn_not_had_in_time_is_gone_without(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "TURN_WAIT", 0.05)
    with held_by_someone_else(), transaction.atomic():  # the turn is taken: SQLite's lock decides
        Organisation.objects.filter(code="nothing").update(name="x")
        assert connection.turn is None  # type: ignore[attr-defined]
    assert not taken()


def test_a_lock_file_that_cannot_be_opened_leaves_sqlite_to_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> int:
        raise PermissionError("another user's file")

    monkeypatch.setattr(base.os, "open", refused)
    with transaction.atomic():
        Organisation.objects.filter(code="nothing").update(name="x")
        assert connection.turn is None  # type: ignore[attr-defined]


def test_statements_are_converted_as_django_converts_them_once_each() -> None:
    queries = ["SELECT %s, '%%s', '100%%' WHERE a = %s", "SELECT 1", "SELECT %s"]
    with connection.cursor() as cursor:
        assert isinstance(cursor.cursor, base.CursorWrapper)
        theirs = SQLiteCursorWrapper.convert_query
        for query in queries * 2:
            assert cursor.cursor.convert_query(query) == theirs(cursor.cursor, query)
        named = cursor.cursor.convert_query("SELECT %(a)s", param_names=["a"])
        assert named == theirs(cursor.cursor, "SELECT %(a)s", param_names=["a"])
        cursor.execute("SELECT %s, '100%%'", [7])
        assert cursor.fetchone() == (7, "100%")
    assert base._qmark.cache_info().hits >= len(queries)
