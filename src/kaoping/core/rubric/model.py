"""The rubric (考评标准) as typed, read-only data (docs/scoring.md).

A rubric has categories (工作分类), each with work items (工作项目: 工作要点 and 相关指标),
each with scoring criteria (评分标准). A criterion is scored by one method, or consists of
parts, each with its own method and points. Points are ``Decimal``: scores are money-like
quantities that must add up exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

# The largest number a metric may have where neither the metric (``max``) nor the rubric
# (``metric_max``) declares one: what a city may report, and what scoring will use.
DEFAULT_METRIC_MAX = Decimal(10) ** 9


class MethodParams(BaseModel):
    """Parameters of a scoring method; each method extends it with its own fields.

    ``metric`` names a rubric metric, ``target`` a rubric target; what they mean depends on
    the method. Unknown keys are refused so a misspelt parameter is reported.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    metric: str | None = None
    target: str | None = None


@dataclass(frozen=True)
class MethodSpec:
    kind: str  # a key of ``kaoping.core.scoring.methods.METHODS``
    params: MethodParams


@dataclass(frozen=True)
class TargetSpec:
    """A target the province sets per campaign. Exactly one way of fixing it is used, in
    this order: a value for the city, for its region group, a formula over its base
    figures, one number for all."""

    key: str
    label: str
    unit: str = ""
    value: Decimal | None = None
    by_region: dict[str, Decimal] = field(default_factory=dict)
    by_city: dict[str, Decimal] = field(default_factory=dict)
    expr: str | None = None  # over base figures (population, insured_urban, counties)
    note: str | None = None  # the formula in words, e.g. 城镇参保人数（万人）× 3 元/人·年


@dataclass(frozen=True)
class MetricDef:
    """Where a metric comes from: the linked survey (``survey`` expression, ``city`` bound
    to the city's code), or the city's own report in the evaluation, with evidence."""

    key: str
    label: str
    unit: str = ""
    kind: str = "number"  # number | bool | list (one number per sub-unit, e.g. per county)
    survey: str | None = None
    source: str | None = None  # the survey place in words: 表13 运维经费 ÷ 4.5 年
    reported: bool = False
    max: Decimal = DEFAULT_METRIC_MAX  # the largest value (of each number, for a list)


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    points: Decimal
    method: MethodSpec


@dataclass(frozen=True)
class Criterion:
    key: str
    number: str
    label: str
    points: Decimal
    method: MethodSpec | None = None  # None when the criterion has parts
    parts: tuple[Part, ...] = ()

    def scored_parts(self) -> tuple[Part, ...]:
        """The parts, or the criterion itself as its only part."""
        if self.parts:
            return self.parts
        assert self.method is not None
        return (Part(self.key, self.label, self.points, self.method),)

    @property
    def method_label(self) -> str:
        """``yes_no`` …, or ``parts`` for a criterion made of parts."""
        return self.method.kind if self.method is not None else "parts"


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    points: Decimal
    focus: str  # 工作要点, verbatim
    indicators: tuple[str, ...] = ()  # 相关指标
    criteria: tuple[Criterion, ...] = ()
    shows: tuple[str, ...] = ()  # metrics shown to reviewers beside the item


@dataclass(frozen=True)
class Category:
    key: str
    number: str
    label: str
    points: Decimal
    items: tuple[Item, ...] = ()

    def criteria(self) -> Iterator[Criterion]:
        for item in self.items:
            yield from item.criteria


@dataclass(frozen=True)
class Rubric:
    id: str
    version: int
    title: str
    categories: tuple[Category, ...]
    targets: dict[str, TargetSpec] = field(default_factory=dict)
    metrics: dict[str, MetricDef] = field(default_factory=dict)
    source: str = ""

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def points(self) -> Decimal:
        return sum((c.points for c in self.categories), Decimal(0))

    def criteria(self) -> Iterator[tuple[Category, Item, Criterion]]:
        for category in self.categories:
            for item in category.items:
                for criterion in item.criteria:
                    yield category, item, criterion

    def criterion(self, key: str) -> Criterion:
        for _, _, criterion in self.criteria():
            if criterion.key == key:
                return criterion
        raise KeyError(key)


# The per-city base figures the province enters per campaign (docs/spec.md §2.3): name → (label, unit).
# Target formulas and share_compliant denominators read them by these names.
BASE_FIGURES: dict[str, tuple[str, str]] = {
    "population": ("常住人口", "万人"),
    "insured_urban": ("城镇参保人数", "万人"),
    "counties": ("县级单位数", "个"),
}
