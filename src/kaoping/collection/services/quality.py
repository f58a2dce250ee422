"""The data-quality findings of a campaign (docs/spec.md §13), fed to the pure checks of
``kaoping.core.quality``: the base figures, the other provinces of a national campaign (their
stored summaries) and the baseline campaign's values.

What it reads, and only when the definition asks for it: the campaign's base figures (one
query); in a national campaign, the provinces' campaigns, their summaries and base figures
(three); with a baseline, its data stamp — its values are kept per process and stamp, so an
unchanged baseline is read once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from kaoping.collection.campaigns import CampaignError, base_figures, survey_for
from kaoping.collection.models import BaseFigure, Campaign
from kaoping.collection.services.reading import data_stamp, load_survey_data
from kaoping.core.definitions.model import Survey
from kaoping.core.findings import Finding
from kaoping.core.instance import CellKey, SurveyData, Value
from kaoping.core.quality.checks import (
    Explanations,
    Owned,
    change_findings,
    city_outliers,
    period_findings,
    province_outliers,
)
from kaoping.core.quality.mapping import mapped
from kaoping.core.quality.model import OutlierRule, Per, QualitySet
from kaoping.core.quality.units import Figures, city_units, province_units
from kaoping.core.rules.compute import computed_values
from kaoping.core.rules.context import Layout
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor

FIGURE_KEYS = frozenset({Per.POPULATION.value, Per.INSURED_URBAN.value, Per.COUNTIES.value})


def quality_owned(
    campaign: Campaign, survey: Survey, data: SurveyData, tables: frozenset[str] | None = None
) -> list[Owned]:
    """Every quality finding of the campaign's units (of ``tables``' rules only, when given),
    each with the unit it belongs to."""
    quality = survey.quality if tables is None else _only(survey.quality, tables)
    out: list[Owned] = []
    judged = _judgeable(quality.outliers, data)
    if judged:
        figures = base_figures(campaign) if _needs_figures(judged) else {}
        out += city_outliers(survey, judged, data, city_units(quality, data, figures))
    if quality.outliers and campaign.parent_id is not None:
        national = national_outliers(campaign, survey, quality, {data.province.code: data.explanations})
        out += [o for o in national if o[0] == data.province.code]
    with_baseline = campaign.baseline_id is not None and bool(quality.changes)
    needed = {r.table for r in quality.periods} | (
        {r.table for r in quality.changes} if with_baseline else set()
    )
    if not needed:
        return out
    merged = _merged(survey, data, needed)
    out += period_findings(survey, quality.periods, data, merged)
    if with_baseline:
        out += change_findings(survey, quality.changes, data, merged, baseline_values(campaign, survey))
    return out


def _only(quality: QualitySet, tables: frozenset[str]) -> QualitySet:
    return QualitySet(
        outliers=tuple(r for r in quality.outliers if r.table in tables),
        periods=tuple(r for r in quality.periods if r.table in tables),
        changes=tuple(r for r in quality.changes if r.table in tables),
        baselines=quality.baselines,
    )


def quality_findings(
    campaign: Campaign, survey: Survey, data: SurveyData, orgs: set[str] | None, tables: frozenset[str]
) -> list[Finding]:
    """The quality findings of ``tables`` about the rows ``orgs`` fill (None: every unit's)."""
    return [f for o, f in quality_owned(campaign, survey, data, tables) if orgs is None or o in orgs]


def _judgeable(rules: tuple[OutlierRule, ...], data: SurveyData) -> tuple[OutlierRule, ...]:
    """The rules with values from at least ``min_group`` cities: only they can find anything, so
    the base figures are read only then (a campaign's first days read none)."""
    out = []
    for rule in rules:
        filled = sum(1 for c in data.cities if data.values.get((rule.table, c.code, rule.column)) is not None)
        if filled >= rule.min_group:
            out.append(rule)
    return tuple(out)


def _needs_figures(rules: tuple[OutlierRule, ...]) -> bool:
    return any(r.per is not None and r.per.value in FIGURE_KEYS for r in rules)


def _merged(survey: Survey, data: SurveyData, tables: Iterable[str]) -> dict[CellKey, Value]:
    """Stored values with the computed ones (totals) of ``tables``."""
    layout = Layout.build(survey, data, frozenset(tables))
    return {**data.values, **computed_values(survey, data, layout)}


def national_outliers(
    campaign: Campaign, survey: Survey, quality: QualitySet, explanations: Mapping[str, Explanations]
) -> list[Owned]:
    """The provinces of ``campaign``'s national campaign judged among themselves
    (``explanations``: the 说明 of the provinces at hand, by province)."""
    from kaoping.collection import summaries  # it reads through this package: imported late

    siblings = list(Campaign.objects.filter(parent_id=campaign.parent_id).select_related("snapshot"))
    stored = summaries.stored(siblings)
    figures = _province_figures(campaign.parent_id or "", siblings)
    rows = [(c.org_id, stored[c.pk].tables, len(c.members)) for c in siblings]
    units = province_units(quality, rows, figures)
    return province_outliers(survey, quality.outliers, units, explanations)


def _province_figures(national: str, siblings: list[Campaign]) -> Figures:
    """Each province's base figures: the national campaign's where entered, else the sum of its
    cities' in its own campaign when every city has that figure."""
    by_campaign = {c.pk: c for c in siblings}
    national_figures: dict[str, dict[str, Decimal]] = {}
    summed: dict[str, dict[str, list[Decimal]]] = {}
    found = BaseFigure.objects.filter(campaign_id__in=[national, *by_campaign]).values_list(
        "campaign_id", "org_id", "key", "value"
    )
    for campaign_id, org, key, value in found:
        if campaign_id == national:
            national_figures.setdefault(org, {})[key] = value
        else:
            summed.setdefault(by_campaign[campaign_id].org_id, {}).setdefault(key, []).append(value)
    out: dict[str, dict[str, Decimal]] = {}
    for c in siblings:
        cities = len(c.members)
        own = {k: sum(v, Decimal(0)) for k, v in summed.get(c.org_id, {}).items() if len(v) == cities}
        out[c.org_id] = {**own, **national_figures.get(c.org_id, {})}
    return out


_BASELINES: dict[tuple[str, str, str], dict[CellKey, Value]] = {}
_KEEP = 32


def baseline_values(campaign: Campaign, survey: Survey) -> dict[CellKey, Value]:
    """The baseline's values (computed totals included) in this definition's keys."""
    key = (str(campaign.baseline_id), data_stamp(Campaign(pk=campaign.baseline_id)), survey.ref)
    if key not in _BASELINES:  # read once per process while the baseline stays as it is
        if len(_BASELINES) >= _KEEP:
            _BASELINES.clear()
        baseline = Campaign.objects.select_related("snapshot").get(pk=campaign.baseline_id)
        earlier = survey_for(baseline)
        data = load_survey_data(baseline)
        merged = {**data.values, **computed_values(earlier, data)}
        how = survey.quality.baseline_map(earlier.ref) if earlier.ref != survey.ref else None
        _BASELINES[key] = mapped(survey, merged, how)
    return _BASELINES[key]


def baseline_refusal(campaign: Campaign, baseline: Campaign) -> str | None:
    """Why ``baseline`` cannot be ``campaign``'s baseline (Chinese), or None."""
    if baseline.pk == campaign.pk:
        return "基期任务不能是本任务"
    if baseline.kind != "survey" or baseline.org_id != campaign.org_id:
        return "基期任务应为同一组织的调查任务"
    if baseline.opens >= campaign.opens:
        return "基期任务应早于本任务"
    mapped_ok = survey_for(campaign).quality.baseline_map(baseline.snapshot.ref) is not None
    if baseline.snapshot.ref != campaign.snapshot.ref and not mapped_ok:
        return f"本任务的定义没有声明与 {baseline.snapshot.title} 的对应关系"
    return None


def set_baseline(user: Actor, campaign: Campaign, baseline_id: str) -> None:
    """Name ``baseline_id`` as ``campaign``'s baseline (a national campaign's: each province's
    campaign gets the baseline's campaign of the same province), or CampaignError saying why not."""
    access.require(user, Action.OPEN_CAMPAIGN, campaign.org_id)
    baseline = Campaign.objects.select_related("snapshot").filter(pk=baseline_id).first()
    if baseline is None:
        raise CampaignError(f"基期任务 {baseline_id[:60]} 不存在")
    pairs = [(campaign, baseline)]
    earlier = {c.org_id: c for c in Campaign.objects.filter(parent=baseline).select_related("snapshot")}
    for child in Campaign.objects.filter(parent=campaign).select_related("snapshot"):
        if child.org_id in earlier:
            pairs.append((child, earlier[child.org_id]))
    for one, before in pairs:
        refusal = baseline_refusal(one, before)
        if refusal is not None:
            raise CampaignError(refusal)
    for one, before in pairs:
        one.baseline = before
        one.save(update_fields=["baseline"])
