"""What scoring produces: per city and criterion the points, the scores and the working;
per city the category subtotals, the total and the rank."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from kaoping.core.orgs import Org
from kaoping.core.rubric.model import Rubric
from kaoping.core.scoring import numbers
from kaoping.core.scoring.reviews import ReviewerScore
from kaoping.core.scoring.working import Need, Working

Counted = Literal["final", "reviewed", "self"]
CANNOT = "无法计算"  # what a total, subtotal or rank that cannot be computed reads
NOT_ASSESSED = "未自评"  # what the rank of a city with no submitted self-assessment reads
NOT_ASSESSED_REASON = "未自评：该市尚未上报自评，不参加排名"


@dataclass(frozen=True)
class PartResult:
    key: str
    label: str
    points: Decimal
    method: str  # method key (yes_no …)
    method_label: str  # its Chinese name
    working: Working


@dataclass(frozen=True)
class CriterionResult:
    key: str
    number: str
    label: str
    points: Decimal
    category: str  # category key
    item: str  # item key
    method: str  # method key, or "parts"
    parts: tuple[PartResult, ...]  # a criterion without parts has itself as its one part
    auto: Decimal | None  # scored from data; None when a person must score it
    self_score: Decimal | None
    reviewed: Decimal | None  # the reviewers' combined score so far
    final: Decimal | None  # the decided score: the reviewers' decision, else ``auto``
    reviews: tuple[ReviewerScore, ...] = ()
    review_how: str = ""
    explanation: str = ""
    problem: str | None = None  # why it cannot be computed (无法计算); nothing is counted then

    @property
    def counted_from(self) -> Counted | None:
        if self.problem is not None:
            return None
        if self.final is not None:
            return "final"
        if self.reviewed is not None:
            return "reviewed"
        if self.self_score is not None:
            return "self"
        return None

    @property
    def counted(self) -> Decimal | None:
        """What the totals add: ``final`` where known, else ``reviewed``, else ``self``."""
        source = self.counted_from
        if source == "final":
            return self.final
        if source == "reviewed":
            return self.reviewed
        return self.self_score

    @property
    def needs(self) -> tuple[tuple[PartResult, Need], ...]:
        """What it would take, per part: the value for the next band and for full points."""
        return tuple((p, n) for p in self.parts for n in p.working.needs)


@dataclass(frozen=True)
class CityResult:
    """``total``, ``rank`` and the subtotal of a category holding a criterion that cannot be
    computed are None (无法计算), with the first such criterion's reason in ``problem``.
    A city that has not submitted its self-assessment (``assessed`` False) keeps its total
    as scored so far but has no rank (未自评, docs/spec.md §7.6)."""

    org: Org
    criteria: tuple[CriterionResult, ...]
    categories: dict[str, Decimal | None]  # category key → subtotal (exact, 2 decimals)
    total: Decimal | None  # exact, 2 decimals
    rank: int | None  # competition rank on the one-decimal total (1, 1, 3)
    problem: str | None = None
    assessed: bool = True

    @property
    def unranked(self) -> str | None:
        """Why the city has no rank: 无法计算 with its reason, else 未自评; None when ranked."""
        if self.problem is not None:
            return self.problem
        return None if self.assessed else NOT_ASSESSED_REASON

    @property
    def display_total(self) -> Decimal | None:
        return None if self.total is None else numbers.display(self.total)

    @property
    def shown_total(self) -> str:
        """The total as pages and exports show it: one decimal, or 无法计算."""
        return CANNOT if self.total is None else str(numbers.display(self.total))

    @property
    def shown_rank(self) -> str:
        """The rank, or 无法计算, or 未自评."""
        if self.rank is not None:
            return str(self.rank)
        return CANNOT if self.problem is not None else NOT_ASSESSED

    def shown_subtotal(self, category: str) -> str:
        value = self.categories[category]
        return CANNOT if value is None else str(numbers.display(value))

    def criterion(self, key: str) -> CriterionResult:
        return next(c for c in self.criteria if c.key == key)


@dataclass(frozen=True)
class EvaluationResult:
    rubric: Rubric
    cities: tuple[CityResult, ...]  # in the order the cities were given (the tree's order)

    def city(self, code: str) -> CityResult:
        return next(c for c in self.cities if c.org.code == code)

    def ranking(self) -> list[CityResult]:
        """Best first; tied cities keep the tree's order; then the cities not ranked: 未自评,
        then 无法计算."""
        return sorted(self.cities, key=lambda c: (c.rank is None, c.problem is not None, c.rank or 0))
