"""``kaoping orgs sync``: idempotent over the national tree; a division whose code changed is
deactivated and linked to its successor, never deleted, and an old campaign keeps its data
under the old unit while a new campaign opens with the successor."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.conftest import CLI

from kaoping.collection.campaigns import CampaignSpec, member_orgs, open_campaign
from kaoping.collection.models import Value
from kaoping.collection.services import instance_orgs, load_survey_data, save_table
from kaoping.orgs import access
from kaoping.orgs.models import Organisation
from kaoping.orgs.sync import sync_report

pytestmark = pytest.mark.django_db

MINISTRY = "orgs:\n  - {code: '000000', name: 部信息中心, level: ministry}\n"
TIBET = """orgs:
  - {code: '540000', name: 西藏自治区, level: province, parent: '000000', kind: 自治区}
  - {code: '540100', name: 拉萨市, level: city, parent: '540000', kind: 地级市, counties: 8}
  - {code: '542400', name: 那曲地区, level: city, parent: '540000', kind: 地区, counties: 11}
"""
# 2017: 那曲地区 (542400) became the prefecture-level city 那曲市 with a new code (540600).
TIBET_LATER = """orgs:
  - {code: '540000', name: 西藏自治区, level: province, parent: '000000', kind: 自治区}
  - {code: '540100', name: 拉萨市, level: city, parent: '540000', kind: 地级市, counties: 8}
  - {code: '540600', name: 那曲市, level: city, parent: '540000', kind: 地级市, counties: 11}
retired:
  - {code: '542400', successor: '540600', note: 撤销那曲地区，设立地级那曲市}
"""


def tree_dir(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "000000-ministry.yaml").write_text(MINISTRY, encoding="utf-8")
    (folder / "540000.yaml").write_text(text, encoding="utf-8")
    return folder


def test_sync_twice_changes_nothing_the_second_time() -> None:
    tree, first = sync_report()
    assert len(first.added) == len(tree) == 486  # the ministry and 485 national units
    stamps = dict(Organisation.objects.values_list("code", "updated"))
    _, second = sync_report()
    assert second.unchanged and second.total == 486
    assert dict(Organisation.objects.values_list("code", "updated")) == stamps
    assert first.sources["national.yaml"]["data_date"] == "2022-12-31"


def test_a_renamed_division_keeps_its_code_and_is_reported(tmp_path: Path) -> None:
    sync_report(tree_dir(tmp_path, "a", TIBET))
    _, report = sync_report(tree_dir(tmp_path, "b", TIBET.replace("拉萨市", "拉萨")))
    assert report.renamed == [("540100", "拉萨市", "拉萨")] and not report.added
    assert Organisation.objects.get(code="540100").name == "拉萨"


def test_a_changed_code_keeps_the_old_campaign_and_links_the_successor(tmp_path: Path) -> None:
    sync_report(tree_dir(tmp_path, "2016", TIBET))
    spec = CampaignSpec(
        id="xz-2016",
        definition="survey-2015@1",
        org="540000",
        opens=date(2016, 7, 1),
        closes=date(2099, 9, 30),
    )
    old = open_campaign(CLI, spec)
    saved = save_table(CLI, old, "542400", "T09", {("542400", "staff"): "12"}, base_version=0, channel="cli")
    assert saved.changed == 1

    _, report = sync_report(tree_dir(tmp_path, "2018", TIBET_LATER))
    assert report.added == [("540600", "那曲市")]
    assert report.deactivated == [("542400", "那曲地区")]
    assert report.linked == [("542400", "那曲地区", "540600")]
    retired = Organisation.objects.get(code="542400")  # never deleted
    assert (retired.active, retired.successor_id, retired.name) == (False, "540600", "那曲地区")

    # The old campaign keeps its units and its value under the old unit.
    old.refresh_from_db()
    assert old.members == ["540100", "542400"]
    assert [o.name for o in member_orgs(old)] == ["拉萨市", "那曲地区"]
    _province, cities = instance_orgs(old)
    assert [c.code for c in cities] == ["540100", "542400"] and not cities[1].active
    assert load_survey_data(old).values[("T09", "542400", "staff")] == 12
    assert Value.objects.get(campaign=old, org_id="542400").text == "12"

    # A new campaign opens with the successor; the tree says who stands for the old code now.
    new = open_campaign(CLI, CampaignSpec(**{**vars(spec), "id": "xz-2018"}))
    assert new.members == ["540100", "540600"]
    assert access.org_tree().current("542400").name == "那曲市"
    _, again = sync_report(tree_dir(tmp_path, "again", TIBET_LATER))
    assert again.unchanged


def test_a_unit_no_longer_listed_is_deactivated_without_successor(tmp_path: Path) -> None:
    sync_report(tree_dir(tmp_path, "a", TIBET))
    _, report = sync_report(tree_dir(tmp_path, "b", TIBET.replace("  - {code: '542400'", "  # ")))
    assert report.deactivated == [("542400", "那曲地区")] and not report.linked
    assert Organisation.objects.filter(code="542400", active=False, successor=None).exists()
    _, back = sync_report(tree_dir(tmp_path, "c", TIBET))
    assert back.reactivated == [("542400", "那曲地区")]


def test_the_cached_tree_sees_a_sync_at_once(tmp_path: Path) -> None:
    sync_report(tree_dir(tmp_path, "a", TIBET))
    assert access.org_tree().get("540100").name == "拉萨市"
    sync_report(tree_dir(tmp_path, "b", TIBET.replace("拉萨市", "拉萨")))
    assert access.org_tree().get("540100").name == "拉萨"
    assert access.org_tree() is access.org_tree()  # unchanged table: the same object
