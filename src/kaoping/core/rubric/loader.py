"""Load and check a rubric definition (docs/scoring.md).

``load_rubric(directory)`` reads ``rubric.yaml``; ``load_rubric_from_text`` does the same
from the text a campaign snapshot keeps. Any problem raises ``DefinitionError`` listing
every problem found, each as ``file: rubric/key: message`` — the key is the dotted path of
the category, item, criterion and part (``management.organisation.staff_and_funds``), or
``targets.<key>`` / ``metrics.<key>``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kaoping.core import yamltext
from kaoping.core.definitions.problems import DefinitionError, DefinitionProblem, Problems
from kaoping.core.rubric.checks import check_rubric
from kaoping.core.rubric.model import (
    DEFAULT_METRIC_MAX,
    Category,
    Criterion,
    Item,
    MethodParams,
    MethodSpec,
    MetricDef,
    Part,
    Rubric,
    TargetSpec,
)
from kaoping.core.rubric.raw import RawCriterion, RawItem, RawRubric
from kaoping.core.scoring.methods import METHODS

__all__ = ["RUBRIC_FILE", "DefinitionError", "check_rubric_paths", "load_rubric", "load_rubric_from_text"]

RUBRIC_FILE = "rubric.yaml"
SCOPE = "rubric"  # the "table" part of a problem's location

MESSAGES = {  # pydantic's error types in Chinese (the campaign settings use them too)
    "extra_forbidden": "不允许的键",
    "missing": "缺少必填项",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "decimal_parsing": "应为数值",
    "decimal_type": "应为数值",
    "finite_number": "应为有限的数值",
    "list_type": "应为列表",
    "dict_type": "应为映射",
    "model_type": "应为映射",
    "literal_error": "取值不在允许范围内",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
}


def load_rubric(directory: Path) -> Rubric:
    """Load ``rubric.yaml`` in ``directory`` (e.g. ``definitions/rubric-jiangsu/v1``)."""
    path = directory / RUBRIC_FILE
    if not path.is_file():
        raise DefinitionError([DefinitionProblem(str(path), SCOPE, RUBRIC_FILE, "文件不存在")])
    return load_rubric_from_text(path.read_text(encoding="utf-8"), str(path))


def check_rubric_paths(paths: list[Path]) -> list[DefinitionProblem]:
    """Check every ``rubric.yaml`` at or below ``paths`` (for ``kaoping definitions check``)."""
    problems: list[DefinitionProblem] = []
    for path in paths:
        found = sorted(p.parent for p in path.rglob(RUBRIC_FILE)) if path.is_dir() else [path.parent]
        for directory in found:
            try:
                load_rubric(directory)
            except DefinitionError as exc:
                problems.extend(exc.problems)
    return problems


def load_rubric_from_text(text: str, source: str = RUBRIC_FILE) -> Rubric:
    sink: list[DefinitionProblem] = []
    problems = Problems(sink, source, SCOPE)
    raw = _parse(text, problems)
    rubric = _build(raw, problems) if raw is not None else None
    if rubric is not None:
        check_rubric(rubric, problems)
    if sink or rubric is None:
        raise DefinitionError(sink)
    return rubric


def _parse(text: str, problems: Problems) -> RawRubric | None:
    try:
        data = yamltext.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        problems.add(RUBRIC_FILE, f"YAML 格式错误{where}：{getattr(exc, 'problem', None) or exc}")
        return None
    try:
        return RawRubric.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            problems.add(_keyed_path(data, error["loc"]), MESSAGES.get(error["type"], error["msg"]))
        return None


def _keyed_path(data: object, loc: tuple[int | str, ...]) -> str:
    """A pydantic location with list positions replaced by the element's ``key``
    (``categories.[0].items.[1].points`` → ``categories.management.items.rules.points``)."""
    node, parts = data, []
    for step in loc:
        if isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            key = node.get("key") if isinstance(node, dict) else None
            parts.append(str(key) if key is not None else f"[{step}]")
            continue
        node = node.get(step) if isinstance(node, dict) else None
        parts.append(str(step))
    return ".".join(parts) or RUBRIC_FILE


def _build(raw: RawRubric, problems: Problems) -> Rubric:
    categories = tuple(
        Category(
            key=c.key,
            number=c.number,
            label=c.label,
            points=c.points,
            items=tuple(_item(i, f"{c.key}.{i.key}", problems) for i in c.items),
        )
        for c in raw.categories
    )
    return Rubric(
        id=raw.id,
        version=raw.version,
        title=raw.title,
        source=raw.source,
        categories=categories,
        targets={
            k: TargetSpec(k, t.label, t.unit, t.value, dict(t.by_region), dict(t.by_city), t.expr, t.note)
            for k, t in raw.targets.items()
        },
        metrics={
            k: MetricDef(k, m.label, m.unit, m.kind, m.survey, m.source, m.reported, _max(raw, m.max))
            for k, m in raw.metrics.items()
        },
    )


def _max(raw: RawRubric, declared: Decimal | None) -> Decimal:
    if declared is not None:
        return declared
    return raw.metric_max if raw.metric_max is not None else DEFAULT_METRIC_MAX


def _item(raw: RawItem, path: str, problems: Problems) -> Item:
    return Item(
        key=raw.key,
        label=raw.label,
        points=raw.points,
        focus=raw.focus.strip(),
        indicators=tuple(raw.indicators),
        criteria=tuple(_criterion(c, f"{path}.{c.key}", problems) for c in raw.criteria),
        shows=tuple(raw.shows),
    )


def _criterion(raw: RawCriterion, path: str, problems: Problems) -> Criterion:
    if (raw.method is None) == (not raw.parts):
        problems.add(path, "评分标准应有 method 或 parts 之一，且只能有一个")
    method = _method(raw.method, path, problems) if raw.method is not None else None
    parts = tuple(
        Part(p.key, p.label, p.points, _method(p.method, f"{path}.{p.key}", problems) or _UNUSABLE)
        for p in raw.parts
    )
    if method is None and not parts:
        method = _UNUSABLE  # reported above; keep building to find further problems
    return Criterion(raw.key, raw.number, raw.label, raw.points, method, parts)


def _method(raw: dict[str, Any], path: str, problems: Problems) -> MethodSpec | None:
    fields = dict(raw)
    kind = fields.pop("kind", None)
    method = METHODS.get(kind) if isinstance(kind, str) else None
    if method is None:
        known = "、".join(METHODS)
        problems.add(path, f"未知的评分方法 {kind!r}（可用：{known}）")
        return None
    try:
        params = method.params.model_validate(fields)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            text = MESSAGES.get(error["type"], error["msg"])
            problems.add(path, f"评分方法 {kind} 的参数 {where}：{text}")
        return None
    return MethodSpec(kind, params)


# A method that could not be read: the criterion is kept (its sums are still checked) but
# its method is not checked again.
_UNUSABLE = MethodSpec("", MethodParams())
