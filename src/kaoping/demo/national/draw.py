"""Seeded draws for the national demo: the same seed and unit give the same values on every run
and every machine (``random.Random`` seeded with a text is stable across processes)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

T = TypeVar("T")
CENT = Decimal("0.01")


def cents(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


class Draw:
    """The draws of one unit (a province or a city): seeded by the demo's seed and the unit's code,
    so a unit's values do not depend on which other units are generated."""

    def __init__(self, seed: int, unit: str) -> None:
        self._rng = random.Random(f"kaoping-national-demo/{seed}/{unit}")

    def uniform(self, low: float, high: float) -> float:
        return self._rng.uniform(low, high)

    def chance(self, probability: float) -> bool:
        return self._rng.random() < probability

    def between(self, low: int, high: int) -> int:
        """An integer in low..high, both included."""
        return self._rng.randint(low, high)

    def pick(self, choices: Sequence[T]) -> T:
        return self._rng.choice(choices)

    def sample(self, choices: Sequence[T], count: int) -> list[T]:
        """``count`` distinct choices, in the order of ``choices``."""
        chosen = set(self._rng.sample(range(len(choices)), min(count, len(choices))))
        return [c for i, c in enumerate(choices) if i in chosen]

    def share(self, total: Decimal, low: float, high: float) -> Decimal:
        """``total`` × a fraction in low..high, in cents."""
        return cents(total * Decimal(str(round(self.uniform(low, high), 4))))

    def part(self, total: int, low: float, high: float) -> int:
        """``total`` × a fraction in low..high, rounded to a whole number."""
        return int(Decimal(total * self.uniform(low, high)).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def codes(self, always: str, optional: str, low: int, high: int) -> str:
        """Several codes: every letter of ``always`` and some of ``optional``, sorted, comma-separated."""
        chosen = set(always) | set(self.sample(optional, self.between(low, high)))
        return ",".join(sorted(chosen))
