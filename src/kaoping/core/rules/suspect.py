"""The cell to check first (docs/spec.md §10.5): a finding keeps its stable anchor (说明 and
acceptances are keyed to it) and, for a rule that names its cells, also names a suspect:

- a sum or balance (``suspects``, the total first): the cell of the row the unit changed
  last, else the total;
- one group or the other (``suspect_groups``): the first empty cell of the group the unit
  started (of the later-started one when it started both; of the first when none).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from kaoping.core.definitions.model import Rule, Survey
from kaoping.core.findings import Finding
from kaoping.core.instance import CellKey, SurveyData

# cell → when it was last changed, as an ordinal (larger: later); absent: not changed
Recent = Mapping[CellKey, int]


def with_suspects(
    survey: Survey, data: SurveyData, findings: Iterable[Finding], recent: Recent
) -> list[Finding]:
    """``findings`` with the suspect cell of each whose rule names its cells."""
    rules = {r.id: r for r in survey.rules if r.suspects or r.suspect_groups}
    out: list[Finding] = []
    for finding in findings:
        rule = rules.get(finding.rule)
        column = None if rule is None or finding.row is None else _suspect(rule, finding, data, recent)
        out.append(finding if column is None else replace(finding, suspect=(finding.row or "", column)))
    return out


def _suspect(rule: Rule, finding: Finding, data: SurveyData, recent: Recent) -> str | None:
    def when(column: str) -> int:
        return recent.get((finding.table, finding.row or "", column), -1)

    if rule.suspects:
        latest = max(rule.suspects, key=when)
        return latest if when(latest) >= 0 else rule.suspects[0]
    if not rule.suspect_groups:
        return None

    def filled(column: str) -> bool:
        return data.get(finding.table, finding.row or "", column) is not None

    started = [g for g in rule.suspect_groups if any(filled(c) for c in g)] or [rule.suspect_groups[0]]
    group = max(reversed(started), key=lambda g: max(when(c) for c in g))
    return next((c for c in group if not filled(c)), group[0])
