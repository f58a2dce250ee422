"""自定义汇总 over the API (docs/spec.md §13.5): the grid as JSON, and the user's saved
summaries. The same service as the page (``kaoping.reports.adhoc``): a province's page
summarises its cities, the ministry's page of a national campaign the provinces (``level``
``nation``) or one province's cities (``level`` its code); only units the user reads."""

from __future__ import annotations

from django.http import JsonResponse
from ninja import Query, Router, Schema
from pydantic import Field

from kaoping.api.schemas import Answer, Error
from kaoping.core.adhoc.grid import AdhocError
from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.page import Page, open_page
from kaoping.reports import adhoc, adhoc_saved

router = Router(tags=["自定义汇总"])
BASE = "/campaigns/{campaign_id}/orgs/{org}/summary"
Params = dict[str, list[str]]


class SummaryQuery(Schema):
    level: str | None = Field(default=None, max_length=10, description="nation，或省级单位代码")
    table: str | None = Field(default=None, max_length=10, description="表，如 T09")
    c: list[str] = Field(default=[], description="栏目，可带比例：main.calls 或 main.calls/population")
    sort: str | None = Field(default=None, max_length=80)
    desc: bool = False
    f: str | None = Field(default=None, max_length=80, description="筛选栏目（已选栏目之一）")
    op: str | None = Field(default=None, max_length=4, description="ge（不小于）或 le（不大于）")
    v: str | None = Field(default=None, max_length=40)
    q: str | None = Field(default=None, max_length=50, description="单位名称包含")


class SaveIn(Schema):
    name: str = Field(min_length=1, max_length=60)
    query: SummaryQuery


class SavedOut(Schema):
    id: int
    name: str
    campaign: str
    org: str
    query: dict[str, list[str]]
    saved_at: str


def _params(query: SummaryQuery) -> Params:
    out: Params = {}
    for key, value in query.dict().items():
        if isinstance(value, list):
            out[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            out[key] = ["1"] if value else []
        elif value is not None:
            out[key] = [str(value)]
    return {k: v for k, v in out.items() if v}


def _refused(error: AdhocError) -> JsonResponse:
    return JsonResponse({"detail": str(error)}, status=422, json_dumps_params={"ensure_ascii": False})


@router.get(BASE, response={200: dict[str, object], 403: Error, 404: Error, 422: Error}, summary="自定义汇总")
def summary(request: SignedInRequest, campaign_id: str, org: str, query: Query[SummaryQuery]) -> Answer:
    """The grid: ``columns`` (each ``token`` as picked and its label), a row per unit shown with
    its ``values`` in column order (numbers as decimal strings, yes/no as booleans), ``total``
    over the rows shown, ``units`` before the filter and ``shown``; 422 for a column, ratio or
    filter the table cannot take at that level."""
    page = open_page(request.user, campaign_id, org)
    return _grid(page, _params(query))


def _grid(page: Page, params: Params) -> Answer:
    try:
        built = adhoc.build(page, params)
    except AdhocError as error:
        return _refused(error)
    return {
        "title": adhoc.title_of(page, built.source),
        "level": built.source.level,
        "levels": [{"key": k, "label": label} for k, label in built.levels],
        "table": built.source.table.id,
        "offered": [{"key": c.key, "label": c.label, "kind": c.kind} for c in built.source.columns],
        "coverage": built.source.note or None,
        **built.grid.as_json(),
    }


def _out(kept: adhoc.SavedSummary) -> dict[str, object]:
    return {
        "id": kept.pk,
        "name": kept.name,
        "campaign": kept.campaign_id,
        "org": kept.org_id,
        "query": kept.query,
        "saved_at": kept.saved_at.isoformat(),
    }


@router.get(BASE + "/saved", response={200: list[SavedOut], 403: Error, 404: Error}, summary="我的自定义汇总")
def saved(
    request: SignedInRequest, campaign_id: str, org: str, everywhere: bool = False
) -> list[dict[str, object]]:
    """The user's own summaries of this page; ``everywhere``: those saved on other campaigns'
    pages too (this page's first), each of which opens here (``GET …/saved/{id}``)."""
    page = open_page(request.user, campaign_id, org)
    return [_out(s) for s in adhoc.saved(request.user, page, everywhere)]


@router.get(
    BASE + "/saved/{summary_id}",
    response={200: dict[str, object], 403: Error, 404: Error, 422: Error},
    summary="在本任务打开自定义汇总",
)
def reopen(request: SignedInRequest, campaign_id: str, org: str, summary_id: int) -> Answer:
    """One of the user's saved summaries — saved on this page or another campaign's — as this
    campaign's grid (as ``GET …/summary``); ``notes`` say in Chinese what this campaign lacks
    (a level, the table, columns) and was left out. Another user's summary: 404."""
    page = open_page(request.user, campaign_id, org)
    query, notes = adhoc_saved.reopen(page, adhoc_saved.mine(request.user, page, summary_id))
    answer = _grid(page, query)
    if isinstance(answer, dict):
        return {**answer, "query": query, "notes": notes}
    return answer


@router.post(
    BASE + "/saved", response={201: SavedOut, 403: Error, 404: Error, 422: Error}, summary="保存自定义汇总"
)
def save(request: SignedInRequest, campaign_id: str, org: str, body: SaveIn) -> Answer:
    """Keep the query under ``name`` (the same name is replaced); 422 when it cannot be made."""
    page = open_page(request.user, campaign_id, org)
    try:
        kept = adhoc.save(request.user, page, body.name, _params(body.query))
    except AdhocError as error:
        return _refused(error)
    return JsonResponse(_out(kept), status=201, json_dumps_params={"ensure_ascii": False})


@router.delete(
    BASE + "/saved/{summary_id}",
    response={204: None, 403: Error, 404: Error, 422: Error},
    summary="删除自定义汇总",
)
def delete(request: SignedInRequest, campaign_id: str, org: str, summary_id: int) -> Answer:
    """Remove one of the user's own summaries (another's: 422, not found)."""
    open_page(request.user, campaign_id, org)
    try:
        adhoc.delete(request.user, summary_id)
    except AdhocError as error:
        return _refused(error)
    return JsonResponse({}, status=204)
