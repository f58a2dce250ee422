"""Opening an evaluation campaign: the rubric's snapshot, the linked survey, the settings."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from kaoping.collection.campaigns import CampaignError, definitions_root
from kaoping.collection.models import Campaign, DefinitionSnapshot
from kaoping.core.definitions.loader import find_definition
from kaoping.core.rubric.loader import RUBRIC_FILE, load_rubric, load_rubric_from_text
from kaoping.core.rubric.model import Rubric
from kaoping.core.scoring.settings import settings_from_json, settings_to_json
from kaoping.core.scoring.targets import CampaignSettings
from kaoping.evaluation.models import Evaluation
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.models import Organisation

# Snapshots never change, so a loaded rubric is kept for the life of the process.
_RUBRICS: dict[int, Rubric] = {}


def snapshot_rubric(ref: str) -> DefinitionSnapshot:
    """Store (or reuse) the snapshot of ``rubric-jiangsu`` / ``rubric-jiangsu@1`` as on disk now."""
    directory = find_definition(definitions_root(), ref)
    rubric = load_rubric(directory)  # refuse a rubric that does not load
    files = {RUBRIC_FILE: (directory / RUBRIC_FILE).read_text(encoding="utf-8")}
    digest = hashlib.sha256(json.dumps(files, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    snapshot, _ = DefinitionSnapshot.objects.get_or_create(
        ref=rubric.ref, sha256=digest, defaults={"files": files, "kind": "rubric"}
    )
    _RUBRICS.setdefault(snapshot.pk, rubric)
    return snapshot


def rubric_for(campaign: Campaign) -> Rubric:
    rubric = _RUBRICS.get(campaign.snapshot_id)
    if rubric is None:
        snapshot = campaign.snapshot
        rubric = load_rubric_from_text(snapshot.files[RUBRIC_FILE], f"snapshot:{snapshot.ref}")
        _RUBRICS[campaign.snapshot_id] = rubric
    return rubric


def evaluation_of(campaign: Campaign) -> Evaluation:
    return Evaluation.objects.select_related("survey").get(campaign=campaign)


def settings_of(campaign: Campaign) -> CampaignSettings:
    return settings_from_json(evaluation_of(campaign).settings, rubric_for(campaign))


@dataclass(frozen=True)
class EvaluationSpec:
    id: str
    org: str
    survey: str | None  # the linked survey campaign, where survey metrics come from
    opens: date
    closes: date
    definition: str = "rubric-jiangsu@1"
    title: str | None = None
    settings: dict[str, Any] | None = None  # targets, review_rule, chief, reviewers


@transaction.atomic
def open_evaluation(user: Any, spec: EvaluationSpec) -> Campaign:
    """Open an evaluation of the organisation's cities (省管理员 or 部管理员)."""
    access.require(user, Action.OPEN_CAMPAIGN, spec.org)
    if Campaign.objects.filter(pk=spec.id).exists():
        raise CampaignError(f"任务编号 {spec.id} 已存在")
    if spec.closes < spec.opens:
        raise CampaignError("填报结束日期早于开始日期")
    org = Organisation.objects.filter(pk=spec.org).first()
    if org is None:
        raise CampaignError(f"组织 {spec.org} 不存在")
    survey = None
    if spec.survey:
        survey = Campaign.objects.filter(pk=spec.survey, kind="survey").first()
        if survey is None or survey.org_id != spec.org:
            raise CampaignError(f"关联调查任务 {spec.survey} 不存在或不属于{org.name}")
    snapshot = snapshot_rubric(spec.definition)
    rubric = rubric_for_snapshot(snapshot)
    try:
        checked = settings_from_json(spec.settings or {}, rubric)
    except ValueError as exc:
        raise CampaignError(str(exc)) from None
    campaign = Campaign.objects.create(
        id=spec.id,
        title=spec.title or rubric.title,
        kind="evaluation",
        snapshot=snapshot,
        org=org,
        status="open",
        opens=spec.opens,
        closes=spec.closes,
        created_by=getattr(user, "username", ""),
    )
    Evaluation.objects.create(campaign=campaign, survey=survey, settings=settings_to_json(checked))
    return campaign


def rubric_for_snapshot(snapshot: DefinitionSnapshot) -> Rubric:
    rubric = _RUBRICS.get(snapshot.pk)
    if rubric is None:
        rubric = load_rubric_from_text(snapshot.files[RUBRIC_FILE], f"snapshot:{snapshot.ref}")
        _RUBRICS[snapshot.pk] = rubric
    return rubric


def update_settings(user: Any, campaign: Campaign, data: dict[str, Any]) -> CampaignSettings:
    """Replace the campaign's targets, reviewers and rule (before publication)."""
    access.require(user, Action.OPEN_CAMPAIGN, campaign.org_id)
    evaluation = evaluation_of(campaign)
    if evaluation.published:
        raise CampaignError("结果已发布，不能再修改考评设置")
    try:
        checked = settings_from_json(data, rubric_for(campaign))
    except ValueError as exc:
        raise CampaignError(str(exc)) from None
    evaluation.settings = settings_to_json(checked)
    evaluation.save(update_fields=["settings"])
    return checked
