"""自定义汇总 (docs/spec.md §13.5): which units a summary shows to whom, their values and base
figures, and the user's saved summaries.

A province's page summarises its cities (those the user reads); the ministry's page of a
national campaign summarises the provinces (their stored rows, only the submitted ones, as
every national view) or, as another level, the cities of one province (that province's own
campaign). Reads are a fixed number of queries whatever the number of units.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.http import Http404

from kaoping.collection.campaigns import base_figures, survey_for
from kaoping.collection.models import BaseFigure, Campaign
from kaoping.collection.national import is_national
from kaoping.collection.services import load_survey_data
from kaoping.core import texts
from kaoping.core.adhoc.grid import AdhocError, Grid, Spec, read_spec
from kaoping.core.adhoc.summarise import summarise
from kaoping.core.adhoc.units import FIGURES, AdhocColumn, Unit, city_columns, city_values, national_columns
from kaoping.core.adhoc.workbook import grid_workbook
from kaoping.core.definitions.model import Table
from kaoping.core.rules.compute import computed_values
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_user
from kaoping.pages.page import Page
from kaoping.reports.models import SavedSummary

__all__ = ["SavedSummary"]
from kaoping.reports.nation import Nation, nation

NATION = "nation"
NOT_HERE = "自定义汇总在省级单位或部信息中心的页面使用"
MAX_SAVED = 50


@dataclass(frozen=True)
class Source:
    """The units of one level and the columns of one table offered there."""

    level: str  # NATION or the province's code
    title: str  # "江苏省各地市", "全国各省级单位"
    unit_label: str  # the first column's heading: 地市, 省级单位
    table: Table
    columns: list[AdhocColumn]
    units: list[Unit]
    note: str = ""  # the national coverage line


def national_of(page: Page) -> Nation | None:
    """The national view behind the ministry's page (None for a province's); 404 elsewhere."""
    if page.org.code != page.campaign.org_id:
        raise Http404(NOT_HERE)
    return nation(page.campaign, page.user) if is_national(page.campaign) else None


def levels(page: Page, found: Nation | None) -> list[tuple[str, str]]:
    """The levels this page offers, (key, label): a province its cities; the ministry the nation
    and each province it reads."""
    if found is None:
        return [(page.org.code, f"{page.org.name}各地市")]
    provinces = [(code, f"{c.org.name}各地市") for code, c in found.children.items()]
    return [(NATION, "全国各省级单位"), *provinces]


def source(page: Page, found: Nation | None, level: str, table_id: str) -> Source:
    """The units of ``level`` (one of ``levels``) and ``table_id``'s columns there."""
    if level not in dict(levels(page, found)):
        raise Http404("没有这个汇总层级")
    table = page.table(table_id)
    if found is None:
        return _cities(page.user, page.campaign, table)
    if level == NATION:
        return _nation(found, table)
    child = found.child(level)
    if child is None:
        raise Http404("没有这个汇总层级")
    return _cities(page.user, child, table)


def _cities(user: Actor, campaign: Campaign, table: Table) -> Source:
    survey = survey_for(campaign)
    data = load_survey_data(campaign, tables=frozenset({table.id}))
    merged = {**data.values, **computed_values(survey, data)}
    figures = base_figures(campaign)
    readable = set(access.allowed(user, Action.READ, [c.code for c in data.cities]))
    units = [
        Unit(c.code, c.name, city_values(table, data, merged, c.code), figures.get(c.code, {}))
        for c in data.cities
        if c.code in readable
    ]
    title = f"{data.province.name}各地市"
    return Source(data.province.code, title, "地市", table, city_columns(table), units)


def _nation(found: Nation, table: Table) -> Source:
    view = found.table(table.id)
    figures = _province_figures(list(found.children.values()))
    units = [Unit(p.code, p.name, values, figures.get(p.code, {})) for p, values in view.rows]
    columns = national_columns(table)
    return Source(NATION, "全国各省级单位", "省级单位", table, columns, units, found.coverage.summary)


def _province_figures(children: Sequence[Campaign]) -> dict[str, dict[str, Decimal]]:
    """Each province's base figures: its cities' added up (one query for all provinces)."""
    rows = (
        BaseFigure.objects.filter(campaign__in=children, key__in=FIGURES)
        .exclude(org_id__in=[c.org_id for c in children])
        .values_list("campaign__org_id", "key")
        .annotate(total=Sum("value"))
    )
    out: dict[str, dict[str, Decimal]] = {}
    for province, key, total in rows:
        out.setdefault(province, {})[key] = total
    return out


@dataclass(frozen=True)
class Built:
    levels: list[tuple[str, str]]
    source: Source
    spec: Spec
    grid: Grid


def build(page: Page, query: Mapping[str, Sequence[str]]) -> Built:
    """The page's summary for ``query``; ``AdhocError`` (in Chinese) for a choice it cannot make."""
    found = national_of(page)
    choices = levels(page, found)
    level = _first(query, "level") or choices[0][0]
    table = _first(query, "table") or page.survey.tables[0].id
    where = source(page, found, level, table)
    spec = read_spec(query, where.table.id, where.columns)
    return Built(choices, where, spec, summarise(where.columns, where.units, spec))


def _first(query: Mapping[str, Sequence[str]], name: str) -> str:
    value = query.get(name) or [""]
    return value if isinstance(value, str) else (value[0] if value else "")


def title_of(page: Page, found: Source) -> str:
    return f"{page.campaign.title} · {found.table.label} {found.table.title} · {found.title}"


def workbook(page: Page, built: Built) -> bytes:
    found, grid = built.source, built.grid
    lines = [f"共 {grid.units} 个单位，列出 {len(grid.rows)} 个"] + ([found.note] if found.note else [])
    return grid_workbook(title_of(page, found), lines, found.unit_label, grid)


def saved(user: Actor, page: Page, everywhere: bool = False) -> list[SavedSummary]:
    """The user's own summaries of this page (of organisations the user still reads); with
    ``everywhere``, those saved on other campaigns' pages too (this page's first): any of them
    opens here (``adhoc_saved.reopen``)."""
    mine = SavedSummary.objects.filter(user=actor_user(user)).select_related("campaign")
    if not everywhere:
        mine = mine.filter(campaign=page.campaign, org=page.org)
    found = list(access.restrict(mine, user, Action.READ))
    return sorted(found, key=lambda s: s.campaign_id != page.campaign.pk or s.org_id != page.org.code)


def save(user: Actor, page: Page, name: str, query: Mapping[str, Sequence[str]]) -> SavedSummary:
    """Keep ``query`` under ``name`` for ``user`` (the same name is replaced)."""
    owner = actor_user(user)
    if owner is None:
        raise AdhocError("命令行不能保存自定义汇总")
    name = name.strip()
    if not name or len(name) > 60 or texts.unencodable(name):
        raise AdhocError("请填写汇总名称（不超过 60 个字）")
    built = build(page, query)
    kept = {"level": [built.source.level], **built.spec.as_query()}
    table = built.source.table
    labels = {
        "level": dict(built.levels).get(built.source.level, ""),
        "table": f"{table.label} {table.title}",
        "c": {c.pick.token: c.label for c in built.grid.columns},
    }
    existing = SavedSummary.objects.filter(user=owner, campaign=page.campaign, org=page.org)
    if existing.count() >= MAX_SAVED and not existing.filter(name=name).exists():
        raise AdhocError(f"每个页面最多保存 {MAX_SAVED} 个自定义汇总")
    summary, _ = SavedSummary.objects.update_or_create(
        user=owner,
        campaign=page.campaign,
        org=page.org,
        name=name,
        defaults={"query": kept, "labels": labels},
    )
    return summary


def delete(user: Actor, summary_id: int) -> None:
    """Remove one of the user's own summaries (another's is not found)."""
    mine = access.restrict(SavedSummary.objects.filter(user=actor_user(user)), user, Action.READ)
    if not mine.filter(pk=summary_id).delete()[0]:
        raise AdhocError("没有这个自定义汇总")
