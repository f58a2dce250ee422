"""The ministry's national figures of a national campaign (docs/spec.md §11.4), read from the
provinces' stored summaries: 表1, each table by province, one indicator compared, the workbook;
and any campaign's 报送进度 (the national one: province × table, late first)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import Router

from kaoping.api.lookups import campaign_or_404, campaign_org
from kaoping.api.schemas import Busy, Error, file_download
from kaoping.collection.models import Campaign
from kaoping.downloads import XLSX, file_response
from kaoping.limits.heavy import heavy
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest
from kaoping.reports import ministry
from kaoping.reports.nation import Nation, nation, national_workbook_bytes
from kaoping.workflow.progress_json import progress_document

router = Router(tags=["全国汇总"])
BASE = "/campaigns/{campaign_id}/national"


def _nation(request: SignedInRequest, campaign_id: str) -> tuple[Campaign, Nation]:
    """The national campaign, read at the ministry (READ there: only the ministry's roles)."""
    root = campaign_or_404(request.user, campaign_id).org_id
    campaign = campaign_org(request.user, campaign_id, root, Action.READ)
    return campaign, nation(campaign, request.user)


@router.get(
    BASE + "/indicators", response={200: list[dict[str, Any]], 403: Error, 404: Error}, summary="全国表1"
)
def indicators(request: SignedInRequest, campaign_id: str) -> object:
    """Each 表1 row at each date over the submitted provinces: ``derived`` (the national value),
    ``inputs`` (each summed over the provinces), ``reported`` and ``reported_how`` (sum, weighted,
    mean, provinces), ``met`` (null while a province is missing), the coverage
    (``provinces_expected``, ``provinces_included``, ``missing``) and each province's line."""
    _campaign, found = _nation(request, campaign_id)
    return [r.as_json() for r in found.indicators]


@router.get(
    BASE + "/tables/{table}", response={200: dict[str, Any], 403: Error, 404: Error}, summary="全国分省汇总表"
)
def table(request: SignedInRequest, campaign_id: str, table: str) -> object:
    """One table's national view: ``columns``, a row per submitted province, ``total``."""
    _campaign, found = _nation(request, campaign_id)
    return found.table(table).as_json()


@router.get(BASE + "/compare", response={200: dict[str, Any], 403: Error, 404: Error}, summary="各省指标比较")
def compare(request: SignedInRequest, campaign_id: str, indicator: str, date: str | None = None) -> object:
    """One indicator at one date: the national object with the provinces ranked (highest first)."""
    _campaign, found = _nation(request, campaign_id)
    chosen = ministry.comparison(found, indicator, date)
    document = chosen.result.as_json()
    document["ranked"] = [
        {"rank": item.rank, "org": item.line.province.code, "name": item.line.province.name}
        for item in chosen.ranked
    ]
    return document


@router.get(
    BASE + "/workbook",
    response={403: Error, 404: Error, 429: Busy},
    summary="全国汇总工作簿",
    openapi_extra=file_download("全国表1 与各表分省汇总的 .xlsx", XLSX),
)
@heavy("export")
def workbook(request: SignedInRequest, campaign_id: str) -> HttpResponse:
    """The national 表1 and a sheet per table with a row per submitted province."""
    campaign, found = _nation(request, campaign_id)
    return file_response(national_workbook_bytes(found), f"{campaign.pk}-全国汇总.xlsx", XLSX)


@router.get(
    "/campaigns/{campaign_id}/progress",
    response={200: dict[str, Any], 403: Error, 404: Error},
    summary="报送进度",
)
def progress(request: SignedInRequest, campaign_id: str) -> object:
    """The campaign's 报送进度, late first, as the page shows it to the reader: for a national
    campaign a row per provincial unit (its submission to the ministry, ``deadline``,
    ``overdue``, ``late``, ``last_change``, ``reminded``, ``cities_approved`` and per table
    ``state`` and ``units`` filled); for a province's campaign a row per unit with each table's
    ``state``, ``errors`` and ``warnings``. Read at the campaign's organisation."""
    found = campaign_or_404(request.user, campaign_id)
    campaign = campaign_org(request.user, campaign_id, found.org_id, Action.READ)
    return progress_document(request.user, campaign)
