"""Every rule of the catalogue on the real survey-2015 definition and Jiangsu's tree:
one valid and one violating example each, asserting the rule id, its severity and the
(table, row, column) the finding points at. Magnitudes follow docs/spec.md §15.1 (Jiangsu: 13 cities,
95 county-level divisions, 常住人口 8,526 万; a 12333 quarter: 263,851 = 85,582 + 154,917 +
23,352)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from kaoping.core.definitions.loader import load_survey
from kaoping.core.definitions.model import Severity, Survey
from kaoping.core.findings import Finding
from kaoping.core.instance import ListRow, SurveyData, Value
from kaoping.core.orgs import load_tree
from kaoping.core.rules.engine import validate
from kaoping.core.rules.generic import GENERIC_RULES
from kaoping.core.values import Invalid

ROOT = Path(__file__).resolve().parents[2]
NJ = "320100"  # 南京市
E, W = Severity.ERROR, Severity.WARNING

# docs/spec.md §5: id → severity. The catalogue must contain each, with this severity.
SPEC_RULES = {
    "V-TYPE": E, "V-DEC": E, "V-CODE": E, "V-SPEC": E, "V-NA": E, "V-RATE": E,
    "V02-CAP": E, "V02-DR": E, "V03-LINE": W, "V04-SUM": E, "V04-PLAN": W,
    "V05-PART": E, "V05-EQ": W, "V05-FIN": E, "V05-POP": W, "V05-LIB": W,
    "V06-DATE": E, "V07-DUP": E, "V08-ONE": E, "V09-BAL": W, "V09-OFF": E,
    "V09-STAFF": E, "V09-SEATS": W, "V10-TYPE": E, "V10-SRC": W, "V10-PLACE": W,
    "V11-PART": E, "V11-NET": E, "V11-USERS": W, "V12-ONE": E, "V12-STAFF": W,
    "V13-SRC": E, "V13-USE": E, "V14-PARTS": E, "V14-CITIES": W,
}  # fmt: skip

# List rows: a key with this prefix in these tables is a user-created row of that section.
LIST_ROWS = {
    "T06": ("sys", "systems", "320000"),
    "T07": ("nj", "systems", NJ),
    "T08": ("ch", "channels", "320000"),
}

Cells = dict[str, Value]  # "T09/320100/calls" → value


@dataclass(frozen=True)
class Case:
    rule: str
    at: str  # "table/row/column", or "T08//" for a whole-table finding
    valid: Cells
    violating: Cells  # applied on top of ``valid``
    severity: Severity = E
    note: str = ""
    base: Cells = field(default_factory=dict)


def d(text: str) -> Decimal:
    return Decimal(text)


NINGXIA = {f"T09/{NJ}/opened": True, f"T09/{NJ}/uses_system": True, f"T09/{NJ}/calls": 263851}
NINGXIA |= {f"T09/{NJ}/answered": 85582, f"T09/{NJ}/voice": 154917, f"T09/{NJ}/abandoned": 23352}
DR_ROWS = ("province_data", "province_app", "central_data", "central_app")
DR_FULL: Cells = {f"T02/{r}/status_{m}": "a" for r in DR_ROWS for m in ("jun", "dec")}
CARDS = {f"T05/{NJ}/holders": d("812.35"), f"T05/{NJ}/urban_worker": d("500.00")}
CARDS |= {f"T05/{NJ}/urban_resident": d("200.00"), f"T05/{NJ}/rural": d("112.35")}
TERMINALS = {f"T10/{NJ}/deployed": 120, f"T10/{NJ}/type_kiosk": 80, f"T10/{NJ}/type_atm": 25}
TERMINALS |= {f"T10/{NJ}/type_card": 15, f"T10/{NJ}/src_province": 60, f"T10/{NJ}/src_city": 35}
PLACES = {
    f"T10/{NJ}/place_{p}": n for p, n in (("hall", 70), ("community", 30), ("medical", 10), ("bank", 10))
}
SECURITY = {f"T11/{NJ}/{k}": v for k, v in {
    "systems": 12, "cert_systems": 8, "users": 5000, "cert_users": 4000,
    "public_systems": 5, "public_cert_systems": 3, "public_users": 3000, "public_cert_users": 2000,
    "private_systems": 7, "private_cert_systems": 5, "private_users": 2500, "private_cert_users": 2200,
}.items()}  # fmt: skip
CENTRE = {f"T12/{NJ}/city_centre_name": "南京市人力资源社会保障信息中心", f"T12/{NJ}/city_nature": "c"}
CENTRE |= {f"T12/{NJ}/city_quota": 20, f"T12/{NJ}/city_staff": 18}
FUNDS = {f"T13/{NJ}/{k}": d(v) for k, v in {
    "funds": "5000.00", "fin_public": "4200.00", "fin_bank": "300.00", "fin_other": "500.00",
    "use_build": "3500.00", "use_ops": "1500.00",
}.items()}  # fmt: skip
SYSTEM = {
    "T06/sys1/name": "社会保险核心平台",
    "T06/sys1/online": True,
    "T06/sys1/online_date": date(2013, 5, 1),
}
SYSTEM |= {"T06/sys1/unified": True, "T06/sys1/scope": ("a", "f")}
CHANNEL = {"T08/ch1/channel": "a", "T08/ch1/channel_name": "江苏人社网", "T08/ch1/services": ("c", "d")}
CHANNEL |= {"T08/ch1/address": "http://jshrss.jiangsu.gov.cn"}

CASES = [
    # --- generic checks on every value -------------------------------------------------
    Case(
        "V-TYPE", f"T09/{NJ}/calls", {f"T09/{NJ}/calls": 263851}, {f"T09/{NJ}/calls": Invalid("约二十六万")}
    ),
    Case(
        "V-TYPE",
        f"T13/{NJ}/funds",
        {f"T13/{NJ}/funds": d("5000.00")},
        {f"T13/{NJ}/funds": d("-5.00")},
        note="no negative money",
    ),
    Case(
        "V-DEC", f"T05/{NJ}/holders", {f"T05/{NJ}/holders": d("812.35")}, {f"T05/{NJ}/holders": d("812.355")}
    ),
    Case(
        "V-CODE",
        f"T03/{NJ}/primary_operator",
        {f"T03/{NJ}/primary_operator": "b"},
        {f"T03/{NJ}/primary_operator": "k"},
    ),
    Case(
        "V-CODE",
        "T06/sys1/scope",
        {"T06/sys1/scope": ("a", "f")},
        {"T06/sys1/scope": ("a", "a")},
        note="several codes: no repeats",
    ),
    Case(
        "V-SPEC",
        f"T03/{NJ}/other_note",
        {f"T03/{NJ}/primary_operator": "f", f"T03/{NJ}/other_note": "苏州广电代维专线"},
        {f"T03/{NJ}/other_note": None},
    ),
    Case(
        "V-SPEC",
        "T02/dc/location_note",
        {"T02/dc/location": "a"},
        {"T02/dc/location": "c"},
        note="表2 所在位置 c 其他（包括外包第三方机房情况，请说明）",
    ),
    Case(
        "V-NA",
        "T02/province_data/cities_jun",
        {"T02/central_data/cities_jun": 3},
        {"T02/province_data/cities_jun": 2},
    ),
    Case(
        "V-RATE",
        "T01/network_city/jun",
        {"T01/network_city/jun": d("100.00")},
        {"T01/network_city/jun": d("101.50")},
    ),
    Case(
        "V-CALC",
        "T05/total/holders",
        {f"T05/{NJ}/holders": d("812.35"), "T05/total/holders": d("812.35")},
        {"T05/total/holders": d("0")},
    ),
    Case(
        "V-CALC",
        "T04/si_county/coverage",
        {"T04/si_county/networked": 90, "T04/si_county/unnetworked": 5},
        {"T04/si_county/coverage": d("95.00")},
        note="90 ÷ 95 × 100 = 94.74, not 95.00",
    ),
    # --- 表1 -------------------------------------------------------------------------------
    Case(
        "V01-PROV", "T01/dr_province/jun", {"T01/dr_province/jun": d("100")}, {"T01/dr_province/jun": d("60")}
    ),
    Case(
        "V01-PROV-DEC",
        "T01/hotline_province/dec",
        {"T01/hotline_province/dec": d("0")},
        {"T01/hotline_province/dec": d("50")},
    ),
    # --- 表2 -------------------------------------------------------------------------------
    Case(
        "V02-CAP",
        "T02/dc/capacity_problems",
        {
            "T02/dc/capacity_ok": False,
            "T02/dc/capacity_problems": "机房空间不足",
            "T02/dc/capacity_plan": "租用政务云机房",
        },
        {"T02/dc/capacity_problems": None},
    ),
    Case(
        "V02-CAPQ",
        "T02/dc/capacity_ok",
        {"T02/dc/room_area": 320, "T02/dc/capacity_ok": True},
        {"T02/dc/capacity_ok": None},
    ),
    Case("V02-DR", "T02/central_app/status_jun", DR_FULL, {"T02/central_app/status_jun": None}),
    Case(
        "V02-DR",
        "T02/central_app/status_jun",
        {"T02/dr_none/no_dr": True},
        {"T02/dr_none/no_dr": False},
        note="no DR answered 是 is valid; 否 needs every DR row",
    ),
    Case("V02-DR-DEC", "T02/province_app/status_dec", DR_FULL, {"T02/province_app/status_dec": None}),
    Case(
        "V02-DR-NONE",
        "T02/province_data/status_jun",
        {"T02/dr_none/no_dr": True},
        {"T02/province_data/status_jun": "c"},
    ),
    Case(
        "V02-DR-CITIES",
        "T02/central_data/cities_jun",
        {"T02/central_data/cities_jun": 13},
        {"T02/central_data/cities_jun": 14},
    ),
    Case(
        "V02-DR-CITIES-DEC",
        "T02/central_app/cities_dec",
        {"T02/central_app/cities_dec": 13},
        {"T02/central_app/cities_dec": 20},
    ),
    Case(
        "V02-DR-PROG",
        "T02/central_data/status_dec",
        {"T02/central_data/status_jun": "a", "T02/central_data/status_dec": "a"},
        {"T02/central_data/status_dec": "b"},
        W,
    ),
    Case(
        "V02-DR-LOC",
        "T02/central_data/location_jun",
        {"T02/central_data/status_jun": "a", "T02/central_data/location_jun": "a"},
        {"T02/central_data/location_jun": None},
        W,
    ),
    Case(
        "V02-DR-LOC-DEC",
        "T02/central_data/location_dec",
        {"T02/central_data/status_dec": "b", "T02/central_data/location_dec": "a"},
        {"T02/central_data/location_dec": None},
        W,
    ),
    # --- 表3 -------------------------------------------------------------------------------
    Case(
        "V03-LINE",
        f"T03/{NJ}/backup_operator",
        {f"T03/{NJ}/backup_operator": "b", f"T03/{NJ}/backup_type": "b", f"T03/{NJ}/backup_bandwidth": 100},
        {f"T03/{NJ}/backup_type": None},
        W,
    ),
    Case(
        "V03-PRIMARY",
        f"T03/{NJ}/primary_operator",
        {
            f"T03/{NJ}/primary_operator": "a",
            f"T03/{NJ}/primary_type": "b",
            f"T03/{NJ}/primary_bandwidth": 200,
        },
        {f"T03/{NJ}/primary_bandwidth": None},
        W,
    ),
    Case(
        "V03-NEED",
        f"T03/{NJ}/meets_now",
        {f"T03/{NJ}/primary_operator": "a", f"T03/{NJ}/meets_now": "a", f"T03/{NJ}/meets_future": "b"},
        {f"T03/{NJ}/meets_future": None},
        W,
    ),
    # --- 表4 -------------------------------------------------------------------------------
    Case(
        "V04-SUM",
        "T04/si_county/networked",
        {"T14/si_county/qty": 95, "T04/si_county/networked": 90, "T04/si_county/unnetworked": 5},
        {"T04/si_county/networked": 89},
    ),
    Case(
        "V04-SUM",
        "T04/street/networked",
        {"T14/street/qty": 519, "T04/street/networked": 519},
        {"T04/street/networked": 518},
        note="街道 matches 表14 item 4; blank 未联网 counts 0",
    ),
    Case(
        "V04-PLAN",
        "T04/si_county/plan_date",
        {"T04/si_county/unnetworked": 5, "T04/si_county/plan_date": date(2016, 6, 30)},
        {"T04/si_county/plan_date": date(2015, 10, 1)},
        W,
    ),
    # --- 表5 -------------------------------------------------------------------------------
    Case(
        "V05-PART",
        f"T05/{NJ}/holders",
        CARDS,
        {f"T05/{NJ}/rural": d("150.00")},
        note="500.00 + 200.00 + 150.00 = 850.00 > 812.35",
    ),
    Case(
        "V05-EQ",
        f"T05/{NJ}/holders",
        CARDS,
        {f"T05/{NJ}/rural": d("100.00")},
        W,
        note="500.00 + 200.00 + 100.00 = 800.00 < 812.35",
    ),
    Case(
        "V05-FIN",
        f"T05/{NJ}/financial",
        {**CARDS, f"T05/{NJ}/financial": d("700.00")},
        {f"T05/{NJ}/financial": d("900.00")},
    ),
    Case(
        "V05-POP",
        "T05/total/holders",
        {**CARDS, "T14/population/qty": d("8526.00")},
        {"T14/population/qty": d("800.00")},
        W,
    ),
    Case(
        "V05-LIB",
        "T05/library/library_dec",
        {"T05/library/library_jun": d("7000.00"), "T05/library/library_dec": d("7600.00")},
        {"T05/library/library_dec": d("6900.00")},
        W,
    ),
    # --- 表6 -------------------------------------------------------------------------------
    Case("V06-NAME", "T06/sys1/name", SYSTEM, {"T06/sys1/name": None}),
    Case("V06-LIVE", "T06/sys1/online", SYSTEM, {"T06/sys1/online": None}),
    Case("V06-UNIFIED", "T06/sys1/unified", SYSTEM, {"T06/sys1/unified": None}),
    Case(
        "V06-DATE",
        "T06/sys1/online_date",
        SYSTEM,
        {"T06/sys1/online_date": date(2015, 8, 1)},
        note="online 是 but the date is after 2015-06-30",
    ),
    Case(
        "V06-DATE",
        "T06/sys1/online_date",
        {**SYSTEM, "T06/sys1/online": False, "T06/sys1/online_date": date(2015, 10, 1)},
        {"T06/sys1/online_date": date(2015, 3, 1)},
        note="online 否 needs a planned date after 2015-06-30",
    ),
    Case("V06-SCOPE", "T06/sys1/scope", SYSTEM, {"T06/sys1/scope": None}, W),
    Case(
        "V06-DUPNAME",
        "T06/sys2/name",
        {**SYSTEM, "T06/sys2/name": "就业信息系统"},
        {"T06/sys2/name": "社会保险 核心平台"},
    ),
    Case(
        "V06-TRANS",
        "T06/transition/transition_plan",
        {
            **SYSTEM,
            "T06/sys1/unified": False,
            "T06/transition/transition_plan": "2016年切换到部统一社保核心平台",
        },
        {"T06/transition/transition_plan": None},
        W,
    ),
    # --- 表7 -------------------------------------------------------------------------------
    Case(
        "V07-DUP",
        "T07/nj1/name",
        {**SYSTEM, "T07/nj1/name": "南京市就业信息系统", "T07/nj1/progress": True},
        {"T07/nj1/name": "社会保险　核心平台。"},
        note="full-width space and punctuation ignored",
    ),
    Case(
        "V07-NAME",
        "T07/nj1/name",
        {"T07/nj1/name": "南京市就业信息系统", "T07/nj1/progress": True},
        {"T07/nj1/name": None},
    ),
    Case(
        "V07-PROG",
        "T07/nj1/progress",
        {"T07/nj1/name": "南京市就业信息系统", "T07/nj1/progress": False},
        {"T07/nj1/progress": None},
    ),
    Case(
        "V07-DATE",
        "T07/nj1/progress_date",
        {
            "T07/nj1/name": "南京市就业信息系统",
            "T07/nj1/progress": True,
            "T07/nj1/progress_date": date(2013, 1, 1),
        },
        {"T07/nj1/progress": False},
        W,
    ),
    # --- 表8 -------------------------------------------------------------------------------
    Case("V08-ONE", "T08//", CHANNEL, {f"T08/{NJ}/portal_services": ("c", "d")}),
    Case(
        "V08-ONE",
        "T08//",
        {f"T08/{NJ}/portal_services": ("c", "d")},
        {f"T08/{NJ}/portal_services": None},
        note="neither part filled",
    ),
    Case("V08-CHANNEL", "T08/ch1/channel", CHANNEL, {"T08/ch1/channel": None}),
    Case("V08-ADDR", "T08/ch1/address", CHANNEL, {"T08/ch1/address": None}, W),
    Case("V08-CONTENT", "T08/ch1/services", CHANNEL, {"T08/ch1/services": None}, W),
    # --- 表9 -------------------------------------------------------------------------------
    Case(
        "V09-BAL",
        f"T09/{NJ}/calls",
        NINGXIA,
        {f"T09/{NJ}/abandoned": 23350},
        W,
        note="85,582 + 154,917 + 23,350 = 263,849 ≠ 263,851",
    ),
    Case("V09-OFF", f"T09/{NJ}/opened", {f"T09/{NJ}/opened": False}, {f"T09/{NJ}/staff": 5}),
    Case("V09-OPEN", f"T09/{NJ}/opened", NINGXIA, {f"T09/{NJ}/opened": None}),
    Case("V09-SYS", f"T09/{NJ}/uses_system", NINGXIA, {f"T09/{NJ}/uses_system": None}),
    Case(
        "V09-STAFF",
        f"T09/{NJ}/consultants",
        {f"T09/{NJ}/staff": 60, f"T09/{NJ}/consultants": 48},
        {f"T09/{NJ}/consultants": 61},
    ),
    Case("V09-SEATS", f"T09/{NJ}/seats", {**NINGXIA, f"T09/{NJ}/seats": 30}, {f"T09/{NJ}/seats": 0}, W),
    # --- 表10 ------------------------------------------------------------------------------
    Case(
        "V10-TYPE",
        f"T10/{NJ}/type_kiosk",
        TERMINALS,
        {f"T10/{NJ}/type_card": 10},
        note="80+25+10 = 115 ≠ 120",
    ),
    Case(
        "V10-SRC",
        f"T10/{NJ}/src_province",
        TERMINALS,
        {f"T10/{NJ}/src_city": 30},
        W,
        note="60+35 = 95 = 120 − 25 bank ATMs is valid; 60+30 = 90 is not",
    ),
    Case("V10-PLACE", f"T10/{NJ}/place_hall", {**TERMINALS, **PLACES}, {f"T10/{NJ}/place_bank": 5}, W),
    Case(
        "V10-FUNC",
        f"T10/{NJ}/functions",
        {**TERMINALS, f"T10/{NJ}/functions": ("a", "b"), f"T10/{NJ}/auth": ("a", "b")},
        {f"T10/{NJ}/auth": None},
        W,
    ),
    # --- 表11 ------------------------------------------------------------------------------
    Case("V11-PART", f"T11/{NJ}/cert_systems", SECURITY, {f"T11/{NJ}/cert_systems": 13}),
    Case("V11-PART-USERS", f"T11/{NJ}/cert_users", SECURITY, {f"T11/{NJ}/cert_users": 5001}),
    Case("V11-PART-PUB", f"T11/{NJ}/public_cert_systems", SECURITY, {f"T11/{NJ}/public_cert_systems": 6}),
    Case(
        "V11-PART-PUB-USERS", f"T11/{NJ}/public_cert_users", SECURITY, {f"T11/{NJ}/public_cert_users": 3001}
    ),
    Case("V11-PART-PRIV", f"T11/{NJ}/private_cert_systems", SECURITY, {f"T11/{NJ}/private_cert_systems": 8}),
    Case(
        "V11-PART-PRIV-USERS",
        f"T11/{NJ}/private_cert_users",
        SECURITY,
        {f"T11/{NJ}/private_cert_users": 2501},
    ),
    Case("V11-NET", f"T11/{NJ}/systems", SECURITY, {f"T11/{NJ}/private_systems": 6}),
    Case("V11-NET-CERT", f"T11/{NJ}/cert_systems", SECURITY, {f"T11/{NJ}/private_cert_systems": 4}),
    Case(
        "V11-USERS",
        f"T11/{NJ}/users",
        SECURITY,
        {f"T11/{NJ}/users": 6000},
        W,
        note="users must lie in [3000, 5500]",
    ),
    Case(
        "V11-USERS-CERT",
        f"T11/{NJ}/cert_users",
        SECURITY,
        {f"T11/{NJ}/cert_users": 2100},
        W,
        note="certificate users must lie in [2200, 4200]",
    ),
    # --- 表12 ------------------------------------------------------------------------------
    Case("V12-ONE", f"T12/{NJ}/city_centre_name", CENTRE, {f"T12/{NJ}/dept": "市人社局办公室"}, note="both"),
    Case(
        "V12-ONE",
        f"T12/{NJ}/city_centre_name",
        {f"T12/{NJ}/dept": "市人社局办公室", f"T12/{NJ}/dept_staff": 3},
        {f"T12/{NJ}/dept": None, f"T12/{NJ}/dept_staff": None},
        note="neither",
    ),
    Case("V12-STAFF", f"T12/{NJ}/city_staff", CENTRE, {f"T12/{NJ}/city_staff": 22}, W),
    Case(
        "V12-STAFF-PROV",
        "T12/province_centre/staff",
        {"T12/province_centre/quota": 45, "T12/province_centre/staff": 40},
        {"T12/province_centre/staff": 50},
        W,
    ),
    Case(
        "V12-PLATE",
        "T12/province_centre/extra_plate_name",
        {
            "T12/province_centre/extra_plate": True,
            "T12/province_centre/extra_plate_name": "江苏省社会保障卡管理中心",
        },
        {"T12/province_centre/extra_plate_name": None},
    ),
    Case(
        "V12-PLATE-NO",
        "T12/province_centre/extra_plate_name",
        {"T12/province_centre/extra_plate": False},
        {"T12/province_centre/extra_plate_name": "江苏省社会保障卡管理中心"},
        W,
    ),
    Case("V12-CENTRE", f"T12/{NJ}/city_centre_name", CENTRE, {f"T12/{NJ}/city_nature": None}, W),
    # --- 表13 ------------------------------------------------------------------------------
    Case(
        "V13-SRC",
        f"T13/{NJ}/fin_public",
        FUNDS,
        {f"T13/{NJ}/fin_other": d("400.00")},
        note="4200 + 300 + 400 = 4900 ≠ 5000",
    ),
    Case("V13-USE", f"T13/{NJ}/use_build", FUNDS, {f"T13/{NJ}/use_ops": d("1000.00")}),
    Case(
        "V13-NEED",
        f"T13/{NJ}/enough_build",
        {**FUNDS, f"T13/{NJ}/enough_build": "b", f"T13/{NJ}/enough_ops": "c"},
        {f"T13/{NJ}/enough_ops": None},
        W,
    ),
    # --- 表14 ------------------------------------------------------------------------------
    Case(
        "V14-PARTS",
        "T14/agencies/qty",
        {"T14/si_province/qty": 1, "T14/si_city/qty": 13, "T14/si_county/qty": 95, "T14/agencies/qty": 109},
        {"T14/agencies/qty": 110},
    ),
    Case(
        "V14-PARTS-POP",
        "T14/population/qty",
        {
            "T14/population/qty": d("8526.00"),
            "T14/pop_worker/qty": d("3000.00"),
            "T14/pop_urban/qty": d("2500.00"),
            "T14/pop_rural/qty": d("2800.00"),
        },
        {"T14/population/qty": d("8000.00")},
        note="3000 + 2500 + 2800 = 8300 > 8000",
    ),
    Case("V14-CITIES", "T14/cities/qty", {"T14/cities/qty": 13}, {"T14/cities/qty": 12}, W),
]


@cache
def survey() -> Survey:
    return load_survey(ROOT / "definitions/survey-2015/v1")


@cache
def jiangsu() -> tuple[object, list[object]]:
    tree = load_tree(ROOT / "definitions/orgs")
    return tree.get("320000"), tree.cities("320000")  # type: ignore[return-value]


def survey_data(cells: Cells) -> SurveyData:
    province, cities = jiangsu()
    data = SurveyData(province=province, cities=list(cities))  # type: ignore[arg-type]
    for key, value in cells.items():
        table, row, column = key.split("/")
        if value is not None:
            data.values[(table, row, column)] = value
        prefix, section, org = LIST_ROWS.get(table, ("\0", "", ""))
        if row.startswith(prefix) and not any(r.key == row for r in data.list_rows):
            data.list_rows.append(ListRow(row, table, section, org, position=len(data.list_rows)))
    return data


def hits(case: Case, findings: list[Finding]) -> set[tuple[str, str | None, str | None]]:
    return {(f.table, f.row, f.column) for f in findings if f.rule == case.rule}


def target(case: Case) -> tuple[str, str | None, str | None]:
    table, row, column = case.at.split("/")
    return table, row or None, column or None


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}:{c.at}:{c.note}" for c in CASES])
def test_valid_example_gives_no_finding_at_the_cell(case: Case) -> None:
    table, row, _ = target(case)
    findings = validate(survey(), survey_data(case.valid), tables={table})
    assert not {h for h in hits(case, findings) if h[1] == row}, [f.message for f in findings]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}:{c.at}:{c.note}" for c in CASES])
def test_violating_example_is_found_at_the_cell(case: Case) -> None:
    table, row, _ = target(case)
    findings = validate(survey(), survey_data({**case.valid, **case.violating}), tables={table})
    assert {h for h in hits(case, findings) if h[1] == row} == {target(case)}
    finding = next(f for f in findings if f.rule == case.rule and (f.table, f.row, f.column) == target(case))
    assert finding.severity is case.severity
    assert finding.table_label == f"{survey().table(table).label} {survey().table(table).title}"
    assert finding.message.strip()
    if finding.row is not None:
        assert finding.row_label and finding.column_label  # messages name the labels


def test_every_rule_of_the_catalogue_has_examples() -> None:
    catalogue = {r.id for r in survey().rules} | set(GENERIC_RULES)
    assert catalogue == {c.rule for c in CASES}


def test_the_catalogue_contains_every_rule_of_spec_3a_with_its_severity() -> None:
    severities = {r.id: r.severity for r in survey().rules} | dict.fromkeys(GENERIC_RULES, E)
    missing = sorted(set(SPEC_RULES) - set(severities))
    assert not missing
    assert {k: severities[k] for k in SPEC_RULES} == SPEC_RULES


def test_every_rule_is_described_in_row_and_column_terms() -> None:
    for rule in survey().rules:
        assert rule.description and rule.message, rule.id


def test_messages_show_the_numbers_that_failed() -> None:
    data = survey_data({**NINGXIA, f"T09/{NJ}/abandoned": 23350})
    [finding] = [f for f in validate(survey(), data, tables={"T09"}) if f.rule == "V09-BAL"]
    assert finding.message == (
        "南京市：人工接听 85582 + 自动语音 154917 + 放弃 23350 = 263849，"
        "与来电总量 263851 不等，请在说明中写明原因"
    )
    data = survey_data(
        {"T14/si_county/qty": 95, "T04/si_county/networked": 89, "T04/si_county/unnetworked": 5}
    )
    [finding] = [f for f in validate(survey(), data, tables={"T04"}) if f.rule == "V04-SUM"]
    assert finding.message == "区县社保经办机构：联网 89 + 未联网 5 = 94，与表14 中的 95 不等"


def test_a_city_sees_only_its_own_rows() -> None:
    wuxi = "320200"
    data = survey_data(
        {**NINGXIA, f"T09/{NJ}/abandoned": 1, f"T09/{wuxi}/opened": False, f"T09/{wuxi}/staff": 3}
    )
    mine = validate(survey(), data, tables={"T09"}, orgs={NJ})
    assert {f.row for f in mine} == {NJ}
    theirs = validate(survey(), data, tables={"T09"}, orgs={wuxi})
    assert {(f.rule, f.row) for f in theirs} == {("V09-OFF", wuxi)}
