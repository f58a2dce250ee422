"""The scoring methods: a registry, one documented entry each (docs/scoring.md).

A method turns what is known about one city — a metric, a target, a count of sub-units —
into points for one criterion or part, and says how (the working, in Chinese, with the
numbers), and what the city would need for the next band or for full points. Methods that
need a person (judgement, a yes/no answer without data) give no automatic score; all of
them say which scores a person may give (``allowed``).

Adding a method is adding one entry to ``METHODS`` and one section to docs/scoring.md.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from kaoping.core.rubric.model import BASE_FIGURES, MethodParams
from kaoping.core.scoring import numbers
from kaoping.core.scoring.numbers import fmt
from kaoping.core.scoring.working import (
    Lookup,
    Method,
    Need,
    Quantity,
    RubricNames,
    Working,
    decimal_of,
    in_range,
    missing_data,
    needs_metric,
    needs_target,
    positive_target,
)

# --- yes_no ----------------------------------------------------------------------------


class YesNoParams(MethodParams):
    pass


def _yes_no_check(params: MethodParams, points: Decimal, names: RubricNames) -> list[str]:
    if params.metric is None:
        return ["有 target 时需要 metric"] if params.target is not None else []
    if params.target is None:
        return needs_metric(params, names, ("bool",))
    return needs_metric(params, names, ("number",)) + needs_target(params, names, True)


def _yes_no_score(params: MethodParams, points: Decimal, look: Lookup) -> Working:
    if params.metric is None:
        return Working(None, f"由审核专家评定：是得 {fmt(points)} 分，否不得分")
    metric = look.metric(params.metric)
    if params.target is None:
        if metric.value is None:
            return missing_data(metric)
        met = metric.value is True
        verdict = "是" if met else "否"
        result = f"得 {fmt(points)} 分" if met else f"不得分（满分 {fmt(points)} 分）"
        return Working(points if met else Decimal(0), f"{metric.label}：{verdict}，{result}", metric=metric)
    target = look.target(params.target)
    value, goal = decimal_of(metric), decimal_of(target)
    if value is None or goal is None:
        return missing_data(metric, target)
    met = value >= goal
    relation = "≥" if met else "<"
    result = f"达到，得 {fmt(points)} 分" if met else "未达到，不得分"
    formula = f"{metric.text()} {relation} 目标 {fmt(goal)} {target.unit}".rstrip() + f"，{result}"
    needs = () if met else (Need(metric.label, goal, metric.unit, points, True),)
    return Working(points if met else Decimal(0), formula, metric, target, needs)


def _yes_no_allowed(params: MethodParams, points: Decimal, score: Decimal) -> str | None:
    if score not in (Decimal(0), points):
        return f"是否类评分只能得 0 分或 {fmt(points)} 分"
    return None


# --- proportional ----------------------------------------------------------------------


class ProportionalParams(MethodParams):
    pass


def _proportional_check(params: MethodParams, points: Decimal, names: RubricNames) -> list[str]:
    return needs_metric(params, names, ("number",)) + needs_target(params, names, True)


def _proportional_score(params: MethodParams, points: Decimal, look: Lookup) -> Working:
    assert params.metric is not None and params.target is not None
    metric, target = look.metric(params.metric), look.target(params.target)
    value, goal = decimal_of(metric), positive_target(target)
    if value is None or goal is None:
        if target.value is not None and goal is None:
            text = f"目标 {target.label} 应大于 0，无法计分"
            return Working(None, text, metric, target, missing=(target.label,))
        return missing_data(metric, target)
    raw = value / goal * points
    capped = raw >= points
    got = points if capped else numbers.score(max(raw, Decimal(0)))
    formula = f"{metric.text()}，目标 {fmt(goal)}；{fmt(value)} ÷ {fmt(goal)} × {fmt(points)} = {fmt(raw)}"
    formula += f"，超过满分按 {fmt(points)} 分计" if raw > points else f"，得 {fmt(got)} 分"
    needs = () if capped else (Need(metric.label, goal, metric.unit, points, True),)
    return Working(got, formula, metric, target, needs)


# --- banded ----------------------------------------------------------------------------


class Band(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min: Decimal | None = None  # the metric must reach this number
    min_share: Decimal | None = None  # … or this share of the target (1 = the target itself)
    points: Decimal


class BandedParams(MethodParams):
    bands: list[Band] = Field(min_length=1)


def _banded_check(params: MethodParams, points: Decimal, names: RubricNames) -> list[str]:
    assert isinstance(params, BandedParams)
    problems = needs_metric(params, names, ("number",))
    relative = any(b.min_share is not None for b in params.bands)
    problems += needs_target(params, names, relative)
    for i, band in enumerate(params.bands, start=1):
        if (band.min is None) == (band.min_share is None):
            problems.append(f"第 {i} 档应有且只有 min 或 min_share 之一")
        if not Decimal(0) < band.points <= points:
            problems.append(f"第 {i} 档的分数 {fmt(band.points)} 应在 0–{fmt(points)} 分之间（不含 0）")
    for i, (high, low) in enumerate(zip(params.bands, params.bands[1:], strict=False), start=2):
        if _threshold(high, Decimal(1)) <= _threshold(low, Decimal(1)) or high.points <= low.points:
            problems.append(f"第 {i} 档的门槛和分数应低于上一档（各档从高到低排列）")
    if params.bands and params.bands[0].points != points:
        problems.append(f"最高档应得满分 {fmt(points)} 分")
    return problems


def _threshold(band: Band, target: Decimal) -> Decimal:
    if band.min is not None:
        return band.min
    return (band.min_share or Decimal(0)) * target


def _banded_score(params: MethodParams, points: Decimal, look: Lookup) -> Working:
    assert isinstance(params, BandedParams) and params.metric is not None
    metric = look.metric(params.metric)
    target = look.target(params.target) if params.target is not None else None
    value = decimal_of(metric)
    goal = decimal_of(target) if target is not None else Decimal(1)
    if value is None or goal is None:
        return missing_data(*(q for q in (metric, target) if q is not None))
    thresholds = [(_threshold(b, goal), b) for b in params.bands]
    reached = next(((t, b) for t, b in thresholds if value >= t), None)
    got = reached[1].points if reached else Decimal(0)
    steps = "；".join(f"≥ {fmt(t)} {metric.unit}".rstrip() + f" 得 {fmt(b.points)} 分" for t, b in thresholds)
    result = f"达到 ≥ {fmt(reached[0])} 一档，得 {fmt(got)} 分" if reached else "未达到最低一档，不得分"
    formula = f"{metric.text()}；分档：{steps}；{result}"
    needs: list[Need] = []
    above = [(t, b) for t, b in thresholds if b.points > got]
    if above:
        low, band = above[-1]  # the lowest band above the current score: the next one up
        needs.append(Need(metric.label, low, metric.unit, band.points, band.points == points))
        if band.points != points:
            needs.append(Need(metric.label, thresholds[0][0], metric.unit, points, True))
    return Working(got, formula, metric, target, tuple(needs))


def _banded_allowed(params: MethodParams, points: Decimal, score: Decimal) -> str | None:
    assert isinstance(params, BandedParams)
    allowed = {Decimal(0), *(b.points for b in params.bands)}
    if score not in allowed:
        return "分档评分只能取：" + "、".join(fmt(p) for p in sorted(allowed)) + " 分"
    return None


# --- share_compliant ("按比得分") ---------------------------------------------------------


class ShareParams(MethodParams):
    units: str  # how many sub-units there are: a base figure (counties) or a metric
    unit_target: str | None = None  # what each sub-unit must reach, when the metric is a list


def _share_check(params: MethodParams, points: Decimal, names: RubricNames) -> list[str]:
    assert isinstance(params, ShareParams)
    problems = needs_metric(params, names, ("list", "number"))
    if params.units not in BASE_FIGURES and params.units not in names.metrics:
        known = "、".join(BASE_FIGURES)
        problems.append(f"units 应为基础数据（{known}）或已定义的指标，而不是 {params.units}")
    metric = names.metrics.get(params.metric or "")
    if metric is not None and metric.kind == "list":
        if params.unit_target is None:
            problems.append("指标为逐个单位的数值时需要 unit_target（每个单位的达标值）")
        elif params.unit_target not in names.targets:
            problems.append(f"未定义的目标 {params.unit_target}")
    if params.target is not None:
        problems.append("按比得分不使用 target（请用 unit_target）")
    return problems


def _share_score(params: MethodParams, points: Decimal, look: Lookup) -> Working:
    assert isinstance(params, ShareParams) and params.metric is not None
    metric, units = look.metric(params.metric), look.figure(params.units)
    total = decimal_of(units)
    if metric.value is None or total is None:
        return missing_data(metric, units)
    if total <= 0:
        return Working(None, f"{units.label}为 0，无法按比计分", metric, missing=(units.label,))
    target: Quantity | None = None
    if isinstance(metric.value, tuple):
        assert params.unit_target is not None
        target = look.target(params.unit_target)
        floor = decimal_of(target)
        if floor is None:
            return missing_data(target)
        compliant = Decimal(sum(1 for v in metric.value if v >= floor))
        reported = len(metric.value)
        detail = f"{metric.text()}；其中 ≥ {fmt(floor)} {target.unit}".rstrip() + f"的 {fmt(compliant)} 个"
        if reported < total:
            detail += f"（只报了 {reported} 个，未报的按不达标计）"
    elif isinstance(metric.value, Decimal):
        compliant = metric.value
        detail = metric.text()
    else:
        return Working(None, f"{metric.label} 应为数值", metric, missing=(metric.label,))
    share = min(compliant / total, Decimal(1))
    got = numbers.score(share * points)
    formula = f"{detail}；{fmt(compliant)} ÷ {fmt(total)}（{units.label}）× {fmt(points)} = {fmt(got)} 分"
    if compliant > total:
        formula += f"（达标数超过{units.label}，按满分计）"
    needs: tuple[Need, ...] = ()
    if compliant < total:
        gap = total - compliant
        needs = (Need(f"达标的{units.label.removesuffix('数')}", total, "个", points, True),)
        formula += f"；还差 {fmt(gap)} 个达标可得满分"
    return Working(got, formula, metric, target, needs)


# --- judgement -------------------------------------------------------------------------


class JudgementParams(MethodParams):
    step: Decimal = Decimal("0.5")


def _judgement_check(params: MethodParams, points: Decimal, names: RubricNames) -> list[str]:
    assert isinstance(params, JudgementParams)
    problems = []
    if params.metric is not None or params.target is not None:
        problems.append("专家评分不使用 metric 或 target")
    if params.step <= 0:
        problems.append("step（步长）应大于 0")
    elif points % params.step != 0:
        problems.append(f"满分 {fmt(points)} 不是步长 {fmt(params.step)} 的整数倍")
    return problems


def _judgement_score(params: MethodParams, points: Decimal, look: Lookup) -> Working:
    assert isinstance(params, JudgementParams)
    return Working(None, f"由审核专家在 0–{fmt(points)} 分之间评定（步长 {fmt(params.step)} 分）")


def _judgement_allowed(params: MethodParams, points: Decimal, score: Decimal) -> str | None:
    assert isinstance(params, JudgementParams)
    if not Decimal(0) <= score <= points or score % params.step != 0:
        return f"得分应在 0–{fmt(points)} 分之间，且为 {fmt(params.step)} 的整数倍"
    return None


# --- external --------------------------------------------------------------------------


class ExternalParams(MethodParams):
    instrument: str  # 网站考核办法
    out_of: Decimal = Decimal(100)  # the other instrument's full score


def _external_check(params: MethodParams, points: Decimal, names: RubricNames) -> list[str]:
    assert isinstance(params, ExternalParams)
    problems = needs_metric(params, names, ("number",))
    if params.target is not None:
        problems.append("外部评分不使用 target")
    if params.out_of <= 0:
        problems.append("out_of（外部评分的满分）应大于 0")
    return problems


def _external_score(params: MethodParams, points: Decimal, look: Lookup) -> Working:
    assert isinstance(params, ExternalParams) and params.metric is not None
    metric = look.metric(params.metric)
    value = decimal_of(metric)
    if value is None:
        return missing_data(metric)
    if not Decimal(0) <= value <= params.out_of:
        return Working(
            None,
            f"{metric.label} {fmt(value)} 超出 0–{fmt(params.out_of)} 分，无法换算",
            metric,
            missing=(metric.label,),
        )
    got = numbers.score(value / params.out_of * points)
    formula = (
        f"按{params.instrument}得 {fmt(value)} 分（满分 {fmt(params.out_of)}），"
        f"折算：{fmt(value)} ÷ {fmt(params.out_of)} × {fmt(points)} = {fmt(got)} 分"
    )
    needs = () if value >= params.out_of else (Need(metric.label, params.out_of, "分", points, True),)
    return Working(got, formula, metric, None, needs)


def _with_metric(params: MethodParams) -> bool:
    return params.metric is not None


METHODS: dict[str, Method] = {
    "yes_no": Method(
        "yes_no",
        "是否",
        YesNoParams,
        _yes_no_check,
        _yes_no_score,
        _yes_no_allowed,
        _with_metric,
    ),
    "proportional": Method(
        "proportional",
        "按指标与目标之比",
        ProportionalParams,
        _proportional_check,
        _proportional_score,
        lambda p, points, s: in_range(s, points),
        _with_metric,
    ),
    "banded": Method(
        "banded", "分档", BandedParams, _banded_check, _banded_score, _banded_allowed, _with_metric
    ),
    "share_compliant": Method(
        "share_compliant",
        "按比得分（达标单位占比）",
        ShareParams,
        _share_check,
        _share_score,
        lambda p, points, s: in_range(s, points),
        _with_metric,
    ),
    "judgement": Method(
        "judgement",
        "专家评分",
        JudgementParams,
        _judgement_check,
        _judgement_score,
        _judgement_allowed,
        lambda p: False,
    ),
    "external": Method(
        "external",
        "按其他考核办法折算",
        ExternalParams,
        _external_check,
        _external_score,
        lambda p, points, s: in_range(s, points),
        _with_metric,
    ),
}
