"""Where every value of a survey sits in the workbook: (table, row, column) ⇄ sheet cell.

The writer draws from this layout and the reader maps cells back through the same one, so
the two can never disagree. A layout depends on the definition, the organisation whose
template it is, the organisation rows of the tree and the keys of the list rows (表6, 表7,
表8 part 1); the workbook's ``_meta`` sheet records those keys, and a fingerprint of the
whole layout detects a template made for another structure.

Per sheet (one per table, ``layoutbuild``): 表号, title, reference date or period, then each
section (its title, merged header rows, data rows), then the 填写说明 (and 表1's 公章 block).
Rows and columns are numbered from 0, as XlsxWriter and calamine do (``layoutmodel``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from kaoping.core.definitions.model import SectionKind, Survey
from kaoping.core.instance import SurveyData
from kaoping.core.workbook.layoutbuild import SheetBuilder, block_orgs, text_units
from kaoping.core.workbook.layoutmodel import (
    LAYOUT_VERSION,
    NA_TEXT,
    SPARE_PREFIX,
    SPARE_ROWS,
    Box,
    ListKeys,
    RowSlot,
    SectionLayout,
    SheetLayout,
    Slot,
    SlotKind,
    WorkbookLayout,
)
from kaoping.core.workbook.sheetxml import cell_name

# what callers take from here (the pieces live in layoutmodel and layoutbuild)
__all__ = [
    "NA_TEXT",
    "SPARE_PREFIX",
    "SPARE_ROWS",
    "Box",
    "ListKeys",
    "RowSlot",
    "SectionLayout",
    "SheetLayout",
    "Slot",
    "SlotKind",
    "WorkbookLayout",
    "block_orgs",
    "build_layout",
    "cell_name",
    "clear_layout_cache",
    "fingerprint",
    "text_units",
]


def build_layout(
    survey: Survey,
    data: SurveyData,
    org: str | None,
    *,
    list_keys: ListKeys | None = None,
    spare_rows: int = SPARE_ROWS,
    paper_serials: bool = True,
) -> WorkbookLayout:
    """The layout of ``org``'s template (None: every row, all editable).

    ``list_keys`` gives the list rows as a template recorded them; by default they are the
    list rows of ``data``. ``paper_serials`` False: the layout of templates written before a
    city's rows kept their paper 序号 (read, never written, see ``SheetBuilder._serials``).
    """
    keys = _readable_keys(list_keys if list_keys is not None else _list_keys(survey, data), data, org)
    cache_key = (*_cache_key(survey, data, org, keys, spare_rows), paper_serials)
    cached = _CACHE.get(cache_key)
    if cached is not None and cached.survey is survey:
        return cached
    builder = SheetBuilder(survey, data, org, keys, spare_rows, paper_serials=paper_serials)
    sheets = [s for t in survey.tables if (s := builder.sheet(t)) is not None]
    layout = WorkbookLayout(survey, org, sheets, {k: list(v) for k, v in keys.items()})
    layout.fingerprint = fingerprint(layout)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[cache_key] = layout
    return layout


# Layouts are pure functions of their inputs and read-only once built: a process importing
# many workbooks of one campaign builds each organisation's layout once.
_CACHE: dict[tuple[object, ...], WorkbookLayout] = {}
_CACHE_SIZE = 64


def clear_layout_cache() -> None:
    """Forget built layouts (benchmarks measure a cold import with it)."""
    _CACHE.clear()


def _cache_key(
    survey: Survey,
    data: SurveyData,
    org: str | None,
    keys: Mapping[tuple[str, str, str], Sequence[str]],
    spare_rows: int,
) -> tuple[object, ...]:
    labels: list[str] = []
    for table, section, _ in keys:
        column = survey.table(table).section(section).label_column
        if column:
            labels.extend(str(data.get(table, k, column)) for k in keys[(table, section, _)])
    lists = tuple(sorted((k, tuple(v)) for k, v in keys.items()))
    cities = tuple((c.code, c.name) for c in data.cities)
    return (id(survey), survey.ref, org, data.province.code, cities, lists, tuple(labels), spare_rows)


def fingerprint(layout: WorkbookLayout) -> str:
    """A short hash of everything the mapping depends on."""
    parts = [LAYOUT_VERSION, layout.survey.ref, str(layout.org)]
    for sheet in layout.sheets:
        parts.append(f"{sheet.name}:{sheet.table.id}")
        parts.extend(f"{s.row},{s.col},{s.key[1]},{s.key[2]},{s.kind}" for s in sheet.slots.values())
        parts.extend(f"{r},{c}={text}" for p in sheet.sections for x in p.rows for r, c, text in x.idents)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def _list_keys(survey: Survey, data: SurveyData) -> dict[tuple[str, str, str], list[str]]:
    out: dict[tuple[str, str, str], list[str]] = {}
    for table in survey.tables:
        for section in table.sections:
            if section.kind is not SectionKind.LIST:
                continue
            if section.list_blocks:
                for org in block_orgs(section, data):
                    rows = data.rows_of_list(table.id, section.key, org)
                    out[(table.id, section.key, org)] = [r.key for r in rows]
            else:
                out[(table.id, section.key, "")] = [r.key for r in data.rows_of_list(table.id, section.key)]
    return out


def _readable_keys(
    keys: ListKeys, data: SurveyData, org: str | None
) -> dict[tuple[str, str, str], Sequence[str]]:
    """The list keys a template of ``org`` may carry: a city's template (and its ``_meta``
    sheet) names its own block's rows only, never another unit's; a key the data knows as
    another block's (a ``_meta`` sheet edited to claim it) is dropped. Keys the data does not
    know stay: rows removed after the download."""
    province = data.province.code
    owners = {r.key: r.org or province for r in data.list_rows}
    out: dict[tuple[str, str, str], Sequence[str]] = {}
    for (table, section, block), found in keys.items():
        if org is not None and org != province and block != org:
            continue
        owner = block or province
        out[(table, section, block)] = [k for k in found if owners.get(k, owner) == owner]
    return out
