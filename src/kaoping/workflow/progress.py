"""报送进度: each organisation × table with status, errors and last change; the late first.

A province's campaign lists the province and its cities; a national campaign (docs/spec.md
§11.8) lists the provincial units, each with its own campaign's state: the same rows, sort,
counts, deadlines and 催报, one level up. The national page reads each province's submission,
what each of its units filled per table and its cities' approvals in a few aggregates over all
the provinces' campaigns — flat in their number — and runs no rules: a province's findings are
its own reviewers' work until it submits, and it cannot submit with an error."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.db.models import F, Max, QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from kaoping.collection.campaigns import member_orgs, survey_for
from kaoping.collection.cells import CellIndex
from kaoping.collection.deadlines import extended, may_extend
from kaoping.collection.models import AuditEntry, Campaign, Extension, Value
from kaoping.collection.national import is_national, national_children
from kaoping.collection.services import findings_by_org, load_survey_data
from kaoping.collection.tasks import DONE, filled_counts, table_statuses
from kaoping.collection.tasks import IN_PROGRESS as FILLING
from kaoping.collection.tasks import NOT_STARTED as NOTHING
from kaoping.core.definitions.model import Survey
from kaoping.core.instance import SurveyData
from kaoping.core.orgs import Org
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.orgs.models import Organisation
from kaoping.pages.status import Badge, status_badge
from kaoping.workflow.lateness import Timeliness, timeliness
from kaoping.workflow.models import (
    APPROVED,
    IN_PROGRESS,
    LOCKED,
    NOT_STARTED,
    RETURNED,
    STATUS_LABELS,
    SUBMITTED,
    Reminder,
    Submission,
)
from kaoping.workflow.pages import STATUS_CSS
from kaoping.workflow.reminders import can_remind
from kaoping.workflow.states import CLOSED

# Most urgent first: nothing yet, returned, still filling, then waiting for review, then done.
URGENCY = {NOT_STARTED: 0, RETURNED: 1, IN_PROGRESS: 2, SUBMITTED: 3, APPROVED: 4, LOCKED: 5}
LATE = (NOT_STARTED, RETURNED, IN_PROGRESS)


@dataclass(frozen=True)
class TableCell:
    table: str
    badge: Badge | None  # the shell's 未填报 / 填报中 / 有错误 / 已完成; None: no rows of the org there
    errors: int
    warnings: int
    title: str = ""  # the national page: how many of the province's units filled the table
    href: str = ""  # the table's page for the row's organisation (set by ``_link``)
    hint: str = ""  # the link's hover text


@dataclass
class ProgressRow:
    org: Organisation
    campaign_id: str  # the campaign the organisation's data is in (a province's own, nationally)
    status: str
    status_label: str
    status_css: str
    errors: int
    warnings: int
    last_change: datetime | None
    late: bool
    can_remind: bool
    reminded: datetime | None
    timeliness: Timeliness
    may_extend: bool
    tables: list[TableCell] = field(default_factory=list)
    cities: str = ""  # the national page: the province's cities approved, "8/13"


@dataclass(frozen=True)
class _Read:
    """What every row of the page reads, each in one query."""

    states: dict[str, Submission]
    edits: dict[str, datetime]
    reminded: dict[str, datetime]
    extensions: dict[str, date]


def _last(rows: QuerySet[Any], key: str = "org_id") -> dict[str, datetime]:
    """The latest ``at`` per ``key``: one aggregate."""
    return dict(rows.values_list(key).annotate(last=Max("at")).values_list(key, "last"))


def _read(campaign: Campaign) -> _Read:
    return _Read(
        states={s.org_id: s for s in Submission.objects.filter(campaign=campaign)},
        edits=_last(AuditEntry.objects.filter(campaign=campaign)),
        reminded=_last(Reminder.objects.filter(campaign=campaign)),
        extensions=extended(campaign),
    )


Tables = list[tuple[str, str]]


def progress_rows(user: Actor, campaign: Campaign) -> tuple[Tables, list[ProgressRow]]:
    """(table ids and labels, rows): late organisations first, then by the official order."""
    if is_national(campaign):
        tables, rows = national_rows(user, campaign)
        return tables, _link(rows)
    survey = survey_for(campaign)
    data = load_survey_data(campaign, access.tree_for(user))
    orgs = [campaign.org, *member_orgs(campaign)]
    filled = filled_counts(campaign)  # every organisation's, in one query
    findings = findings_by_org(campaign, data)  # and the rules run once, not per organisation
    read = _read(campaign)
    rows = []
    for org in orgs:
        statuses = {
            s.table: s for s in table_statuses(campaign, org.code, data, filled, findings.get(org.code, []))
        }
        cells = [
            TableCell(
                t.id, status_badge(statuses[t.id].status), statuses[t.id].errors, statuses[t.id].warnings
            )
            if t.id in statuses
            else TableCell(t.id, None, 0, 0)
            for t in survey.tables
        ]
        rows.append(_row(user, campaign, org, read, cells))
    return [(t.id, t.label) for t in survey.tables], _link(_late_first(rows, orgs))


def _link(rows: list[ProgressRow]) -> list[ProgressRow]:
    """Each cell's link and hover text, the URL reversed once per row: the national page has
    32 × 14 cells, and reversing and translating them one by one in the template cost most of
    its time (bench/national_pages.py)."""
    filled = gettext("Units filled: %(units)s")
    for row in rows:
        one = reverse("web:table", kwargs={"campaign": row.campaign_id, "org": row.org.code, "table": "T"})
        base = one.removesuffix("T/")
        row.tables = [
            replace(
                cell,
                href=f"{base}{cell.table}/",
                hint=filled % {"units": cell.title} if cell.title else str(cell.badge.label),
            )
            if cell.badge is not None
            else cell
            for cell in row.tables
        ]
    return rows


def _late_first(rows: list[ProgressRow], orgs: list[Organisation]) -> list[ProgressRow]:
    position = {o.code: i for i, o in enumerate(orgs)}
    return sorted(rows, key=lambda r: (URGENCY[r.status], not r.timeliness.overdue, position[r.org.code]))


def _row(
    user: Actor, campaign: Campaign, org: Organisation, read: _Read, cells: list[TableCell]
) -> ProgressRow:
    submission = read.states.get(org.code)
    status = submission.status if submission else NOT_STARTED
    changes = [t for t in (read.edits.get(org.code), submission.changed_at if submission else None) if t]
    return ProgressRow(
        org=org,
        campaign_id=campaign.pk,
        status=status,
        status_label=STATUS_LABELS[status],
        status_css=STATUS_CSS[status],
        errors=sum(c.errors for c in cells),
        warnings=sum(c.warnings for c in cells),
        last_change=max(changes) if changes else None,
        late=status in LATE,
        can_remind=status in LATE and can_remind(user, org.code),
        reminded=read.reminded.get(org.code),
        timeliness=timeliness(campaign, org.code, submission, read.extensions),
        may_extend=may_extend(user, org.code),
        tables=cells,
    )


# --- the national campaign ------------------------------------------------------------------


def _national_read(national: Campaign, children: list[Campaign]) -> tuple[_Read, dict[str, int]]:
    """The provinces' own states, last edits, reminders and extensions, keyed by province (each
    from its own campaign), and each province's cities approved: one query each for all."""
    below = {"campaign__parent": national}
    own = {"campaign__parent": national, "org_id": F("campaign__org_id")}
    owner = {c.pk: c.org_id for c in children}
    states: dict[str, Submission] = {}
    approved: dict[str, int] = {}
    for s in Submission.objects.filter(**below).only("campaign_id", "org_id", "status", "late", "changed_at"):
        province = owner.get(s.campaign_id)
        if s.org_id == province:
            states[province] = s
        elif province is not None and s.status in (APPROVED, LOCKED):
            approved[province] = approved.get(province, 0) + 1
    grants = Extension.objects.filter(**own).order_by("at", "id").values_list("org_id", "until")
    read = _Read(
        states=states,
        edits=_last(AuditEntry.objects.filter(**below), "campaign__org_id"),
        reminded=_last(Reminder.objects.filter(**own)),
        extensions=dict(grants),  # later grants overwrite earlier ones
    )
    return read, approved


def national_rows(user: Actor, national: Campaign) -> tuple[Tables, list[ProgressRow]]:
    """One row per provincial unit the user reads, from its own campaign: its submission to the
    ministry, per table how many of its units filled it (已完成 once submitted), its cities
    approved; deadlines and 催报 as on a province's page."""
    survey = survey_for(national)
    readable = set(access.allowed(user, Action.READ, national.members))
    children = [c for c in national_children(national) if c.org_id in readable]
    read, approved = _national_read(national, children)
    units = _units_filled(children)
    fills = _who_fills(survey)
    rows = []
    for child in children:
        state = read.states.get(child.org_id)
        status, cities = state.status if state else NOT_STARTED, len(child.members)
        cells = [
            _units_cell(t.id, status, units.get((child.org_id, t.id), 0), fills[t.id], cities)
            for t in survey.tables
        ]
        row = _row(user, child, child.org, read, cells)
        row.cities = f"{approved.get(child.org_id, 0)}/{cities}"
        rows.append(row)
    return [(t.id, t.label) for t in survey.tables], _late_first(rows, [c.org for c in children])


def _units_filled(children: list[Campaign]) -> dict[tuple[str, str], int]:
    """{(province, table): how many of its units stored a value there}. The distinct
    (campaign, unit, table) triples come off the index on those columns, with no join; a
    COUNT(DISTINCT) joined to the campaigns cost 150 ms nationally (bench/national_pages.py)."""
    province = {c.pk: c.org_id for c in children}
    triples = (
        Value.objects.filter(campaign_id__in=list(province))
        .order_by()
        .values_list("campaign_id", "table", "org_id")
        .distinct()
    )
    units: dict[tuple[str, str], int] = {}
    for campaign, table, _unit in triples:
        key = (province[campaign], table)
        units[key] = units.get(key, 0) + 1
    return units


def _who_fills(survey: Survey) -> dict[str, tuple[bool, bool]]:
    """Per table: whether the province fills a part of it, and whether each city does (the
    same for every province: the rows stand for the units the tree gives it)."""
    province, city = Org("P00000", "", "province"), Org("C00000", "", "city", parent="P00000")
    index = CellIndex(survey, SurveyData(province=province, cities=[city]))
    own, cities = set(index.tables_filled_by(province.code)), set(index.tables_filled_by(city.code))
    return {t.id: (t.id in own, t.id in cities) for t in survey.tables}


def _units_cell(table: str, status: str, reported: int, fills: tuple[bool, bool], cities: int) -> TableCell:
    """A province's table on the national page: 已完成 once the province has submitted (it
    could not with an error), else 未填报 or how many of its units have filled their part."""
    expected = int(fills[0]) + (cities if fills[1] else 0)
    if expected == 0:
        return TableCell(table, None, 0, 0)
    reported = min(reported, expected)
    title = f"{reported}/{expected}"
    if status in CLOSED:
        return TableCell(table, status_badge(DONE), 0, 0, title)
    if reported == 0:
        return TableCell(table, status_badge(NOTHING), 0, 0, title)
    return TableCell(table, Badge(status_badge(FILLING).css, title), 0, 0, title)


def counts(rows: list[ProgressRow]) -> list[tuple[str, str, int]]:
    """(label, css, how many) per status, in workflow order."""
    return [
        (STATUS_LABELS[s], STATUS_CSS[s], sum(1 for r in rows if r.status == s))
        for s in (NOT_STARTED, IN_PROGRESS, SUBMITTED, RETURNED, APPROVED, LOCKED)
    ]
