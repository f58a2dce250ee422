"""Campaigns and definitions."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse, JsonResponse
from ninja import Body, Router

from kaoping.api.lookups import campaign_or_404
from kaoping.api.schemas import CampaignIn, CampaignOut, Error
from kaoping.collection.campaigns import (
    CampaignError,
    CampaignSpec,
    base_figures,
    campaign_json,
    definitions_root,
    set_base_figures,
    survey_for_snapshot,
    visible_campaigns,
)
from kaoping.collection.models import DefinitionSnapshot
from kaoping.collection.national import open_survey
from kaoping.core.definitions.dump import dump_survey
from kaoping.core.definitions.loader import DefinitionError, find_definition, load_survey
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest

router = Router(tags=["任务与定义"])


@router.get("/campaigns", response=list[CampaignOut], summary="任务列表")
def list_campaigns(request: SignedInRequest) -> list[dict[str, object]]:
    return [campaign_json(c) for c in visible_campaigns(request.user)]


@router.post("/campaigns", response={201: CampaignOut, 403: Error, 422: Error}, summary="开启任务")
def create_campaign(request: SignedInRequest, body: CampaignIn) -> HttpResponse:
    """Open a campaign for an organisation and its subtree (省管理员 or 部管理员); at the ministry
    (部管理员), a national campaign with one campaign per province in ``provinces`` (default all)."""
    given = body.dict()
    provinces = given.pop("provinces")
    spec = CampaignSpec(**given)
    try:
        campaign = open_survey(request.user, spec, provinces)
    except DefinitionError as exc:
        raise CampaignError("定义有误：" + "；".join(str(p) for p in exc.problems)) from exc
    return JsonResponse(campaign_json(campaign), status=201, json_dumps_params={"ensure_ascii": False})


@router.get("/campaigns/{campaign_id}/base-figures", response={200: dict[str, Any], 403: Error, 404: Error})
def get_base_figures(request: SignedInRequest, campaign_id: str) -> dict[str, object]:
    """常住人口, 城镇参保人数 (万人) and 县级单位数 per city: ``{org: {key: value}}``."""
    campaign = campaign_or_404(request.user, campaign_id)
    access.require(request.user, Action.READ, campaign.org_id)
    return {org: {k: str(v) for k, v in values.items()} for org, values in base_figures(campaign).items()}


@router.put(
    "/campaigns/{campaign_id}/base-figures",
    response={200: dict[str, Any], 403: Error, 404: Error, 422: Error},
)
def put_base_figures(
    request: SignedInRequest, campaign_id: str, body: Body[dict[str, dict[str, str | int | float | None]]]
) -> dict[str, object]:
    """Each figure as text or a JSON number, held to its type and bound; any refused → 422
    naming the city and the figure, and nothing is saved."""
    campaign = campaign_or_404(request.user, campaign_id)
    set_base_figures(request.user, campaign, body)
    return {org: {k: str(v) for k, v in values.items()} for org, values in base_figures(campaign).items()}


@router.get("/campaigns/{campaign_id}", response={200: CampaignOut, 404: Error}, summary="任务")
def get_campaign(request: SignedInRequest, campaign_id: str) -> dict[str, object]:
    return campaign_json(campaign_or_404(request.user, campaign_id))


@router.get("/definitions/{ref}", response={200: dict[str, Any], 404: Error}, summary="调查表定义")
def get_definition(request: SignedInRequest, ref: str) -> dict[str, object]:
    """A definition as ``definitions dump`` (docs/spec.md §10.4): a stored snapshot first, else the files."""
    snapshot = DefinitionSnapshot.objects.filter(ref=ref, kind="survey").order_by("-created").first()
    if snapshot is not None:
        return dump_survey(survey_for_snapshot(snapshot))
    try:
        return dump_survey(load_survey(find_definition(definitions_root(), ref)))
    except DefinitionError as exc:  # no such definition, or not a survey's (a rubric's)
        raise Http404(f"找不到调查表定义 {ref}") from exc
