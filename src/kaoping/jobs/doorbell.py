"""The queue's doorbell: an idle worker hears a new job at once, not at its next look.

An idle ``kaoping worker`` looks at the queue every ``--interval`` seconds (1 s as deployed):
every job used to wait up to that long before anyone took it, and the second worker of a
bulk upload one look more. Queuing a job now also replaces the small file ``JOBS_DIR/doorbell``
once its transaction commits; an idle worker checks that file's identity (a ``stat``, no
database query) every ``LISTEN`` seconds and looks at the queue as soon as it changed. The
directory is the one every app server and worker already shares for results; where a
shared file system shows the change late, the worker's own interval still applies.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

LISTEN = 0.02  # seconds between two looks at the doorbell: ~50 stat calls a second when idle


def path() -> Path:
    return Path(settings.JOBS_DIR) / "doorbell"


def ring() -> None:
    """Tell the idle workers, once the current transaction (if any) has committed: a worker
    woken before the job is visible would find nothing and sleep again."""
    transaction.on_commit(_replace)


def _replace() -> None:
    bell = path()
    try:
        bell.parent.mkdir(parents=True, exist_ok=True)
        part = bell.with_name(f"doorbell.{os.getpid()}.part")
        part.write_bytes(str(time.time_ns()).encode())
        os.replace(part, bell)  # a new file each time: its inode changes even within a clock tick
    except OSError:
        pass  # an unwritable directory: the workers still look at their interval


def heard() -> tuple[int, int] | None:
    """The doorbell's identity now (None: not rung yet, or unreadable)."""
    try:
        seen = os.stat(path())
    except OSError:
        return None
    return seen.st_ino, seen.st_mtime_ns


def wait(seconds: float) -> bool:
    """Sleep up to ``seconds``; True as soon as the doorbell rang meanwhile."""
    before = heard()
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        time.sleep(min(LISTEN, left))
        if heard() != before:
            return True
    return False
