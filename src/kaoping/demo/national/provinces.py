"""The rows a provincial unit fills about itself: 表14's base counts, 表4 against them, 表2's data
centre and disaster recovery, the 省本级 rows of 表9–表13, 表12's centre and 表5's library.

Each function returns {(row, column): text}. The counts of 表14 follow the province's size
(Jiangsu 2023, docs/spec.md §9: 519 街道 and 718 乡镇 for 8,526 万 residents), 表4 adds up to
them row by row, and the 省本级 rows follow the same rules as a city's.
"""

from __future__ import annotations

from decimal import Decimal

from kaoping.demo.national.cities import CityRows, certificates
from kaoping.demo.national.draw import Draw
from kaoping.demo.national.units import Province

Cells = dict[tuple[str, str], str]

LEVEL_ROWS = {
    "province": (
        "si_province", "vet_province", "inspect_office", "inspect_corps", "fund_province", "injury_province",
        "ability_province", "unemp_province", "emp_office_province", "emp_bureau_province", "talent_province",
        "stat_plan_province", "stat_staff_province", "stat_wage_province", "stat_talent_province",
        "wage_province", "hotline_province",
    ),
    "city": (
        "si_city", "vet_city", "fund_city", "injury_city", "ability_city", "unemp_city", "emp_office_city",
        "emp_bureau_city", "talent_city", "stat_plan_city", "stat_staff_city", "stat_wage_city",
        "stat_talent_city", "wage_city", "hotline_city",
    ),
    "county": ("si_county", "fund_county", "injury_county", "ability_county", "unemp_county", "emp_county"),
}  # fmt: skip
GRASSROOTS = ("street", "community", "town", "medical")  # 表4 groups 13–16, 表14 items 4, 6, 5 and 8.13


def base_counts(province: Province) -> dict[str, int]:
    """表14's counts of units (items 2–8.13) for the province's size."""
    d, population = province.unit.draw, float(province.unit.population)
    municipality = province.unit.kind == "直辖市"
    counts = {
        "cities": len(province.cities),
        "counties": province.unit.counties,
        "street": int(population * d.uniform(0.05, 0.09) * (2.5 if municipality else 1)),
        "town": int(population * d.uniform(0.07, 0.16) / (2 if municipality else 1)),
        "community": int(population * d.uniform(0.6, 1.1)),
        "villages": int(population * d.uniform(1.2, 2.6) / (3 if municipality else 1)),
        "medical": int(population * d.uniform(1.6, 3.0)),
    }
    per_level = {"province": 1, "city": len(province.cities), "county": province.unit.counties}
    counts |= {row: per_level[level] for level, rows in LEVEL_ROWS.items() for row in rows}
    agencies = [row for rows in LEVEL_ROWS.values() for row in rows] + ["medical"]
    counts["agencies"] = sum(counts[row] for row in agencies)
    return counts


def t14(province: Province, counts: dict[str, int]) -> Cells:
    d, population = province.unit.draw, province.unit.population
    cells = {
        ("population", "qty"): str(population),
        ("pop_worker", "qty"): str(d.share(population, 0.16, 0.30)),
        ("pop_urban", "qty"): str(d.share(population, 0.12, 0.24)),
        ("pop_rural", "qty"): str(d.share(population, 0.25, 0.42)),
    }
    return cells | {(row, "qty"): str(n) for row, n in counts.items()}


def t04(province: Province, counts: dict[str, int]) -> Cells:
    """Networked + not networked = 表14's count in every row; those not yet networked have a date."""
    d = province.unit.draw
    lag = 1.6 if province.unit.west else 1.0
    gaps = {"province": (0.0, 0.0), "city": (0.0, 0.08), "county": (0.0, 0.12), "grassroots": (0.02, 0.3)}
    levels = {row: level for level, rows in LEVEL_ROWS.items() for row in rows} | dict.fromkeys(
        GRASSROOTS, "grassroots"
    )
    cells: Cells = {}
    for row, level in levels.items():
        total = counts[row]
        if total == 0:
            continue  # nothing to network (a unit without counties): the row stays empty
        low, high = gaps[level]
        missing = min(total, d.part(total, low * lag, high * lag))
        cells[(row, "networked")] = str(total - missing)
        cells[(row, "unnetworked")] = str(missing)
        if missing:
            cells[(row, "plan_date")] = d.pick(("2016-06-30", "2016-12-31", "2017-06-30", "2017-12-31"))
    return cells


def t02(province: Province) -> Cells:
    d, name = province.unit.draw, province.name
    cells: Cells = {
        ("dc", "room_area"): str(int(120 + float(province.unit.population) * d.uniform(0.04, 0.12))),
        ("dc", "location"): "a" if d.chance(0.8) else "c",
        ("dc", "address"): f"{name}人力资源和社会保障厅信息中心机房",
        ("dc", "capacity_ok"): "是" if d.chance(0.75) else "否",
    }
    if cells[("dc", "location")] == "c":
        cells[("dc", "location_note")] = "租用省电子政务外网云平台机房"
    if cells[("dc", "capacity_ok")] == "否":
        cells[("dc", "capacity_problems")] = "机房面积和供电容量不足，难以承载全省集中的业务系统"
        cells[("dc", "capacity_plan")] = "近期租用政务云资源过渡，新机房已列入2016年建设计划"
    if province.unit.west and d.chance(0.3):
        return cells | {("dr_none", "no_dr"): "是"}
    cells[("dr_none", "no_dr")] = "否"
    cities = len(province.cities)
    for row, built in (
        ("province_data", 0.55),
        ("province_app", 0.2),
        ("central_data", 0.45),
        ("central_app", 0.15),
    ):
        cells |= _recovery(d, row, built, None if row.startswith("province") else cities)
    return cells


def _recovery(d: Draw, row: str, built: float, cities: int | None) -> Cells:
    """One DR row at both dates: what was built by June stays built; some in progress finish by December."""
    jun = "a" if d.chance(built) else d.pick("bcc")
    dec = "a" if jun == "a" or (jun == "b" and d.chance(0.6)) else jun
    cells = {(row, "status_jun"): jun, (row, "status_dec"): dec}
    for status, suffix in ((jun, "jun"), (dec, "dec")):
        if status in "ab":
            cells[(row, f"location_{suffix}")] = "a"
        if cities is not None:
            cells[(row, f"cities_{suffix}")] = str(cities if status == "a" else 0)
    return cells


def t05_library(province: Province, holders: Decimal) -> Cells:
    d = province.unit.draw
    june = d.share(holders, 0.98, 1.12)
    return {("library", "library_jun"): str(june), ("library", "library_dec"): str(d.share(june, 1.02, 1.1))}


def own_rows(province: Province, centralised_hotline: bool) -> dict[str, Cells]:
    """The 省本级 rows of 表9 (the provincial 12333 platform), 表10, 表11 and 表13."""
    d, population = province.unit.draw, province.unit.population
    if centralised_hotline:
        calls = int(population * Decimal(str(round(d.uniform(60, 220), 1))))
        answered, abandoned = d.part(calls, 0.28, 0.38), d.part(calls, 0.03, 0.10)
        staff = 30 + int(population / 80)
        hotline = {"opened": "是", "uses_system": "是", "staff": str(staff), "consultants": str(staff - 6)}
        hotline |= {"seats": str(staff - 10), "calls": str(calls), "answered": str(answered)}
        hotline |= {"voice": str(calls - answered - abandoned), "abandoned": str(abandoned)}
    else:
        hotline = {"opened": "否"}
    tables = {"T09": {("province", column): text for column, text in hotline.items()}}
    deployed = d.between(8, 90)  # in the department's own halls and the communities it serves
    kiosk, hall = d.part(deployed, 0.6, 0.9), d.part(deployed, 0.5, 0.8)
    kiosks = {"deployed": str(deployed), "src_province": str(deployed), "src_city": "0"}
    kiosks |= {"type_kiosk": str(kiosk), "type_atm": "0", "type_card": str(deployed - kiosk)}
    kiosks |= {"place_hall": str(hall), "place_community": str(deployed - hall), "place_medical": "0"}
    kiosks |= {"place_bank": "0", "functions": d.codes("ab", "cdf", 1, 2), "auth": d.codes("a", "bd", 0, 1)}
    tables["T10"] = {("province", column): text for column, text in kiosks.items()}
    tables["T11"] = {("province", column): text for column, text in certificates(d, population / 8).items()}
    total = d.share(population, 1.5, 4.0)
    public = d.share(total, 0.85, 0.98)
    build = d.share(total, 0.55, 0.75)
    funds = {
        "funds": str(total),
        "fin_public": str(public),
        "fin_bank": "0",
        "fin_other": str(total - public),
    }
    funds |= {"use_build": str(build), "use_ops": str(total - build), "enough_build": "b", "enough_ops": "c"}
    tables["T13"] = {("province", column): text for column, text in funds.items()}
    return tables


def t12(province: Province) -> Cells:
    d, name = province.unit.draw, province.name
    quota = 20 + int(province.unit.population / 200) + d.between(0, 15)
    plate = d.chance(0.5)
    cells = {
        ("province_centre", "centre_name"): f"{name}人力资源和社会保障厅信息中心",
        ("province_centre", "nature"): d.pick("bbc"),
        ("province_centre", "quota"): str(quota),
        ("province_centre", "staff"): str(quota - d.between(0, 5)),
        ("province_centre", "extra_plate"): "是" if plate else "否",
        ("province_centre", "duties"): "负责全省人社信息化建设的规划、省集中系统的建设运维和数据中心管理",
        ("duties", "province_duties"): "统一规划，建设省级数据中心和省集中业务系统，负责全省网络和安全体系",
        ("duties", "city_duties"): "负责本地区网络接入、系统推广应用和数据质量，承担本地特色应用建设",
    }
    if plate:
        cells[("province_centre", "extra_plate_name")] = f"{name}社会保障卡管理中心"
    return cells


def holders_total(cities: dict[str, CityRows]) -> Decimal:
    return sum((Decimal(rows.tables["T05"]["holders"]) for rows in cities.values()), Decimal(0))
