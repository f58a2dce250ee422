"""Typed, immutable objects of a survey's ``quality.yaml`` (docs/definitions.md §quality)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Per(StrEnum):
    """What an outlier rule divides a value by before comparing units (None: nothing)."""

    POPULATION = "population"  # 常住人口 (万人): "每万人"
    INSURED_URBAN = "insured_urban"  # 城镇参保人数 (万人)
    COUNTIES = "counties"  # 县级单位数
    CITIES = "cities"  # city-level units: 1 for a city, its members for a province


class Level(StrEnum):
    """Which units are compared: the cities of a province, or the provinces of the nation."""

    CITIES = "cities"
    PROVINCES = "provinces"


GROUP_NAMES = {Level.CITIES: "全省", Level.PROVINCES: "全国"}


@dataclass(frozen=True)
class OutlierRule:
    """A numeric column, optionally normalised, compared across units with median and MAD."""

    id: str
    table: str
    section: str
    column: str
    label: str  # the normalised measure as officials read it: "每万人自助终端"
    unit: str  # of the shown value: "台", "%"
    per: Per | None = None
    share_of: tuple[str, ...] = ()  # columns of the same row whose sum is the denominator
    scale: Decimal = Decimal(1)  # 100 for a share in %
    decimals: int = 1
    threshold: Decimal = Decimal("3.5")  # robust z: |x − median| / spread
    min_group: int = 5
    floor: Decimal = Decimal(0)  # the spread is never below this (the shown unit) …
    floor_ratio: Decimal = Decimal("0.1")  # … nor below this share of |median|
    levels: tuple[Level, ...] = (Level.CITIES, Level.PROVINCES)


@dataclass(frozen=True)
class PeriodRule:
    """Within one campaign: a cumulative count's year-end forecast below its June value."""

    id: str
    table: str
    section: str
    before: str  # the June column
    after: str  # the year-end column
    rows: tuple[str, ...] = ()  # fixed rows it applies to (empty: every data row)


@dataclass(frozen=True)
class ChangeRule:
    """Against the baseline campaign: a swing beyond ``threshold`` % of the baseline value."""

    id: str
    table: str
    section: str
    column: str
    label: str  # "持卡人数"
    threshold: Decimal  # percent, e.g. 30: flagged when |change| > 30 %
    rows: tuple[str, ...] = ()  # fixed rows it applies to (empty: every row, totals included)


@dataclass(frozen=True)
class BaselineMap:
    """How an earlier definition's cells read in this one (identity where nothing is named)."""

    source: str  # the earlier definition, "survey-2014@1"
    tables: dict[str, str] = field(default_factory=dict)  # earlier table → this table
    rows: dict[str, dict[str, str]] = field(default_factory=dict)  # this table → earlier row → row
    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # this table → earlier col → col
    codes: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # table → col → old → new


@dataclass(frozen=True)
class QualitySet:
    outliers: tuple[OutlierRule, ...] = ()
    periods: tuple[PeriodRule, ...] = ()
    changes: tuple[ChangeRule, ...] = ()
    baselines: tuple[BaselineMap, ...] = ()

    def baseline_map(self, source: str) -> BaselineMap | None:
        return next((m for m in self.baselines if m.source == source), None)
