"""The quality findings of one province's survey (docs/spec.md §13), each with its owner.

- ``city_outliers``: the province's cities compared on every outlier rule;
- ``province_outliers``: the provinces of a national campaign, each finding placed at the
  province's 合计 (or its form answer) and owned by the province;
- ``period_findings``: a year-end forecast below the June value, row by row;
- ``change_findings``: a swing against the baseline campaign's value beyond the threshold.

Every finding is a warning: an ``outlier`` never blocks 上报; a ``change`` needs its 说明
as any warning does. ``explained`` follows the 说明 written for it, the one way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from kaoping.core import values as coltypes
from kaoping.core.definitions.model import OrgRowKind, Row, Section, Severity, Survey, Table
from kaoping.core.findings import Finding, FindingKind
from kaoping.core.instance import TOTAL_ROW, CellKey, SurveyData, Value, section_rows
from kaoping.core.quality.model import GROUP_NAMES, ChangeRule, Level, OutlierRule, PeriodRule
from kaoping.core.quality.peers import Hit, Unit, outliers
from kaoping.core.quality.texts import fixed, percent_change

Owned = tuple[str, Finding]
Explanations = Mapping[tuple[str, str, str, str], str]


def _explained(finding: Finding, explanations: Explanations) -> Finding:
    note = explanations.get(finding.explanation_key, "")
    return replace(finding, explained=True) if note and note.strip() else finding


def _finding(table: Table, row: Row, column: str, rule: str, kind: FindingKind, message: str) -> Finding:
    return Finding(
        table=table.id,
        table_label=table.heading,
        row=row.key,
        row_label=_row_label(row),
        column=column,
        column_label=table.column(column).path,
        severity=Severity.WARNING,
        rule=rule,
        message=message,
        kind=kind,
    )


def _row_label(row: Row) -> str:
    return f"{row.label}（{row.sub_label}）" if row.sub_label else row.label


def outlier_message(hit: Hit) -> str:
    """ "每万人自助终端 12.4 台，全省中位数 1.1 台"."""
    rule, d = hit.rule, hit.rule.decimals
    group = GROUP_NAMES[hit.level]
    value, middle = fixed(hit.value, d), fixed(hit.centre.median, d)
    return f"{rule.label} {value} {rule.unit}，{group}中位数 {middle} {rule.unit}"


def city_outliers(
    survey: Survey, rules: Sequence[OutlierRule], data: SurveyData, units: Sequence[Unit]
) -> list[Owned]:
    names = {c.code: c.name for c in data.cities}
    out: list[Owned] = []
    for rule in rules:
        table = survey.table(rule.table)
        for hit in outliers(rule, units, Level.CITIES):
            row = Row(key=hit.unit, label=names.get(hit.unit, hit.unit), org=hit.unit, kind="city")
            found = _finding(table, row, rule.column, rule.id, FindingKind.OUTLIER, outlier_message(hit))
            out.append((hit.unit, _explained(found, data.explanations)))
    return out


def national_row(table: Table, section: Section) -> Row:
    """Where a province's national value sits in its own survey: its 合计, or its form."""
    if OrgRowKind.TOTAL in section.org_rows:
        return Row(key=TOTAL_ROW, label=section.total_label, kind="total")
    return Row(key=section.key, label=section.title or table.title, kind="form")


def province_outliers(
    survey: Survey,
    rules: Sequence[OutlierRule],
    units: Sequence[Unit],
    explanations: Mapping[str, Explanations],
) -> list[Owned]:
    """The provinces judged among themselves; ``explanations``: each province's 说明."""
    out: list[Owned] = []
    for rule in rules:
        table = survey.table(rule.table)
        row = national_row(table, table.section(rule.section))
        for hit in outliers(rule, units, Level.PROVINCES):
            found = _finding(table, row, rule.column, rule.id, FindingKind.OUTLIER, outlier_message(hit))
            out.append((hit.unit, _explained(found, explanations.get(hit.unit, {}))))
    return out


def _number(value: Value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    return Decimal(value)


def _rows(
    survey: Survey, data: SurveyData, table_id: str, section_key: str, only: Iterable[str]
) -> list[Row]:
    table = survey.table(table_id)
    rows = section_rows(table, table.section(section_key), data)
    wanted = set(only)
    return [r for r in rows if not wanted or r.key in wanted]


def _owner(data: SurveyData, row: Row) -> str:
    return row.org if row.kind in ("city", "list") and row.org else data.province.code


def _shown(table: Table, row: Row, column: str, value: Value) -> str:
    shape = coltypes.column_for_row(table.column(column), row)
    text = coltypes.display(shape, value)
    return f"{text} {shape.unit}" if shape.unit and shape.unit != "%" else f"{text}{shape.unit or ''}"


def _short(table: Table, key: str) -> str:
    """The column's label, with its header group where the label alone repeats (表2 2015年6月)."""
    column = table.column(key)
    same = sum(1 for c in table.columns if c.label == column.label)
    return f"{column.header[-1]}（{column.label}）" if same > 1 and column.header else column.label


def period_findings(
    survey: Survey, rules: Sequence[PeriodRule], data: SurveyData, merged: Mapping[CellKey, Value]
) -> list[Owned]:
    """A cumulative count's year-end forecast below its June value (表1, 表2 灾备地市数量)."""
    out: list[Owned] = []
    for rule in rules:
        table = survey.table(rule.table)
        for row in _rows(survey, data, rule.table, rule.section, rule.rows):
            if row.kind == "total":
                continue
            found = _period(rule, table, row, merged)
            if found is not None:
                out.append((_owner(data, row), _explained(found, data.explanations)))
    return out


def _period(rule: PeriodRule, table: Table, row: Row, merged: Mapping[CellKey, Value]) -> Finding | None:
    before = merged.get((table.id, row.key, rule.before))
    after = merged.get((table.id, row.key, rule.after))
    b, a = _number(before), _number(after)
    if a is None or b is None or a >= b:
        return None
    late, early = _short(table, rule.after), _short(table, rule.before)
    message = (
        f"{_row_label(row)}：{late} {_shown(table, row, rule.after, after)}，"
        f"低于{early} {_shown(table, row, rule.before, before)}（累计数，年底预计不应少于6月）"
    )
    return _finding(table, row, rule.after, rule.id, FindingKind.CHANGE, message)


def change_findings(
    survey: Survey,
    rules: Sequence[ChangeRule],
    data: SurveyData,
    merged: Mapping[CellKey, Value],
    baseline: Mapping[CellKey, Value],
) -> list[Owned]:
    """Swings against the baseline's values (``baseline``: already in this definition's keys)."""
    out: list[Owned] = []
    for rule in rules:
        table = survey.table(rule.table)
        for row in _rows(survey, data, rule.table, rule.section, rule.rows):
            found = _change(rule, table, row, merged, baseline)
            if found is not None:
                out.append((_owner(data, row), _explained(found, data.explanations)))
    return out


def swing(now: Decimal, before: Decimal) -> Decimal | None:
    """The change in % of the earlier value; None where the earlier value is 0."""
    return None if before == 0 else (now - before) * 100 / abs(before)


def _change(
    rule: ChangeRule,
    table: Table,
    row: Row,
    merged: Mapping[CellKey, Value],
    baseline: Mapping[CellKey, Value],
) -> Finding | None:
    key = (table.id, row.key, rule.column)
    now, before = merged.get(key), baseline.get(key)
    n, b = _number(now), _number(before)
    change = swing(n, b) if n is not None and b is not None else None
    if change is None or abs(change) <= rule.threshold:
        return None
    message = (
        f"{rule.label} 较上期 {percent_change(change)}"
        f"（上期 {_shown(table, row, rule.column, before)}，本期 {_shown(table, row, rule.column, now)}）"
    )
    return _finding(table, row, rule.column, rule.id, FindingKind.CHANGE, message)
