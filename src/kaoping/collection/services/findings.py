"""The findings (errors and warnings) of the rules over what an organisation filled."""

from __future__ import annotations

from kaoping.collection.campaigns import survey_for
from kaoping.collection.models import Campaign
from kaoping.collection.services.reading import load_survey_data
from kaoping.core.definitions.model import Severity, Survey
from kaoping.core.findings import Finding
from kaoping.core.findings import can_submit as _can_submit
from kaoping.core.instance import SurveyData


def validate(
    survey: Survey, data: SurveyData, tables: set[str] | None, orgs: set[str] | None
) -> list[Finding]:
    """The rules' findings over ``tables`` (None: all) for the rows ``orgs`` fill (None: all)."""
    from kaoping.core.rules import engine  # the rule engine loads when first needed

    return engine.validate(survey, data, tables=tables, orgs=orgs)


def findings_for(campaign: Campaign, org_code: str, data: SurveyData | None = None) -> list[Finding]:
    """Findings over the rows ``org_code`` fills; the province's include the rules spanning its cities."""
    survey = survey_for(campaign)
    data = data or load_survey_data(campaign)
    return validate(survey, data, tables=None, orgs={org_code})


def can_submit(findings: list[Finding]) -> bool:
    return _can_submit(findings)


def count(findings: list[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity is severity)
