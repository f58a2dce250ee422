"""The validation engine: generic checks on every stored value, then every rule.

``validate`` runs over a whole survey (or some tables, or the rows of some organisations;
``validate_owned`` gives each finding with its organisation);
``validate_cell`` re-checks what one edited cell can change, as the user leaves a field.
Expressions are compiled once per survey (``compiled``); a whole province takes a few
milliseconds. A rule whose operands are blank (under ``blank: skip``), invalid, or whose
divisor is 0 does not apply: no finding, never a crash.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from kaoping.core.definitions.model import BlankPolicy, RuleScope, SectionKind, Survey
from kaoping.core.findings import Finding
from kaoping.core.instance import CellKey, SurveyData, Value, row_owner
from kaoping.core.rules.base import Skip
from kaoping.core.rules.compiled import CompiledRule, compiled
from kaoping.core.rules.compute import computed_values
from kaoping.core.rules.context import DataContext, Layout, TableLayout
from kaoping.core.rules.generic import check_cells
from kaoping.core.rules.messages import render
from kaoping.core.rules.operators import truth
from kaoping.core.rules.reads import tables_read

# A finding with the organisation whose rows it is about (for the ``orgs`` filter).
Owned = tuple[str, Finding]


def validate(
    survey: Survey,
    data: SurveyData,
    *,
    tables: set[str] | None = None,
    orgs: set[str] | None = None,
) -> list[Finding]:
    """All findings, in table order: generic checks first, then the rules in catalogue order.

    ``tables`` keeps only those tables; ``orgs`` keeps findings on rows those organisations
    fill (table-wide findings and total rows belong to the province).
    """
    return [f for _, f in validate_owned(survey, data, tables=tables, orgs=orgs)]


def validate_owned(
    survey: Survey, data: SurveyData, *, tables: set[str] | None = None, orgs: set[str] | None = None
) -> list[Owned]:
    """``validate``'s findings, each with the organisation whose rows it is about: one pass for
    a page that lists every organisation's findings. ``orgs``: only the rows those organisations
    own are checked (a city's workbook: its own row of each table, not the 13 others' rows whose
    findings would be dropped) — the same findings as checking all and keeping theirs."""
    run = _Run(survey, data, _tables_needed(survey, tables))
    by_table: dict[str, list[tuple[CellKey, Value]]] = defaultdict(list)
    for key, value in data.values.items():
        by_table[key[0]].append((key, value))
    found: list[Owned] = []
    for table_id, layout in run.layout.tables.items():
        if tables is not None and table_id not in tables:
            continue
        cells = by_table.get(table_id, [])
        if orgs is not None:
            theirs = {row: run.owner(layout, row) in orgs for row in {key[1] for key, _ in cells}}
            cells = [cell for cell in cells if theirs[cell[0][1]]]
        found.extend(run.owned(layout, check_cells(layout, cells, data.values, run.computed)))
        for rule in run.compiled.rules_of(table_id):
            found.extend(run.apply(rule, layout, orgs=orgs))
    return found if orgs is None else [(owner, f) for owner, f in found if owner in orgs]


def _tables_needed(survey: Survey, tables: set[str] | None) -> frozenset[str] | None:
    """The tables checking ``tables`` reads (None: all): only those are laid out and computed."""
    if tables is None:
        return None
    needed: set[str] = set()
    for table in tables:
        reads = tables_read(survey, table)
        if reads is None:
            return None
        needed |= reads
    return frozenset(needed)


def validate_cell(survey: Survey, data: SurveyData, table: str, row: str, column: str) -> list[Finding]:
    """Findings an edit of one cell can change: that row's checks and rules, and the
    table's cell- and table-scope rules (a total row, a whole-table rule)."""
    run = _Run(survey, data)
    layout = run.layout.tables.get(table)
    if layout is None:
        return []
    cells = [(k, v) for k, v in data.values.items() if k[0] == table and k[1] == row]
    found = run.owned(layout, check_cells(layout, cells, data.values, run.computed))
    for rule in run.compiled.rules_of(table):
        found.extend(run.apply(rule, layout, only_row=row))
    return [f for _, f in found]


class _Run:
    """One validation pass: rows laid out, computed values merged, one context reused."""

    def __init__(self, survey: Survey, data: SurveyData, only: frozenset[str] | None = None) -> None:
        self.data = data
        self.compiled = compiled(survey)
        self.layout = Layout.build(survey, data, only)
        self.computed = computed_values(survey, data, self.layout)
        merged: dict[CellKey, Value] = {**data.values, **self.computed}
        self.ctx = DataContext(self.layout, merged, len(data.cities))
        self.owners: dict[tuple[str, str | None], str] = {}  # (table, row) → ``owner``: once a row
        self.section_rows: dict[tuple[str, str | None, frozenset[str] | None], list[tuple[str, str]]] = {}

    def owner(self, layout: TableLayout, row_key: str | None) -> str:
        key = (layout.table.id, row_key)
        found = self.owners.get(key)
        if found is None:
            found = self.owners[key] = self._owner(layout, row_key)
        return found

    def _owner(self, layout: TableLayout, row_key: str | None) -> str:
        province = self.data.province.code
        located = layout.rows.get(row_key) if row_key is not None else None
        if located is None:
            return province
        section, row = located
        # A section the province fills belongs to it even where its rows name cities.
        if section.filled_by == "province" and section.kind is not SectionKind.LIST:
            return province
        return row_owner(layout.table, section, row, self.data) or province

    def _rows(self, layout: TableLayout, section: str | None, orgs: set[str] | None) -> list[tuple[str, str]]:
        """(key, owner) of the section's data rows owned among ``orgs`` (None: all), in order:
        worked out once a pass for every row rule of the section (a table's rules share a few)."""
        key = (layout.table.id, section, None if orgs is None else frozenset(orgs))
        found = self.section_rows.get(key)
        if found is None:
            pairs = [(row.key, self.owner(layout, row.key)) for row in layout.data_rows(section)]
            found = self.section_rows[key] = [p for p in pairs if orgs is None or p[1] in orgs]
        return found

    def owned(self, layout: TableLayout, findings: Iterable[Finding]) -> list[Owned]:
        return [(self.owner(layout, f.row), f) for f in findings]

    def apply(
        self,
        rule: CompiledRule,
        layout: TableLayout,
        only_row: str | None = None,
        orgs: set[str] | None = None,
    ) -> list[Owned]:
        spec = rule.rule
        if spec.scope is RuleScope.ROW and only_row is None:  # every row: the section's rows once a pass
            found = (
                (owner, self.evaluate(rule, layout, row))
                for row, owner in self._rows(layout, spec.section, orgs)
            )
            return [(owner, finding) for owner, finding in found if finding is not None]
        if spec.scope is RuleScope.TABLE:
            keys: list[str | None] = [None]
        elif spec.scope is RuleScope.CELL:
            keys = [spec.row] if spec.row in layout.rows else []
        else:
            keys = [r.key for r in layout.data_rows(spec.section) if r.key == only_row]
        out: list[Owned] = []
        for key in keys:
            owner = self.owner(layout, key)
            if orgs is not None and owner not in orgs:
                continue  # its finding would be dropped: not evaluated
            finding = self.evaluate(rule, layout, key)
            if finding is not None:
                out.append((owner, finding))
        return out

    def evaluate(self, rule: CompiledRule, layout: TableLayout, row_key: str | None) -> Finding | None:
        spec = rule.rule
        ctx = self.ctx.at(layout.table.id, row_key, spec.blank is BlankPolicy.ZERO)
        try:
            if rule.when is not None and not truth(rule.when.evaluate(ctx)):
                return None
            if truth(rule.check.evaluate(ctx)):
                return None
        except Skip:
            return None
        row = layout.rows[row_key][1] if row_key is not None else None
        column = layout.columns.get(spec.column) if spec.column and row is not None else None
        row_label = row.label if row is not None else layout.table.label
        finding = Finding(
            table=layout.table.id,
            table_label=layout.table.heading,
            row=row_key,
            row_label=row.label if row is not None else None,
            column=column.key if column is not None else None,
            column_label=column.path if column is not None else None,
            severity=spec.severity,
            rule=spec.id,
            message=render(rule.message, ctx, row_label),
        )
        return _with_explanation(finding, self.data)


def _with_explanation(finding: Finding, data: SurveyData) -> Finding:
    """A warning is explained by the 说明 written for it, the one way (docs/spec.md §5.1)."""
    note = data.explanations.get(finding.explanation_key, "")
    if not (note and note.strip()):
        return finding
    return replace(finding, explained=True)
