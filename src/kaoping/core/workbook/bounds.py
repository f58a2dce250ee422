"""How much of a template may be read, derived from its layout — never a fixed size.

A data sheet may hold cells up to its last layout row and column plus a margin (content a
little outside the table is read and reported as X-EXTRA, not refused); the ``_meta`` sheet
as many rows as its keys, one per table version and one per list row the definition allows;
the shared-strings table no more entries than all those cells together (plus the drop-down
lists). Anything beyond is refused before the reader sees it (``kaoping.core.workbook.bounded``).
"""

from __future__ import annotations

from dataclasses import dataclass

from kaoping.core.definitions.model import SectionKind, Survey
from kaoping.core.instance import SurveyData
from kaoping.core.workbook.layout import SheetLayout, block_orgs, build_layout
from kaoping.core.workbook.sheetbound import Bound

ROW_MARGIN = 50  # rows under a sheet's last template row still read (X-EXTRA if filled)
COL_MARGIN = 10  # columns right of its last template column, likewise
MERGE_MARGIN = 50  # merged ranges a person may add (X-MERGE if they cover value cells)
META_KEYS = 12  # format, layout, definition, version, campaign, org, fingerprint, downloaded, …
META_COLUMNS = 5  # list | table | section | block org | row key
META_LABEL = "模板标识（隐藏工作表）"
STRINGS_MARGIN = 2000  # drop-down choices (the hidden lists sheet) and a person's own notes


@dataclass(frozen=True)
class WorkbookBounds:
    """What any template of a survey may hold before its ``_meta`` sheet says which it is."""

    meta: Bound
    strings: int


def sheet_bound(sheet: SheetLayout) -> Bound:
    """A data sheet's bound (worked out once per layout sheet: layouts are cached)."""
    known = _SHEETS.get(id(sheet))
    if known is not None and known[0] is sheet:
        return known[1]
    merged = sum(1 for b in sheet.boxes if b.last_row > b.row or b.last_col > b.col) + len(sheet.merges)
    bound = Bound(
        sheet.name, sheet.last_row + 1 + ROW_MARGIN, sheet.width + COL_MARGIN, merged + MERGE_MARGIN
    )
    if len(_SHEETS) >= 1024:
        _SHEETS.pop(next(iter(_SHEETS)))
    _SHEETS[id(sheet)] = (sheet, bound)
    return bound


_SHEETS: dict[int, tuple[SheetLayout, Bound]] = {}


def workbook_bounds(survey: Survey, data: SurveyData) -> WorkbookBounds:
    """The bounds of any template of ``survey`` for the organisations of ``data`` (only its
    province and cities are used: the values do not matter)."""
    key = (id(survey), survey.ref, data.province.code, tuple(c.code for c in data.cities))
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    orgs = SurveyData(province=data.province, cities=list(data.cities))
    list_rows = 0  # the list rows a template may carry (the definition's cap, per block)
    list_cells = 0
    for table in survey.tables:
        for section in table.sections:
            if section.kind is SectionKind.LIST:
                rows = section.max_rows * max(1, len(block_orgs(section, orgs)))
                list_rows += rows
                list_cells += rows * (len(section.columns) + len(section.row_header) + 1)
    meta = Bound(
        META_LABEL, META_KEYS + len(survey.tables) + list_rows + ROW_MARGIN, META_COLUMNS + COL_MARGIN, 0
    )
    skeleton = build_layout(survey, orgs, None, list_keys={})  # every organisation's rows, no list rows
    cells = sum(sheet_bound(s).cells for s in skeleton.sheets) + list_cells + meta.cells
    bounds = WorkbookBounds(meta, cells + STRINGS_MARGIN)
    if len(_CACHE) >= 64:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = bounds
    return bounds


_CACHE: dict[tuple[object, ...], WorkbookBounds] = {}  # per survey and organisation tree
