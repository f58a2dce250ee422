"""Saving several tables at once (a workbook import's save): every cell written and audited as a
table-by-table save would, one version per changed table, all or nothing, the chain intact."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.auditchain.verify import verify
from kaoping.collection.models import AuditEntry, Campaign, Value
from kaoping.collection.services import SaveRefused, save_table, save_tables, table_version

NJ = "320100"


@pytest.fixture(autouse=True)
def _own_anchor(tmp_path: Any, settings: Any) -> None:
    settings.AUDIT_ANCHOR = str(tmp_path / "anchors.log")


def stored(campaign: Campaign) -> dict[tuple[str, str], str]:
    return {(v.table, v.column): v.text for v in Value.objects.filter(campaign=campaign, row=NJ)}


def audit(campaign: Campaign) -> list[tuple[str, str, str | None, str | None, int, str]]:
    entries = AuditEntry.objects.filter(campaign=campaign).order_by("id")
    return [(e.table, e.column, e.old, e.new, e.version, e.note) for e in entries]


def test_two_tables_are_saved_and_audited_in_order_each_at_its_own_version(campaign, nanjing_reporter):
    save_table(nanjing_reporter, campaign, NJ, "T11", {(NJ, "systems"): "3"}, 0)  # T11 is at 1
    result = save_tables(
        nanjing_reporter,
        campaign,
        NJ,
        {"T09": {(NJ, "staff"): "40", (NJ, "seats"): "１２"}, "T11": {(NJ, "systems"): "5"}},
        {"T11": 1},
        channel="upload",
        note="a.xlsx",
    )
    assert not result.conflict
    assert (result.changed, result.versions) == ({"T09": 2, "T11": 1}, {"T09": 1, "T11": 2})
    assert stored(campaign) == {("T09", "staff"): "40", ("T09", "seats"): "12", ("T11", "systems"): "5"}
    assert audit(campaign) == [
        ("T11", "systems", None, "3", 1, ""),
        ("T09", "staff", None, "40", 1, "a.xlsx"),
        ("T09", "seats", None, "12", 1, "a.xlsx"),
        ("T11", "systems", "3", "5", 2, "a.xlsx"),
    ]
    assert verify().intact


def test_a_table_whose_cells_hold_those_values_keeps_its_version(campaign, nanjing_reporter):
    save_table(nanjing_reporter, campaign, NJ, "T11", {(NJ, "systems"): "3"}, 0)
    result = save_tables(
        nanjing_reporter,
        campaign,
        NJ,
        {"T11": {(NJ, "systems"): " 3 "}, "T09": {(NJ, "staff"): "40"}},
        {"T11": 1},
        channel="upload",
    )
    assert (result.changed, result.versions) == ({"T09": 1}, {"T09": 1})
    assert (table_version(campaign, NJ, "T11"), table_version(campaign, NJ, "T09")) == (1, 1)
    assert [(table, new) for table, _, _, new, _, _ in audit(campaign)] == [("T11", "3"), ("T09", "40")]


def test_a_table_saved_since_its_base_version_refuses_every_table(campaign, nanjing_reporter):
    save_table(nanjing_reporter, campaign, NJ, "T11", {(NJ, "systems"): "3"}, 0)  # T11 is at 1, not 0
    result = save_tables(
        nanjing_reporter,
        campaign,
        NJ,
        {"T09": {(NJ, "staff"): "40"}, "T11": {(NJ, "systems"): "5"}},
        {},
        channel="upload",
    )
    assert result.conflict and not result.changed
    assert stored(campaign) == {("T11", "systems"): "3"}
    assert (table_version(campaign, NJ, "T09"), table_version(campaign, NJ, "T11")) == (0, 1)
    assert len(audit(campaign)) == 1


def test_a_cell_the_unit_may_not_type_into_refuses_every_table(campaign, nanjing_reporter):
    with pytest.raises(SaveRefused, match="合计行由系统计算"):
        save_tables(
            nanjing_reporter,
            campaign,
            NJ,
            {"T09": {(NJ, "staff"): "40"}, "T11": {("total", "systems"): "5"}},
            {},
            channel="upload",
        )
    assert stored(campaign) == {}
    assert not AuditEntry.objects.filter(campaign=campaign).exists()


def test_data_closed_while_the_save_was_planned_is_not_written(campaign, nanjing_reporter, monkeypatch):
    """The cells are planned before the save takes the write lock; a submission that lands in
    between (the guard says open at the first look, closed at the second) still stops it."""
    from kaoping.collection.services import writing

    looks: list[str] = []

    def submitted_meanwhile(_campaign: Campaign, org: str) -> str | None:
        looks.append(org)
        return "已上报，等待审核" if len(looks) > 1 else None

    monkeypatch.setattr(writing, "WRITE_GUARDS", [submitted_meanwhile])
    with pytest.raises(SaveRefused, match="已上报"):
        save_tables(nanjing_reporter, campaign, NJ, {"T09": {(NJ, "staff"): "40"}}, {}, channel="upload")
    assert looks == [NJ, NJ]
    assert stored(campaign) == {} and audit(campaign) == []
    assert table_version(campaign, NJ, "T09") == 0
