"""A saved 自定义汇总 opened on any campaign's page (docs/spec.md §13.5): the same table,
columns, level, ratios, order and filters where this campaign's definition has them; what it
lacks is left out and said in words (the names as saved), never a failure.

- a level this page does not offer (another province's cities, the nation on a province's
  page) becomes the page's first level;
- a table the definition lacks opens nothing of the summary: the page's first table, said so;
- a column the table lacks at that level (or a ratio it cannot take) is left out, and so are
  the order and the filter on it.
"""

from __future__ import annotations

from django.http import Http404

from kaoping.core.adhoc.grid import Pick
from kaoping.core.national.tables import YES
from kaoping.orgs.actors import Actor
from kaoping.pages.page import Page
from kaoping.reports.adhoc import levels, national_of, saved, source
from kaoping.reports.models import SavedSummary

Query = dict[str, list[str]]


def mine(user: Actor, page: Page, number: int) -> SavedSummary:
    """One of the user's own summaries (of an organisation the user reads); 404 otherwise."""
    found = next((s for s in saved(user, page, everywhere=True) if s.pk == number), None)
    if found is None:
        raise Http404("没有这个自定义汇总")
    return found


def reopen(page: Page, summary: SavedSummary) -> tuple[Query, list[str]]:
    """``summary``'s query as this page can take it, and what was left out, in Chinese."""
    query: Query = {k: list(v) if isinstance(v, list) else [str(v)] for k, v in summary.query.items()}
    labels = summary.labels or {}
    notes: list[str] = []
    found = national_of(page)
    offered = dict(levels(page, found))
    level = (query.get("level") or [""])[0]
    if level not in offered:
        first = next(iter(offered))
        was = labels.get("level") or "原汇总层级"
        notes.append(f"“{was}”在本页不可用，已改为“{offered[first]}”")
        level = first
        query["level"] = [level]
    table = (query.get("table") or [""])[0]
    if not any(t.id == table for t in page.survey.tables):
        named = labels.get("table") or "原汇总的调查表"
        notes.append(f"本任务的调查表中没有“{named}”，该汇总的栏目均未打开")
        return {"level": [level]}, notes
    columns = {c.key: c.kind for c in source(page, found, level, table).columns}
    kept: list[str] = []
    dropped: list[str] = []
    for token in query.get("c", []):
        pick = Pick.parse(token)
        fits = pick.key in columns and (pick.ratio is None or columns[pick.key] != YES)
        (kept if fits else dropped).append(token)
    if dropped:
        names = labels.get("c", {})
        said = "、".join(f"“{names[t]}”" for t in dropped if t in names) or f"{len(dropped)} 个栏目"
        notes.append(f"本任务的{_table_name(page, table)}在该层级没有{said}，已略去")
    return _without(query, kept), notes


def _table_name(page: Page, table: str) -> str:
    return next(t.label for t in page.survey.tables if t.id == table)


def _without(query: Query, kept: list[str]) -> Query:
    """``query`` with only the ``kept`` columns; the order and the filter only on a kept one."""
    out = {**query, "c": kept}
    if (query.get("sort") or [""])[0] not in kept:
        out = {k: v for k, v in out.items() if k not in ("sort", "desc")}
    if (query.get("f") or [""])[0] not in kept:
        out = {k: v for k, v in out.items() if k not in ("f", "op", "v")}
    return {k: v for k, v in out.items() if v}
