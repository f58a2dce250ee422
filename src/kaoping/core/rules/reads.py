"""Which tables checking one table reads: the table itself, the tables its rules, messages
and computed columns name through ``cell``/``rows``/``values``/``filled_rows``, and so on
transitively. A save validates only its table, so it needs only these tables' values.

A table named by anything but a literal (``cell(t, …)``) cannot be known before running: the
answer is then ``None``, meaning every table.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from kaoping.core.definitions.model import Survey
from kaoping.core.rules.compiled import _PLACEHOLDER, ROW_PLACEHOLDER

# The functions whose first argument is a table id.
TABLE_FUNCTIONS = frozenset({"cell", "rows", "values", "filled_rows"})


def tables_named(text: str) -> set[str] | None:
    """The table ids an expression names, or None when one is not a literal."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(text.strip(), mode="eval")):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in TABLE_FUNCTIONS:
            continue
        first = node.args[0] if node.args else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            return None
        found.add(first.value)
    return found


def _template_expressions(template: str) -> list[str]:
    inner = (m.group(1).strip() for m in _PLACEHOLDER.finditer(template))
    return [text for text in inner if text != ROW_PLACEHOLDER]


def _direct_reads(survey: Survey) -> dict[str, set[str] | None]:
    """Table → the tables its own rules and computed columns name (None: unknown)."""
    texts: dict[str, list[str]] = {t.id: [] for t in survey.tables}
    for table in survey.tables:
        texts[table.id] += [c.computed for c in table.columns if c.computed]
    for rule in survey.rules:
        parts = [rule.check, *([rule.when] if rule.when else []), *_template_expressions(rule.message)]
        texts.setdefault(rule.table, []).extend(parts)
    return {table: _union(table, parts) for table, parts in texts.items()}


def _union(table: str, texts: Iterable[str]) -> set[str] | None:
    out = {table}
    for text in texts:
        found = tables_named(text)
        if found is None:
            return None
        out |= found
    return out


def _closure(direct: dict[str, set[str] | None], table: str) -> frozenset[str] | None:
    seen: set[str] = set()
    todo = [table]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        reads = direct.get(current, {current})
        if reads is None:
            return None
        todo.extend(reads - seen)
    return frozenset(seen)


# Per survey object (surveys are loaded once per process and never change).
_CACHE: dict[int, tuple[Survey, dict[str, frozenset[str] | None]]] = {}


def tables_read(survey: Survey, table: str) -> frozenset[str] | None:
    """Every table whose values checking ``table`` can read (None: every table)."""
    entry = _CACHE.get(id(survey))
    if entry is None or entry[0] is not survey:
        direct = _direct_reads(survey)
        entry = (survey, {t.id: _closure(direct, t.id) for t in survey.tables})
        _CACHE[id(survey)] = entry
    return entry[1].get(table)
