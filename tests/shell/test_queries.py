"""Query counts pinned: loading a campaign and saving a table do not grow with the number of cells."""

from __future__ import annotations

from kaoping.collection.campaigns import survey_for
from kaoping.collection.services import load_survey_data, save_table, table_version
from kaoping.orgs.access import org_tree

NJ = "320100"


def test_loading_a_whole_campaign_takes_a_handful_of_queries(demo, django_assert_max_num_queries):
    survey_for(demo.campaign)  # the definition is cached per process
    org_tree()  # and so is the organisation tree, behind a freshness check
    with django_assert_max_num_queries(4):  # the tree's freshness, list rows, values, explanations
        data = load_survey_data(demo.campaign)
    assert len(data.values) > 300


def test_saving_many_cells_costs_no_more_queries_than_saving_one(
    campaign, nanjing_reporter, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def save(changes: dict, version: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            save_table(nanjing_reporter, campaign, NJ, "T09", changes, version)
        return len(captured.captured_queries)

    one = save({(NJ, "staff"): "40"}, 0)
    many = save(
        {(NJ, c): str(n) for n, c in enumerate(["staff", "consultants", "seats", "calls", "answered"], 1)}, 1
    )
    assert many <= one
    assert table_version(campaign, NJ, "T09") == 2
