"""A table's values for (campaign, organisation): read, write with the version check, findings."""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, JsonResponse
from ninja import Field, Query, Router, Schema

from kaoping.api.lookups import campaign_or_404, campaign_org, table_or_404
from kaoping.api.schemas import (
    Answer,
    CampaignFindingsOut,
    ConflictOut,
    Error,
    ExplanationIn,
    FindingsOut,
    HistoryOut,
    RefusedOut,
    SaveOut,
    TableIn,
    TableOut,
)
from kaoping.collection import services
from kaoping.collection.campaigns import survey_for
from kaoping.collection.cells import CellIndex
from kaoping.collection.models import Campaign, Value
from kaoping.core.findings import Finding
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest

router = Router(tags=["填报"])
FindingKindIn = Literal["rule", "outlier", "change"]  # docs/spec.md §10.5
BASE = "/campaigns/{campaign_id}/orgs/{org}"


class FindingsQuery(Schema):
    kind: FindingKindIn | None = None
    org: str | None = Field(None, max_length=10)
    table: str | None = Field(None, max_length=10)


def _findings(findings: list[Finding]) -> list[dict[str, object]]:
    return [f.as_json() for f in findings]


@router.get(BASE + "/tables/{table_id}", response={200: TableOut, 403: Error, 404: Error}, summary="读取表")
def read_table(request: SignedInRequest, campaign_id: str, org: str, table_id: str) -> dict[str, object]:
    """The rows ``org`` may see in the table (a province: all; a city: its own) and their values."""
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    table = table_or_404(campaign, table_id)
    data = services.load_survey_data(campaign)
    index = CellIndex(survey_for(campaign), data)
    province = org == campaign.org_id
    rows = []
    for section, row in index.rows_of(table.id):
        owner = index.owner(table.id, row.key)
        if province or owner == org:
            rows.append(
                {"key": row.key, "label": row.label, "section": section.key, "editable": owner == org}
            )
    keys = {r["key"] for r in rows}
    values: dict[str, dict[str, str]] = {}
    for row_key, column, text in Value.objects.filter(
        campaign=campaign, table=table.id, row__in=keys
    ).values_list("row", "column", "text"):
        values.setdefault(row_key, {})[column] = text
    return {
        "campaign": campaign.id,
        "org": org,
        "table": table.id,
        "version": services.table_version(campaign, org, table.id),
        "rows": rows,
        "values": values,
    }


@router.put(
    BASE + "/tables/{table_id}",
    response={200: SaveOut, 403: Error, 404: Error, 409: ConflictOut, 422: RefusedOut},
    summary="保存表（带版本号）",
)
def write_table(request: SignedInRequest, campaign_id: str, org: str, table_id: str, body: TableIn) -> Answer:
    """Save cells; ``null`` or "" deletes a value. A stale ``base_version`` → 409 with the differing cells."""
    campaign = campaign_org(request.user, campaign_id, org, Action.FILL)
    table = table_or_404(campaign, table_id)
    changes = {(row, col): text or "" for row, cols in body.values.items() for col, text in cols.items()}
    result = services.save_table(
        request.user, campaign, org, table.id, changes, body.base_version, channel="api"
    )
    if result.conflict:
        conflicts = [
            {
                "row": c.row,
                "column": c.column,
                "base": c.base,
                "current": c.current,
                "mine": c.mine,
                "who": c.who,
                "when": c.when.isoformat(),
            }
            for c in result.theirs.values()
        ]
        detail = (
            f"表已被他人修改（当前版本 {result.version}，您读取时为 {body.base_version}），请核对后重新提交"
        )
        answer = {"detail": detail, "version": result.version, "conflicts": conflicts}
        return JsonResponse(answer, status=409, json_dumps_params={"ensure_ascii": False})
    return {"version": result.version, "changed": result.changed, "findings": _findings(result.findings)}


@router.get(BASE + "/findings", response={200: FindingsOut, 403: Error, 404: Error}, summary="审核结果")
def findings(
    request: SignedInRequest, campaign_id: str, org: str, kind: FindingKindIn | None = None
) -> dict[str, object]:
    """The unit's findings (``kind``: only those of one kind; ``can_submit`` is over all of them)."""
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    found = services.findings_for(campaign, org)
    shown = [f for f in found if kind is None or f.kind.value == kind]
    return {"findings": _findings(shown), "can_submit": services.can_submit(found)}


@router.get(
    "/campaigns/{campaign_id}/findings",
    response={200: CampaignFindingsOut, 403: Error, 404: Error},
    summary="任务的审核结果（各单位）",
)
def campaign_findings(
    request: SignedInRequest, campaign_id: str, query: Query[FindingsQuery]
) -> dict[str, object]:
    """Every unit's findings the user may read, as ``kaoping findings --format json`` (a national
    campaign: its provinces'); ``kind``, ``org``, ``table`` narrow them (``org``: one the user
    reads, else 403 as the unit's own findings answer)."""
    campaign = campaign_or_404(request.user, campaign_id)
    if campaign.kind != "survey":
        raise Http404(f"任务 {campaign_id} 不是调查任务")
    if query.org is not None:
        access.require(request.user, Action.READ, query.org)
    found = services.campaign_findings(campaign, query.kind, query.org, query.table)
    readable = set(access.allowed(request.user, Action.READ, {o for o, _ in found}))
    return {"findings": [{"org": o, **f.as_json()} for o, f in found if o in readable]}


@router.get(
    BASE + "/tables/{table_id}/history",
    response={200: list[HistoryOut], 403: Error, 404: Error},
    summary="修改记录",
)
def table_history(
    request: SignedInRequest,
    campaign_id: str,
    org: str,
    table_id: str,
    row: str | None = None,
    column: str | None = None,
) -> list[dict[str, object]]:
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    table = table_or_404(campaign, table_id)
    scope = None if org == campaign.org_id else org
    return [
        {
            "row": e.row,
            "column": e.column,
            "old": e.old,
            "new": e.new,
            "who": e.actor,
            "at": e.at.isoformat(),
            "channel": e.channel,
            "note": e.note,
        }
        for e in services.history(campaign, table.id, row=row, column=column, org=scope)
    ]


@router.post(
    BASE + "/explanations", response={200: dict[str, Any], 403: Error, 404: Error}, summary="填写说明"
)
def explain(request: SignedInRequest, campaign_id: str, org: str, body: ExplanationIn) -> dict[str, object]:
    campaign = campaign_org(request.user, campaign_id, org, Action.FILL)
    table = body.rule and _rule_table(campaign, body.rule)
    services.save_explanation(request.user, campaign, org, body.rule, table, body.row, body.column, body.text)
    return {"saved": bool(body.text.strip())}


def _rule_table(campaign: Campaign, rule_id: str) -> str:
    """The table of the rule; "" for a rule the survey does not have (``save_explanation``
    then refuses the 说明 with 422, docs/spec.md §5.3)."""
    return survey_for(campaign).rule_table(rule_id) or ""


class ListRowIn(Schema):
    section: str


@router.post(
    BASE + "/tables/{table_id}/rows", response={200: dict[str, Any], 403: Error, 404: Error, 422: RefusedOut}
)
def add_row(
    request: SignedInRequest, campaign_id: str, org: str, table_id: str, body: ListRowIn
) -> dict[str, object]:
    """Add a row to a list section (表6, 表7, 表8 part 1)."""
    campaign = campaign_org(request.user, campaign_id, org, Action.FILL)
    table = table_or_404(campaign, table_id)
    result = services.add_list_row(request.user, campaign, org, table.id, body.section, channel="api")
    return {"key": result.key, "version": result.version}


@router.delete(
    BASE + "/tables/{table_id}/rows/{row_key}",
    response={200: dict[str, Any], 403: Error, 404: Error, 422: RefusedOut},
)
def remove_row(
    request: SignedInRequest, campaign_id: str, org: str, table_id: str, row_key: str
) -> dict[str, object]:
    campaign = campaign_org(request.user, campaign_id, org, Action.FILL)
    table = table_or_404(campaign, table_id)
    result = services.remove_list_row(request.user, campaign, org, table.id, row_key, channel="api")
    return {"key": result.key, "version": result.version}
