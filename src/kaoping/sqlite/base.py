"""Django's SQLite engine, with the writers of every process taking turns through a lock file.

SQLite lets one writer at a time hold its write lock; a transaction that finds it taken sleeps in
SQLite's busy handler — 1, 2, 5, 10, 15, 20, 25 … ms, whatever the time the holder still needs —
so two workers each importing a workbook in a ~10 ms transaction waited several milliseconds past
every release, and a page's write could wait behind both. Here a transaction (Django's ``BEGIN
IMMEDIATE``) first takes an exclusive ``flock`` on ``<database>-writers`` and gives it up at its
commit or rollback; a waiter tries again every half millisecond. SQLite's own lock still
guards the data: the turn only orders the transactions, and writes outside a transaction
(autocommit) do not wait for it. A turn not had within ``TURN_WAIT`` seconds — a second
connection of the same thread waiting on the first, say — is gone without: SQLite's busy handler
decides as before. See docs/architecture.md (The embedded database's writers).

Its cursors convert each statement's placeholders once (``CursorWrapper``), not at every run.
"""

from __future__ import annotations

import fcntl
import functools
import os
import time
from typing import Any

from django.db.backends.sqlite3 import base

TURN_WAIT = 20.0  # seconds: as long as SQLite's own busy timeout (settings: OPTIONS timeout)
POLL = 0.0005  # seconds between two tries (a release is seen within half a millisecond)


class DatabaseWrapper(base.DatabaseWrapper):
    # The hooks below are Django's own (django.db.backends.base.base), absent from its type stubs.
    turn: int | None = None  # the lock file's descriptor while this connection has the turn

    def create_cursor(self, name: str | None = None) -> Any:
        return self.connection.cursor(factory=CursorWrapper)

    def _start_transaction_under_autocommit(self) -> None:
        self._take_turn()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._end_turn()
            raise

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]
        finally:
            self._end_turn()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self._end_turn()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            self._end_turn()

    def _take_turn(self) -> None:
        name = str(self.settings_dict["NAME"])
        if self.turn is not None or self.is_in_memory_db():
            return
        try:
            handle = os.open(f"{name}-writers", os.O_RDWR | os.O_CREAT, 0o660)
        except OSError:  # a folder or file this process may not write: SQLite's lock alone decides
            return
        deadline = time.monotonic() + TURN_WAIT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self.turn = handle
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(handle)
                    return
                time.sleep(POLL)

    def _end_turn(self) -> None:
        handle, self.turn = self.turn, None
        if handle is not None:
            os.close(handle)  # closing the descriptor releases its lock


class CursorWrapper(base.SQLiteCursorWrapper):
    """Django's, with each statement's "format" → "qmark" conversion worked out once: a save
    says the same few statements for every workbook, and the regular expression over each
    cost more than SQLite's run of it."""

    def convert_query(self, query: str, *, param_names: list[str] | None = None) -> str:
        if param_names is None:
            return _qmark(query)
        return str(super().convert_query(query, param_names=param_names))


@functools.lru_cache(maxsize=512)
def _qmark(query: str) -> str:
    return str(base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%"))
