"""Saving a table: permissions, canonical text, nothing typed lost, versions, stale saves, audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from kaoping.collection.models import AuditEntry, Campaign, Value
from kaoping.collection.services import (
    SaveRefused,
    add_list_row,
    history,
    load_survey_data,
    remove_list_row,
    save_table,
    table_version,
)
from kaoping.core.values import Invalid

NJ, SZ, PROVINCE = "320100", "320500", "320000"


def stored(campaign: Campaign, row: str, column: str, table: str = "T09") -> str | None:
    return (
        Value.objects.filter(campaign=campaign, table=table, row=row, column=column)
        .values_list("text", flat=True)
        .first()
    )


def test_a_city_saves_its_row_and_the_version_counts_up(campaign, nanjing_reporter):
    result = save_table(
        nanjing_reporter,
        campaign,
        NJ,
        "T09",
        {(NJ, "staff"): "40", (NJ, "consultants"): "36"},
        base_version=0,
    )
    assert (result.conflict, result.version, result.changed) == (False, 1, 2)
    assert stored(campaign, NJ, "staff") == "40"
    again = save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "41"}, base_version=1)
    assert (again.version, again.changed) == (2, 1)
    assert table_version(campaign, NJ, "T09") == 2


def test_saving_the_same_values_changes_nothing_and_keeps_the_version(campaign, nanjing_reporter):
    save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "40"}, base_version=0)
    same = save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): " 40 "}, base_version=1)
    assert (same.changed, same.version) == (0, 1)
    assert AuditEntry.objects.filter(campaign=campaign).count() == 1


def test_blank_deletes_a_value_and_zero_is_kept(campaign, nanjing_reporter):
    save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "40", (NJ, "seats"): "0"}, 0)
    save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "  "}, 1)
    assert stored(campaign, NJ, "staff") is None
    assert stored(campaign, NJ, "seats") == "0"
    data = load_survey_data(campaign)
    assert data.get("T09", NJ, "seats") == 0
    assert data.get("T09", NJ, "staff") is None


def test_what_people_type_is_stored_canonically_and_bad_input_is_kept_raw(campaign, nanjing_reporter):
    changes = {(NJ, "opened"): "是", (NJ, "calls"): "２６３８５１", (NJ, "answered"): "八万五"}
    save_table(nanjing_reporter, campaign, NJ, "T09", changes, 0)
    assert stored(campaign, NJ, "opened") == "true"
    assert stored(campaign, NJ, "calls") == "263851"
    assert stored(campaign, NJ, "answered") == "八万五"  # nothing typed is lost
    data = load_survey_data(campaign)
    assert data.get("T09", NJ, "opened") is True
    assert data.get("T09", NJ, "calls") == 263851
    assert isinstance(data.get("T09", NJ, "answered"), Invalid)


def test_a_stale_save_is_refused_with_the_cells_that_changed_and_saves_nothing(
    campaign, nanjing_reporter, nanjing_leader
):
    save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "calls"): "263851"}, 0)  # both read version 1
    save_table(nanjing_leader, campaign, NJ, "T09", {(NJ, "calls"): "263852", (NJ, "voice"): "154917"}, 1)
    stale = save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "calls"): "300000"}, 1)
    assert stale.conflict
    assert stale.version == 2
    assert stored(campaign, NJ, "calls") == "263852"  # never a silent overwrite
    calls = stale.theirs[(NJ, "calls")]
    assert (calls.base, calls.current, calls.mine, calls.who) == (
        "263851",
        "263852",
        "300000",
        "p_nanjing_fuze",
    )
    assert calls.changed_by_me
    voice = stale.theirs[(NJ, "voice")]
    assert (voice.base, voice.current, voice.changed_by_me) == (None, "154917", False)
    assert AuditEntry.objects.filter(campaign=campaign, column="calls").count() == 2


def test_every_real_change_is_audited_with_who_old_new_and_channel(campaign, nanjing_reporter):
    save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "40"}, 0, channel="page")
    save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "42"}, 1, channel="api")
    save_table(
        nanjing_reporter,
        campaign,
        NJ,
        "T09",
        {(NJ, "staff"): ""},
        2,
        channel="upload",
        note="nj.xlsx sha256:ab",
    )
    entries = history(campaign, "T09", row=NJ, column="staff")
    assert [(e.old, e.new, e.channel, e.version) for e in entries] == [
        ("42", None, "upload", 3),
        ("40", "42", "api", 2),
        (None, "40", "page", 1),
    ]
    assert {e.actor for e in entries} == {"p_nanjing_tianbao"}
    assert entries[0].note == "nj.xlsx sha256:ab"
    with pytest.raises(ValueError, match="修改记录只能追加，不能修改"):
        entries[0].save()  # append-only


def test_the_outsider_cannot_save_another_citys_row(campaign, suzhou_reporter):
    with pytest.raises(PermissionDenied, match="市填报员"):
        save_table(suzhou_reporter, campaign, NJ, "T09", {(NJ, "staff"): "1"}, 0)
    assert not Value.objects.exists()


def test_a_city_cannot_smuggle_another_row_into_its_own_save(campaign, nanjing_reporter):
    with pytest.raises(SaveRefused) as refused:
        save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "1", (SZ, "staff"): "99"}, 0)
    # 南京 may not read 苏州: the refusal names neither the row nor its unit
    assert refused.value.cells == [("", "staff", "这一行不属于本单位")]
    assert refused.value.message == "不能保存 表9：这一行不属于本单位"
    assert not Value.objects.exists()  # all or nothing


def test_the_province_is_told_which_city_row_it_may_not_type_into(campaign, province_admin):
    with pytest.raises(SaveRefused) as refused:
        save_table(province_admin, campaign, PROVINCE, "T09", {(SZ, "staff"): "99"}, 0)
    assert refused.value.cells == [(SZ, "staff", "这一行不由本单位填写")]
    assert "苏州市" in refused.value.message  # the province reads 苏州: naming it tells it nothing new


def test_a_refused_save_to_another_citys_list_row_names_nothing_of_it(
    campaign, nanjing_reporter, suzhou_reporter
):
    row = add_list_row(suzhou_reporter, campaign, SZ, "T07", "systems")
    save_table(suzhou_reporter, campaign, SZ, "T07", {(row.key, "name"): "苏州市社保卡管理系统"}, row.version)
    with pytest.raises(SaveRefused) as refused:
        save_table(nanjing_reporter, campaign, NJ, "T07", {(row.key, "name"): "南京改名"}, 0)
    said = f"{refused.value.message} {refused.value.cells}"
    assert "苏州" not in said and row.key not in said and "不属于本单位" in said


def test_total_computed_fixed_and_not_applicable_cells_are_refused(
    campaign, province_admin, nanjing_reporter
):
    with pytest.raises(SaveRefused, match="合计"):
        save_table(nanjing_reporter, campaign, NJ, "T09", {("total", "staff"): "1"}, 0)
    with pytest.raises(SaveRefused, match="系统计算"):
        save_table(province_admin, campaign, PROVINCE, "T04", {("si_city", "coverage"): "50"}, 0)
    with pytest.raises(SaveRefused, match="调查表规定"):
        save_table(province_admin, campaign, PROVINCE, "T01", {("dc_province", "target"): "90"}, 0)
    with pytest.raises(SaveRefused, match="不适用"):
        save_table(province_admin, campaign, PROVINCE, "T02", {("province_data", "cities_jun"): "3"}, 0)
    with pytest.raises(SaveRefused, match="没有这一格"):
        save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "no_such_column"): "3"}, 0)


def test_saving_outside_the_fill_window_is_refused(campaign, nanjing_reporter):
    Campaign.objects.filter(pk=campaign.pk).update(closes=date(2015, 8, 31), lock_at_deadline=True)
    campaign.refresh_from_db()
    with pytest.raises(SaveRefused, match="填报期"):
        save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "1"}, 0)


def test_list_rows_are_added_and_removed_with_their_values_audited(
    campaign, nanjing_reporter, suzhou_reporter
):
    added = add_list_row(nanjing_reporter, campaign, NJ, "T07", "systems")
    assert added.version == 1
    save_table(nanjing_reporter, campaign, NJ, "T07", {(added.key, "name"): "南京市社保经办系统"}, 1)
    data = load_survey_data(campaign)
    assert [r.org for r in data.rows_of_list("T07", "systems")] == [NJ]
    with pytest.raises(PermissionDenied):
        remove_list_row(suzhou_reporter, campaign, SZ, "T07", added.key)
    removed = remove_list_row(nanjing_reporter, campaign, NJ, "T07", added.key)
    assert removed.version == 3
    assert not Value.objects.filter(row=added.key).exists()
    assert {(e.column, e.old, e.new) for e in history(campaign, "T07", row=added.key)} == {
        ("", None, "（新增行）"),
        ("name", None, "南京市社保经办系统"),
        ("name", "南京市社保经办系统", None),
        ("", "（行）", None),
    }
    notes = {(e.column, e.old is None, e.note, e.actor) for e in history(campaign, "T07", row=added.key)}
    assert notes == {
        ("", True, "systems", "p_nanjing_tianbao"),  # added: the section's key
        ("name", True, "", "p_nanjing_tianbao"),
        ("name", False, "", "p_nanjing_tianbao"),
        ("", False, "删除行", "p_nanjing_tianbao"),
    }


def test_a_city_cannot_add_rows_to_the_provincial_list(campaign, nanjing_reporter):
    with pytest.raises(PermissionDenied):
        add_list_row(nanjing_reporter, campaign, NJ, "T06", "systems")


def test_a_city_explains_only_warnings_on_its_own_rows(campaign, nanjing_reporter, suzhou_reporter):
    from kaoping.collection.models import Explanation
    from kaoping.collection.services import save_explanation

    save_explanation(nanjing_reporter, campaign, NJ, "V09-BAL", "T09", NJ, "calls", "含转接省平台的来电")
    with pytest.raises(PermissionDenied):
        save_explanation(suzhou_reporter, campaign, SZ, "V09-BAL", "T09", NJ, "calls", "苏州替南京说明")
    with pytest.raises(PermissionDenied):
        save_explanation(suzhou_reporter, campaign, SZ, "V08-ONE", "T08", None, None, "整表说明归省里")
    assert list(Explanation.objects.values_list("org_id", "row", "text")) == [(NJ, NJ, "含转接省平台的来电")]
    assert load_survey_data(campaign).explanations == {("V09-BAL", "T09", NJ, "calls"): "含转接省平台的来电"}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1,2", "千位分隔符位置不对"),
        ("1_000", "下划线"),
        ("1e999999999", "科学计数法"),
        ("NaN", "不是数值"),
        ("9" * 30, "超出范围：不能超过 999,999,999,999,999"),
    ],
)
def test_a_number_written_wrongly_or_beyond_its_bound_refuses_the_save_and_keeps_what_was_saved(
    campaign, nanjing_reporter, raw, reason
):
    save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "calls"): "1000"}, 0)
    with pytest.raises(SaveRefused) as caught:
        save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "40", (NJ, "calls"): raw}, 1)
    assert caught.value.message.startswith("不能保存 表9 南京市 来电总量（个）：“")
    assert reason in caught.value.message
    assert (stored(campaign, NJ, "calls"), stored(campaign, NJ, "staff")) == ("1000", None)
    assert table_version(campaign, NJ, "T09") == 1


def test_a_date_outside_its_range_refuses_the_save(campaign, province_admin):
    with pytest.raises(SaveRefused) as caught:
        save_table(province_admin, campaign, PROVINCE, "T04", {("si_county", "plan_date"): "9999-12-31"}, 0)
    assert caught.value.message == (
        "不能保存 表4 区县社保经办机构 计划联网时间："
        "“9999-12-31”超出日期范围：应在 1990-01-01 至 2100-12-31 之间"
    )
    assert stored(campaign, "si_county", "plan_date", table="T04") is None
