"""The campaign settings as JSON, for the database and the API: parsed and checked
against the rubric, so a target the rubric does not know or a chief rule without a chief
is refused with a Chinese message instead of being silently ignored."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kaoping.core.rubric.checks import expression_problem
from kaoping.core.rubric.loader import MESSAGES
from kaoping.core.rubric.model import BASE_FIGURES, Rubric, TargetSpec
from kaoping.core.scoring.numbers import unusable
from kaoping.core.scoring.targets import CampaignSettings


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=True)  # bounded below


class _RawTarget(_Strict):
    value: Decimal | None = None
    by_region: dict[str, Decimal] = Field(default_factory=dict)
    by_city: dict[str, Decimal] = Field(default_factory=dict)
    expr: str | None = None
    note: str | None = None


class _RawSettings(_Strict):
    targets: dict[str, _RawTarget] = Field(default_factory=dict)
    review_rule: Literal["average", "chief"] = "average"
    chief: str | None = None
    reviewers: dict[str, list[str]] = Field(default_factory=dict)


def settings_from_json(data: object, rubric: Rubric, stored: bool = False) -> CampaignSettings:
    """Raises ``ValueError`` listing every problem (Chinese), one per line. ``stored``: the
    settings as the database holds them, whose target numbers are not bounded here — one
    beyond the bound makes the criteria using it 无法计算 instead (docs/spec.md §7.6)."""
    try:
        raw = _RawSettings.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{'.'.join(str(p) for p in e['loc'])}：{MESSAGES.get(e['type'], e['msg'])}" for e in exc.errors()
        ]
        raise ValueError("考评设置格式错误：\n" + "\n".join(lines)) from None
    problems = [f"targets.{key}：评分标准中没有这个目标" for key in raw.targets if key not in rubric.targets]
    for key, target in raw.targets.items():
        ways = sum(x is not None for x in (target.value, target.by_region or None, target.expr))
        if ways > 1:
            problems.append(f"targets.{key}：value、by_region、expr 只能给出一个")
        message = expression_problem(target.expr, set(BASE_FIGURES)) if target.expr is not None else None
        if message is not None:
            problems.append(f"targets.{key}：{message}")
        for number in (target.value, *target.by_region.values(), *target.by_city.values()):
            why = unusable(number) if number is not None and not stored else None
            if why is not None:
                problems.append(f"targets.{key}：目标值{why}")
                break
    if raw.review_rule == "chief" and not raw.chief:
        problems.append("review_rule 为 chief（主审专家决定）时须指定 chief")
    if problems:
        raise ValueError("\n".join(problems))
    return CampaignSettings(
        targets={
            key: TargetSpec(
                key,
                rubric.targets[key].label,
                rubric.targets[key].unit,
                t.value,
                dict(t.by_region),
                dict(t.by_city),
                t.expr,
                t.note,
            )
            for key, t in raw.targets.items()
        },
        review_rule=raw.review_rule,
        chief=raw.chief,
        reviewers={city: tuple(names) for city, names in raw.reviewers.items()},
    )


def settings_to_json(settings: CampaignSettings) -> dict[str, object]:
    def target(spec: TargetSpec) -> dict[str, object]:
        out: dict[str, object] = {}
        if spec.value is not None:
            out["value"] = str(spec.value)
        if spec.by_region:
            out["by_region"] = {k: str(v) for k, v in spec.by_region.items()}
        if spec.by_city:
            out["by_city"] = {k: str(v) for k, v in spec.by_city.items()}
        if spec.expr is not None:
            out["expr"] = spec.expr
        if spec.note is not None:
            out["note"] = spec.note
        return out

    return {
        "targets": {key: target(spec) for key, spec in settings.targets.items()},
        "review_rule": settings.review_rule,
        "chief": settings.chief,
        "reviewers": {city: list(names) for city, names in settings.reviewers.items()},
    }
