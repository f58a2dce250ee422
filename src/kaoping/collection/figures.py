"""Base figures (测算基数) held to their type, precision and bound wherever they come in — the
base-figures page, the API, a workbook or CSV (docs/spec.md §2.3, §5.3) — by the survey's
own number parser: ``1,2``, ``1_000``, ``1e9``, NaN and 30-digit numbers are refused, not read."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from kaoping.core.definitions.model import Column, ColumnType
from kaoping.core.values import check, parse

BASE_FIGURE_KEYS = ("population", "insured_urban", "counties")
_PEOPLE = Decimal("999999.99")  # 万人: far beyond any province, within the stored 14 digits
COLUMNS = {
    "population": Column(
        "population", "常住人口（万人）", ColumnType.PEOPLE, unit="万人", decimals=2, maximum=_PEOPLE
    ),
    "insured_urban": Column(
        "insured_urban", "城镇参保人数（万人）", ColumnType.PEOPLE, unit="万人", decimals=2, maximum=_PEOPLE
    ),
    "counties": Column("counties", "县级单位数", ColumnType.INT, unit="个", maximum=Decimal(99999)),
}


def figure_text(raw: object) -> str:
    """What was sent, as the text a person would have typed (a JSON number as written)."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool) and raw.bit_length() > 128:
        return "9" * 40  # str() of a huge int is slow or refused; any text past the bound says so
    return repr(raw) if isinstance(raw, float) else str(raw)


def read_figure(key: str, raw: object) -> tuple[Decimal | None, str | None]:
    """(value or None for blank, None) or (None, the Chinese reason it is refused)."""
    column = COLUMNS[key]
    text = figure_text(raw)
    value = parse(column, text)
    if value is None:
        return None, None
    problems = check(column, value)
    if problems:
        return None, problems[0][1]
    return Decimal(value), None  # type: ignore[arg-type]  # a number: check() passed


def read_figures(
    figures: Mapping[str, Mapping[str, object]], names: Mapping[str, str]
) -> tuple[dict[str, dict[str, Decimal]], list[str]]:
    """``{org: {key: raw}}`` → (the figures, every problem naming the unit and the figure);
    ``names`` are the campaign's members by code. A blank figure is left out."""
    out: dict[str, dict[str, Decimal]] = {}
    problems: list[str] = []
    for org, values in figures.items():
        if org not in names:
            problems.append(f"组织代码“{str(org)[:20]}”不是本任务的单位")
            continue
        for key, raw in values.items():
            if key not in COLUMNS:
                problems.append(f"未知的测算基数：{str(key)[:30]}")
                continue
            value, problem = read_figure(key, raw)
            if problem:
                problems.append(f"{names[org]}「{COLUMNS[key].label}」：{problem}")
            elif value is not None:
                out.setdefault(org, {})[key] = value
    return out, problems
