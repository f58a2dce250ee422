"""Recomputing a national campaign's derived data as a background job (docs/spec.md §14).

What the ministry's pages read of each province — its stored summary: its rows of every
national view and its 表1 facts (``collection.summaries``) — is recomputed on every save and
submission; a bulk load, a restored backup or a new release may leave it behind. The full
recomputation rebuilds every province's summary from its values, a step per province, in a
worker (``summaries.refresh``). Asked for a province's own campaign (one inside a national
one), it rebuilds that one.

Its key is the campaign, its definition and the version of every province's tables (every save
moves one forward): asking again before anything was saved joins the job running or done, and
a save gives a new one. Who may ask: whoever opens campaigns where it was opened (部管理员 for a
national campaign, 省管理员 for their province's).
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.http import Http404

from kaoping.collection import summaries
from kaoping.collection.models import Campaign, TableVersion
from kaoping.collection.national import is_national, national_children
from kaoping.jobs.kinds import JobKind, Order, Output, Params, Progress
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor

NOTHING = "该任务没有需要重新计算的全国汇总数据（只适用于全国任务及其各省任务）"


def _units(actor: Actor, params: Params) -> tuple[Campaign, list[Campaign]]:
    """The campaign asked for and the provincial campaigns whose summaries it recomputes."""
    found = Campaign.objects.filter(pk=str(params.get("campaign", ""))).select_related("org").first()
    if found is None or not access.can(actor, Action.READ, found.org_id):
        raise Http404("任务不存在或无权查看")
    access.require(actor, Action.OPEN_CAMPAIGN, found.org_id)
    if is_national(found):
        return found, list(national_children(found).select_related("org"))
    if summaries.in_national(found):
        return found, [found]
    raise Http404(NOTHING)


def stamp(units: list[Campaign]) -> str:
    """The version of every unit's tables (one query): versions only grow, so their sum and
    count change with every save."""
    seen = TableVersion.objects.filter(campaign__in=units).aggregate(total=Sum("version"), tables=Count("id"))
    definitions = ",".join(sorted({str(u.snapshot_id) for u in units}))
    return f"{seen['total'] or 0}-{seen['tables']}-{definitions}"


def check(actor: Actor, params: Params) -> None:
    _units(actor, params)


def order(actor: Actor, params: Params) -> Order:
    campaign, units = _units(actor, params)
    return Order(
        key=f"recompute:{campaign.pk}:{len(units)}:{stamp(units)}",
        label=f"{campaign.title} · 重新计算各省汇总",
    )


def build(actor: Actor, params: Params, progress: Progress) -> Output:
    _campaign, units = _units(actor, params)
    progress.start(len(units), f"共 {len(units)} 个省级单位")
    for unit in units:
        summaries.refresh(unit)
        progress.advance(f"已重新计算 {unit.org.name}")
    return Output(summary={"units": len(units)})


RECOMPUTE = JobKind("recompute", check=check, order=order, build=build)
