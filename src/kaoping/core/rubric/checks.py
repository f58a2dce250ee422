"""Checks on a built rubric: sums, unique keys, method parameters, metric and target
references, and the expressions of survey metrics and target formulas."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from kaoping.core.definitions.checks import reference_problems
from kaoping.core.definitions.model import Survey
from kaoping.core.definitions.problems import Problems
from kaoping.core.rubric.model import BASE_FIGURES, Criterion, MethodSpec, Rubric
from kaoping.core.rules.base import ExprError
from kaoping.core.rules.expr import compile_expr
from kaoping.core.scoring.methods import METHODS
from kaoping.core.scoring.numbers import LIMIT, fmt, unusable
from kaoping.core.scoring.working import RubricNames

TOTAL = Decimal(100)
CITY = "city"  # the name a survey metric reads the city's code through


def check_rubric(rubric: Rubric, problems: Problems) -> None:
    if rubric.points != TOTAL:
        problems.add("categories", f"各工作分类分值合计 {fmt(rubric.points)} 分，应为 {fmt(TOTAL)} 分")
    _unique("categories", (c.key for c in rubric.categories), problems)
    _unique("items", (i.key for c in rubric.categories for i in c.items), problems)
    _unique("criteria", (k.key for _, _, k in rubric.criteria()), problems)
    names = RubricNames(rubric.metrics, rubric.targets)
    for category in rubric.categories:
        _adds_up(category.key, category.points, [i.points for i in category.items], "工作项目", problems)
        for item in category.items:
            path = f"{category.key}.{item.key}"
            _adds_up(path, item.points, [c.points for c in item.criteria], "评分标准", problems)
            for shown in item.shows:
                if shown not in rubric.metrics:
                    problems.add(path, f"shows 中的指标 {shown} 未定义")
            for criterion in item.criteria:
                _check_criterion(criterion, f"{path}.{criterion.key}", names, problems)
    for key, metric in rubric.metrics.items():
        _check_metric_source(key, metric.survey, metric.reported, problems)
        if unusable(metric.max) is not None or metric.max <= 0:
            problems.add(f"metrics.{key}", f"max（上限）应大于 0 且不超过 {fmt(LIMIT)}")
    for key, target in rubric.targets.items():
        _check_target(key, target.value, target.by_region, target.expr, problems)


def _unique(kind: str, keys: Iterable[str], problems: Problems) -> None:
    for key, n in Counter(keys).items():
        if n > 1:
            problems.add(f"{kind}.{key}", f"键“{key}”重复出现 {n} 次")


def _adds_up(path: str, points: Decimal, parts: list[Decimal], what: str, problems: Problems) -> None:
    total = sum(parts, Decimal(0))
    if total != points:
        problems.add(path, f"所属{what}分值合计 {fmt(total)} 分，与本项 {fmt(points)} 分不符")


def _check_criterion(criterion: Criterion, path: str, names: RubricNames, problems: Problems) -> None:
    if criterion.points <= 0:
        problems.add(path, "分值应大于 0")
    if criterion.parts:
        _adds_up(path, criterion.points, [p.points for p in criterion.parts], "组成部分", problems)
        _unique(f"{path}.parts", (p.key for p in criterion.parts), problems)
        for part in criterion.parts:
            _check_method(part.method, part.points, f"{path}.{part.key}", names, problems)
    elif criterion.method is not None:
        _check_method(criterion.method, criterion.points, path, names, problems)


def _check_method(
    spec: MethodSpec, points: Decimal, path: str, names: RubricNames, problems: Problems
) -> None:
    method = METHODS.get(spec.kind)
    if method is None:  # already reported while building
        return
    for message in method.check(spec.params, points, names):
        problems.add(path, f"评分方法 {spec.kind}：{message}")


def _check_metric_source(key: str, survey: str | None, reported: bool, problems: Problems) -> None:
    path = f"metrics.{key}"
    if (survey is None) == (not reported):
        problems.add(path, "指标应取自调查（survey 表达式）或由地市填报（reported: true），二者选一")
    if survey is not None:
        _check_expr(path, survey, {CITY}, problems)


def _check_target(
    key: str, value: Decimal | None, by_region: dict[str, Decimal], expr: str | None, problems: Problems
) -> None:
    path = f"targets.{key}"
    if sum(x is not None and x != {} for x in (value, by_region or None, expr)) != 1:
        problems.add(path, "目标应给出 value、by_region、expr 之一，且只能一个")
    if expr is not None:
        _check_expr(path, expr, set(), problems)
    for number in (value, *by_region.values()):
        why = unusable(number) if number is not None else None
        if why is not None:
            problems.add(path, f"目标值{why}（应为不超过 {fmt(LIMIT)} 的数值）")


def _check_expr(path: str, text: str, extra: set[str], problems: Problems) -> None:
    message = expression_problem(text, extra | set(BASE_FIGURES))
    if message is not None:
        problems.add(path, message)


def expression_problem(text: str, allowed: set[str]) -> str | None:
    """Why a metric or target expression cannot be used: it does not parse, or it reads a
    name other than ``allowed`` (the city's code, the base figures)."""
    try:
        compiled = compile_expr(text)
    except ExprError as exc:
        return str(exc)
    unknown = sorted(compiled.names - allowed)
    if unknown:
        return f"表达式中的名称 {'、'.join(unknown)} 不可用（可用：{'、'.join(sorted(allowed))}）"
    return None


def survey_reference_problems(rubric: Rubric, survey: Survey) -> list[tuple[str, str]]:
    """(metric key, message) for each table or column a survey metric names that the
    linked survey does not have — a misspelt one would read as blank forever."""
    return [
        (f"metrics.{key}", message)
        for key, metric in rubric.metrics.items()
        if metric.survey is not None
        for message in reference_problems(metric.survey, survey)
    ]
