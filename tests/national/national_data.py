"""A national campaign with provinces filled from the core's sample survey, for the ministry's
pages: values stored as a bulk load would, the provinces' summaries computed, and the chosen
provinces marked as submitted to the ministry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kaoping.collection import summaries
from kaoping.collection.campaigns import CampaignSpec, survey_for
from kaoping.collection.models import Campaign, ListRow, Value
from kaoping.collection.national import national_children, open_national_campaign
from kaoping.collection.services import instance_orgs
from kaoping.core import values as coltypes
from kaoping.core.workbook.sample import sample_data
from kaoping.orgs.actors import CliActor
from kaoping.workflow.models import SUBMITTED, Submission

NATIONAL = "nat-2015"
CLI = CliActor(username="cli:test")


def open_nation(provinces: list[str]) -> Campaign:
    spec = CampaignSpec(
        id=NATIONAL,
        definition="survey-2015@1",
        org="000000",
        opens=date(2015, 7, 1),
        closes=date(2099, 12, 31),
        title="2015 全国规划中期评估调查",
    )
    return open_national_campaign(CLI, spec, provinces)


def fill(campaign: Campaign, holders_scale: str = "1") -> None:
    """The sample survey stored in the provincial campaign (表5 持卡人数 scaled), summary refreshed."""
    survey = survey_for(campaign)
    province, cities = instance_orgs(campaign)
    data = sample_data(survey, province, cities)
    for city in cities:
        key = ("T05", city.code, "holders")
        if key in data.values:
            data.values[key] = Decimal(str(data.values[key])) * Decimal(holders_scale)
    lookup = {(t.id, c.key): c for t in survey.tables for c in t.columns}
    owners = {c.code for c in cities}
    rows = []
    for (table, row, column), value in data.values.items():
        col = lookup.get((table, column))
        if col is None or value is None:
            continue
        owner = row if row in owners else province.code
        rows.append(Value(campaign=campaign, org_id=owner, table=table, row=row, column=column,
                          text=coltypes.to_text(col, value)))  # fmt: skip
    Value.objects.bulk_create(rows)
    ListRow.objects.bulk_create(
        ListRow(
            campaign=campaign, org_id=r.org, table=r.table, section=r.section, key=r.key, position=r.position
        )
        for r in data.list_rows
    )
    summaries.refresh(campaign)


def submit(campaign: Campaign) -> None:
    Submission.objects.update_or_create(
        campaign=campaign, org_id=campaign.org_id, defaults={"status": SUBMITTED}
    )


def national_with(provinces: list[str], submitted: list[str]) -> Campaign:
    national = open_nation(provinces)
    for i, child in enumerate(national_children(national)):
        fill(child, holders_scale=str(1 + i))
        if child.org_id in submitted:
            submit(child)
    return national
