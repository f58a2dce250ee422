"""A bulk import's ``LiveData`` takes in what its own save wrote (``saved``): the next read gives
the data a fresh read gives, without reading those tables' values again; a table someone else
saved since is read again as before."""

from __future__ import annotations

from typing import Any

from kaoping.collection.models import Campaign
from kaoping.collection.services import LiveData, save_table, save_tables
from kaoping.orgs.models import User

NJ = "320100"


def content(live: LiveData) -> tuple[dict[str, int], list[tuple[Any, str]]]:
    versions, data = live.read(NJ)
    return versions, sorted((key, repr(value)) for key, value in data.values.items())


def test_a_save_taken_in_reads_as_a_fresh_read_without_its_values(
    campaign: Campaign, nanjing_reporter: User, django_assert_num_queries: Any
) -> None:
    save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "calls"): "7", (NJ, "seats"): "3"}, 0)
    live = LiveData(campaign)
    versions, data = live.read(NJ)
    changes = {
        "T09": {(NJ, "staff"): "40", (NJ, "seats"): "", (NJ, "calls"): "七"},
        "T11": {(NJ, "systems"): "5"},
    }
    result = save_tables(nanjing_reporter, campaign, NJ, changes, versions, data=data, channel="upload")
    assert result.versions == {"T09": 2, "T11": 1} and set(result.written) == {"T09", "T11"}
    live.saved(NJ, result.versions, result.written)
    with django_assert_num_queries(3):  # versions, list rows, 说明: no value read again
        mine = content(live)
    assert mine == content(LiveData(campaign))


def test_a_table_saved_by_someone_else_since_is_read_again(
    campaign: Campaign, nanjing_reporter: User, django_assert_num_queries: Any
) -> None:
    live = LiveData(campaign)
    versions, data = live.read(NJ)
    result = save_tables(
        nanjing_reporter, campaign, NJ, {"T09": {(NJ, "staff"): "40"}}, versions, data=data, channel="upload"
    )
    save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "calls"): "9"}, 1)  # someone else: T09 at 2
    live.saved(NJ, result.versions, result.written)  # T09 was at 0, is at 1 here: taken in, then moved
    with django_assert_num_queries(4):  # and its values read again
        mine = content(live)
    assert mine == content(LiveData(campaign))
