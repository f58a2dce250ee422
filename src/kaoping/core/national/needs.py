"""The computed columns a province's summary reads, worked out once per definition.

A summary reads a computed column (表4 网络覆盖率) only through a national column of its
table, as 表1's reported value or through a 表1 formula naming it; the others need not be
computed for it — 表4's coverage is none of these, and computing it on every row was a
twentieth of a national recomputation (docs/reports.md). A formula names a column as a bare
name (a city's column in ``where``), as ``r.column`` or as a literal text (``cell("T04",
"total", "coverage")``); a ``cell``/``values`` whose column is not written out could read
any, so then every computed column is made.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from kaoping.core.definitions.model import Survey
from kaoping.core.memo import PerObject
from kaoping.core.national.tables import table_columns
from kaoping.core.rules.compiled import compiled

ComputedColumns = frozenset[tuple[str, str]]
_COLUMN_ARGUMENT = {"cell": 2, "values": 1}  # the function's argument naming a column


def summary_reads(survey: Survey) -> ComputedColumns | None:
    """The (table, column) computed columns a summary of ``survey`` may read; None: any."""
    return _READ(survey)


def _reads(survey: Survey) -> ComputedColumns | None:
    words: set[str] = set()
    for text, is_column in _formula_texts(survey):
        named = {text} if is_column else _words(text)
        if named is None:
            return None
        words |= named
    spec = survey.indicators
    reported = {(spec.table, column) for _date, column in spec.columns} if spec is not None else set()
    out = set()
    for table_id, column in compiled(survey).computed:
        national = {nc.column for nc in table_columns(survey.table(table_id))}
        if column in national or column in words or (table_id, column) in reported:
            out.add((table_id, column))
    return frozenset(out)


def _formula_texts(survey: Survey) -> Iterator[tuple[str, bool]]:
    """Each expression of the 表1 formulas, and each column a city input sums (True)."""
    if survey.indicators is None:
        return
    for indicator in survey.indicators.indicators:
        for formula in indicator.formulas:
            yield formula.value, False
            for spec in formula.inputs:
                yield from ((text, False) for text in (spec.expr, spec.where) if text)
                if spec.column:
                    yield spec.column, True


def _words(text: str) -> set[str] | None:
    """Every name, attribute and literal text of the expression; None when a ``cell`` or
    ``values`` names its column otherwise than by a literal text."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError):
        return None  # not for the loader to let through: read as naming anything
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            out.add(node.id)
        elif isinstance(node, ast.Attribute):
            out.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.add(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            place = _COLUMN_ARGUMENT.get(node.func.id)
            if place is not None and not _literal_text(node.args[place : place + 1]):
                return None
    return out


def _literal_text(args: list[ast.expr]) -> bool:
    return len(args) == 1 and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)


_READ = PerObject(_reads, most=64)
