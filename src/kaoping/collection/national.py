"""The national campaign (docs/spec.md §11): 部管理员 opens it at the ministry for the
provincial units taking part; below it, each province gets its own campaign, run with its
cities exactly as a province's campaign is. Values stay keyed per provincial campaign, so the
省本级 and 合计 rows of different provinces never meet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from django.db import transaction
from django.db.models import QuerySet

from kaoping.collection.campaigns import CampaignError, CampaignSpec, Opening, campaigns_query, open_campaign
from kaoping.collection.models import Campaign
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.orgs.models import Organisation

ID_LENGTH = 60  # Campaign.id
CHILD_SUFFIX = len("-000000")


def ministry_code() -> str:
    """The root of the tree (部信息中心)."""
    found = Organisation.objects.filter(level="ministry", parent__isnull=True).values_list("code", flat=True)
    code = found.first()
    if code is None:
        raise CampaignError("组织树中没有部级组织：请先运行 kaoping orgs sync")
    return code


def child_id(national_id: str, province: str) -> str:
    """The id of a province's campaign in a national one: ``nat-2015-320000``."""
    return f"{national_id}-{province}"


def is_national(campaign: Campaign) -> bool:
    """A survey campaign opened at the ministry for the provinces."""
    return campaign.kind == "survey" and campaign.org.level == "ministry"


def national_children(campaign: Campaign) -> QuerySet[Campaign]:
    """The provinces' campaigns of a national campaign, in the tree's order."""
    return campaigns_query().filter(parent=campaign).order_by("org__position", "org__code")


def provincial_units(ministry: str, chosen: Sequence[str] | None) -> list[str]:
    """The chosen provincial units in the tree's order (all active ones when ``chosen`` is None);
    anything else named is refused."""
    active = list(
        Organisation.objects.filter(parent_id=ministry, level="province", active=True)
        .order_by("position", "code")
        .values_list("code", flat=True)
    )
    if chosen is None:
        return active
    wanted = {str(code) for code in chosen}
    unknown = sorted(wanted - set(active))
    if unknown:
        shown = "、".join(code[:12] for code in unknown[:5]) + ("…" if len(unknown) > 5 else "")
        raise CampaignError(f"不是现行的省级单位：{shown}")
    if not wanted:
        raise CampaignError("请至少选择一个省级单位")
    return [code for code in active if code in wanted]


@transaction.atomic
def open_national_campaign(
    user: Actor, spec: CampaignSpec, provinces: Sequence[str] | None = None
) -> Campaign:
    """Open the national campaign at the ministry (``spec.org`` is ignored) for ``provinces``
    (default: every active provincial unit) and one campaign per province below it.

    Run again with the same id, it adds the provinces not yet in it (with the national
    campaign's definition snapshot, dates and title) and changes nothing else."""
    ministry = ministry_code()
    access.require(user, Action.OPEN_CAMPAIGN, ministry)
    if len(spec.id) + CHILD_SUFFIX > ID_LENGTH:
        raise CampaignError(
            f"全国任务的编号至多 {ID_LENGTH - CHILD_SUFFIX} 个字符（其下各省任务在其后加省级代码）"
        )
    if spec.copy_from:
        raise CampaignError("全国任务不能从已有任务复制初始数据")
    chosen = provincial_units(ministry, provinces)
    national = Campaign.objects.select_for_update().filter(pk=spec.id).first()
    if national is None:
        national = open_campaign(user, replace(spec, org=ministry), members=chosen)
    else:
        _check_same(national, ministry, spec)
        added = [code for code in chosen if code not in national.members]
        if added:
            national.members = [*national.members, *added]
            national.save(update_fields=["members"])
    present = set(national.children.values_list("org_id", flat=True))
    for province in chosen:
        if province not in present:
            _open_province(user, national, province)
    return national


def _check_same(national: Campaign, ministry: str, spec: CampaignSpec) -> None:
    if national.org_id != ministry or national.kind != "survey":
        raise CampaignError(f"任务编号 {spec.id} 已存在")
    if national.snapshot.ref.partition("@")[0] != spec.definition.partition("@")[0]:
        raise CampaignError(f"任务编号 {spec.id} 已存在，且所用定义不同")


def _open_province(user: Actor, national: Campaign, province: str) -> Campaign:
    """The province's campaign: the national one's snapshot, dates and title; its cities."""
    same = Opening(
        national.kind, national.snapshot, national.title, national.reference_date, national.forecast_date
    )
    spec = CampaignSpec(
        id=child_id(national.id, province),
        definition=national.snapshot.ref,
        org=province,
        opens=national.opens,
        closes=national.closes,
        lock_at_deadline=national.lock_at_deadline,
        title=national.title,
        status=national.status,
        reference_date=national.reference_date,
        forecast_date=national.forecast_date,
    )
    return open_campaign(user, spec, lambda _ref: same, parent=national)


@transaction.atomic
def open_survey(user: Actor, spec: CampaignSpec, provinces: Sequence[str] | None = None) -> Campaign:
    """Open a survey campaign at ``spec.org``: at the ministry, a national campaign (for
    ``provinces``, default all); elsewhere a province's campaign for its cities. With
    ``spec.baseline``, compared with that earlier campaign (refused in words: nothing opened)."""
    level = Organisation.objects.filter(pk=spec.org).values_list("level", flat=True).first()
    if level == "ministry":
        campaign = open_national_campaign(user, spec, provinces)
    elif provinces is not None:
        raise CampaignError("只有全国任务（部信息中心开启）可以选择省级单位")
    else:
        campaign = open_campaign(user, spec)
    if spec.baseline:
        from kaoping.collection.services import set_baseline  # the services read campaigns: late

        set_baseline(user, campaign, spec.baseline)
    return campaign
