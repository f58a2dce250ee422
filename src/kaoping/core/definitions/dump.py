"""The JSON shape of ``kaoping definitions dump`` for a survey (docs/spec.md §10.4)."""

from __future__ import annotations

from kaoping.core.definitions.model import (
    Column,
    ColumnType,
    OrgRowKind,
    Row,
    Section,
    SectionKind,
    Survey,
    Table,
)
from kaoping.core.instance import (
    PROVINCE_LABEL,
    PROVINCE_ROW,
    TOTAL_ROW,
    SurveyData,
    section_rows,
)


def dump_survey(survey: Survey, data: SurveyData | None = None) -> dict[str, object]:
    """The survey as plain JSON data.

    Organisation rows come from a tree: with ``data`` every generated row is listed (and the
    list rows that exist); without it, the rows known from the definition alone — fixed rows,
    form rows, 省本级 and 合计 — are listed and city rows are left out.
    """
    return {
        "id": survey.id,
        "version": survey.version,
        "title": survey.title,
        "tables": [_table(t, data) for t in survey.tables],
    }


def _table(table: Table, data: SurveyData | None) -> dict[str, object]:
    rows = [r for s in table.sections for r in _rows(table, s, data)]
    return {
        "id": table.id,
        "label": table.label,
        "title": table.title,
        "rows": [{"key": r.key, "label": _row_label(r)} for r in rows],
        "columns": [_column(c) for c in table.columns],
    }


def _rows(table: Table, section: Section, data: SurveyData | None) -> list[Row]:
    if data is not None:
        return section_rows(table, section, data)
    if section.kind is SectionKind.FORM:
        return [Row(key=section.key, label=section.title or table.title, kind="form")]
    rows = list(section.fixed_rows)
    if OrgRowKind.PROVINCE in section.org_rows:
        rows.append(Row(key=PROVINCE_ROW, label=PROVINCE_LABEL, kind="province"))
    if OrgRowKind.TOTAL in section.org_rows:
        rows.append(Row(key=TOTAL_ROW, label=section.total_label, kind="total"))
    return rows


def _row_label(row: Row) -> str:
    return f"{row.label} {row.sub_label}" if row.sub_label else row.label


def _column(column: Column) -> dict[str, object]:
    out: dict[str, object] = {
        "key": column.key,
        "label": column.label,
        "header": list(column.header),
        "type": column.type.value,
        "unit": column.unit,
        "decimals": column.decimals,
        "codes": [{"code": c.code, "label": c.label} for c in column.codes],
    }
    if column.is_numeric:  # the bounds a value is held to (docs/spec.md §3.3)
        out["max"] = format(column.bound, "f")
    elif column.type is ColumnType.DATE:
        out["earliest"], out["latest"] = (day.isoformat() for day in column.date_range)
    return out
