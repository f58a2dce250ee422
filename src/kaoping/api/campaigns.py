"""Campaigns and definitions."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from kaoping.api.lookups import campaign_or_404
from kaoping.api.schemas import CampaignOut, Error
from kaoping.collection.campaigns import (
    campaign_json,
    definitions_root,
    survey_for_snapshot,
    visible_campaigns,
)
from kaoping.collection.models import DefinitionSnapshot
from kaoping.core.definitions.dump import dump_survey
from kaoping.core.definitions.loader import DefinitionError, find_definition, load_survey

router = Router(tags=["任务与定义"])


@router.get("/campaigns", response=list[CampaignOut], summary="任务列表")
def list_campaigns(request: HttpRequest) -> list[dict[str, object]]:
    return [campaign_json(c) for c in visible_campaigns(request.user)]


@router.get("/campaigns/{campaign_id}", response={200: CampaignOut, 404: Error}, summary="任务")
def get_campaign(request: HttpRequest, campaign_id: str) -> dict[str, object]:
    return campaign_json(campaign_or_404(request.user, campaign_id))


@router.get("/definitions/{ref}", response={200: dict[str, Any], 404: Error}, summary="调查表定义")
def get_definition(request: HttpRequest, ref: str) -> dict[str, object]:
    """A definition as SPEC §10's ``definitions dump``: a stored snapshot first, else the files."""
    snapshot = DefinitionSnapshot.objects.filter(ref=ref).order_by("-created").first()
    if snapshot is not None:
        return dump_survey(survey_for_snapshot(snapshot))
    try:
        return dump_survey(load_survey(find_definition(definitions_root(), ref)))
    except DefinitionError as exc:
        raise Http404(f"找不到定义 {ref}") from exc
