"""A provincial unit and its city-level units with their generated sizes.

A province's residents are spread over its cities in proportion to their county-level units,
each weighted by a seeded factor (a municipality's districts vary more than prefectures), so
that the cities add up to the province's figure exactly and no two are alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kaoping.core.orgs import Org
from kaoping.demo.national.draw import CENT, Draw, cents
from kaoping.demo.national.magnitudes import WEST, Magnitude


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    counties: int
    population: Decimal  # 常住人口, 万人
    insured: Decimal  # 城镇参保人数, 万人
    cards: Decimal  # this unit's card holders ÷ residents
    west: bool
    draw: Draw


@dataclass(frozen=True)
class Province:
    unit: Unit
    cities: list[Unit]
    magnitude: Magnitude

    @property
    def code(self) -> str:
        return self.unit.code

    @property
    def name(self) -> str:
        return self.unit.name


def province_units(seed: int, province: Org, cities: list[Org], magnitude: Magnitude) -> Province:
    west = magnitude.region == WEST
    draw = Draw(seed, province.code)
    draws = [Draw(seed, city.code) for city in cities]
    spread = 0.6 if province.kind == "直辖市" else 0.35
    weights = [
        max(city.counties or 0, 1) * d.uniform(1 - spread, 1 + spread)
        for city, d in zip(cities, draws, strict=True)
    ]
    populations = _split(magnitude.population, weights)
    units = []
    for city, city_draw, population in zip(cities, draws, populations, strict=True):
        cards = magnitude.cards + Decimal(str(round(city_draw.uniform(-0.07, 0.07), 3)))
        units.append(
            Unit(
                code=city.code,
                name=city.name,
                kind=city.kind or "",
                counties=city.counties or 0,
                population=population,
                insured=city_draw.share(population, 0.18 if west else 0.25, 0.32 if west else 0.48),
                cards=min(max(cards, Decimal("0.25")), Decimal("0.97")),
                west=west,
                draw=city_draw,
            )
        )
    own = Unit(
        code=province.code,
        name=province.name,
        kind=province.kind or "",
        counties=sum(u.counties for u in units),
        population=magnitude.population,
        insured=sum((u.insured for u in units), Decimal(0)),
        cards=magnitude.cards,
        west=west,
        draw=draw,
    )
    return Province(unit=own, cities=units, magnitude=magnitude)


def _split(total: Decimal, weights: list[float]) -> list[Decimal]:
    """``total`` in cents, shared by ``weights``; the largest share takes the rounding remainder."""
    whole = sum(weights)
    shares = [max(cents(total * Decimal(str(w / whole))), CENT) for w in weights]
    largest = shares.index(max(shares))
    shares[largest] += total - sum(shares, Decimal(0))
    return shares
