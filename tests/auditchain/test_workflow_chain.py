"""The workbench's verdicts and the reminders' delivery tries are sealed into the audit chain in
the transaction that writes them (``VerdictLog``, ``DeliveryTry``), and ``verify`` finds their
tampering, on both engines. Positions are counted from the demo's own chain head ``h``: the
acceptance of 徐州's 说明 is h+1, a failed e-mail try h+2, the rejection's return (a
``Transition``) h+3 and the rejection itself h+4."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection

from kaoping.auditchain.chain import head
from kaoping.auditchain.models import Link
from kaoping.auditchain.verify import CHANGED, REMOVED, verify
from kaoping.workflow import verdicts
from kaoping.workflow.models import (
    EMAIL,
    SUBMITTED,
    Delivery,
    DeliveryTry,
    Reminder,
    Submission,
    Verdict,
    VerdictLog,
)

pytestmark = pytest.mark.django_db

XUZHOU, RULE, TABLE, COLUMN = "320300", "V12-STAFF", "T12", "city_staff"


def test_verdicts_and_tries_are_chained_and_their_tampering_found(  # type: ignore[no-untyped-def]
    demo, province_reviewer, nanjing_reporter
) -> None:
    campaign, h = demo.campaign, head()[0]
    warning = verdicts.Warning(campaign, XUZHOU, TABLE, XUZHOU, COLUMN, rule=RULE)
    verdicts.accept(province_reviewer, warning)
    reminder = Reminder.objects.create(campaign=campaign, org_id=XUZHOU, text="请尽快上报", sender="cli:op")
    delivery = Delivery.objects.create(
        reminder=reminder, user=nanjing_reporter, channel=EMAIL, address="a@b.cn"
    )
    tried = DeliveryTry.objects.create(delivery=delivery, ok=False, detail="连接邮件服务器超时")
    # reject returns the unit: it must be 已上报 (set as the workbench test does; not audited)
    Submission.objects.update_or_create(campaign=campaign, org_id=XUZHOU, defaults={"status": SUBMITTED})
    verdicts.reject(province_reviewer, warning, "请核实编制数")
    kinds = list(Link.objects.filter(seq__gt=h).order_by("seq").values_list("seq", "kind"))
    assert kinds == [
        (h + 1, "workflow.verdictlog"),
        (h + 2, "workflow.deliverytry"),
        (h + 3, "workflow.transition"),
        (h + 4, "workflow.verdictlog"),
    ]
    assert (tried.campaign_id, tried.org_id, tried.user_id, tried.channel) == (
        campaign.pk,
        XUZHOU,
        nanjing_reporter.pk,
        EMAIL,
    )
    logs = list(VerdictLog.objects.order_by("id").values_list("verdict", "comment", "actor"))
    assert logs == [
        ("accepted", "", province_reviewer.username),
        ("rejected", "请核实编制数", province_reviewer.username),
    ]
    assert Verdict.objects.get(campaign=campaign, rule=RULE).verdict == "rejected"  # the one that stands
    assert verify().problems == []
    first = VerdictLog.objects.order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE workflow_verdictlog SET verdict = %s WHERE id = %s", ["rejected", first.pk])
        cursor.execute("UPDATE workflow_deliverytry SET detail = %s WHERE id = %s", ["已发送", tried.pk])
    assert [(p.kind, p.position) for p in verify().problems] == [(CHANGED, h + 1), (CHANGED, h + 2)]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM workflow_deliverytry WHERE id = %s", [tried.pk])
    assert [(p.kind, p.position) for p in verify().problems] == [(CHANGED, h + 1), (REMOVED, h + 2)]


def test_a_deleted_campaign_leaves_its_tries(campaign, nanjing_reporter) -> None:  # type: ignore[no-untyped-def]
    reminder = Reminder.objects.create(campaign=campaign, org_id="320100", text="请上报", sender="cli:op")
    delivery = Delivery.objects.create(
        reminder=reminder, user=nanjing_reporter, channel=EMAIL, address="a@b.cn"
    )
    tried = DeliveryTry.objects.create(delivery=delivery, ok=True, detail="邮件服务器已接收")
    campaign_id = campaign.pk
    campaign.delete()
    assert not Delivery.objects.exists()
    kept = DeliveryTry.objects.get(pk=tried.pk)
    assert (kept.delivery_id, kept.campaign_id, kept.org_id) == (delivery.pk, campaign_id, "320100")
    assert verify().problems == []


def test_the_migration_fills_the_tries_logs_the_standing_verdicts_and_seals_both(  # type: ignore[no-untyped-def]
    campaign, nanjing_reporter, province_reviewer, settings
) -> None:
    """Rows written before the models were chained (the chain switched off to write them as
    then): the migration's step gives the try its delivery's values, makes the standing verdict
    the first entry of its history, at its own time, and seals both after the chain's head."""
    from django.db.migrations.loader import MigrationLoader

    name = "0007_chained_verdicts_and_tries"
    step = importlib.import_module(f"kaoping.workflow.migrations.{name}")
    apps = MigrationLoader(connection).project_state(("workflow", name)).apps  # as the migration sees them
    settings.AUDIT_CHAIN = False
    reminder = Reminder.objects.create(campaign=campaign, org_id="320100", text="请上报", sender="cli:op")
    delivery = Delivery.objects.create(
        reminder=reminder, user=nanjing_reporter, channel=EMAIL, address="a@b.cn"
    )
    tried = DeliveryTry(delivery=delivery, ok=True, detail="邮件服务器已接收")
    tried.campaign_id = "none-yet"  # complete() fills only what is unset: leave it as old rows are
    tried.save()
    DeliveryTry.objects.filter(pk=tried.pk).update(campaign=None, org=None, user=None, channel="")
    given = Verdict.objects.create(
        campaign=campaign,
        org_id="320100",
        rule="V12",
        table="T12",
        verdict="accepted",
        explanation="借调",
        actor="r",
    )
    settings.AUDIT_CHAIN = True
    h = head()[0]
    step.fill_and_seal(apps, None)
    tried.refresh_from_db()
    assert (tried.campaign_id, tried.org_id, tried.user_id, tried.channel) == (
        campaign.pk,
        "320100",
        nanjing_reporter.pk,
        EMAIL,
    )
    log = VerdictLog.objects.get()
    assert (log.verdict, log.explanation, log.at) == ("accepted", "借调", given.at)
    kinds = list(Link.objects.filter(seq__gt=h).order_by("seq").values_list("kind", "row"))
    assert kinds == [("workflow.deliverytry", tried.pk), ("workflow.verdictlog", log.pk)]  # in time order
    assert verify().problems == []
