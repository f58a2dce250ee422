"""``kaoping audit anchor``: the chain's head (sequence and MAC) written outside the database —
appended to a file (``KAOPING_AUDIT_ANCHOR``, on another machine's mount or a write-once
medium) or sent to syslog — every ``KAOPING_AUDIT_ANCHOR_SECONDS`` by the jobs scheduler. A
tail removed from the database is then found against the last anchor (``verify``).

One line per anchor, the same in the file and in syslog:
``kaoping-audit-anchor at=2026-12-05T15:00:00+00:00 seq=1234 mac=<64 hex>``."""

from __future__ import annotations

import datetime as dt
import os
import re
import syslog
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from kaoping.auditchain.chain import head

SYSLOG = "syslog"
LINE = re.compile(r"kaoping-audit-anchor at=(?P<at>\S+) seq=(?P<seq>\d+) mac=(?P<mac>[0-9a-f]{64})")


@dataclass(frozen=True)
class Anchor:
    seq: int
    mac: str
    at: str  # ISO time, as written

    def line(self) -> str:
        return f"kaoping-audit-anchor at={self.at} seq={self.seq} mac={self.mac}"


def anchor_now(now: dt.datetime | None = None, target: str | None = None) -> Anchor:
    """Write the current head to ``target`` (default: the setting); returns what was written."""
    seq, mac = head()
    moment = (now or timezone.now()).astimezone(dt.UTC).isoformat(timespec="seconds")
    anchor = Anchor(seq, mac, moment)
    destination = target or settings.AUDIT_ANCHOR
    if destination == SYSLOG:
        syslog.openlog("kaoping", 0, syslog.LOG_AUTHPRIV)
        syslog.syslog(syslog.LOG_NOTICE, anchor.line())
        return anchor
    path = Path(destination)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(anchor.line() + "\n")
        out.flush()
        os.fsync(out.fileno())
    return anchor


def last_anchor(source: str | None = None) -> Anchor | None:
    """The last anchor line of ``source`` (a file: the setting's, or lines copied out of
    syslog); None when there is none or the anchors go to syslog and no file is named."""
    path = source or settings.AUDIT_ANCHOR
    if path == SYSLOG or not Path(path).is_file():
        return None
    found = None
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        match = LINE.search(line)
        if match:
            found = Anchor(int(match["seq"]), match["mac"], match["at"])
    return found
