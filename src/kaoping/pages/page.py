"""What the table pages need, fetched through the shell's access helpers and services.

The views stay a few lines each: they call ``open_page`` (access check, 404s), then
``table_context`` (the grid, rule results and version) and render a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kaoping.collection.campaigns import campaigns_query, is_fillable, survey_for
from kaoping.collection.cells import CellIndex, owner_of
from kaoping.collection.deadlines import deadline_of
from kaoping.collection.models import Campaign
from kaoping.collection.national import is_national
from kaoping.collection.services import (
    edit_refusal,
    load_survey_data,
    quality_findings,
    suspects,
    table_version,
)
from kaoping.core import values as coltypes
from kaoping.core.definitions.model import Row, Section, SectionKind, Severity, Survey, Table
from kaoping.core.findings import Finding
from kaoping.core.instance import SurveyData
from kaoping.core.rules.compute import computed_values
from kaoping.core.rules.engine import validate
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.orgs.models import Organisation
from kaoping.pages.grid import Access, Texts, attach_findings, build_grid

TEXTS = Texts(edit=coltypes.to_text, show=coltypes.display)
Changes = dict[tuple[str, str], str]


@dataclass
class Page:
    """A (campaign, organisation) the user may read, with the survey definition."""

    campaign: Campaign
    org: Organisation
    survey: Survey
    user: Actor

    @property
    def is_province(self) -> bool:
        return self.org.code == self.campaign.org_id

    @cached_property
    def closed_because(self) -> str | None:
        """A submitted, approved or locked form is read-only: the workflow's guard says why."""
        return edit_refusal(self.campaign, self.org.code)

    @cached_property
    def can_fill(self) -> bool:
        return (
            is_fillable(self.campaign, org_code=self.org.code)
            and access.can(self.user, Action.FILL, self.org.code)
            and self.closed_because is None
        )

    @property
    def readonly_reason(self) -> str:
        """Why the page cannot be filled, and who could change that (docs/spec.md §8.6)."""
        if access.can(self.user, Action.FILL, self.org.code):
            if self.campaign.status != "open":
                return _("The campaign is not open for filling (status: %(status)s).") % {
                    "status": self.campaign.get_status_display()
                }
            if not is_fillable(self.campaign, org_code=self.org.code):
                return _("Outside the fill window %(opens)s – %(closes)s (the province can extend it).") % {
                    "opens": self.campaign.opens.isoformat(),
                    "closes": deadline_of(self.campaign, self.org.code).isoformat(),
                }
            return self.closed_because or ""
        return _("Your roles may read this organisation's data but not fill it.")

    def table(self, table_id: str) -> Table:
        table = next((t for t in self.survey.tables if t.id == table_id), None)
        if table is None:
            raise Http404(_("No such table."))
        return table


def open_page(user: Actor, campaign_id: str, org_code: str) -> Page:
    """404 for an unknown campaign or an organisation outside it; 403 naming the role needed."""
    campaign = get_object_or_404(campaigns_query(), pk=campaign_id)
    org = get_object_or_404(Organisation, pk=org_code)
    if org.code != campaign.org_id and org.parent_id != campaign.org_id:
        raise Http404(_("This organisation does not take part in the campaign."))
    if org.code != campaign.org_id and is_national(campaign):
        # a province's data is in its own campaign below the national one (docs/spec.md §11.8)
        raise Http404(_("This organisation does not take part in the campaign."))
    access.require(user, Action.READ, org.code)
    return Page(campaign, org, survey_for(campaign), user)


def tables_of(page: Page, data: SurveyData) -> list[str]:
    """A province reads all tables; a city only those holding its rows."""
    if page.is_province:
        return [t.id for t in page.survey.tables]
    return CellIndex(page.survey, data).tables_filled_by(page.org.code)


def open_table(page: Page, table_id: str, data: SurveyData) -> Table:
    table = page.table(table_id)
    if table.id not in tables_of(page, data):
        raise Http404(_("This organisation has no rows in this table."))
    return table


def posted_changes(post: QueryDict) -> Changes:
    """``v:<row>:<column>`` fields → raw texts; several-codes checkboxes joined by commas."""
    out: Changes = {}
    for name in post:
        if not name.startswith("v:"):
            continue
        _prefix, row, column = (*name.split(":", 2), "", "")[:3]
        # A malformed name ("v:x") is kept as a cell no table has, so the save refuses it (400).
        out[(row, column) if row and column else ("", "")] = ",".join(
            v for v in post.getlist(name) if v.strip()
        )
    return out


def overlay(page: Page, table: Table, data: SurveyData, changes: Changes) -> None:
    """Put unsaved input into ``data`` (parsed like a save would), for the organisation's rows."""
    index = CellIndex(page.survey, data)
    for (row, column), raw in changes.items():
        info = index.cell(table.id, row, column)
        if info is None or info.owner != page.org.code or info.refusal() is not None:
            continue
        value = coltypes.parse(info.column, raw)
        if value is None:
            data.values.pop((table.id, row, column), None)
        else:
            data.values[(table.id, row, column)] = value


def page_findings(page: Page, table: Table, data: SurveyData) -> list[Finding]:
    """The province page shows every row's results; a city page its own rows'."""
    orgs = None if page.is_province else {page.org.code}
    found = suspects(
        page.campaign, page.survey, data, validate(page.survey, data, tables={table.id}, orgs=orgs)
    )
    return found + quality_findings(page.campaign, page.survey, data, orgs, frozenset({table.id}))


def grid_access(page: Page, table: Table, data: SurveyData) -> Access:
    editable = page.can_fill

    def owner(section: Section, row: Row) -> str | None:
        return owner_of(page.survey, table, section, row, data)

    def visible(code: str | None) -> bool:
        return page.is_province or code == page.org.code

    return Access(owner=owner, visible=visible, editable=lambda code: editable and code == page.org.code)


def table_context(
    page: Page, table: Table, data: SurveyData, changes: Changes | None = None
) -> dict[str, Any]:
    if changes:
        overlay(page, table, data, changes)
    index = CellIndex(page.survey, data)
    sections = build_grid(
        table,
        data,
        computed_values(page.survey, data),
        grid_access(page, table, data),
        TEXTS,
        of_which=_("of which"),
        can_add=lambda s: (
            page.can_fill and s.kind is SectionKind.LIST and index.fills_section(table, s, page.org.code)
        ),
    )
    findings = page_findings(page, table, data)
    attach_findings(sections, findings)
    return {
        "page": page,
        "campaign": page.campaign,
        "org": page.org,
        "table": table,
        "data": data,  # for the workflow's box (comments' cell labels, 汇总 line) without a reload
        "sections": sections,
        "version": table_version(page.campaign, page.org.code, table.id),
        "summary": summary(page, findings, data),
        "can_fill": page.can_fill,
        "has_inputs": any(r.editable for s in sections for r in s.rows) or any(s.can_add for s in sections),
    }


@dataclass(frozen=True)
class SummaryItem:
    finding: Finding
    description: str
    explanation: str
    can_explain: bool
    dom_id: str
    suspect: str = ""  # the column to check first, as printed (docs/spec.md §10.5)


def summary(page: Page, findings: list[Finding], data: SurveyData) -> dict[str, Any]:
    """Errors first, then warnings; each with the rule as administrators read it."""
    described = {r.id: r.description for r in page.survey.rules}
    owners = _row_owners(page, {f.table for f in findings}, data)
    items = []
    for finding in sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, f.rule)):
        owner = page.campaign.org_id if finding.row is None else owners.get((finding.table, finding.row))
        items.append(
            SummaryItem(
                finding=finding,
                description=described.get(finding.rule, ""),
                explanation=data.explanations.get(finding.explanation_key, ""),
                can_explain=finding.severity is Severity.WARNING and page.can_fill and owner == page.org.code,
                dom_id=f"{finding.row or ''}__{finding.column or ''}",
                suspect=_suspect_label(page.survey, finding),
            )
        )
    return {
        "items": items,
        "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
    }


def _row_owners(page: Page, table_ids: set[str], data: SurveyData) -> dict[tuple[str, str], str | None]:
    index = CellIndex(page.survey, data)
    out: dict[tuple[str, str], str | None] = {}
    for table_id in table_ids:
        table = page.survey.table(table_id)
        for section, row in index.rows_of(table_id):
            out[(table_id, row.key)] = owner_of(page.survey, table, section, row, data)
    return out


def load(page: Page) -> SurveyData:
    return load_survey_data(page.campaign, access.tree_for(page.user))


def _suspect_label(survey: Survey, finding: Finding) -> str:
    """The suspect's column named as printed, when it is not the finding's own cell."""
    if finding.suspect is None or finding.suspect[1] == finding.column:
        return ""
    return next((c.path for c in survey.table(finding.table).columns if c.key == finding.suspect[1]), "")
