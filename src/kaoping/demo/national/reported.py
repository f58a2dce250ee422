"""表1 as a province reports it: computed from its own detail tables, as an office would, with the
occasional figure from its own records that the platform then shows as differing; the rows
no detail table derives are the province's own estimates."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from kaoping.demo.national.cities import CityRows
from kaoping.demo.national.provinces import GRASSROOTS, LEVEL_ROWS, Cells
from kaoping.demo.national.units import Province

ESTIMATES = {  # 表1 rows without a detail table: (lowest, highest) a province reports
    "man_county": (82, 100),
    "grassroots_platform": (55, 96),
    "exchange_transfer": (70, 100),
    "exchange_retiree": (65, 100),
    "exchange_medical": (40, 95),
    "monitor_business": (80, 99),
    "monitor_fund": (70, 98),
    "personnel_data": (45, 90),
}


def percent(part: float | Decimal, whole: float | Decimal) -> str:
    if not whole:
        return "0"
    share = Decimal(str(part)) * 100 / Decimal(str(whole))
    return str(share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _sum(cities: Iterable[CityRows], table: str, column: str) -> int:
    return sum(int(rows.tables[table].get(column, "0")) for rows in cities)


def t01(province: Province, cities: dict[str, CityRows], own: dict[str, Cells], holders: Decimal) -> Cells:
    """``own``: the province's other tables already generated (table → cells)."""
    d, count = province.unit.draw, len(cities)
    rows = list(cities.values())
    centres = sum(1 for r in rows if "city_centre_name" in r.tables["T12"])
    lined = sum(1 for r in rows if "primary_operator" in r.tables["T03"])
    opened = sum(1 for r in rows if r.tables["T09"].get("opened") == "是")
    cert = _sum(rows, "T11", "cert_users") + int(own["T11"].get(("province", "cert_users"), "0"))
    users = _sum(rows, "T11", "users") + int(own["T11"].get(("province", "users"), "0"))
    cells = {
        ("dc_province", "jun"): "0" if province.unit.west and d.chance(0.2) else "100",
        ("dc_province", "dec"): "100",
        ("dc_city", "jun"): percent(centres, count),
        ("dc_city", "dec"): percent(min(count, centres + d.between(0, 2)), count),
        ("network_city", "jun"): percent(lined, count),
        ("network_city", "dec"): percent(min(count, lined + d.between(0, 1)), count),
        ("man_agencies", "dec"): _coverage(own, [r for rows in LEVEL_ROWS.values() for r in rows]),
        ("man_grassroots", "dec"): _coverage(own, list(GRASSROOTS)),
        ("dr_province", "jun"): _recovery(own, "jun"),
        ("dr_province", "dec"): _recovery(own, "dec"),
        ("cert_usage", "jun"): percent(cert, users),
        ("card_cities", "jun"): percent(count - d.between(0, 1) if count > 3 else count, count),
        ("card_cities", "dec"): "100",
        ("card_holders", "dec"): _hundred_millions(holders, d.chance(0.15)),
        ("card_holders", "jun"): _hundred_millions(holders * Decimal("0.9"), False),
        ("hotline_province", "jun"): "100" if own["T09"].get(("province", "opened")) == "是" else "0",
        ("hotline_city", "jun"): percent(opened, count),
    }
    for row, (low, high) in ESTIMATES.items():
        cells[(row, "dec")] = str(Decimal(str(d.uniform(low, high))).quantize(Decimal("0.1")))
    return cells


def _coverage(own: dict[str, Cells], rows: list[str]) -> str:
    networked = sum(int(own["T04"].get((r, "networked"), "0")) for r in rows)
    missing = sum(int(own["T04"].get((r, "unnetworked"), "0")) for r in rows)
    return percent(networked, networked + missing)


def _recovery(own: dict[str, Cells], date: str) -> str:
    built = any(own["T02"].get((row, f"status_{date}")) == "a" for row in ("province_data", "central_data"))
    return "100" if built else "0"


def _hundred_millions(holders: Decimal, own_count: bool) -> str:
    """万人 → 亿人 (2 decimals); ``own_count``: the province's own records give 0.01 more."""
    value = (holders / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return str(value + Decimal("0.01") if own_count else value)
