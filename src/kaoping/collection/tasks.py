"""The task list: what each user has to fill (or may look at), with status and error counts."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from kaoping.collection.campaigns import is_fillable, survey_for, visible_campaigns
from kaoping.collection.cells import CellIndex
from kaoping.collection.deadlines import deadline_of
from kaoping.collection.models import Campaign, Value
from kaoping.collection.services import edit_refusal, findings_for, load_survey_data
from kaoping.core.consolidation import ConsolidationStatus, not_started, started_only
from kaoping.core.definitions.model import Severity
from kaoping.core.findings import Finding, can_submit
from kaoping.core.instance import SurveyData
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor

NOT_STARTED, IN_PROGRESS, HAS_ERRORS, DONE = "未填报", "填报中", "有错误", "已完成"


@dataclass(frozen=True)
class Task:
    campaign: Campaign
    org: str
    org_name: str
    title: str  # 报表名称
    period: str  # 报告期
    opens: date
    closes: date
    status: str  # 未填报 / 填报中 / 有错误 / 已完成
    errors: int
    warnings: int
    can_fill: bool
    national: bool = False  # the ministry's task of a national campaign: its provinces' progress


@dataclass(frozen=True)
class TableStatus:
    table: str
    label: str
    title: str
    status: str
    errors: int
    warnings: int
    filled: int  # stored values owned by the organisation


def status_of(filled: int, findings: list[Finding], complete: bool) -> str:
    if filled == 0:
        return NOT_STARTED
    if any(f.severity is Severity.ERROR for f in findings):
        return HAS_ERRORS
    return DONE if complete and can_submit(findings) else IN_PROGRESS


def units_status(units: ConsolidationStatus, findings: list[Finding]) -> str:
    """A table several units fill (docs/spec.md §8.2): 已完成 only when every unit has filled its
    part and nothing stands in any; the findings exclude units that have not started."""
    return status_of(units.reported, findings, complete=units.complete)


def filled_counts(campaign: Campaign, org_codes: Collection[str] | None = None) -> dict[str, dict[str, int]]:
    """``{org: {table: stored values}}`` for the campaign (or only ``org_codes``): one query,
    however many organisations a page lists."""
    stored = Value.objects.filter(campaign=campaign)
    if org_codes is not None:
        stored = stored.filter(org_id__in=list(org_codes))
    out: dict[str, dict[str, int]] = {}
    grouped = stored.order_by().values("org_id", "table").annotate(n=Count("id"))
    for org_code, table_id, n in grouped.values_list("org_id", "table", "n"):
        out.setdefault(org_code, {})[table_id] = n
    return out


def table_statuses(
    campaign: Campaign,
    org_code: str,
    data: SurveyData | None = None,
    filled: dict[str, dict[str, int]] | None = None,
    findings: list[Finding] | None = None,
) -> list[TableStatus]:
    """The tables ``org_code`` fills, each with its status and counts (the overview page).
    ``data``, ``filled`` (``filled_counts``) and the organisation's ``findings`` when the
    caller has them already (a page listing every organisation reads and checks once)."""
    survey = survey_for(campaign)
    data = data or load_survey_data(campaign)
    index = CellIndex(survey, data)
    if findings is None:
        findings = findings_for(campaign, org_code, data)
    # a required answer of a table not started is 未填报, not an error (docs/spec.md §8.2)
    findings = started_only(findings, not_started(survey, data))
    if filled is None:
        filled = filled_counts(campaign, [org_code])
    filled_by_table = filled.get(org_code, {})
    out = []
    for table_id in index.tables_filled_by(org_code):
        table = survey.table(table_id)
        mine = [f for f in findings if f.table == table_id]
        count = filled_by_table.get(table_id, 0)
        out.append(
            TableStatus(
                table=table_id,
                label=table.label,
                title=table.title,
                status=status_of(count, mine, complete=count > 0),
                errors=sum(1 for f in mine if f.severity is Severity.ERROR),
                warnings=sum(1 for f in mine if f.severity is Severity.WARNING),
                filled=count,
            )
        )
    return out


def _task_orgs(user: Actor, campaign: Campaign) -> list[str]:
    """The organisations of ``campaign`` the user works for: their own node, or the campaign's."""
    if access.is_cli(user):
        return [campaign.org_id]
    tree = access.tree_for(user)
    out: list[str] = []
    national = campaign.org_id in tree and tree.get(campaign.org_id).level == "ministry"
    for home in sorted(access.home_orgs(user)):
        if home not in tree or campaign.org_id not in tree:
            continue
        if tree.in_subtree(home, campaign.org_id):
            if national and home != campaign.org_id:
                continue  # a province's people work in their province's campaign below it
            org = home  # a city (or the province itself) inside the campaign
        elif tree.in_subtree(campaign.org_id, home):
            if campaign.parent_id is not None:
                continue  # the ministry follows a province's campaign in the national one's task
            org = campaign.org_id  # the ministry looking at a province
        else:
            continue
        if org not in out:
            out.append(org)
    return out


def tasks_for(user: Actor) -> list[Task]:
    tasks: list[Task] = []
    for campaign in visible_campaigns(user):
        if campaign.kind != "survey" or campaign.status in ("draft", "archived"):
            continue
        orgs = _task_orgs(user, campaign)
        if not orgs:
            continue
        tree = access.tree_for(user)
        if orgs == [campaign.org_id] and tree.get(campaign.org_id).level == "ministry":
            tasks.append(_national_task(campaign, tree.get(campaign.org_id).name))
            continue
        data = load_survey_data(campaign, tree)
        counts = filled_counts(campaign, orgs)
        for org in orgs:
            statuses = table_statuses(campaign, org, data, counts)
            findings_errors = sum(s.errors for s in statuses)
            warnings = sum(s.warnings for s in statuses)
            filled = sum(s.filled for s in statuses)
            if filled == 0:
                status = NOT_STARTED
            elif findings_errors:
                status = HAS_ERRORS
            elif all(s.status == DONE for s in statuses):
                status = DONE
            else:
                status = IN_PROGRESS
            tasks.append(
                Task(
                    campaign=campaign,
                    org=org,
                    org_name=tree.get(org).name if org in tree else org,
                    title=campaign.title,
                    period=campaign.reference_date.isoformat() if campaign.reference_date else "",
                    opens=campaign.opens,
                    closes=deadline_of(campaign, org),  # its extension, if granted
                    status=status,
                    errors=findings_errors,
                    warnings=warnings,
                    can_fill=_can_fill(user, campaign, org),
                )
            )
    return tasks


def _can_fill(user: Actor, campaign: Campaign, org: str) -> bool:
    """填报 only where the form takes edits: open, the user may fill, and not submitted, approved
    or locked (then the task offers 查看 alone, as the overview does; docs/spec.md §8.2)."""
    if not (is_fillable(campaign, org_code=org) and access.can(user, Action.FILL, org)):
        return False
    return edit_refusal(campaign, org) is None


def _national_task(campaign: Campaign, org_name: str) -> Task:
    """A national campaign in the ministry's list: no data of its own; its status is its
    provinces' (the workflow's tag shows how many wait for review)."""
    return Task(
        campaign=campaign,
        org=campaign.org_id,
        org_name=org_name,
        title=campaign.title,
        period=campaign.reference_date.isoformat() if campaign.reference_date else "",
        opens=campaign.opens,
        closes=campaign.closes,
        status="",
        errors=0,
        warnings=0,
        can_fill=False,
        national=True,
    )
