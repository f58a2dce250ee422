"""A city's self-assessment: drafted by 市填报员 or 市负责人, submitted by 市负责人; the
province's 省管理员 can reopen it. Reviewers and the province never change it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from kaoping.collection.campaigns import is_fillable
from kaoping.collection.models import Campaign
from kaoping.core import texts
from kaoping.core.rubric.model import Rubric
from kaoping.core.scoring.metrics import parse_reported
from kaoping.core.scoring.score import check_score
from kaoping.evaluation.campaigns import evaluation_of, rubric_for
from kaoping.evaluation.errors import EvaluationError
from kaoping.evaluation.models import EvaluationLog, ReportedMetric, SelfAssessment, Submission
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_name
from kaoping.orgs.who import who_label, who_labels


@dataclass(frozen=True)
class Entry:
    score: str  # as typed; "" clears it
    explanation: str


def submission(campaign: Campaign, org: str) -> Submission | None:
    return Submission.objects.filter(campaign=campaign, org_id=org).first()


def why_closed(campaign: Campaign, org: str, viewer: Actor | None = None) -> str | None:
    """Why the city's self-assessment cannot be edited now, or None (who submitted it named as
    ``viewer`` may see them: ``who_labels``)."""
    if evaluation_of(campaign).published:
        return "考评结果已发布，自评不能再修改"
    done = submission(campaign, org)
    if done is not None:
        when = f"{timezone.localtime(done.submitted_at):%Y-%m-%d %H:%M}"
        who = who_label(done.submitted_by, who_labels([done.submitted_by], viewer))
        return f"自评已于 {when} 由 {who} 上报；如需修改请联系省管理员退回"
    if not is_fillable(campaign):
        return f"不在自评时间内（{campaign.opens:%Y-%m-%d} 至 {campaign.closes:%Y-%m-%d}）"
    return None


def _writable(user: Actor, campaign: Campaign, org: str) -> None:
    access.require(user, Action.SELF_ASSESS, org)
    reason = why_closed(campaign, org, user)
    if reason is not None:
        raise EvaluationError(reason)


def parse_score(text: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{text}”不是数值") from None
    if not value.is_finite():
        raise ValueError(f"“{text}”不是数值")
    return value


@transaction.atomic
def save_assessment(
    user: Actor,
    campaign: Campaign,
    org: str,
    entries: dict[str, Entry],
    reported: dict[str, str] | None = None,
) -> int:
    """Save self-scores, explanations and reported metrics; returns how many changed.
    Nothing is saved when any entry is refused (``EvaluationError.problems``)."""
    _writable(user, campaign, org)
    rubric = rubric_for(campaign)
    problems: dict[str, str] = {}
    scores = _checked_scores(rubric, entries, problems)
    _check_reported(rubric, reported or {}, problems)
    if problems:
        raise EvaluationError("自评未保存：有不符合要求的内容", problems)
    who = actor_name(user)
    changed = _write_scores(campaign, org, who, entries, scores)
    return changed + _write_reported(campaign, org, who, reported or {})


def _checked_scores(
    rubric: Rubric, entries: dict[str, Entry], problems: dict[str, str]
) -> dict[str, Decimal | None]:
    """Each entry's score, read and checked against its criterion; refusals go into ``problems``."""
    scores: dict[str, Decimal | None] = {}
    for key, entry in entries.items():
        try:
            criterion = rubric.criterion(key)
        except KeyError:
            problems[key] = "评分标准中没有这一项"
            continue
        try:
            score = parse_score(entry.score)
        except ValueError as exc:
            problems[key] = str(exc)
            continue
        too_long = texts.refusal(entry.explanation.strip(), texts.EXPLANATION, "说明")
        if too_long is not None:
            problems[key] = too_long
            continue
        why = check_score(criterion, score) if score is not None else None
        if why is not None:
            problems[key] = why
        scores[key] = score
    return scores


def _check_reported(rubric: Rubric, reported: dict[str, str], problems: dict[str, str]) -> None:
    """Refuse (into ``problems``) a metric the city does not report, or a value it cannot be."""
    for key, text in reported.items():
        definition = rubric.metrics.get(key)
        if definition is None or not definition.reported:
            problems[key] = "这一指标不由地市填报"
            continue
        too_long = texts.refusal(text.strip(), texts.COLUMN, f"{definition.label}的填报内容")
        if too_long is not None:
            problems[key] = _naming_criterion(rubric, key, too_long)
            continue
        try:
            parse_reported(definition, text)
        except ValueError as exc:
            problems[key] = _naming_criterion(rubric, key, str(exc))


def _naming_criterion(rubric: Rubric, metric: str, message: str) -> str:
    """``message`` prefixed with the first criterion that reads ``metric`` (评分标准“…”)."""
    for _, _, criterion in rubric.criteria():
        for part in criterion.scored_parts():
            if metric in (part.method.params.metric, getattr(part.method.params, "units", None)):
                return f"评分标准“{criterion.label}”：{message}"
    return message


def _write_scores(
    campaign: Campaign, org: str, who: str, entries: dict[str, Entry], scores: dict[str, Decimal | None]
) -> int:
    """Store the self-scores and explanations that changed, each logged; returns how many."""
    changed = 0
    current = {a.criterion: a for a in SelfAssessment.objects.filter(campaign=campaign, org_id=org)}
    for key, entry in entries.items():
        row = current.get(key)
        score, text = scores[key], entry.explanation.strip()
        if row is not None and row.score == score and row.explanation == text:
            continue
        if row is None and score is None and not text:
            continue
        SelfAssessment.objects.update_or_create(
            campaign=campaign,
            org_id=org,
            criterion=key,
            defaults={"score": score, "explanation": text, "updated_by": who},
        )
        _log(campaign, org, "self_score", who, key, f"{row.score if row else None} → {score}")
        changed += 1
    return changed


def _write_reported(campaign: Campaign, org: str, who: str, reported: dict[str, str]) -> int:
    """Store the reported metrics that changed (blank removes one), each logged; returns how many."""
    changed = 0
    stored = {m.metric: m for m in ReportedMetric.objects.filter(campaign=campaign, org_id=org)}
    for key, text in reported.items():
        text = text.strip()
        old = stored.get(key)
        if (old.text if old else "") == text:
            continue
        if not text and old is not None:
            old.delete()
        else:
            ReportedMetric.objects.update_or_create(
                campaign=campaign, org_id=org, metric=key, defaults={"text": text, "updated_by": who}
            )
        _log(campaign, org, "reported", who, key, f"{old.text if old else ''} → {text}")
        changed += 1
    return changed


def missing_scores(campaign: Campaign, org: str) -> list[str]:
    """Labels of the criteria the city has not self-scored yet."""
    rubric = rubric_for(campaign)
    done = set(
        SelfAssessment.objects.filter(campaign=campaign, org_id=org, score__isnull=False).values_list(
            "criterion", flat=True
        )
    )
    return [f"{c.number}. {c.label}" for _, _, c in rubric.criteria() if c.key not in done]


@transaction.atomic
def submit_assessment(user: Actor, campaign: Campaign, org: str) -> Submission:
    """市负责人's 上报: every criterion self-scored; afterwards the city cannot change it."""
    access.require(user, Action.SUBMIT, org)
    _writable(user, campaign, org)
    missing = missing_scores(campaign, org)
    if missing:
        raise EvaluationError(f"还有 {len(missing)} 项未自评，不能上报：" + "；".join(missing[:5]))
    who = actor_name(user)
    done = Submission.objects.create(
        campaign=campaign, org_id=org, submitted_at=timezone.now(), submitted_by=who
    )
    _log(campaign, org, "submit", who)
    return done


@transaction.atomic
def reopen_assessment(user: Actor, campaign: Campaign, org: str, reason: str) -> None:
    """省管理员 returns a submitted self-assessment to the city (before publication)."""
    access.require(user, Action.UNLOCK, org)
    if evaluation_of(campaign).published:
        raise EvaluationError("考评结果已发布，不能退回自评")
    if not reason.strip():
        raise EvaluationError("退回须说明理由")
    too_long = texts.refusal(reason.strip(), texts.COMMENT, "退回理由")
    if too_long is not None:
        raise EvaluationError(too_long)
    deleted, _ = Submission.objects.filter(campaign=campaign, org_id=org).delete()
    if not deleted:
        raise EvaluationError("该市自评尚未上报")
    _log(campaign, org, "reopen", actor_name(user), detail=reason.strip())


def _log(
    campaign: Campaign, org: str | None, action: str, actor: str, criterion: str = "", detail: str = ""
) -> None:
    EvaluationLog.objects.create(
        campaign=campaign, org_id=org, action=action, actor=actor, criterion=criterion, detail=detail
    )


log = _log
