"""A complete, clean survey-2015 filling for one province: every table, no finding.

Magnitudes follow docs/spec.md §15.1 (Jiangsu: 13 cities, 95 counties, 常住人口 7,960 万 in 2014; a
12333 quarter 263,851 = 85,582 + 154,917 + 23,352). Used by the workbook tests (the
round trip and the planted faults start from it) and by ``bench/import_workbook.py``.
Only survey-2015's keys are known here; another definition needs its own sample.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kaoping.core.definitions.model import SectionKind, Survey
from kaoping.core.instance import CellKey, ListRow, SurveyData, Value
from kaoping.core.orgs import Org

D = Decimal


def sample_data(survey: Survey, province: Org, cities: list[Org]) -> SurveyData:
    data = SurveyData(province=province, cities=list(cities))
    v = data.values
    _t01(v)
    _t02(v)
    for i, city in enumerate(cities):
        _city_rows(v, city.code, i)
    for key in ("province", *[c.code for c in cities]):
        _hotline(v, "T09", key)
        _kiosks(v, key)
        _security(v, key)
    _t04_t14(survey, v, len(cities))
    v[("T05", "library", "library_jun")] = D("6000.00")
    v[("T05", "library", "library_dec")] = D("6500.00")
    _lists(data, province, cities)
    _t12(v)
    _money(v, "province")
    return data


def _t01(v: dict[CellKey, Value]) -> None:
    shares: dict[str, Value] = {
        "dc_province": 100,
        "dr_province": 100,
        "hotline_province": 100,
        "card_holders": D("0.65"),
    }
    for key in [
        "dc_province",
        "dc_city",
        "network_city",
        "man_agencies",
        "man_county",
        "man_grassroots",
        "dr_province",
        "cert_usage",
        "card_cities",
        "card_holders",
        "hotline_province",
        "hotline_city",
        "grassroots_platform",
        "exchange_transfer",
        "exchange_retiree",
        "exchange_medical",
        "monitor_business",
        "monitor_fund",
        "personnel_data",
    ]:
        v[("T01", key, "jun")] = shares.get(key, D("92.31"))
        v[("T01", key, "dec")] = shares.get(key, D("96.15"))


def _t02(v: dict[CellKey, Value]) -> None:
    form: dict[str, Value] = {
        "room_area": 800,
        "location": "a",
        "address": "南京市建邺区江东中路",
        "capacity_ok": True,
    }
    for column, value in form.items():
        v[("T02", "dc", column)] = value
    v[("T02", "dr_none", "no_dr")] = False
    rows = {
        "province_data": ("a", "a", None, None, "a", "a"),
        "province_app": ("b", "a", None, None, "a", "a"),
        "central_data": ("a", "a", 5, 8, "a", "a"),
        "central_app": ("c", "b", 0, 3, None, "a"),
    }
    names = ("status_jun", "status_dec", "cities_jun", "cities_dec", "location_jun", "location_dec")
    for row, values in rows.items():
        for column, value in zip(names, values, strict=True):
            if value is not None:
                v[("T02", row, column)] = value


def _city_rows(v: dict[CellKey, Value], code: str, i: int) -> None:
    line: tuple[Value, ...] = ("a", "b", 100, "b", "f", 50, "a", "b")
    names = [
        "primary_operator",
        "primary_type",
        "primary_bandwidth",
        "backup_operator",
        "backup_type",
        "backup_bandwidth",
        "meets_now",
        "meets_future",
    ]
    for column, value in zip(names, line, strict=True):
        v[("T03", code, column)] = value
    holders = D("500.00") + i
    for column, value in (
        ("holders", holders),
        ("urban_worker", D("300.00")),
        ("urban_resident", D("120.50")),
        ("rural", holders - D("420.50")),
        ("financial", D("450.25")),
    ):
        v[("T05", code, column)] = value
    if i % 2 == 0:
        for column, value in (("city_centre_name", "信息中心"), ("city_nature", "b"), ("city_quota", 15)):
            v[("T12", code, column)] = value
        v[("T12", code, "city_staff")] = 12
    else:
        v[("T12", code, "dept")] = "办公室信息科"
        v[("T12", code, "dept_staff")] = 3
    _money(v, code)


def _hotline(v: dict[CellKey, Value], table: str, key: str) -> None:
    for column, value in (
        ("opened", True),
        ("uses_system", True),
        ("staff", 40),
        ("consultants", 30),
        ("seats", 25),
        ("calls", 263851),
        ("answered", 85582),
        ("voice", 154917),
        ("abandoned", 23352),
    ):
        v[(table, key, column)] = value


def _kiosks(v: dict[CellKey, Value], key: str) -> None:
    for column, value in (
        ("deployed", 100),
        ("src_province", 60),
        ("src_city", 40),
        ("type_kiosk", 70),
        ("type_atm", 20),
        ("type_card", 10),
        ("place_hall", 50),
        ("place_community", 30),
        ("place_medical", 10),
        ("place_bank", 10),
        ("functions", ("a", "b", "d")),
        ("auth", ("a", "b")),
    ):
        v[("T10", key, column)] = value


def _security(v: dict[CellKey, Value], key: str) -> None:
    for column, value in (
        ("systems", 10),
        ("cert_systems", 6),
        ("users", 1000),
        ("cert_users", 600),
        ("public_systems", 4),
        ("public_cert_systems", 2),
        ("public_users", 600),
        ("public_cert_users", 300),
        ("private_systems", 6),
        ("private_cert_systems", 4),
        ("private_users", 800),
        ("private_cert_users", 400),
    ):
        v[("T11", key, column)] = value


def _money(v: dict[CellKey, Value], key: str) -> None:
    for column, value in (
        ("funds", D("4500.50")),
        ("fin_public", D("4000.00")),
        ("fin_bank", D("300.50")),
        ("fin_other", D("200.00")),
        ("use_build", D("3000.00")),
        ("use_ops", D("1500.50")),
        ("enough_build", "a"),
        ("enough_ops", "b"),
    ):
        v[("T13", key, column)] = value


def _t04_t14(survey: Survey, v: dict[CellKey, Value], cities: int) -> None:
    t14 = survey.table("T14")
    t04 = survey.table("T04")
    unit_rows = [r.key for s in t04.sections for r in s.fixed_rows]
    counts = {key: 10 + i for i, key in enumerate(unit_rows)}
    for key, qty in counts.items():
        v[("T14", key, "qty")] = qty
        v[("T04", key, "networked")] = qty - 2
        v[("T04", key, "unnetworked")] = 2
        v[("T04", key, "plan_date")] = date(2016, 6, 30)
    grassroots = {"street", "town", "community"}
    agencies = [
        r.key for s in t14.sections for r in s.fixed_rows if r.key in counts and r.key not in grassroots
    ]
    v[("T14", "agencies", "qty")] = sum(counts[k] for k in agencies)
    v[("T14", "population", "qty")] = D("7960.00")
    v[("T14", "pop_worker", "qty")] = D("2500.00")
    v[("T14", "pop_urban", "qty")] = D("2000.00")
    v[("T14", "pop_rural", "qty")] = D("3000.00")
    v[("T14", "cities", "qty")] = cities
    v[("T14", "counties", "qty")] = 95
    v[("T14", "villages", "qty")] = 14000


def _lists(data: SurveyData, province: Org, cities: list[Org]) -> None:
    v = data.values
    systems = (
        ("sys-core", "社会保险核心平台", ("a", "f"), True, date(2014, 3, 1), True),
        ("sys-hr", "人事人才管理系统", ("w",), False, date(2016, 1, 1), False),
    )
    for i, (key, name, scope, online, when, unified) in enumerate(systems):
        data.list_rows.append(ListRow(key, "T06", "systems", province.code, i))
        for column, value in (
            ("name", name),
            ("scope", scope),
            ("online", online),
            ("online_date", when),
            ("cities", "南京、无锡"),
            ("unified", unified),
            ("company", "某软件公司"),
        ):
            v[("T06", key, column)] = value
    v[("T06", "transition", "transition_plan")] = "2016 年底前切换到全国统一软件"
    for org in [*cities, province]:
        key = f"local-{org.code}"
        data.list_rows.append(ListRow(key, "T07", "systems", org.code, 0))
        for column, value in (
            ("name", f"{org.name}就业管理系统"),
            ("scope", ("o",)),
            ("progress", True),
            ("progress_date", date(2013, 5, 1)),
            ("area", "全市"),
            ("company", "某软件公司"),
        ):
            v[("T07", key, column)] = value
    data.list_rows.append(ListRow("channel-web", "T08", "channels", province.code, 0))
    for column, value in (
        ("channel", "a"),
        ("channel_name", "江苏人社网"),
        ("services", ("a", "d")),
        ("address", "http://jshrss.jiangsu.gov.cn"),
        ("coverage_area", "全省"),
        ("description", "求职招聘、社保查询"),
    ):
        v[("T08", "channel-web", column)] = value


def _t12(v: dict[CellKey, Value]) -> None:
    for column, value in (
        ("centre_name", "江苏省人力资源和社会保障厅信息中心"),
        ("nature", "b"),
        ("quota", 30),
        ("staff", 28),
        ("extra_plate", True),
        ("extra_plate_name", "社会保障卡管理中心"),
        ("duties", "全省人社信息化建设与运维"),
    ):
        v[("T12", "province_centre", column)] = value
    v[("T12", "duties", "province_duties")] = "省集中系统建设与运维"
    v[("T12", "duties", "city_duties")] = "本地应用推广与网络接入"


def list_sections(survey: Survey) -> list[tuple[str, str]]:
    """(table, section) of every list section, for tests that add rows."""
    return [(t.id, s.key) for t in survey.tables for s in t.sections if s.kind is SectionKind.LIST]
