"""One planted fault per rule of the catalogue, imported from a workbook: each is reported
with its rule id at the sheet and cell where it was planted.

The faulty survey is written with the template writer (prefilled, as a re-downloaded
template would be) and imported against an empty store. Cell addresses come from the
layout; ``test_addresses_read_like_the_paper_table`` pins a few by hand.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from workbook_helpers import META, NANJING, SURVEY, empty, fill, sample

from kaoping.core.instance import CellKey, Value
from kaoping.core.rules.generic import GENERIC_RULES
from kaoping.core.values import Invalid
from kaoping.core.workbook.layout import build_layout
from kaoping.core.workbook.reader import read_workbook
from kaoping.core.workbook.writer import write_workbook

NJ = NANJING
D = Decimal
GONE = object()  # the cell is left blank

# rule → (cells changed from the clean sample, the cell the finding must point at)
Plant = tuple[dict[CellKey, Value | object], CellKey]
FAULTS: dict[str, Plant] = {
    "V-TYPE": ({("T09", NJ, "staff"): Invalid("很多")}, ("T09", NJ, "staff")),
    "V-DEC": ({("T01", "cert_usage", "jun"): D("92.315")}, ("T01", "cert_usage", "jun")),
    "V-CODE": ({("T03", NJ, "primary_operator"): "z"}, ("T03", NJ, "primary_operator")),
    "V-SPEC": ({("T03", NJ, "primary_operator"): "f"}, ("T03", NJ, "other_note")),
    "V-RATE": ({("T01", "cert_usage", "jun"): D("120.5")}, ("T01", "cert_usage", "jun")),
    "V01-PROV": ({("T01", "dc_province", "jun"): 50}, ("T01", "dc_province", "jun")),
    "V01-PROV-DEC": ({("T01", "dr_province", "dec"): 50}, ("T01", "dr_province", "dec")),
    "V02-CAP": ({("T02", "dc", "capacity_ok"): False}, ("T02", "dc", "capacity_problems")),
    "V02-CAPQ": ({("T02", "dc", "capacity_ok"): GONE}, ("T02", "dc", "capacity_ok")),
    "V02-DR": ({("T02", "central_data", "status_jun"): GONE}, ("T02", "central_data", "status_jun")),
    "V02-DR-DEC": ({("T02", "central_app", "status_dec"): GONE}, ("T02", "central_app", "status_dec")),
    "V02-DR-NONE": ({("T02", "dr_none", "no_dr"): True}, ("T02", "province_data", "status_jun")),
    "V02-DR-CITIES": ({("T02", "central_data", "cities_jun"): 20}, ("T02", "central_data", "cities_jun")),
    "V02-DR-CITIES-DEC": ({("T02", "central_data", "cities_dec"): 14}, ("T02", "central_data", "cities_dec")),
    "V02-DR-PROG": (
        {("T02", "province_app", "status_jun"): "a", ("T02", "province_app", "status_dec"): "b"},
        ("T02", "province_app", "status_dec"),
    ),
    "V02-DR-LOC": ({("T02", "central_app", "status_jun"): "b"}, ("T02", "central_app", "location_jun")),
    "V02-DR-LOC-DEC": (
        {("T02", "central_app", "location_dec"): GONE},
        ("T02", "central_app", "location_dec"),
    ),
    "V03-LINE": ({("T03", NJ, "backup_type"): GONE}, ("T03", NJ, "backup_operator")),
    "V03-PRIMARY": ({("T03", NJ, "primary_type"): GONE}, ("T03", NJ, "primary_operator")),
    "V03-NEED": ({("T03", NJ, "meets_now"): GONE}, ("T03", NJ, "meets_now")),
    "V04-SUM": ({("T04", "si_city", "networked"): 30}, ("T04", "si_city", "networked")),
    "V04-PLAN": ({("T04", "si_city", "plan_date"): date(2015, 10, 1)}, ("T04", "si_city", "plan_date")),
    "V05-PART": ({("T05", NJ, "urban_worker"): D("600.00")}, ("T05", NJ, "holders")),
    "V05-EQ": ({("T05", NJ, "rural"): D("69.50")}, ("T05", NJ, "holders")),
    "V05-FIN": ({("T05", NJ, "financial"): D("999.00")}, ("T05", NJ, "financial")),
    "V05-POP": ({("T14", "population", "qty"): D("100.00")}, ("T05", "total", "holders")),
    "V05-LIB": ({("T05", "library", "library_dec"): D("5000.00")}, ("T05", "library", "library_dec")),
    "V06-NAME": ({("T06", "sys-hr", "name"): GONE}, ("T06", "sys-hr", "name")),
    "V06-LIVE": ({("T06", "sys-hr", "online"): GONE}, ("T06", "sys-hr", "online")),
    "V06-UNIFIED": ({("T06", "sys-hr", "unified"): GONE}, ("T06", "sys-hr", "unified")),
    "V06-DATE": ({("T06", "sys-core", "online_date"): date(2016, 1, 1)}, ("T06", "sys-core", "online_date")),
    "V06-SCOPE": ({("T06", "sys-core", "scope"): GONE}, ("T06", "sys-core", "scope")),
    "V06-DUPNAME": ({("T06", "sys-hr", "name"): "社会保险 核心平台"}, ("T06", "sys-hr", "name")),
    "V06-TRANS": ({("T06", "transition", "transition_plan"): GONE}, ("T06", "transition", "transition_plan")),
    "V07-DUP": ({("T07", f"local-{NJ}", "name"): "社会保险核心平台"}, ("T07", f"local-{NJ}", "name")),
    "V07-NAME": ({("T07", f"local-{NJ}", "name"): GONE}, ("T07", f"local-{NJ}", "name")),
    "V07-PROG": ({("T07", f"local-{NJ}", "progress"): GONE}, ("T07", f"local-{NJ}", "progress")),
    "V07-DATE": (
        {("T07", f"local-{NJ}", "progress_date"): date(2016, 1, 1)},
        ("T07", f"local-{NJ}", "progress_date"),
    ),
    "V08-CHANNEL": ({("T08", "channel-web", "channel"): GONE}, ("T08", "channel-web", "channel")),
    "V08-ADDR": ({("T08", "channel-web", "address"): GONE}, ("T08", "channel-web", "address")),
    "V08-CONTENT": ({("T08", "channel-web", "services"): GONE}, ("T08", "channel-web", "services")),
    "V09-BAL": ({("T09", NJ, "abandoned"): 23000}, ("T09", NJ, "calls")),
    "V09-OFF": ({("T09", NJ, "opened"): False}, ("T09", NJ, "opened")),
    "V09-OPEN": ({("T09", NJ, "opened"): GONE}, ("T09", NJ, "opened")),
    "V09-SYS": ({("T09", NJ, "uses_system"): GONE}, ("T09", NJ, "uses_system")),
    "V09-STAFF": ({("T09", NJ, "consultants"): 50}, ("T09", NJ, "consultants")),
    "V09-SEATS": ({("T09", NJ, "seats"): 0}, ("T09", NJ, "seats")),
    "V10-TYPE": ({("T10", NJ, "type_card"): 11}, ("T10", NJ, "type_kiosk")),
    "V10-SRC": ({("T10", NJ, "src_city"): 39}, ("T10", NJ, "src_province")),
    "V10-PLACE": ({("T10", NJ, "place_bank"): 11}, ("T10", NJ, "place_hall")),
    "V10-FUNC": ({("T10", NJ, "functions"): GONE}, ("T10", NJ, "functions")),
    "V11-PART": ({("T11", NJ, "cert_systems"): 11}, ("T11", NJ, "cert_systems")),
    "V11-PART-USERS": ({("T11", NJ, "cert_users"): 1100}, ("T11", NJ, "cert_users")),
    "V11-PART-PUB": ({("T11", NJ, "public_cert_systems"): 5}, ("T11", NJ, "public_cert_systems")),
    "V11-PART-PUB-USERS": ({("T11", NJ, "public_cert_users"): 700}, ("T11", NJ, "public_cert_users")),
    "V11-PART-PRIV": ({("T11", NJ, "private_cert_systems"): 7}, ("T11", NJ, "private_cert_systems")),
    "V11-PART-PRIV-USERS": ({("T11", NJ, "private_cert_users"): 900}, ("T11", NJ, "private_cert_users")),
    "V11-NET": ({("T11", NJ, "public_systems"): 5}, ("T11", NJ, "systems")),
    "V11-NET-CERT": ({("T11", NJ, "public_cert_systems"): 1}, ("T11", NJ, "cert_systems")),
    "V11-USERS": ({("T11", NJ, "users"): 1500}, ("T11", NJ, "users")),
    "V11-USERS-CERT": ({("T11", NJ, "cert_users"): 350}, ("T11", NJ, "cert_users")),
    "V12-ONE": ({("T12", NJ, "dept"): "信息科"}, ("T12", NJ, "city_centre_name")),
    "V12-STAFF": ({("T12", NJ, "city_staff"): 20}, ("T12", NJ, "city_staff")),
    "V12-STAFF-PROV": ({("T12", "province_centre", "staff"): 40}, ("T12", "province_centre", "staff")),
    "V12-PLATE": (
        {("T12", "province_centre", "extra_plate_name"): GONE},
        ("T12", "province_centre", "extra_plate_name"),
    ),
    "V12-PLATE-NO": (
        {("T12", "province_centre", "extra_plate"): False},
        ("T12", "province_centre", "extra_plate_name"),
    ),
    "V12-CENTRE": ({("T12", NJ, "city_nature"): GONE}, ("T12", NJ, "city_centre_name")),
    "V13-SRC": ({("T13", NJ, "fin_other"): D("100.00")}, ("T13", NJ, "fin_public")),
    "V13-USE": ({("T13", NJ, "use_ops"): D("1000.00")}, ("T13", NJ, "use_build")),
    "V13-NEED": ({("T13", NJ, "enough_build"): GONE}, ("T13", NJ, "enough_build")),
    "V14-PARTS": ({("T14", "agencies", "qty"): 1}, ("T14", "agencies", "qty")),
    "V14-PARTS-POP": ({("T14", "population", "qty"): D("7000.00")}, ("T14", "population", "qty")),
    "V14-CITIES": ({("T14", "cities", "qty"): 12}, ("T14", "cities", "qty")),
}
TABLE_RULES = {"V08-ONE"}  # about a whole table: located at the table's sheet
# Cells the writer never fills from data ("——" and formulas): a person types over them.
TYPED_OVER: dict[str, tuple[CellKey, object]] = {
    "V-NA": (("T02", "province_data", "cities_jun"), 3),
    "V-CALC": (("T05", "total", "holders"), 1234),
}


def planted(rule: str) -> bytes:
    data = sample()
    changes, _ = FAULTS[rule]
    for key, value in changes.items():
        if value is GONE:
            data.values.pop(key, None)
        else:
            data.values[key] = value  # type: ignore[assignment]
    return write_workbook(SURVEY, data, org=None, meta=META)


def test_every_rule_of_the_catalogue_has_a_planted_fault() -> None:
    catalogue = {r.id for r in SURVEY.rules} | set(GENERIC_RULES)
    assert catalogue == set(FAULTS) | TABLE_RULES | set(TYPED_OVER)


@pytest.mark.parametrize("rule", sorted(FAULTS))
def test_a_planted_fault_is_reported_at_its_cell(rule: str) -> None:
    result = read_workbook(planted(rule), SURVEY, empty(), org=None, meta=META)
    layout = build_layout(SURVEY, sample(), None)
    located = layout.locate(FAULTS[rule][1])
    assert located is not None
    sheet, r, c = located
    cell = sheet.address(r, c)

    assert result.refused is None
    hits = [f for f in result.findings if f.rule == rule]
    assert [f.cell for f in hits if f.cell == cell] == [cell], [(f.rule, f.cell) for f in result.findings]
    assert all(f.sheet == sheet.name for f in hits)
    assert hits[0].message


@pytest.mark.parametrize("rule", sorted(TYPED_OVER))
def test_a_value_typed_over_a_locked_cell_is_reported_there(rule: str) -> None:
    key, value = TYPED_OVER[rule]
    clean = sample()
    content = write_workbook(SURVEY, clean, org=None, meta=META)
    layout = build_layout(SURVEY, clean, None)
    located = layout.locate(key)
    assert located is not None
    sheet, r, c = located
    result = read_workbook(fill(content, {(sheet.name, r, c): value}), SURVEY, clean, org=None, meta=META)

    assert result.refused is None
    assert [(f.rule, f.cell) for f in result.findings] == [(rule, sheet.address(r, c))]


def test_both_parts_of_table8_filled_is_reported_on_its_sheet() -> None:
    data = sample()
    data.values[("T08", NJ, "portal_services")] = ("a",)
    content = write_workbook(SURVEY, data, org=None, meta=META)
    result = read_workbook(content, SURVEY, empty(), org=None, meta=META)
    (finding,) = [f for f in result.findings if f.rule == "V08-ONE"]
    assert finding.sheet == "表8"
    assert finding.cell is not None and finding.cell.startswith("表8!")


def test_addresses_read_like_the_paper_table() -> None:
    """Worked out by hand from seed 001's layout: 表号, title, (date line), header rows."""
    layout = build_layout(SURVEY, sample(), None)

    def at(key: CellKey) -> str:
        located = layout.locate(key)
        assert located is not None
        sheet, r, c = located
        return sheet.address(r, c)

    # 表9: 表号, title, period, 2 header rows (机构规模/来电情况 over their columns);
    # 省本级 on row 6, 南京 on row 7; A 序号, B 地市, C 是否开通, … F 咨询员人数, H 来电总量
    assert at(("T09", NJ, "consultants")) == "表9!F7"
    assert at(("T09", NJ, "calls")) == "表9!H7"
    # 表1: no date line; 2 header rows; A 序号, B 指标, C sub-indicator, D 目标, E 属性, F 6月
    assert at(("T01", "dc_province", "jun")) == "表1!F5"
    assert at(("T01", "dc_city", "dec")) == "表1!G6"
    # 表5: 3 header rows (预计2015年底发卡情况 › 持卡人数 | 其中 › …); 南京 on row 7
    assert at(("T05", NJ, "holders")) == "表5!C7"
    assert at(("T05", "total", "financial")) == "表5!G20"
