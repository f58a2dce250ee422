"""Why a city got the points it got, in Chinese: the working of every part, the
self-score, the reviewers' scores and reasons, what counts, and what it would take."""

from __future__ import annotations

from decimal import Decimal

from kaoping.core.scoring.numbers import fmt
from kaoping.core.scoring.results import CriterionResult, PartResult
from kaoping.core.scoring.working import Need, Working

_COUNTED = {
    "final": ("最终得分", ""),
    "reviewed": ("专家评分", "（尚未最终确定）"),
    "self": ("自评分", "（尚未审核）"),
}


def explain(result: CriterionResult) -> str:
    lines = [f"{result.label}（满分 {fmt(result.points)} 分）"]
    for part in result.parts:
        lines.append(_part_line(result, part))
    if result.auto is not None:
        lines.append(f"按数据自动计分：{fmt(result.auto)} 分。")
    lines.append(f"自评：{_score(result.self_score)}。")
    if result.reviews:
        reasons = "；".join(
            f"{r.who} {fmt(r.score)} 分（{r.reason or '未说明理由'}）" for r in result.reviews
        )
        lines.append(f"专家评分：{reasons}；{result.review_how}。")
    else:
        lines.append("专家评分：尚无。")
    lines.append(_counted_line(result))
    lines.extend(what_it_takes(result))
    return "\n".join(lines)


def what_it_takes(result: CriterionResult) -> list[str]:
    """For metric-based parts not at full points: the value needed for the next band and
    for full points."""
    return [f"提升空间：{_need(part, need)}" for part, need in result.needs]


def _part_line(result: CriterionResult, part: PartResult) -> str:
    head = f"{part.label}（{fmt(part.points)} 分，{part.method_label}）：" if len(result.parts) > 1 else ""
    working = part.working
    facts = []
    if working.metric is not None and working.metric.how:
        facts.append(f"数据来源：{working.metric.how}")
    if working.target is not None:
        facts.append(f"目标 {_target_text(working)}（{working.target.how}）")
    tail = f"（{'；'.join(facts)}）" if facts else ""
    return f"{head}{working.formula}{tail}。"


def _target_text(working: Working) -> str:
    target = working.target
    if target is None or not isinstance(target.value, Decimal):
        return "未设定"
    return f"{fmt(target.value)} {target.unit}".rstrip()


def _score(value: Decimal | None) -> str:
    return "未填" if value is None else f"{fmt(value)} 分"


def _counted_line(result: CriterionResult) -> str:
    if result.problem is not None:
        return f"无法计算：{result.problem}。本项、所在分类小计、总分和名次均无法计算，请更正该数据。"
    source = result.counted_from
    if source is None:
        return "尚无任何得分，暂不计分。"
    name, note = _COUNTED[source]
    return f"计入总分：{name} {fmt(result.counted or 0)} 分{note}。"


def _need(part: PartResult, need: Need) -> str:
    goal = "满分" if need.full else "上一档"
    unit = f" {need.unit}" if need.unit else ""
    label = part.label.rstrip("。")
    return f"{label}：{need.metric}需达到 {fmt(need.value)}{unit}，可得{goal} {fmt(need.points)} 分"
