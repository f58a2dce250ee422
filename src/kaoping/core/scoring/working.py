"""What a scoring method works with and gives back: the quantities it reads (``Quantity``),
what the city would need (``Need``), its result with the working (``Working``), what it may
look up about a city (``Lookup``), and the shape of a method (``Method``) that
``kaoping.core.scoring.methods`` registers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from kaoping.core.rubric.model import MethodParams, MetricDef, TargetSpec
from kaoping.core.scoring import numbers
from kaoping.core.scoring.numbers import fmt


@dataclass(frozen=True)
class Unusable:
    """A stored value that cannot be scored with, and why (Chinese): the criteria that read
    it are 无法计算 (docs/spec.md §7.6)."""

    reason: str


class CannotCompute(Exception):
    """Raised by a lookup that meets an unusable value; the criterion is then 无法计算."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


MetricValue = Decimal | bool | tuple[Decimal, ...] | Unusable | None


@dataclass(frozen=True)
class Quantity:
    """A named number as the working shows it: 年均运维经费 266.67 万元/年 (表13 运维经费 ÷ 4.5 年)."""

    key: str
    label: str
    unit: str
    value: MetricValue
    how: str = ""  # where it came from, or why it is missing

    def text(self) -> str:
        value = self.value
        if value is None:
            return f"{self.label}（未提供）"
        if isinstance(value, Unusable):
            return f"{self.label}（无法使用）"
        if isinstance(value, bool):
            return f"{self.label}：{'是' if value else '否'}"
        if isinstance(value, tuple):
            return f"{self.label}：{'、'.join(fmt(v) for v in value)} {self.unit}".rstrip()
        return f"{self.label} {fmt(value)} {self.unit}".rstrip()


@dataclass(frozen=True)
class Need:
    """What it would take: the value a metric must reach for ``points``."""

    metric: str  # metric label
    value: Decimal
    unit: str
    points: Decimal  # the points at that value
    full: bool  # True: full points; False: the next band


@dataclass(frozen=True)
class Working:
    """The result of a method: the score (None: a person scores it), the metric and target
    it used, the formula with its numbers, and what would raise the score."""

    score: Decimal | None
    formula: str
    metric: Quantity | None = None
    target: Quantity | None = None
    needs: tuple[Need, ...] = ()
    missing: tuple[str, ...] = ()  # labels of inputs that were not available
    problem: str | None = None  # why it cannot be computed (无法计算): an unusable value


class Lookup(Protocol):
    """What a method may read about the city being scored."""

    def metric(self, key: str) -> Quantity: ...

    def target(self, key: str) -> Quantity: ...

    def figure(self, key: str) -> Quantity:
        """A base figure, or else a metric, by name (share_compliant's ``units``)."""
        ...


@dataclass(frozen=True)
class RubricNames:
    """What a method's parameters may name, for the loader's checks."""

    metrics: dict[str, MetricDef]
    targets: dict[str, TargetSpec]


Checker = Callable[[MethodParams, Decimal, RubricNames], list[str]]
Scorer = Callable[[MethodParams, Decimal, Lookup], Working]
Allowed = Callable[[MethodParams, Decimal, Decimal], str | None]


@dataclass(frozen=True)
class Method:
    key: str
    label: str  # Chinese name shown to users
    params: type[MethodParams]
    check: Checker
    score: Scorer
    allowed: Allowed
    automatic: Callable[[MethodParams], bool]  # scored from data (possibly) without a person


# --- what the methods share ---------------------------------------------------------


def in_range(score: Decimal, points: Decimal) -> str | None:
    if not Decimal(0) <= score <= points:
        return f"得分应在 0–{fmt(points)} 分之间"
    if score != numbers.score(score):
        return "得分最多保留 2 位小数"
    return None


def needs_metric(params: MethodParams, names: RubricNames, kinds: tuple[str, ...]) -> list[str]:
    if params.metric is None:
        return ["缺少 metric（所用指标）"]
    metric = names.metrics.get(params.metric)
    if metric is None:
        return [f"未定义的指标 {params.metric}"]
    if metric.kind not in kinds:
        return [f"指标 {params.metric} 的类型 {metric.kind} 不适用（应为 {' 或 '.join(kinds)}）"]
    return []


def needs_target(params: MethodParams, names: RubricNames, required: bool) -> list[str]:
    if params.target is None:
        return ["缺少 target（目标）"] if required else []
    if params.target not in names.targets:
        return [f"未定义的目标 {params.target}"]
    return []


def decimal_of(quantity: Quantity) -> Decimal | None:
    value = quantity.value
    return value if isinstance(value, Decimal) else None


def missing_data(*quantities: Quantity) -> Working:
    absent = [q for q in quantities if q.value is None]
    if not absent:  # present but of the wrong kind (e.g. a list where a number is needed)
        return Working(None, "数据类型不符，无法自动计分", missing=tuple(q.label for q in quantities))
    reasons = "；".join(f"{q.label}：{q.how}" if q.how else q.label for q in absent)
    return Working(None, f"缺少数据，无法自动计分（{reasons}）", missing=tuple(q.label for q in absent))


def positive_target(target: Quantity) -> Decimal | None:
    value = decimal_of(target)
    return value if value is not None and value > 0 else None
