"""Read and check ``indicators.yaml`` against the survey it belongs to.

The loader parses the file into the raw models below and calls ``build_indicators``; every
problem names the file, the indicator and the key (``indicators.yaml: network_city/lined:
…``), so an administrator can go straight to the mistake. Labels, 序号, units and decimals
come from 表1 itself; the target and attribute are repeated here as the plan states them
and must agree with what 表1 prints.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from pydantic import Field

from kaoping.core.definitions.checks import expression_problems, reference_problems, row_keys
from kaoping.core.definitions.model import ColumnType, OrgRowKind, Row, Survey, Table
from kaoping.core.definitions.problems import Problems
from kaoping.core.definitions.raw import Strict, Text
from kaoping.core.indicators.model import (
    ATTRIBUTES,
    Formula,
    Indicator,
    IndicatorSet,
    Input,
    InputKind,
    InputNational,
    NationalRule,
    Op,
    Scope,
    Source,
    Target,
)

DEFAULT_DECIMALS = 2


class RawSource(Strict):
    table: str
    row: str | None = None
    column: str | None = None


class RawCities(Strict):
    table: str
    section: str | None = None
    where: str | None = None  # count_cities
    column: str | None = None  # sum_cities


class RawInput(Strict):
    key: str
    label: str
    expr: str | None = None
    count_cities: RawCities | None = None
    sum_cities: RawCities | None = None
    source: RawSource | None = None
    optional: bool = False
    national: str = InputNational.SUM.value


class RawFormula(Strict):
    dates: list[Text]
    text: str
    value: str
    inputs: list[RawInput] = Field(default_factory=list)
    denominator: str | None = None


class RawIndicator(Strict):
    key: str
    target: Text
    attribute: str
    scope: str = Scope.PROVINCE.value  # definitions written before R2 declare none
    national: str = NationalRule.INPUTS.value
    formulas: list[RawFormula] = Field(default_factory=list)


class RawIndicators(Strict):
    table: str = "T01"
    indicators: list[RawIndicator] = Field(default_factory=list)


# "100", "> 90", "≥ 95", "＞90" (full width folded): a bare number means "at least".
_TARGET = re.compile(r"^\s*(>=|≥|>|＞|≥)?\s*([0-9]+(?:\.[0-9]+)?)\s*$")


def parse_target(text: str) -> Target | None:
    """The comparator and value of a printed target, or None when it is not one."""
    match = _TARGET.match(text.replace("＞", ">").replace("＝", "="))
    if match is None:
        return None
    try:
        value = Decimal(match.group(2))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    op = Op.ABOVE if match.group(1) == ">" else Op.AT_LEAST
    return Target(op=op, value=value, text=text.strip())


def build_indicators(raw: RawIndicators, survey: Survey, problems: Problems) -> IndicatorSet | None:
    """The indicator set, or None when its table is unknown (reported)."""
    table = next((t for t in survey.tables if t.id == raw.table), None)
    if table is None:
        problems.add("table", f"指标表“{raw.table}”不存在")
        return None
    columns = _date_columns(table)
    rows = {r.key: r for s in table.sections for r in s.fixed_rows}
    for key, n in Counter(i.key for i in raw.indicators).items():
        if n > 1:
            problems.add(key, f"指标“{key}”重复出现 {n} 次")
    indicators = []
    for item in raw.indicators:
        row = rows.get(item.key)
        here = problems.at(problems.file, item.key)
        if row is None:
            here.add(item.key, f"{table.label}中没有行“{item.key}”")
            continue
        indicator = _indicator(item, row, table, survey, {d for d, _ in columns}, here)
        if indicator is not None:
            indicators.append(indicator)
    declared = {i.key for i in raw.indicators}
    for key in rows:
        if key not in declared:
            problems.at(problems.file, key).add(key, f"{table.label}的行“{key}”没有指标定义")
    return IndicatorSet(table=table.id, columns=tuple(columns), indicators=tuple(indicators))


def _date_columns(table: Table) -> list[tuple[str, str]]:
    """表1's completion columns by the month they are about: ("2015-06", "jun")."""
    return [(c.date[:7], c.key) for c in table.columns if c.date and c.is_input]


def _indicator(
    raw: RawIndicator, row: Row, table: Table, survey: Survey, dates: set[str], problems: Problems
) -> Indicator | None:
    target = parse_target(raw.target)
    if target is None:
        problems.add("target", f"规划目标“{raw.target}”无法识别（应写作 100、> 90 这样的数值）")
    printed = row.fixed.get("target")
    if printed is not None and printed.strip() != raw.target.strip():
        problems.add("target", f"规划目标“{raw.target}”与{table.label}所印“{printed}”不一致")
    if raw.attribute not in ATTRIBUTES:
        problems.add("attribute", f"属性“{raw.attribute}”应为 约束性 或 预期性")
    elif row.fixed.get("attribute") not in (None, raw.attribute):
        problems.add("attribute", f"属性“{raw.attribute}”与{table.label}所印“{row.fixed['attribute']}”不一致")
    formulas = tuple(_formula(f, i, survey, dates, problems) for i, f in enumerate(raw.formulas))
    seen = Counter(d for f in formulas for d in f.dates)
    for date, n in seen.items():
        if n > 1:
            problems.add("formulas", f"时点 {date} 有 {n} 个公式")
    scope = _choice(raw.scope, Scope, "scope", problems)
    national = _choice(raw.national, NationalRule, "national", problems)
    if target is None or scope is None or national is None:
        return None
    unit, decimals = _unit(row, table)
    return Indicator(
        key=row.key,
        number=row.number,
        label=row.label,
        sub_label=row.sub_label,
        target=target,
        attribute=raw.attribute,
        unit=unit,
        decimals=decimals,
        formulas=formulas,
        scope=scope,
        national=national,
    )


_CHOICE_TEXT = {
    "scope": "适用范围（scope）应为 province（各省与全国）或 national（仅全国）",
    "national": "全国汇总方式（national）应为 inputs（按公式输入汇总）或 provinces（省级单位占比）",
    "input": "输入的全国汇总方式（national）应为 sum（各省相加）或 cities（全国地市数，取自组织树）",
}


E = TypeVar("E", bound=StrEnum)


def _choice(text: str, kind: type[E], what: str, problems: Problems, key: str | None = None) -> E | None:
    try:
        return kind(text)
    except ValueError:
        problems.add(key or what, f"“{text}”无效：{_CHOICE_TEXT[what]}")
        return None


def _unit(row: Row, table: Table) -> tuple[str, int]:
    """Unit and decimals of the row's completion cells (表1 7 is in 亿人, the rest in %)."""
    column = next(c for c in table.columns if c.date and c.is_input)
    override = row.overrides.get(column.key, {})
    unit = str(override.get("unit") or column.unit or "%")
    decimals = override.get("decimals", column.decimals or DEFAULT_DECIMALS)
    return unit, int(decimals) if isinstance(decimals, int | str) else DEFAULT_DECIMALS


def _formula(raw: RawFormula, index: int, survey: Survey, dates: set[str], problems: Problems) -> Formula:
    where = f"formulas[{index}]"
    for date in raw.dates:
        if date not in dates:
            known = "、".join(sorted(dates))
            problems.add(where, f"时点“{date}”不是表1的完成情况时点（{known}）")
    if not raw.dates:
        problems.add(where, "公式没有适用的时点（dates）")
    for key, n in Counter(i.key for i in raw.inputs).items():
        if n > 1:
            problems.add(key, f"输入“{key}”重复出现 {n} 次")
    inputs = tuple(i for i in (_input(r, survey, problems) for r in raw.inputs) if i is not None)
    names = {i.key for i in raw.inputs}
    for message in expression_problems(raw.value, names):
        problems.add(f"{where}.value", message.replace("未知的列", "未声明的输入"))
    if raw.denominator is not None and raw.denominator not in names:
        problems.add(f"{where}.denominator", f"分母“{raw.denominator}”不是本公式声明的输入")
    return Formula(
        dates=tuple(raw.dates), text=raw.text, value=raw.value, inputs=inputs, denominator=raw.denominator
    )


def _input(raw: RawInput, survey: Survey, problems: Problems) -> Input | None:
    kinds = [k for k in ("expr", "count_cities", "sum_cities") if getattr(raw, k) is not None]
    if len(kinds) != 1:
        problems.add(raw.key, "输入须且只能给出 expr、count_cities、sum_cities 之一")
        return None
    national = _choice(raw.national, InputNational, "input", problems, raw.key)
    if national is None:
        return None
    if raw.expr is not None:
        found = _expr_input(raw, raw.expr, survey, problems)
    else:
        cities = raw.count_cities or raw.sum_cities
        assert cities is not None
        found = _city_input(raw, cities, InputKind(kinds[0]), survey, problems)
    return None if found is None else replace(found, national=national)


def _expr_input(raw: RawInput, expr: str, survey: Survey, problems: Problems) -> Input | None:
    # An expr input reads the survey through cell()/rows()/…; it has no current row.
    found = expression_problems(expr, set()) + reference_problems(expr, survey)
    for message in found:
        problems.add(raw.key, f"expr {message}")
    if raw.source is None:
        problems.add(raw.key, "expr 输入须给出来源单元格（source），以便页面链接")
        return None
    source = Source(raw.source.table, raw.source.row, raw.source.column)
    if not _source_ok(source, survey, raw.key, problems) or found:
        return None
    return Input(
        key=raw.key, label=raw.label, kind=InputKind.EXPR, source=source, expr=expr, optional=raw.optional
    )


def _source_ok(source: Source, survey: Survey, key: str, problems: Problems) -> bool:
    table = next((t for t in survey.tables if t.id == source.table), None)
    if table is None:
        problems.add(key, f"来源指向未知的表“{source.table}”")
        return False
    ok = True
    if source.column is not None and all(c.key != source.column for c in table.columns):
        problems.add(key, f"来源指向表 {table.id} 中未知的列“{source.column}”")
        ok = False
    known_rows = {k for s in table.sections for k in row_keys(s)}
    if source.row is not None and source.row not in known_rows and not source.row.isdigit():
        problems.add(key, f"来源指向表 {table.id} 中未知的行“{source.row}”")
        ok = False
    return ok


def _city_input(
    raw: RawInput, cities: RawCities, kind: InputKind, survey: Survey, problems: Problems
) -> Input | None:
    table = next((t for t in survey.tables if t.id == cities.table), None)
    if table is None:
        problems.add(raw.key, f"{kind.value} 指向未知的表“{cities.table}”")
        return None
    sections = [s for s in table.sections if OrgRowKind.CITIES in s.org_rows]
    if cities.section is not None:
        sections = [s for s in sections if s.key == cities.section]
    if len(sections) != 1:
        which = f"分节“{cities.section}”" if cities.section else "唯一一个"
        problems.add(raw.key, f"表 {table.id} 没有{which}含地市行的分节")
        return None
    section = sections[0]
    own = {c.key: c for c in section.columns}
    ok = True
    if kind is InputKind.COUNT_CITIES:
        if not cities.where:
            problems.add(raw.key, "count_cities 须给出条件（where）")
            ok = False
        else:
            for message in expression_problems(cities.where, set(own)) + reference_problems(
                cities.where, survey
            ):
                problems.add(raw.key, f"where {message}")
                ok = False
    else:
        column = own.get(cities.column or "")
        if column is None:
            problems.add(
                raw.key, f"sum_cities 的列“{cities.column}”不是表 {table.id} 分节“{section.key}”的列"
            )
            ok = False
        elif not column.is_numeric or column.type is ColumnType.PERCENT:
            problems.add(raw.key, f"sum_cities 的列“{column.key}”不是可相加的数值列")
            ok = False
    source = Source(table.id, None, cities.column)
    if raw.source is not None:
        source = Source(raw.source.table, raw.source.row, raw.source.column)
        ok = _source_ok(source, survey, raw.key, problems) and ok
    if not ok:
        return None
    return Input(
        key=raw.key,
        label=raw.label,
        kind=kind,
        source=source,
        where=cities.where,
        column=cities.column,
        table=table.id,
        section=section.key,
        optional=raw.optional,
    )
