"""Definition snapshots, opening campaigns, base figures and the per-process survey cache."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from kaoping.collection.deadlines import window_open
from kaoping.collection.figures import BASE_FIGURE_KEYS, read_figures
from kaoping.collection.models import BaseFigure, Campaign, DefinitionSnapshot, ListRow, TableVersion, Value
from kaoping.core import texts
from kaoping.core.definitions.loader import (
    find_definition,
    load_survey_from_texts,
    read_definition_texts,
)
from kaoping.core.definitions.model import Survey
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.orgs.configlog import record_config
from kaoping.orgs.models import Organisation

__all__ = ["BASE_FIGURE_KEYS"]

# Snapshots are immutable, so a loaded Survey can be kept for the life of the process,
# keyed by the texts' digest (content-addressed: never stale, whatever the database).
_SURVEYS: dict[str, Survey] = {}


def _digest(files: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(files, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


TITLE = 200  # a campaign's 报表名称 (Campaign.title), docs/spec.md §5.3


class CampaignError(ValueError):
    """A campaign cannot be opened as asked (message in Chinese)."""


def definitions_root() -> Path:
    return Path(settings.DEFINITIONS_DIR)


def snapshot_definition(ref: str, root: Path | None = None) -> DefinitionSnapshot:
    """Store (or reuse) the snapshot of ``survey-2015`` / ``survey-2015@1`` as it is on disk now."""
    directory = find_definition(root or definitions_root(), ref)
    files = read_definition_texts(directory)
    digest = _digest(files)
    survey = _SURVEYS.get(digest)
    if survey is None:
        survey = load_survey_from_texts(files, source=str(directory))  # refuses a broken definition
        _SURVEYS[digest] = survey
    return store_snapshot(survey.ref, files, "survey")


def store_snapshot(ref: str, files: dict[str, str], kind: str) -> DefinitionSnapshot:
    """The stored snapshot of these definition texts (``kind``: survey or rubric), made once."""
    snapshot, _ = DefinitionSnapshot.objects.get_or_create(
        ref=ref, sha256=_digest(files), defaults={"files": files, "kind": kind}
    )
    return snapshot


def snapshot_digest(ref: str, root: Path | None = None) -> str:
    """The digest a snapshot of ``ref`` taken now would have."""
    return _digest(read_definition_texts(find_definition(root or definitions_root(), ref)))


def survey_for(campaign: Campaign) -> Survey:
    """The campaign's definition, loaded once per process from its snapshot texts."""
    if campaign.kind != "survey":  # an evaluation's snapshot is a rubric, not a survey
        from django.http import Http404

        raise Http404(f"任务 {campaign.pk} 不是调查任务")
    return survey_for_snapshot(campaign.snapshot)


@dataclass(frozen=True)
class CampaignSpec:
    id: str
    definition: str  # "survey-2015" or "survey-2015@1"
    org: str
    opens: date
    closes: date
    title: str | None = None
    status: str = "open"
    reference_date: date | None = None
    forecast_date: date | None = None
    copy_from: str | None = None
    lock_at_deadline: bool = False  # 截止后锁定填报 (docs/spec.md §14.2)
    baseline: str | None = None  # 基期任务: the earlier campaign it is compared with (docs/spec.md §13)


@dataclass(frozen=True)
class Opening:
    """A campaign's definition, snapshotted, and what the campaign takes from it."""

    kind: str  # the campaign's kind: survey | evaluation
    snapshot: DefinitionSnapshot
    title: str
    reference_date: date | None = None
    forecast_date: date | None = None


def survey_opening(ref: str) -> Opening:
    snapshot = snapshot_definition(ref)
    survey = survey_for_snapshot(snapshot)
    return Opening("survey", snapshot, survey.title, survey.reference_date, survey.forecast_date)


@transaction.atomic
def open_campaign(
    user: Actor,
    spec: CampaignSpec,
    opening: Callable[[str], Opening] = survey_opening,
    *,
    parent: Campaign | None = None,
    members: Sequence[str] | None = None,
) -> Campaign:
    """Open a campaign for an organisation and its subtree; optionally start from another's values.

    ``opening`` snapshots ``spec.definition``: a survey by default (an evaluation passes its
    rubric's). ``parent``: the national campaign a province's belongs to; ``members``: the
    units taking part (default: every active unit directly below ``spec.org``)."""
    access.require(user, Action.OPEN_CAMPAIGN, spec.org)
    if Campaign.objects.filter(pk=spec.id).exists():
        raise CampaignError(f"任务编号 {spec.id} 已存在")
    if spec.closes < spec.opens:
        raise CampaignError("填报结束日期早于开始日期")
    too_long = texts.refusal(spec.title or "", TITLE, "任务名称")
    if too_long is not None:
        raise CampaignError(too_long)
    org = Organisation.objects.filter(pk=spec.org).first()
    if org is None:
        raise CampaignError(f"组织 {spec.org} 不存在")
    source = None
    if spec.copy_from:
        source = Campaign.objects.filter(pk=spec.copy_from).first()
        if source is None:
            raise CampaignError(f"初始数据来源任务 {spec.copy_from} 不存在")
        if source.org_id != spec.org:
            raise CampaignError("只能从同一组织的任务复制数据")
    definition = opening(spec.definition)
    campaign = Campaign.objects.create(
        id=spec.id,
        title=spec.title or definition.title,
        kind=definition.kind,
        snapshot=definition.snapshot,
        org=org,
        status=spec.status,
        reference_date=spec.reference_date or definition.reference_date,
        forecast_date=spec.forecast_date or definition.forecast_date,
        opens=spec.opens,
        closes=spec.closes,
        lock_at_deadline=bool(spec.lock_at_deadline),
        copy_from=source,
        parent=parent,
        members=list(members or []),
        created_by=getattr(user, "username", ""),
    )
    if source is not None:
        _copy_values(source, campaign)
    _default_counties(campaign)
    opened = f"{campaign.title}，{campaign.snapshot.ref}，{campaign.opens} 至 {campaign.closes}"
    record_config(user, "开启任务", campaign.id, campaign.org_id, "", opened)
    return campaign


def _default_counties(campaign: Campaign) -> None:
    """Each member's 县级单位数 from the tree, unless the campaign already has one (copied)."""
    entered = set(campaign.base_figures.filter(key="counties").values_list("org_id", flat=True))
    BaseFigure.objects.bulk_create(
        BaseFigure(campaign=campaign, org=org, key="counties", value=Decimal(org.counties))
        for org in member_orgs(campaign)
        if org.counties is not None and org.code not in entered
    )


def survey_for_snapshot(snapshot: DefinitionSnapshot) -> Survey:
    survey = _SURVEYS.get(snapshot.sha256)
    if survey is None:
        survey = load_survey_from_texts(snapshot.files, source=f"snapshot:{snapshot.ref}")
        _SURVEYS[snapshot.sha256] = survey
    return survey


def _copy_values(source: Campaign, target: Campaign) -> None:
    """Start from an earlier campaign's cells, list rows and base figures (no audit: a new start)."""
    survey = survey_for(target)
    known = {(t.id, c.key) for t in survey.tables for c in t.columns}
    Value.objects.bulk_create(
        Value(
            campaign=target,
            org_id=v.org_id,
            table=v.table,
            row=v.row,
            column=v.column,
            text=v.text,
            valid=v.valid,
        )
        for v in source.values.all()
        if (v.table, v.column) in known
    )
    ListRow.objects.bulk_create(
        ListRow(
            campaign=target, org_id=r.org_id, table=r.table, section=r.section, key=r.key, position=r.position
        )
        for r in source.list_rows.all()
    )
    BaseFigure.objects.bulk_create(
        BaseFigure(campaign=target, org_id=b.org_id, key=b.key, value=b.value)
        for b in source.base_figures.all()
    )
    TableVersion.objects.bulk_create(
        TableVersion(campaign=target, org_id=o, table=t, version=1)
        for o, t in target.values.values_list("org_id", "table").distinct()
    )


def set_base_figures(user: Actor, campaign: Campaign, figures: Mapping[str, Mapping[str, object]]) -> None:
    """``{org code: {key: value}}`` entered by the province for its cities: each held to its
    type, precision and bound (``kaoping.collection.figures``), or CampaignError naming every
    unit and figure refused; nothing is saved then."""
    access.require(user, Action.OPEN_CAMPAIGN, campaign.org_id)
    names = {o.code: o.name for o in member_orgs(campaign)}
    checked, problems = read_figures(figures, names)
    if problems:
        raise CampaignError("；".join(problems))
    old = base_figures(campaign)
    with transaction.atomic():
        for org_code, values in checked.items():
            for key, value in values.items():
                BaseFigure.objects.update_or_create(
                    campaign=campaign, org_id=org_code, key=key, defaults={"value": value}
                )
        was, now = _figures_text(old), _figures_text(checked)
        record_config(user, "测算基数", campaign.id, campaign.org_id, was, now)


def _figures_text(figures: Mapping[str, Mapping[str, object]]) -> str:
    """``320100 population=850; …`` in code order: what a configuration change records."""
    return "; ".join(
        f"{org} " + " ".join(f"{key}={value}" for key, value in sorted(values.items()))
        for org, values in sorted(figures.items())
    )


def base_figures(campaign: Campaign) -> dict[str, dict[str, Decimal]]:
    out: dict[str, dict[str, Decimal]] = {}
    for org_code, key, value in campaign.base_figures.values_list("org_id", "key", "value"):
        # 县级单位数 is a count: shown as 11, not 11.00.
        out.setdefault(org_code, {})[key] = Decimal(int(value)) if key == "counties" else value
    return out


def campaign_json(campaign: Campaign) -> dict[str, object]:
    """The campaign object of docs/spec.md §10.3 (``parent``: docs/spec.md §11; ``baseline``: §13)."""
    return {
        "id": campaign.id,
        "kind": campaign.kind,
        "definition": campaign.snapshot.ref,
        "org": campaign.org_id,
        "status": campaign.status,
        "opens": campaign.opens.isoformat(),
        "closes": campaign.closes.isoformat(),
        "parent": campaign.parent_id,  # a province's campaign in a national one: the national id
        "baseline": campaign.baseline_id,  # the earlier campaign compared with, or None
    }


def campaigns_query() -> QuerySet[Campaign]:
    """Campaigns with their snapshot's identity but not its YAML texts: those are read only
    when a process first parses the definition (``survey_for_snapshot``)."""
    return Campaign.objects.select_related("snapshot", "org").defer("snapshot__files")


def visible_campaigns(user: Actor, only: str | None = None) -> list[Campaign]:
    """Campaigns of an organisation the user reads, or covering one where the user holds a role
    (``only``: just that campaign, if visible)."""
    query = campaigns_query() if only is None else campaigns_query().filter(pk=only)
    return list(access.restrict(query, user, Action.READ, covering=True).order_by("-opens", "id"))


def takes_part(user: Actor, campaign: Campaign, org_code: str) -> bool:
    """The campaign's own organisation or one of its members (the units below it when it opened)."""
    return is_member(campaign, org_code)


def is_member(campaign: Campaign, org_code: str) -> bool:
    return org_code == campaign.org_id or org_code in campaign.members


def member_orgs(campaign: Campaign) -> list[Organisation]:
    """The campaign's members (its cities, for a province's campaign), in the order it opened with."""
    found = Organisation.objects.in_bulk(campaign.members)
    return [found[code] for code in campaign.members if code in found]


def is_fillable(campaign: Campaign, today: date | None = None, org_code: str | None = None) -> bool:
    """Open, begun, and not past ``org_code``'s deadline if entry locks there (docs/spec.md §14.2)."""
    return window_open(campaign, today, org_code)
