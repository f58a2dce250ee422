"""催报 sent now from the 报送进度 page (one unit, or every unit not yet submitted) as a
background job (docs/spec.md §14): the page shows its bar, unit by unit, then what was done.

For each unit the job issues the reminder (in the product at once: the banner and the
notifications of its fillers and leaders) and sends that reminder's e-mails and SMS now. Its key
is what it sends: the campaign, the unit (or the list of late units), the day (Asia/Shanghai)
and the text. A unit is reminded at most once a day (``one_reminder_a_day``), and a delivery is
claimed by one conditional UPDATE before it is sent — so a second click, or the job delivered
twice, issues nothing new and sends nothing twice; a second run only sends what the first left
unsent.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kaoping.collection.campaigns import is_member
from kaoping.collection.deadlines import today
from kaoping.collection.models import Campaign
from kaoping.jobs.kinds import JobKind, JobRefused, Order, Output, Params, Progress
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_name
from kaoping.orgs.models import Organisation
from kaoping.pages.page import open_page
from kaoping.workflow.delivery import deliver_pending
from kaoping.workflow.models import MANUAL, Reminder
from kaoping.workflow.reminders import can_remind, default_text, issue, late_units
from kaoping.workflow.states import reviewer_label, unlocker_label

Units = list[tuple[Campaign, str]]


def _units(actor: Actor, params: Params) -> tuple[Campaign, Units]:
    """The campaign the request names and the units to remind (checked as the page checks)."""
    org = str(params.get("org", ""))
    if org:
        page = open_page(actor, str(params.get("campaign", "")), org)
        if not can_remind(actor, page.org.code):
            label = f"{reviewer_label(page.campaign, org)}或{unlocker_label(page.campaign, org)}"
            raise PermissionDenied(f"无权催报：需要{label}角色")
        if not is_member(page.campaign, page.org.code):
            raise JobRefused(f"组织 {page.org.code} 不属于任务 {page.campaign.pk}")
        return page.campaign, [(page.campaign, page.org.code)]
    campaign = Campaign.objects.select_related("org").filter(pk=str(params.get("campaign", ""))).first()
    if campaign is None or campaign.kind != "survey":
        raise Http404("任务不存在")
    access.require(actor, Action.READ, campaign.org_id)
    return campaign, late_units(actor, campaign)


def check(actor: Actor, params: Params) -> None:
    _units(actor, params)


def order(actor: Actor, params: Params) -> Order:
    campaign, units = _units(actor, params)
    listed = ",".join(f"{c.pk}/{code}" for c, code in units)
    text = str(params.get("text", "")).strip()
    digest = hashlib.sha256(f"{listed}|{text}".encode()).hexdigest()[:20]
    which = params.get("org") or "late"
    if params.get("org"):
        label = f"{campaign.title} · 催报 {_names([units[0][1]])}"
    else:
        label = f"{campaign.title} · 催报全部未上报单位（{len(units)} 个）"
    return Order(key=f"reminders:{campaign.pk}:{which}:{today().isoformat()}:{digest}", label=label)


def _names(codes: list[str]) -> str:
    names = dict(Organisation.objects.filter(code__in=codes).values_list("code", "name"))
    return "、".join(names.get(code, code) for code in codes)


def _todays(campaign: Campaign, org_code: str) -> Reminder | None:
    return Reminder.objects.filter(campaign=campaign, org_id=org_code, kind=MANUAL, day=today()).first()


def build(actor: Actor, params: Params, progress: Progress) -> Output:
    _, units = _units(actor, params)
    day, sender, text = today(), actor_name(actor), str(params.get("text", "")).strip()
    progress.start(len(units), f"共 {len(units)} 个单位")
    counts = {"reminded": 0, "already": 0, "sent": 0, "failed": 0}
    names = dict(Organisation.objects.filter(code__in=[c for _, c in units]).values_list("code", "name"))
    for unit_campaign, code in units:
        wording = text or default_text(unit_campaign, code, MANUAL, day)
        reminder = issue(unit_campaign, code, MANUAL, wording, sender, day)
        counts["reminded" if reminder is not None else "already"] += 1
        reminder = reminder or _todays(unit_campaign, code)  # a second run: send what is left
        if reminder is not None:
            sent, failed = deliver_pending(reminder=reminder)
            counts["sent"] += sent
            counts["failed"] += failed
        progress.advance(f"已催报 {names.get(code, code)}")
    return Output(summary={**counts, "units": len(units), "text": result_text(counts, len(units))})


def result_text(counts: dict[str, Any], units: int) -> str:
    if not units:
        return "没有需要催报的单位（都已上报）"
    parts = [f"已催报 {counts['reminded']} 个单位"]
    if counts["already"]:
        parts.append(f"{counts['already']} 个单位今天已催报过，明天可再次催报")
    parts.append(f"发出短信和邮件 {counts['sent']} 条")
    if counts["failed"]:
        parts.append(f"{counts['failed']} 条发送失败，稍后自动重试（见催报记录）")
    return "；".join(parts)


REMINDERS = JobKind("reminders", check=check, order=order, build=build)
