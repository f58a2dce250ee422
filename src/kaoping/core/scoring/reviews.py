"""Reviewers' scores for one city and criterion, combined by the campaign's rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kaoping.core.scoring import numbers
from kaoping.core.scoring.targets import CampaignSettings


@dataclass(frozen=True)
class ReviewerScore:
    city: str  # GB/T 2260 code
    criterion: str  # criterion key
    reviewer: str  # the reviewer's id (user name)
    score: Decimal
    reason: str = ""
    reviewer_name: str = ""  # shown in explanations; the id when empty

    @property
    def who(self) -> str:
        return self.reviewer_name or self.reviewer


@dataclass(frozen=True)
class Combined:
    reviewed: Decimal | None  # what the reviewers say so far (provisional until decided)
    decided: Decimal | None  # the reviewers' decision under the campaign's rule
    how: str  # Chinese: how ``reviewed`` was formed


def combine(
    scores: Sequence[ReviewerScore], settings: CampaignSettings, assigned: tuple[str, ...]
) -> Combined:
    """``average``: the mean of the scores given (2 decimals, half up); decided once every
    assigned reviewer has scored (no assignment: once anyone has). ``chief``: the chief
    reviewer's score, which alone decides; until the chief scores, the others' mean."""
    if not scores:
        return Combined(None, None, "尚无专家评分")
    mean = numbers.score(sum((s.score for s in scores), Decimal(0)) / len(scores))
    if settings.review_rule == "chief":
        chief = next((s for s in scores if s.reviewer == settings.chief), None)
        if chief is not None:
            return Combined(
                chief.score, chief.score, f"由主审专家 {chief.who} 决定：{numbers.fmt(chief.score)} 分"
            )
        return Combined(mean, None, f"主审专家尚未评分，暂取已评专家平均 {numbers.fmt(mean)} 分")
    done = {s.reviewer for s in scores}
    decided = set(assigned) <= done if assigned else True
    how = f"按平均规则取 {numbers.fmt(mean)} 分"
    if not decided:
        waiting = "、".join(r for r in assigned if r not in done)
        how += f"（尚待 {waiting} 评分）"
    return Combined(mean, mean if decided else None, how)
