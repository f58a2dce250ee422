"""Jiangsu's campaign in the national demo: a copy of ``demo-2015`` (cells, list rows, base
figures, 说明, table versions, history and workflow states), with two cities further along —
南京 approved by the 省审核员, 无锡 submitted and waiting for it — so that the province's own
review has work in the national campaign too."""

from __future__ import annotations

from django.db import models

from kaoping.collection.models import (
    AuditEntry,
    BaseFigure,
    Campaign,
    Explanation,
    ListRow,
    TableVersion,
    Value,
)
from kaoping.demo.build import DEMO_CAMPAIGN
from kaoping.demo.national.states import city_steps
from kaoping.workflow.models import APPROVED, IN_PROGRESS, SUBMITTED, Submission, Transition

JIANGSU = "320000"
FURTHER = {
    "320100": (APPROVED, "nanjing_fuze"),
    "320200": (SUBMITTED, "wuxi_fuze"),
}  # city → (status, 市负责人)
PROVINCE_REVIEWER = "sheng_shenhe"


def copy_jiangsu(target: Campaign) -> None:
    source = Campaign.objects.filter(pk=DEMO_CAMPAIGN).first()
    if source is None:
        return  # no Jiangsu demo to copy: the province stays empty
    for model in (Value, ListRow, Explanation, TableVersion, AuditEntry):
        _copy_rows(model, source, target)
    _copy_rows(BaseFigure, source, target, exclude={"key": "counties"})  # the tree's, set at opening
    _copy_states(source, target)


def _copy_rows(
    model: type[models.Model], source: Campaign, target: Campaign, exclude: dict[str, str] | None = None
) -> None:
    names = [
        f.attname for f in model._meta.concrete_fields if not f.primary_key and f.attname != "campaign_id"
    ]
    rows = model._default_manager.filter(campaign=source).exclude(**(exclude or {})).order_by("pk")
    model._default_manager.bulk_create(
        [model(campaign_id=target.pk, **{name: getattr(row, name) for name in names}) for row in rows],
        batch_size=1000,
    )


def _copy_states(source: Campaign, target: Campaign) -> None:
    """The source's submissions and transitions, then 南京 and 无锡 moved on."""
    old = list(Submission.objects.filter(campaign=source).order_by("pk"))
    new = [
        Submission(
            campaign=target,
            org_id=s.org_id,
            status=s.status,
            note=s.note,
            reason=s.reason,
            changed_by=s.changed_by,
        )
        for s in old
    ]
    Submission.objects.bulk_create(new)
    mapped = {o.pk: n for o, n in zip(old, new, strict=True)}
    history = Transition.objects.filter(submission__campaign=source).order_by("pk")
    steps = [
        Transition(
            submission=mapped[t.submission_id],
            action=t.action,
            old=t.old,
            new=t.new,
            text=t.text,
            user_id=t.user_id,
            actor=t.actor,
        )
        for t in history
    ]
    for submission in new:
        status, leader = FURTHER.get(submission.org_id, (None, ""))
        if status is None or submission.status != IN_PROGRESS:
            continue
        further = city_steps(leader, PROVINCE_REVIEWER, status)[1:]  # it is already 填报中
        steps += [
            Transition(submission=submission, action=a, old=o, new=n, text=x, actor=who)
            for a, o, n, x, who in further
        ]
        submission.status, submission.changed_by = status, further[-1][4]
        submission.save(update_fields=["status", "changed_by", "changed_at"])
    Transition.objects.bulk_create(steps)
