"""Read and check ``quality.yaml`` against the survey it belongs to (docs/definitions.md).

Every problem names the file, the rule and the key (``quality.yaml: Q10-KIOSK/column: …``).
A rule reads numeric columns of one section; its id may not repeat a catalogue rule's, so a
说明 written for it is never confused with another's.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from pydantic import Field

from kaoping.core.definitions.model import OrgRowKind, Section, Survey, Table
from kaoping.core.definitions.problems import Problems
from kaoping.core.definitions.raw import Strict
from kaoping.core.quality.model import (
    BaselineMap,
    ChangeRule,
    Level,
    OutlierRule,
    Per,
    PeriodRule,
    QualitySet,
)

Number = int | float | str


class RawOutlier(Strict):
    id: str
    table: str
    column: str
    label: str
    unit: str
    per: str | None = None
    share_of: list[str] = Field(default_factory=list)
    scale: Number = 1
    decimals: int = Field(default=1, ge=0, le=4)
    threshold: Number = "3.5"
    min_group: int = Field(default=5, ge=3, le=1000)
    floor: Number = 0
    floor_ratio: Number = "0.1"
    levels: list[str] = Field(default_factory=lambda: ["cities", "provinces"])


class RawPeriod(Strict):
    id: str
    table: str
    before: str
    after: str
    rows: list[str] = Field(default_factory=list)


class RawChange(Strict):
    id: str
    table: str
    column: str
    label: str
    threshold: Number
    rows: list[str] = Field(default_factory=list)


class RawBaseline(Strict):
    source: str = Field(alias="from")
    tables: dict[str, str] = Field(default_factory=dict)
    rows: dict[str, dict[str, str]] = Field(default_factory=dict)
    columns: dict[str, dict[str, str]] = Field(default_factory=dict)
    codes: dict[str, dict[str, dict[str, str]]] = Field(default_factory=dict)


class RawQuality(Strict):
    outliers: list[RawOutlier] = Field(default_factory=list)
    periods: list[RawPeriod] = Field(default_factory=list)
    changes: list[RawChange] = Field(default_factory=list)
    baselines: list[RawBaseline] = Field(default_factory=list)


def build_quality(raw: RawQuality, survey: Survey, problems: Problems) -> QualitySet:
    """The quality rules that check out; every problem is reported, the rule left out."""
    ids = [r.id for r in raw.outliers] + [r.id for r in raw.periods] + [r.id for r in raw.changes]
    catalogue = {r.id for r in survey.rules}
    for key, n in Counter(ids).items():
        if n > 1:
            problems.add(key, f"规则标识“{key}”重复出现 {n} 次")
        if key in catalogue:
            problems.add(key, f"规则标识“{key}”与审核规则重复")
    outliers = [o for r in raw.outliers if (o := _outlier(r, survey, problems.at(problems.file, r.id)))]
    periods = [p for r in raw.periods if (p := _period(r, survey, problems.at(problems.file, r.id)))]
    changes = [c for r in raw.changes if (c := _change(r, survey, problems.at(problems.file, r.id)))]
    baselines = [_baseline(r, survey, problems.at(problems.file, r.source)) for r in raw.baselines]
    return QualitySet(tuple(outliers), tuple(periods), tuple(changes), tuple(baselines))


def _table(name: str, survey: Survey, problems: Problems) -> Table | None:
    table = next((t for t in survey.tables if t.id == name), None)
    if table is None:
        problems.add("table", f"表“{name}”不存在")
    return table


def _numeric_section(table: Table, keys: list[str], problems: Problems) -> Section | None:
    """The one section holding every column of ``keys``, each a number typed by people."""
    found: Section | None = None
    for key in keys:
        section = next((s for s in table.sections if any(c.key == key for c in s.columns)), None)
        column = table.column(key) if section is not None else None
        if section is None or column is None:
            problems.add(key, f"{table.label}中没有列“{key}”")
            return None
        if not column.is_numeric:
            problems.add(key, f"{table.label}的列“{key}”不是数值列")
            return None
        if found is not None and section is not found:
            problems.add(key, f"{table.label}的列“{key}”与其他列不在同一部分")
            return None
        found = section
    return found


def _number(raw: Number, key: str, problems: Problems, *, positive: bool = False) -> Decimal | None:
    try:
        value = Decimal(str(raw))
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite() or value < 0 or (positive and value == 0):
        problems.add(key, f"“{raw}”应为{'正数' if positive else '不小于 0 的数'}")
        return None
    return value


def _outlier(raw: RawOutlier, survey: Survey, problems: Problems) -> OutlierRule | None:
    table = _table(raw.table, survey, problems)
    section = _numeric_section(table, [raw.column, *raw.share_of], problems) if table else None
    numbers = {
        "scale": _number(raw.scale, "scale", problems, positive=True),
        "threshold": _number(raw.threshold, "threshold", problems, positive=True),
        "floor": _number(raw.floor, "floor", problems),
        "floor_ratio": _number(raw.floor_ratio, "floor_ratio", problems),
    }
    per = _per(raw, problems)
    levels = _levels(raw.levels, problems)
    if table is None or section is None or None in numbers.values() or isinstance(per, bool):
        return None
    if levels is None:
        return None
    if Level.PROVINCES in levels and not _national(section, raw.column):
        problems.add("levels", f"{table.label}的列“{raw.column}”在全国汇总中没有各省的值（只能比较地市）")
        return None
    return OutlierRule(
        id=raw.id,
        table=table.id,
        section=section.key,
        column=raw.column,
        label=raw.label,
        unit=raw.unit,
        per=per,
        share_of=tuple(raw.share_of),
        decimals=raw.decimals,
        min_group=raw.min_group,
        levels=levels,
        **numbers,  # type: ignore[arg-type]  # every one checked above
    )


def _per(raw: RawOutlier, problems: Problems) -> Per | bool | None:
    """The base figure divided by; False (reported) when unknown or given with share_of."""
    if raw.per is None:
        return None
    if raw.share_of:
        problems.add("per", "per 与 share_of 只能选一个")
        return False
    try:
        return Per(raw.per)
    except ValueError:
        problems.add("per", f"未知的测算基数“{raw.per}”（可用：{'、'.join(p.value for p in Per)}）")
        return False


def _levels(names: list[str], problems: Problems) -> tuple[Level, ...] | None:
    try:
        levels = tuple(Level(n) for n in names)
    except ValueError:
        problems.add("levels", "比较范围应为 cities（全省各地市）或 provinces（全国各省）")
        return None
    if not levels:
        problems.add("levels", "请至少给出一个比较范围")
        return None
    return levels


def _national(section: Section, column: str) -> bool:
    """Whether the nation's view holds each province's value of ``column`` (a total or a form)."""
    totalled = OrgRowKind.TOTAL in section.org_rows and column in section.total_columns
    return totalled or section.kind.value == "form"


def _rows(table: Table, section: Section, rows: list[str], problems: Problems) -> bool:
    known = {r.key for r in section.fixed_rows}
    unknown = [r for r in rows if r not in known]
    for row in unknown:
        problems.add(row, f"{table.label}中没有行“{row}”")
    return not unknown


def _period(raw: RawPeriod, survey: Survey, problems: Problems) -> PeriodRule | None:
    table = _table(raw.table, survey, problems)
    section = _numeric_section(table, [raw.before, raw.after], problems) if table else None
    if table is None or section is None or not _rows(table, section, raw.rows, problems):
        return None
    return PeriodRule(raw.id, table.id, section.key, raw.before, raw.after, tuple(raw.rows))


def _change(raw: RawChange, survey: Survey, problems: Problems) -> ChangeRule | None:
    table = _table(raw.table, survey, problems)
    section = _numeric_section(table, [raw.column], problems) if table else None
    threshold = _number(raw.threshold, "threshold", problems, positive=True)
    if table is None or section is None or threshold is None:
        return None
    if not _rows(table, section, raw.rows, problems):
        return None
    return ChangeRule(raw.id, table.id, section.key, raw.column, raw.label, threshold, tuple(raw.rows))


def _baseline(raw: RawBaseline, survey: Survey, problems: Problems) -> BaselineMap:
    """The mapping; names of this definition are checked (the earlier one's are its own)."""
    ids = {t.id for t in survey.tables}
    for old, new in raw.tables.items():
        if new not in ids:
            problems.add(old, f"对应的表“{new}”不存在")
    for table_id, columns in raw.columns.items():
        table = next((t for t in survey.tables if t.id == table_id), None)
        known = {c.key for c in table.columns} if table else set()
        for old, new in columns.items():
            if new not in known:
                problems.add(old, f"{table_id} 中没有对应的列“{new}”")
    return BaselineMap(raw.source, dict(raw.tables), dict(raw.rows), dict(raw.columns), dict(raw.codes))
