"""One provincial unit's generated survey: every cell its cities and the province itself fill,
the list rows (表6, 表7, 表8 part 1), the 说明 answering the warnings raised on purpose, and the
base figures per city. Pure Python: the same seed gives the same data (docs/spec.md §11)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from kaoping.core.orgs import Org
from kaoping.demo.national import lists, provinces, reported
from kaoping.demo.national.cities import CityRows, city_rows
from kaoping.demo.national.magnitudes import PROVINCES
from kaoping.demo.national.provinces import Cells
from kaoping.demo.national.units import Province, province_units


@dataclass(frozen=True)
class CellText:
    owner: str
    table: str
    row: str
    column: str
    text: str


@dataclass(frozen=True)
class ListRowSpec:
    owner: str
    table: str
    section: str
    key: str
    position: int


@dataclass(frozen=True)
class ExplanationSpec:
    owner: str
    rule: str
    table: str
    row: str
    column: str
    text: str


@dataclass
class ProvinceData:
    province: Province
    cells: list[CellText] = field(default_factory=list)
    list_rows: list[ListRowSpec] = field(default_factory=list)
    explanations: list[ExplanationSpec] = field(default_factory=list)
    figures: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # city → 测算基数

    def add(self, owner: str, table: str, cells: Cells) -> None:
        self.cells += [CellText(owner, table, row, column, text) for (row, column), text in cells.items()]

    def add_list(self, seed: int, owner: str, table: str, section: str, rows: list[dict[str, str]]) -> None:
        for position, row in enumerate(rows, start=1):
            digest = hashlib.sha1(f"{seed}/{owner}/{table}/{position}".encode()).hexdigest()
            key = "r" + digest[:10]
            self.list_rows.append(ListRowSpec(owner, table, section, key, position))
            self.add(owner, table, {(key, column): text for column, text in row.items()})


def generate_province(seed: int, province: Org, cities: list[Org]) -> ProvinceData:
    units = province_units(seed, province, cities, PROVINCES[province.code])
    d = units.unit.draw
    by_city = d.chance(0.55)  # no province-wide public service: 表8 part 2, per 省本级 and city
    out = ProvinceData(province=units)
    generated: dict[str, CityRows] = {}
    for city in units.cities:
        rows = city_rows(city, channels_by_city=by_city)
        generated[city.code] = rows
        for table, columns in rows.tables.items():
            out.add(city.code, table, {(city.code, column): text for column, text in columns.items()})
        out.add_list(seed, city.code, "T07", "systems", rows.systems)
        out.explanations += [
            ExplanationSpec(city.code, n.rule, n.table, city.code, n.column, n.text) for n in rows.notes
        ]
        out.figures[city.code] = {
            "population": city.population,
            "insured_urban": city.insured,
            "counties": Decimal(city.counties),
        }
    _province_tables(seed, out, generated, by_city)
    return out


def _province_tables(seed: int, out: ProvinceData, cities: dict[str, CityRows], by_city: bool) -> None:
    units, code = out.province, out.province.code
    counts = provinces.base_counts(units)
    own = provinces.own_rows(units, centralised_hotline=units.unit.draw.chance(0.7))
    own["T14"] = provinces.t14(units, counts)
    own["T04"] = provinces.t04(units, counts)
    own["T02"] = provinces.t02(units)
    own["T12"] = provinces.t12(units)
    holders = provinces.holders_total(cities)
    own["T05"] = provinces.t05_library(units, holders)
    own["T01"] = reported.t01(units, cities, own, holders)
    systems, plan = lists.central_systems(units)
    if plan:
        own["T06"] = {("transition", "transition_plan"): plan}
    if by_city:
        own["T08"] = {("province", column): text for column, text in _province_services(units).items()}
    for table, cells in own.items():
        out.add(code, table, cells)
    out.add_list(seed, code, "T06", "systems", systems)
    if not by_city:
        out.add_list(seed, code, "T08", "channels", lists.channels(units))


def _province_services(units: Province) -> dict[str, str]:
    d = units.unit.draw
    return {
        "portal_services": d.codes("dg", "abce", 1, 3),
        "business_site_services": d.codes("bc", "dj", 0, 2),
        "gov_site_services": "g",
        "mobile_services": d.codes("d", "gh", 0, 2),
        "city_description": f"{units.name}人社厅门户网站提供全省政策发布和省本级业务网上办理",
    }
