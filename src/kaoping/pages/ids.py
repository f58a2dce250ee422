"""Numbers typed into URLs and forms (ids, versions): ASCII digits within the database's integer.

``str.isdigit`` admits "²" and "٣", which ``int`` then refuses, and a 30-digit id reaches
PostgreSQL as an out-of-range integer: either was a 500 (docs/spec.md §9.4)."""

from __future__ import annotations

INTEGER_MAX = 2**31 - 1  # PostgreSQL's integer; also below SQLite's and bigint's


def small_int(text: str | None, maximum: int = INTEGER_MAX) -> int | None:
    """The number ``text`` spells, or None when it is not plain ASCII digits within ``maximum``."""
    if not text or len(text) > len(str(maximum)) or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= maximum else None
