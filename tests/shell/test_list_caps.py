"""One unit cannot block the others: 表7's row cap counts each unit's own block (the number
declared in definitions/survey-2015/v1/T07.yaml), on the page, the API and the command line."""

from __future__ import annotations

import json

import pytest

from kaoping.collection.campaigns import survey_for
from kaoping.collection.models import ListRow
from kaoping.collection.services import SaveRefused, add_list_row, table_version

NJ, SZ, PROVINCE = "320100", "320500", "320000"


def fill_block(campaign, org: str, count: int) -> None:
    ListRow.objects.bulk_create(
        ListRow(
            campaign=campaign, org_id=org, table="T07", section="systems", key=f"r{org}{i:04d}", position=i
        )
        for i in range(1, count + 1)
    )


def test_a_city_at_its_cap_is_refused_and_the_next_city_is_not(campaign, nanjing_reporter, suzhou_reporter):
    cap = survey_for(campaign).table("T07").section("systems").max_rows
    assert cap == 200
    fill_block(campaign, NJ, cap - 1)
    add_list_row(nanjing_reporter, campaign, NJ, "T07", "systems")  # the 200th
    version = table_version(campaign, NJ, "T07")
    with pytest.raises(SaveRefused, match="每个单位最多 200 行，本单位已有 200 行"):
        add_list_row(nanjing_reporter, campaign, NJ, "T07", "systems")
    assert ListRow.objects.filter(campaign=campaign, org_id=NJ).count() == cap
    assert table_version(campaign, NJ, "T07") == version  # the refused add claimed no version
    # 南京 holds 200 rows of the list; 苏州 and 省本级 add theirs as before (the old cap of 500
    # over the whole list let one city take every row)
    fill_block(campaign, SZ, cap - 2)
    assert add_list_row(suzhou_reporter, campaign, SZ, "T07", "systems").key
    assert add_list_row(suzhou_reporter, campaign, SZ, "T07", "systems").key
    with pytest.raises(SaveRefused, match="最多 200 行"):
        add_list_row(suzhou_reporter, campaign, SZ, "T07", "systems")
    assert ListRow.objects.filter(campaign=campaign, table="T07").count() == 2 * cap


def test_the_api_and_the_page_refuse_the_row_over_the_cap(campaign, nanjing_reporter, client_for):
    fill_block(campaign, NJ, 200)
    client = client_for(nanjing_reporter)
    answer = client.post(
        f"/api/campaigns/{campaign.pk}/orgs/{NJ}/tables/T07/rows",
        data=json.dumps({"section": "systems"}),
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert "最多 200 行" in answer.json()["detail"]
    page = client.post(f"/c/{campaign.pk}/{NJ}/T07/rows/add", {"section": "systems"}, follow=True)
    assert "最多 200 行" in page.content.decode()
    assert ListRow.objects.filter(campaign=campaign, org_id=NJ).count() == 200
