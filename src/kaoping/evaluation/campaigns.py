"""Opening an evaluation campaign: the rubric's snapshot, the linked survey, the settings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from kaoping.collection.campaigns import (
    CampaignError,
    CampaignSpec,
    Opening,
    definitions_root,
    open_campaign,
    store_snapshot,
)
from kaoping.collection.models import Campaign, DefinitionSnapshot
from kaoping.core.definitions.loader import find_definition
from kaoping.core.definitions.titles import definition_title
from kaoping.core.rubric.loader import RUBRIC_FILE, load_rubric, load_rubric_from_text
from kaoping.core.rubric.model import Rubric
from kaoping.core.scoring.settings import settings_from_json, settings_to_json
from kaoping.core.scoring.targets import CampaignSettings
from kaoping.evaluation.models import Evaluation
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.orgs.configlog import record_config
from kaoping.orgs.models import Organisation

# Snapshots never change, so a loaded rubric is kept for the life of the process.
_RUBRICS: dict[int, Rubric] = {}


def snapshot_rubric(ref: str) -> DefinitionSnapshot:
    """Store (or reuse) the snapshot of ``rubric-jiangsu`` / ``rubric-jiangsu@1`` as on disk now."""
    directory = find_definition(definitions_root(), ref)
    rubric = load_rubric(directory)  # refuse a rubric that does not load
    files = {RUBRIC_FILE: (directory / RUBRIC_FILE).read_text(encoding="utf-8")}
    snapshot = store_snapshot(rubric.ref, files, "rubric")
    _RUBRICS.setdefault(snapshot.pk, rubric)
    return snapshot


def rubric_title(ref: str = "rubric-jiangsu@1") -> str:
    """The rubric as officials name it: 江苏省人力资源社会保障信息化工作考评标准（第1版）."""
    directory = find_definition(definitions_root(), ref)
    return definition_title(ref, {RUBRIC_FILE: (directory / RUBRIC_FILE).read_text(encoding="utf-8")})


def rubric_opening(ref: str) -> Opening:
    snapshot = snapshot_rubric(ref)
    return Opening("evaluation", snapshot, rubric_for_snapshot(snapshot).title)


def rubric_for(campaign: Campaign) -> Rubric:
    rubric = _RUBRICS.get(campaign.snapshot_id)  # without reading the snapshot's texts
    return rubric if rubric is not None else rubric_for_snapshot(campaign.snapshot)


def evaluation_of(campaign: Campaign) -> Evaluation:
    # the linked survey with its snapshot's digest (its definition is cached by it), not its texts
    found = Evaluation.objects.select_related("survey__snapshot").defer("survey__snapshot__files")
    return found.get(campaign=campaign)


def settings_of(campaign: Campaign, state: Evaluation | None = None) -> CampaignSettings:
    """The stored settings (from ``state``, the campaign's ``evaluation_of``, when the caller has
    read it); a target number beyond its bound is kept, for scoring to call its criteria 无法计算
    (docs/spec.md §7.6), never an error for every page."""
    stored = (state or evaluation_of(campaign)).settings
    return settings_from_json(stored, rubric_for(campaign), stored=True)


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
def open_evaluation(user: Actor, spec: EvaluationSpec) -> Campaign:
    """Open an evaluation of the organisation's cities (省管理员 or 部管理员): a campaign on
    the rubric's snapshot, with its linked survey and settings (refused: nothing is kept)."""
    base = CampaignSpec(
        id=spec.id,
        definition=spec.definition,
        org=spec.org,
        opens=spec.opens,
        closes=spec.closes,
        title=spec.title,
    )
    campaign = open_campaign(user, base, rubric_opening)
    survey = _linked_survey(spec.survey, campaign.org)
    checked = _checked_settings(spec.settings or {}, rubric_for(campaign))
    Evaluation.objects.create(campaign=campaign, survey=survey, settings=settings_to_json(checked))
    return campaign


def _linked_survey(survey_id: str | None, org: Organisation) -> Campaign | None:
    if not survey_id:
        return None
    survey = Campaign.objects.filter(pk=survey_id, kind="survey").first()
    if survey is None or survey.org_id != org.pk:
        raise CampaignError(f"关联调查任务 {survey_id} 不存在或不属于{org.name}")
    return survey


def _checked_settings(data: dict[str, Any], rubric: Rubric) -> CampaignSettings:
    try:
        return settings_from_json(data, rubric)
    except ValueError as exc:
        raise CampaignError(str(exc)) from None


def rubric_for_snapshot(snapshot: DefinitionSnapshot) -> Rubric:
    rubric = _RUBRICS.get(snapshot.pk)
    if rubric is None:
        rubric = load_rubric_from_text(snapshot.files[RUBRIC_FILE], f"snapshot:{snapshot.ref}")
        _RUBRICS[snapshot.pk] = rubric
    return rubric


def update_settings(user: Actor, campaign: Campaign, data: dict[str, Any]) -> CampaignSettings:
    """Replace the campaign's targets, reviewers and rule (before publication)."""
    access.require(user, Action.OPEN_CAMPAIGN, campaign.org_id)
    evaluation = evaluation_of(campaign)
    if evaluation.published:
        raise CampaignError("结果已发布，不能再修改考评设置")
    checked = _checked_settings(data, rubric_for(campaign))
    old, evaluation.settings = evaluation.settings, settings_to_json(checked)
    with transaction.atomic():
        evaluation.save(update_fields=["settings"])
        record_config(user, "考评设置", campaign.id, campaign.org_id, _text(old), _text(evaluation.settings))
    return checked


def _text(settings: object) -> str:
    return json.dumps(settings, ensure_ascii=False, sort_keys=True)
