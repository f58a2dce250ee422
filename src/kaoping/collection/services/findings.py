"""The findings (errors and warnings) of the rules over what an organisation filled."""

from __future__ import annotations

from django.db.models import Max

from kaoping.collection.campaigns import survey_for
from kaoping.collection.models import AuditEntry, Campaign
from kaoping.collection.services.quality import quality_owned
from kaoping.collection.services.reading import load_survey_data
from kaoping.core.definitions.model import Severity, Survey
from kaoping.core.findings import Finding
from kaoping.core.findings import can_submit as _can_submit
from kaoping.core.instance import CellKey, SurveyData
from kaoping.core.rules.suspect import with_suspects


def validate(
    survey: Survey, data: SurveyData, tables: set[str] | None, orgs: set[str] | None
) -> list[Finding]:
    """The rules' findings over ``tables`` (None: all) for the rows ``orgs`` fill (None: all)."""
    from kaoping.core.rules import engine  # the rule engine loads when first needed

    return engine.validate(survey, data, tables=tables, orgs=orgs)


def findings_for(campaign: Campaign, org_code: str, data: SurveyData | None = None) -> list[Finding]:
    """Findings over the rows ``org_code`` fills; the province's include the rules spanning its
    cities; then the data-quality findings about its rows (docs/spec.md §13)."""
    survey = survey_for(campaign)
    data = data or load_survey_data(campaign)
    found = suspects(campaign, survey, data, validate(survey, data, tables=None, orgs={org_code}))
    return found + [f for o, f in quality_owned(campaign, survey, data) if o == org_code]


def suspects(campaign: Campaign, survey: Survey, data: SurveyData, findings: list[Finding]) -> list[Finding]:
    """``findings`` with their suspect cells: the audit log says which cell of a sum's row the
    unit changed last (docs/spec.md §10.5)."""
    named = {r.id for r in survey.rules if r.suspects or r.suspect_groups}
    rows = {(f.table, f.row) for f in findings if f.rule in named and f.row is not None}
    if not rows:
        return findings
    last = (
        AuditEntry.objects.filter(
            campaign=campaign, table__in={t for t, _ in rows}, row__in={r for _, r in rows}
        )
        .exclude(column="")
        .values_list("table", "row", "column")
        .annotate(last=Max("id"))
    )
    recent: dict[CellKey, int] = {(t, r, c): n for t, r, c, n in last}
    return with_suspects(survey, data, findings, recent)


def findings_by_org(campaign: Campaign, data: SurveyData | None = None) -> dict[str, list[Finding]]:
    """Every organisation's ``findings_for`` from one pass of the rules (a page listing them all)."""
    from kaoping.core.rules import engine

    data = data or load_survey_data(campaign)
    survey = survey_for(campaign)
    out: dict[str, list[Finding]] = {}
    for owner, finding in [*engine.validate_owned(survey, data), *quality_owned(campaign, survey, data)]:
        out.setdefault(owner, []).append(finding)
    return out


def campaign_findings(
    campaign: Campaign, kind: str | None = None, org: str | None = None, table: str | None = None
) -> list[tuple[str, Finding]]:
    """``every_finding`` narrowed to one kind, unit or table (None: any): what ``kaoping
    findings`` prints and ``GET /api/campaigns/{id}/findings`` answers (docs/spec.md §10.5)."""
    return [
        (o, f)
        for o, f in every_finding(campaign)
        if (kind is None or f.kind.value == kind)
        and (org is None or o == org)
        and (table is None or f.table == table)
    ]


def can_submit(findings: list[Finding]) -> bool:
    return _can_submit(findings)


def count(findings: list[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity is severity)


def every_finding(campaign: Campaign) -> list[tuple[str, Finding]]:
    """(organisation, finding) over every unit of ``campaign``, the province first; a national
    campaign's are its provinces' campaigns', province by province."""
    children = list(
        Campaign.objects.filter(parent=campaign)
        .select_related("snapshot")
        .order_by("org__position", "org_id")
    )
    out: list[tuple[str, Finding]] = []
    for one in children or [campaign]:
        by_org = findings_by_org(one)
        for org in sorted(by_org, key=lambda code: (code != one.org_id, code)):
            out.extend((org, f) for f in by_org[org])
    return out
