"""审核专家 score a city's criteria (a reason when they depart from the automatic score or,
without one, the self-score); the province publishes the results."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kaoping.collection.models import Campaign
from kaoping.core import texts
from kaoping.core.rubric.model import Rubric
from kaoping.core.scoring.results import CityResult
from kaoping.core.scoring.score import review_problem
from kaoping.evaluation.assess import log, parse_score, submission
from kaoping.evaluation.campaigns import evaluation_of, rubric_for, settings_of
from kaoping.evaluation.errors import EvaluationError
from kaoping.evaluation.models import Evaluation, ReviewScore
from kaoping.evaluation.scoring import evaluate
from kaoping.evaluation.visibility import require_score
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_name, actor_user


@dataclass(frozen=True)
class Review:
    score: str  # as typed; "" leaves the criterion unscored by this reviewer
    reason: str


@transaction.atomic
def save_reviews(user: Actor, campaign: Campaign, org: str, reviews: dict[str, Review]) -> int:
    """Save one reviewer's scores for one city; returns how many changed. All or nothing."""
    reviewer = actor_user(user)
    if access.is_cli(user) or reviewer is None:
        raise EvaluationError("评分须由审核专家本人在系统中进行")
    settings = settings_of(campaign)
    require_score(user, settings, org)
    if evaluation_of(campaign).published:
        raise EvaluationError("考评结果已发布，不能再评分")
    if submission(campaign, org) is None:
        raise EvaluationError("该市自评尚未上报，暂不能评分")
    problems: dict[str, str] = {}
    parsed = _checked(rubric_for(campaign), evaluate(campaign).city(org), reviews, problems)
    if problems:
        raise EvaluationError("评分未保存：有不符合要求的内容", problems)
    changed = 0
    mine = {
        r.criterion: r for r in ReviewScore.objects.filter(campaign=campaign, org_id=org, reviewer=reviewer)
    }
    for key, (score, reason) in parsed.items():
        old = mine.get(key)
        if old is not None and old.score == score and old.reason == reason:
            continue
        ReviewScore.objects.update_or_create(
            campaign=campaign,
            org_id=org,
            criterion=key,
            reviewer=reviewer,
            defaults={"score": score, "reason": reason},
        )
        log(
            campaign,
            org,
            "review",
            actor_name(user),
            key,
            f"{old.score if old else None} → {score}；{reason}",
        )
        changed += 1
    return changed


def _checked(
    rubric: Rubric, city: CityResult, reviews: dict[str, Review], problems: dict[str, str]
) -> dict[str, tuple[Decimal, str]]:
    """Each review's score and reason, checked; refusals go into ``problems``."""
    parsed = {}
    for key, review in reviews.items():
        try:
            criterion = rubric.criterion(key)
            score = parse_score(review.score)
        except KeyError:
            problems[key] = "评分标准中没有这一项"
            continue
        except ValueError as exc:
            problems[key] = str(exc)
            continue
        if score is None:
            if review.reason.strip():
                problems[key] = "填写了理由但没有评分"
            continue
        why = texts.refusal(review.reason.strip(), texts.COMMENT, "理由") or review_problem(
            criterion, score, review.reason, city.criterion(key)
        )
        if why is not None:
            problems[key] = why
        parsed[key] = (score, review.reason.strip())
    return parsed


@transaction.atomic
def publish(user: Actor, campaign: Campaign) -> Evaluation:
    """省管理员 publishes: from now on the cities see the ranking and their explanations."""
    access.require(user, Action.PUBLISH, campaign.org_id)
    evaluation = Evaluation.objects.select_for_update().get(campaign=campaign)
    if evaluation.published:
        raise EvaluationError("考评结果已发布")
    evaluation.published_at = timezone.now()
    evaluation.published_by = actor_name(user)
    evaluation.save(update_fields=["published_at", "published_by"])
    log(campaign, None, "publish", actor_name(user))
    return evaluation


@transaction.atomic
def withdraw(user: Actor, campaign: Campaign, reason: str) -> None:
    """Withdraw a publication (a mistake found): the cities stop seeing results."""
    access.require(user, Action.PUBLISH, campaign.org_id)
    if not reason.strip():
        raise EvaluationError("撤回发布须说明理由")
    too_long = texts.refusal(reason.strip(), texts.COMMENT, "撤回理由")
    if too_long is not None:
        raise EvaluationError(too_long)
    evaluation = Evaluation.objects.select_for_update().get(campaign=campaign)
    if not evaluation.published:
        raise EvaluationError("考评结果尚未发布")
    evaluation.published_at = None
    evaluation.published_by = ""
    evaluation.save(update_fields=["published_at", "published_by"])
    log(campaign, None, "withdraw", actor_name(user), detail=reason.strip())
