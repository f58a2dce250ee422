"""表1's plan indicators of a campaign, recomputed from the stored values on every request."""

from __future__ import annotations

from typing import Any

from ninja import Router

from kaoping.api.lookups import campaign_or_404, campaign_org
from kaoping.api.schemas import Error
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest
from kaoping.reports.indicators import indicators_json, require_province

router = Router(tags=["规划指标"])


@router.get(
    "/campaigns/{campaign_id}/indicators",
    response={200: list[dict[str, Any]], 403: Error, 404: Error},
    summary="表1 规划指标测算",
)
def indicators(request: SignedInRequest, campaign_id: str, org: str = "", detail: bool = False) -> object:
    """Each 表1 row at each date, exactly as ``kaoping indicators --format json`` (docs/spec.md §10.8):
    ``indicator``, ``label``, ``target`` {``op``, ``value``}, ``attribute``, ``date``,
    ``derivable`` (false: 不可推算), ``derived``, ``missing``, ``reported``, ``differs``, ``met``.
    ``org`` is the province that fills 表1 (the default). ``detail=true`` adds ``number``,
    ``unit``, ``formula``, ``problem``, ``severity``, ``inputs`` (with their source cells) and
    the per-city lines ``cities``."""
    org = org or campaign_or_404(request.user, campaign_id).org_id
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    require_province(campaign, org)
    return indicators_json(campaign, detail=detail)
