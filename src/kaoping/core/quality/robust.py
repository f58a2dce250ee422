"""Median, MAD and the robust distance of a value from its peers (docs/spec.md §13).

The spread is 1.4826 × MAD (the standard deviation a normal sample with that MAD would have),
but never below the rule's ``floor`` nor ``floor_ratio`` × |median|: where most peers agree
exactly (MAD 0) a small difference is not an outlier. A spread of 0 judges nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

MAD_SCALE = Decimal("1.4826")


def median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("median of nothing")
    middle = n // 2
    return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class Centre:
    median: Decimal
    mad: Decimal
    spread: Decimal  # 1.4826 × MAD, floored

    def distance(self, value: Decimal) -> Decimal | None:
        """|value − median| in spreads; None when the spread is 0 (nothing can be judged)."""
        if self.spread == 0:
            return None
        return abs(value - self.median) / self.spread


def centre(values: Sequence[Decimal], floor: Decimal, floor_ratio: Decimal) -> Centre:
    middle = median(values)
    mad = median([abs(v - middle) for v in values])
    spread = max(MAD_SCALE * mad, floor, floor_ratio * abs(middle))
    return Centre(middle, mad, spread)
