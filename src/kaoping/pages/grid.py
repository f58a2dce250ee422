"""The entry grid of one table as plain data for the templates.

No Django here: the view decides who sees and edits which rows (through the access helpers)
and passes that in; this module lays the table out like the paper form — rows with their
序号 merged over sub-rows, label and sub-label cells, the header rows, and for every cell
what to draw (an input of the right kind, read-only text, "——", a computed value).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kaoping.core.definitions.headers import HeaderCell, header_grid, leaf_columns
from kaoping.core.definitions.model import Column, ColumnType, Row, Section, SectionKind, Table
from kaoping.core.findings import Finding
from kaoping.core.instance import CellKey, SurveyData, Value, org_label, section_rows
from kaoping.core.values import column_for_row

NUMBER_WIDGET = "number"
WIDGETS: dict[ColumnType, str] = {
    ColumnType.INT: NUMBER_WIDGET,
    ColumnType.DECIMAL: NUMBER_WIDGET,
    ColumnType.PERCENT: NUMBER_WIDGET,
    ColumnType.MONEY: NUMBER_WIDGET,
    ColumnType.PEOPLE: NUMBER_WIDGET,
    ColumnType.AREA: NUMBER_WIDGET,
    ColumnType.BANDWIDTH: NUMBER_WIDGET,
    ColumnType.DATE: "date",
    ColumnType.BOOL: "bool",
    ColumnType.CODE: "select",
    ColumnType.CODES: "codes",
    ColumnType.TEXT: "text",
    ColumnType.URL: "url",
    ColumnType.FIXED: "fixed",
}


@dataclass(frozen=True)
class Texts:
    """How values become text: ``edit`` for an input's value, ``show`` for reading."""

    edit: Callable[[Column, Value], str]
    show: Callable[[Column, Value], str]


@dataclass
class Cell:
    column: Column  # the column as it applies on this row (overrides applied)
    row: str
    state: str  # input | readonly | na | computed | fixed
    text: str = ""  # an input's current value ("a,c" for several codes)
    display: str = ""  # read-only rendering
    chosen: tuple[str, ...] = ()  # code letters chosen
    spec: Cell | None = None  # the explanation text of a （请说明） code, in the same cell
    total: bool = False  # a total-row cell the page sums live
    rowspan: int = 1  # a fixed value merged over sub-rows; 0 when merged into the row above
    findings: list[Finding] = field(default_factory=list)  # rule results shown at the cell
    suspect: bool = False  # a sum's or group's finding names this cell to check first

    @property
    def key(self) -> str:
        return self.column.key

    @property
    def name(self) -> str:
        return f"v:{self.row}:{self.column.key}"

    @property
    def dom_id(self) -> str:
        return f"{self.row}__{self.column.key}"

    @property
    def widget(self) -> str:
        return WIDGETS[self.column.type]

    @property
    def spec_open(self) -> bool:
        """Show the explanation box: a （请说明） code is chosen, or it already has text."""
        needs = {c.code for c in self.column.codes if c.needs_spec}
        return bool(self.spec and self.spec.text) or any(c in needs for c in self.chosen)

    @property
    def spec_codes(self) -> str:
        return ",".join(c.code for c in self.column.codes if c.needs_spec)


@dataclass
class GridRow:
    row: Row
    cells: list[Cell]
    editable: bool
    number: str = ""  # 序号 as shown
    number_span: int = 1  # 0: merged into the row above
    label_span: int = 1
    block: str | None = None  # 表7: the name of the organisation whose block starts here
    position: int = 0  # list rows: 1, 2, … within the section

    @property
    def key(self) -> str:
        return self.row.key


@dataclass
class GridSection:
    section: Section
    header: list[list[HeaderCell]]
    rows: list[GridRow]
    has_sub_label: bool = False
    can_add: bool = False
    fields: list[Cell] = field(default_factory=list)  # form sections
    row_columns: tuple[str, ...] = ()  # the row-header cells drawn per row: number, label, sub

    @property
    def width(self) -> int:
        """How many columns a body row has (for cells spanning the whole row)."""
        return sum(cell.colspan for cell in self.header[0]) if self.header else 1

    @property
    def is_form(self) -> bool:
        return self.section.kind is SectionKind.FORM

    @property
    def is_list(self) -> bool:
        return self.section.kind is SectionKind.LIST


@dataclass(frozen=True)
class Access:
    """Who sees and edits which rows, decided by the view."""

    owner: Callable[[Section, Row], str | None]  # the organisation filling a row
    visible: Callable[[str | None], bool]  # may this owner's rows be shown (None: a total row)
    editable: Callable[[str | None], bool]  # may this owner's rows be typed into


def effective(row: Row, column: Column) -> Column:
    return column_for_row(column, row)


def build_grid(
    table: Table,
    data: SurveyData,
    computed: dict[CellKey, Value],
    access: Access,
    texts: Texts,
    *,
    of_which: str = "其中",
    can_add: Callable[[Section], bool] = lambda s: False,
) -> list[GridSection]:
    out: list[GridSection] = []
    for section in table.sections:
        rows = section_rows(table, section, data)
        visible = [r for r in rows if access.visible(access.owner(section, r))]
        if not visible and section.kind is not SectionKind.LIST:
            continue
        spec_keys = _inline_specs(section)
        grid_rows = [_grid_row(table, section, r, data, computed, access, texts, spec_keys) for r in visible]
        has_sub = any(r.sub_label for r in visible)
        if section.kind is SectionKind.FORM:
            form_cells = grid_rows[0].cells if grid_rows else []
            out.append(
                GridSection(section, [], grid_rows, fields=form_cells, can_add=False, has_sub_label=False)
            )
            continue
        _number_org_rows(rows, grid_rows)
        _merge_spans(grid_rows, has_sub)
        _number_lists(section, grid_rows, data)
        sub_label = has_sub and len(section.row_header) >= 2
        head = header_grid(section, hidden=spec_keys, sub_label=sub_label, of_which=of_which)
        row_columns = _row_columns(section, rows, has_sub)
        out.append(GridSection(section, head, grid_rows, has_sub, can_add(section), row_columns=row_columns))
    return out


def _inline_specs(section: Section) -> set[str]:
    """Explanation columns drawn inside their code's cell: those serving one code column.
    One shared by two (表2 所在位置 at two dates) keeps a column of its own."""
    users: dict[str, int] = {}
    for column in section.columns:
        if column.spec_column is not None:
            users[column.spec_column] = users.get(column.spec_column, 0) + 1
    return {key for key, n in users.items() if n == 1}


def _row_columns(section: Section, rows: list[Row], has_sub: bool) -> tuple[str, ...]:
    if section.kind is SectionKind.LIST:
        return ("number",)
    if len(section.row_header) >= 2:
        return ("number", "label", "sub") if has_sub else ("number", "label")
    return ("number",) if any(r.number for r in rows) else ("label",)


def _number_org_rows(rows: list[Row], shown: list[GridRow]) -> None:
    """Organisation rows carry no printed 序号: number them 1, 2, … over all the section's
    rows, as the paper does, so 苏州 is 5 on its own page as on the province's."""
    numbers: dict[str, str] = {}
    for row in rows:
        if row.kind in ("city", "province") and not row.number:
            numbers[row.key] = str(len(numbers) + 1)
    for r in shown:
        r.number = numbers.get(r.key, r.number)


def _grid_row(
    table: Table,
    section: Section,
    row: Row,
    data: SurveyData,
    computed: dict[CellKey, Value],
    access: Access,
    texts: Texts,
    spec_keys: set[str],
) -> GridRow:
    owner = access.owner(section, row)
    editable = owner is not None and access.editable(owner)
    columns = {c.key: c for c in section.columns}
    cells: list[Cell] = []
    for column in leaf_columns(section, hidden=spec_keys):
        cell = _cell(table, row, effective(row, column), data, computed, editable, texts)
        if column.spec_column and column.spec_column in columns:
            spec_col = effective(row, columns[column.spec_column])
            cell.spec = _cell(table, row, spec_col, data, computed, editable, texts)
        cells.append(cell)
    return GridRow(row, cells, editable, number=row.number)


def _cell(
    table: Table,
    row: Row,
    column: Column,
    data: SurveyData,
    computed: dict[CellKey, Value],
    editable: bool,
    texts: Texts,
) -> Cell:
    key = (table.id, row.key, column.key)
    if row.key in column.na_rows or column.key in row.na_columns:
        return Cell(column, row.key, "na", display="——")
    if column.type is ColumnType.FIXED:
        return Cell(column, row.key, "fixed", display=row.fixed.get(column.key, ""))
    if row.kind == "total" or column.computed is not None:
        value = computed.get(key)
        shown = "" if value is None else texts.show(column, value)
        return Cell(column, row.key, "computed", display=shown, total=row.kind == "total")
    value = data.get(*key)
    chosen = _letters(value)
    state = "input" if editable else "readonly"
    text = "" if value is None else texts.edit(column, value)
    shown = "" if value is None else texts.show(column, value)
    return Cell(column, row.key, state, text=text, display=shown, chosen=chosen)


def _letters(value: Value) -> tuple[str, ...]:
    if isinstance(value, tuple):
        return tuple(str(v) for v in value)
    if isinstance(value, str) and len(value) == 1:
        return (value,)
    return ()


def _merge_spans(rows: list[GridRow], has_sub: bool) -> None:
    """序号 (and with sub-labels the label) merge over consecutive rows that share them."""
    _merge(rows, lambda r: r.number, "number_span")
    if has_sub:
        _merge(rows, lambda r: (r.row.number, r.row.label) if r.row.sub_label else None, "label_span")
    for index in range(len(rows[0].cells) if rows else 0):
        if rows[0].cells[index].state == "fixed":
            _merge_fixed(rows, index)


def _merge(rows: list[GridRow], key: Callable[[GridRow], object], attr: str) -> None:
    start = 0
    for i in range(1, len(rows) + 1):
        if i < len(rows) and key(rows[i]) and key(rows[i]) == key(rows[start]):
            setattr(rows[i], attr, 0)
            continue
        setattr(rows[start], attr, i - start)
        start = i


def _merge_fixed(rows: list[GridRow], index: int) -> None:
    """A fixed value repeated over an indicator's sub-rows prints once (表1 属性)."""
    start = 0
    for i in range(1, len(rows) + 1):
        same = (
            i < len(rows)
            and rows[i].row.number
            and rows[i].row.number == rows[start].row.number
            and rows[i].cells[index].display == rows[start].cells[index].display
        )
        if same:
            rows[i].cells[index].rowspan = 0
            continue
        rows[start].cells[index].rowspan = i - start
        start = i


def _number_lists(section: Section, rows: Iterable[GridRow], data: SurveyData) -> None:
    """List rows are numbered 1, 2, … (per organisation block for 表7)."""
    if section.kind is not SectionKind.LIST:
        return
    counter = 0
    block: str | None = None
    for r in rows:
        if section.list_blocks and r.row.org != block:
            block, counter = r.row.org, 0
            r.block = org_label(data, block) if block else None
        counter += 1
        r.position = counter
        r.number = str(counter)


def attach_findings(sections: list[GridSection], findings: Iterable[Finding]) -> list[Finding]:
    """Put each finding on its cell; a row finding without a column goes to the row's first
    input. Returns the findings that have no cell on the page (table rules, hidden rows)."""
    cells: dict[tuple[str, str], Cell] = {}
    first: dict[str, Cell] = {}
    for section in sections:
        for row in section.rows:
            for cell in row.cells:
                cells[(row.key, cell.key)] = cell
                if cell.spec is not None:
                    cells[(row.key, cell.spec.key)] = cell
                if cell.state in ("input", "readonly"):
                    first.setdefault(row.key, cell)
    loose: list[Finding] = []
    for finding in findings:
        target = None
        if finding.row is not None:
            target = cells.get((finding.row, finding.column or "")) or first.get(finding.row)
        if target is None:
            loose.append(finding)
        else:
            target.findings.append(finding)
        suspect = cells.get(finding.suspect) if finding.suspect else None
        if suspect is not None:
            suspect.suspect = True
    return loose
