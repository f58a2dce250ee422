"""The demo's cell values, derived from each city's magnitudes so that the balances hold.

Every function returns ``{table: {(row, column): text}}`` as a person would type it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from kaoping.demo.figures import CITIES

Cells = dict[str, dict[tuple[str, str], str]]
CENT = Decimal("0.01")


def _share(total: Decimal, fraction: str) -> Decimal:
    return (total * Decimal(fraction)).quantize(CENT, rounding=ROUND_HALF_UP)


def _int_share(total: int, fraction: str) -> int:
    return int((Decimal(total) * Decimal(fraction)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def city_name(code: str) -> str:
    from kaoping.orgs.models import Organisation

    return Organisation.objects.get(code=code).name


def city_tables(code: str, name: str, index: int) -> Cells:
    """All tables a city fills, consistent with its population (index: position 0..12)."""
    _, population, _, counties = CITIES[code]
    texts = {
        "T03": _network(),
        "T05": _card_holders(population),
        "T08": _online_services(name),
        "T09": _hotline(population, index),
        "T10": _kiosks(150 + 20 * index),
        "T11": _certificates(),
        "T12": _centre(name, index, counties),
        "T13": _funds(population),
    }
    return {table: {(code, column): text for column, text in row.items()} for table, row in texts.items()}


def _network() -> dict[str, str]:
    return {
        "primary_operator": "b",
        "primary_type": "b",
        "primary_bandwidth": "100",
        "backup_operator": "a",
        "backup_type": "b",
        "backup_bandwidth": "50",
        "meets_now": "a",
        "meets_future": "a",
    }


def _card_holders(population: Decimal) -> dict[str, str]:
    holders = _share(population, "0.86")
    worker, resident = _share(holders, "0.38"), _share(holders, "0.22")
    return {
        "holders": str(holders),
        "urban_worker": str(worker),
        "urban_resident": str(resident),
        "rural": str(holders - worker - resident),
        "financial": str(_share(holders, "0.90")),
    }


def _online_services(name: str) -> dict[str, str]:
    return {
        "portal_services": "a,d,g",
        "business_site_services": "b,c,d",
        "gov_site_services": "g",
        "mobile_services": "d,g",
        "city_description": f"{name}人社门户网站提供政策与社保查询；手机应用提供缴费记录查询",
    }


def _hotline(population: Decimal, index: int) -> dict[str, str]:
    calls = int(population * 700)
    answered, voice = _int_share(calls, "0.324"), _int_share(calls, "0.587")
    staff = 20 + 3 * index
    return {
        "opened": "是",
        "uses_system": "是",
        "staff": str(staff),
        "consultants": str(staff - 4),
        "seats": str(staff - 8),
        "calls": str(calls),
        "answered": str(answered),
        "voice": str(voice),
        "abandoned": str(calls - answered - voice),
    }


def _kiosks(deployed: int) -> dict[str, str]:
    def part(fraction: str) -> int:
        return _int_share(deployed, fraction)

    return {
        "deployed": str(deployed),
        "src_province": str(part("0.6")),
        "src_city": str(deployed - part("0.6")),
        "type_kiosk": str(part("0.5")),
        "type_atm": str(part("0.3")),
        "type_card": str(deployed - part("0.5") - part("0.3")),
        "place_hall": str(part("0.4")),
        "place_community": str(part("0.3")),
        "place_medical": str(part("0.1")),
        "place_bank": str(deployed - part("0.4") - part("0.3") - part("0.1")),
        "functions": "a,b,c,d,f",
        "auth": "a,b",
    }


def _certificates() -> dict[str, str]:
    return {
        "systems": "8",
        "cert_systems": "7",
        "users": "1800",
        "cert_users": "1500",
        "public_systems": "3",
        "public_cert_systems": "2",
        "public_users": "1200",
        "public_cert_users": "800",
        "private_systems": "5",
        "private_cert_systems": "5",
        "private_users": "900",
        "private_cert_users": "900",
    }


def _centre(name: str, index: int, counties: int) -> dict[str, str]:
    quota = 15 if index % 2 == 0 else 12
    return {
        "city_centre_name": f"{name}人力资源和社会保障信息中心",
        "city_nature": "c",
        "city_quota": str(quota),
        "city_staff": str(quota - 2 - counties % 3),
    }


def _funds(population: Decimal) -> dict[str, str]:
    funds = _share(population, "6")
    public, bank = _share(funds, "0.80"), _share(funds, "0.12")
    build = _share(funds, "0.65")
    return {
        "funds": str(funds),
        "fin_public": str(public),
        "fin_bank": str(bank),
        "fin_other": str(funds - public - bank),
        "use_build": str(build),
        "use_ops": str(funds - build),
        "enough_build": "b",
        "enough_ops": "c",
    }


def city_system(name: str) -> dict[str, str]:
    """The one 表7 system each fully reporting city lists (column → text)."""
    return {
        "name": f"{name}人社业务综合经办系统",
        "scope": "a,f,i,j,k",
        "progress": "true",
        "progress_date": "2013-10-01",
        "area": f"{name}全市",
        "company": "演示信息技术有限公司",
    }


# 表14 items 8.1–8.13 for Jiangsu: one provincial unit, one per city (13), one per county (95).
_AGENCY_ROWS = {
    "province": [
        "si_province", "vet_province", "inspect_office", "inspect_corps", "fund_province", "injury_province",
        "ability_province", "unemp_province", "emp_office_province", "emp_bureau_province", "talent_province",
        "stat_plan_province", "stat_staff_province", "stat_wage_province", "stat_talent_province",
        "wage_province", "hotline_province",
    ],
    "city": [
        "si_city", "vet_city", "fund_city", "injury_city", "ability_city", "unemp_city", "emp_office_city",
        "emp_bureau_city", "talent_city", "stat_plan_city", "stat_staff_city", "stat_wage_city",
        "stat_talent_city", "wage_city", "hotline_city",
    ],
    "county": ["si_county", "fund_county", "injury_county", "ability_county", "unemp_county", "emp_county"],
}  # fmt: skip
MEDICAL = 18_460  # 定点医疗机构和零售药店


def province_t14() -> dict[tuple[str, str], str]:
    population = sum((c[1] for c in CITIES.values()), Decimal(0))
    counties = sum(c[3] for c in CITIES.values())
    per_level = {"province": 1, "city": len(CITIES), "county": counties}
    agencies = {row: per_level[level] for level, rows in _AGENCY_ROWS.items() for row in rows}
    agencies["medical"] = MEDICAL
    worker, urban = _share(population, "0.30"), _share(population, "0.25")
    cells = {
        ("population", "qty"): str(population),
        ("pop_worker", "qty"): str(worker),
        ("pop_urban", "qty"): str(urban),
        ("pop_rural", "qty"): str(_share(population, "0.40")),
        ("cities", "qty"): str(len(CITIES)),
        ("counties", "qty"): str(counties),
        ("street", "qty"): "519",
        ("town", "qty"): "718",
        ("community", "qty"): "6870",
        ("villages", "qty"): "14260",
        ("agencies", "qty"): str(sum(agencies.values())),
    }
    cells.update({(row, "qty"): str(n) for row, n in agencies.items()})
    return cells


def province_t09() -> dict[tuple[str, str], str]:
    """The provincial 12333 platform's row of 表9 (first half of 2015)."""
    calls = 1_268_400
    answered, voice = _int_share(calls, "0.324"), _int_share(calls, "0.587")
    cells = {"opened": "是", "uses_system": "是", "staff": "120", "consultants": "96", "seats": "90"}
    cells |= {"calls": str(calls), "answered": str(answered), "voice": str(voice)}
    cells["abandoned"] = str(calls - answered - voice)
    return {("province", column): text for column, text in cells.items()}


def province_t02() -> dict[tuple[str, str], str]:
    return {
        ("dc", "room_area"): "860",
        ("dc", "location"): "a",
        ("dc", "address"): "江苏省南京市（省人力资源和社会保障厅信息中心机房）",
        ("dc", "capacity_ok"): "是",
        ("dr_none", "no_dr"): "否",
        ("province_data", "status_jun"): "a",
        ("province_data", "status_dec"): "a",
        ("province_data", "location_jun"): "a",
        ("province_data", "location_dec"): "a",
        ("province_app", "status_jun"): "b",
        ("province_app", "status_dec"): "a",
        ("province_app", "location_jun"): "a",
        ("province_app", "location_dec"): "a",
        ("central_data", "status_jun"): "a",
        ("central_data", "status_dec"): "a",
        ("central_data", "cities_jun"): "13",
        ("central_data", "cities_dec"): "13",
        ("central_data", "location_jun"): "a",
        ("central_data", "location_dec"): "a",
        ("central_app", "status_jun"): "c",
        ("central_app", "status_dec"): "b",
        ("central_app", "cities_jun"): "0",
        ("central_app", "cities_dec"): "5",
        ("central_app", "location_dec"): "a",
    }


def province_t01() -> dict[tuple[str, str], str]:
    """表1 as the province reports it: some figures agree with what the detail tables derive,
    some do not (network 92.31 against 7 of 13 cities with a line), so the indicator page
    shows both flags."""
    reported = {
        ("dc_province", "jun"): "100", ("dc_province", "dec"): "100",
        ("dc_city", "jun"): "84.62", ("dc_city", "dec"): "92.31",
        ("network_city", "jun"): "92.31", ("network_city", "dec"): "100",
        ("man_county", "dec"): "96",
        ("dr_province", "jun"): "100", ("dr_province", "dec"): "100",
        ("cert_usage", "jun"): "83.33",
        ("card_cities", "jun"): "84.62", ("card_cities", "dec"): "100",
        ("card_holders", "jun"): "0.45", ("card_holders", "dec"): "0.50",
        ("hotline_province", "jun"): "100", ("hotline_city", "jun"): "53.85",
        ("grassroots_platform", "dec"): "78.5",
    }  # fmt: skip
    return reported
