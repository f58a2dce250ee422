"""Python's cyclic garbage collector paused around a bounded computation (docs/reports.md).

A province's recomputation (read its values, compute its summary) allocates tens of thousands
of objects that live until it ends — value keys, results, facts — and frees them together;
the collector, counting them, runs every few hundred allocations and traverses them again
and again (about a tenth of a full national recomputation's CPU time). Nothing the
recomputation makes is cyclic garbage that must be freed before it ends, so ``paused()``
switches the collector off for its duration and back on in ``finally``: any cycle made
meanwhile is freed at the next collection after it. Reference counting still frees
everything else at once.

The collector is process-wide: a count of the paused regions (under a lock, for threads)
switches it off at the first and back on when the last ends, and only if it was on when
the first began (a process that disabled it keeps it disabled).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_state = {"depth": 0, "was_enabled": False}


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block (nested and concurrent blocks allowed)."""
    with _LOCK:
        if _state["depth"] == 0:
            _state["was_enabled"] = gc.isenabled()
            gc.disable()
        _state["depth"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _state["depth"] -= 1
            if _state["depth"] == 0 and _state["was_enabled"]:
                gc.enable()
