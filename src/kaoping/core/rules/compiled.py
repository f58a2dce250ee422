"""Every expression of a survey (rules, message templates, computed columns), compiled once."""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from kaoping.core.definitions.model import Rule, Survey
from kaoping.core.rules.base import ExprError
from kaoping.core.rules.expr import Compiled, compile_expr

ROW_PLACEHOLDER = "row"
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")

# A message template: literal text, the row label (None), or an expression to show.
TemplatePart = str | Compiled | None


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    check: Compiled
    when: Compiled | None
    message: tuple[TemplatePart, ...]


@dataclass(frozen=True)
class CompiledSurvey:
    survey: Survey
    rules: tuple[CompiledRule, ...]
    computed: dict[tuple[str, str], Compiled]  # (table, column) → expression over the row

    def rules_of(self, table: str) -> list[CompiledRule]:
        return [r for r in self.rules if r.rule.table == table]


def compile_template(template: str) -> tuple[TemplatePart, ...]:
    parts: list[TemplatePart] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append(template[position : match.start()])
        inner = match.group(1).strip()
        parts.append(None if inner == ROW_PLACEHOLDER else compile_expr(inner))
        position = match.end()
    if position < len(template):
        parts.append(template[position:])
    return tuple(parts)


def _compile_rule(rule: Rule) -> CompiledRule:
    try:
        return CompiledRule(
            rule=rule,
            check=compile_expr(rule.check),
            when=compile_expr(rule.when) if rule.when else None,
            message=compile_template(rule.message),
        )
    except ExprError as exc:
        raise ExprError(f"规则 {rule.id}：{exc.message}", exc.position) from None


def _compile_survey(survey: Survey) -> CompiledSurvey:
    computed = {
        (table.id, column.key): compile_expr(column.computed)
        for table in survey.tables
        for column in table.columns
        if column.computed
    }
    return CompiledSurvey(
        survey=survey, rules=tuple(_compile_rule(r) for r in survey.rules), computed=computed
    )


_CACHE: OrderedDict[int, CompiledSurvey] = OrderedDict()
_CACHE_SIZE = 16


def compiled(survey: Survey) -> CompiledSurvey:
    """The compiled form of ``survey``, compiled on first use and kept (a few surveys)."""
    entry = _CACHE.get(id(survey))
    if entry is not None and entry.survey is survey:
        _CACHE.move_to_end(id(survey))
        return entry
    entry = _compile_survey(survey)
    _CACHE[id(survey)] = entry
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return entry
