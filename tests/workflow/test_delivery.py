"""Reminders that reach people (docs/spec.md §14.3), against a real SMTP server (aiosmtpd) and a
local HTTP server standing in for the SMS gateway, under a frozen clock (Asia/Shanghai).

南京's 市填报员 has an e-mail address and a mobile number, its 市负责人 an e-mail address and a
landline (no SMS); nobody else in the test tree has contacts, so every e-mail and SMS below is
theirs. The campaign closes on 2026-12-08; reminders go 3 and 1 days before (the default)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from kaoping.collection.models import Campaign
from kaoping.jobs.models import Job
from kaoping.jobs.worker import drain
from kaoping.workflow import reminders
from kaoping.workflow.delivery import deliver_pending
from kaoping.workflow.models import (
    BEFORE,
    FAILED,
    MANUAL,
    PENDING,
    SENT,
    ContactPreference,
    Delivery,
    Notification,
    Reminder,
)
from kaoping.workflow.reminders import Sending, send_due_reminders

from .conftest import NJ, SZ
from .servers import free_port, sms_gateway, smtp_server

TEMPLATE, SIGN, TOKEN = "SMS_2026_CUIBAO", "江苏省人社厅", "gateway-token-1"


@pytest.fixture
def closing(campaign) -> Campaign:  # type: ignore[no-untyped-def]
    Campaign.objects.filter(pk=campaign.pk).update(closes=date(2026, 12, 8))
    campaign.refresh_from_db()
    return campaign


@pytest.fixture
def contacts(nanjing_reporter, nanjing_leader):  # type: ignore[no-untyped-def]
    nanjing_reporter.email, nanjing_reporter.phone = "nj-fill@hrss.example.cn", "139-1234-5678"
    nanjing_reporter.save()
    nanjing_leader.email, nanjing_leader.phone = "nj-lead@hrss.example.cn", "025-83123456"
    nanjing_leader.save()
    return nanjing_reporter, nanjing_leader


def configure(settings, smtp_port: int, sms_url: str) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", smtp_port, 5
    settings.DEFAULT_FROM_EMAIL = "kaoping@hrss.example.cn"
    settings.SMS_URL, settings.SMS_TEMPLATE_ID, settings.SMS_SIGN_NAME = sms_url, TEMPLATE, SIGN
    settings.SMS_TOKEN, settings.SMS_TIMEOUT = TOKEN, 5


def test_scheduled_reminders_reach_fillers_and_leaders_by_mail_sms_and_in_the_product(
    closing, contacts, settings, clock
):
    reporter, leader = contacts
    clock("2026-12-05 08:00")  # 3 days before the deadline
    with smtp_server() as (mailbox, port), sms_gateway() as (gateway, url):
        configure(settings, port, url)
        done = send_due_reminders()
        again = send_due_reminders()  # a second worker, or the next tick the same day
    units = 1 + len(closing.members)  # the province and every city: none has submitted
    assert done == Sending(reminders=units, sent=3, failed=0)
    assert again == Sending(reminders=0, sent=0, failed=0)
    text = f"《{closing.title}》将于 2026-12-08 截止（还有 3 天），请抓紧完成填报并上报"
    assert sorted(to for to, _ in mailbox.messages) == [
        ["nj-fill@hrss.example.cn"],
        ["nj-lead@hrss.example.cn"],
    ]
    for _, message in mailbox.messages:
        assert message["Subject"].strip() == f"【催报】{closing.title}"  # folded: a leading space
        assert message["From"] == "kaoping@hrss.example.cn"
        body = message.get_content().replace("\r\n", "\n")  # SMTP's line ends
        assert body == f"南京市：\n\n{text}\n\n—— 人社信息化考评与规划评估平台\n"
    [(headers, body)] = gateway.posts
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert body == {
        "template_id": TEMPLATE,
        "sign_name": SIGN,
        "phone_numbers": ["13912345678"],
        "template_params": {
            "unit": "南京市",
            "campaign": closing.title,
            "deadline": "2026-12-08",
            "status": "即将截止",
        },
    }
    for person in (reporter, leader):
        [note] = Notification.objects.filter(user=person)
        assert (note.kind, note.text, note.link) == (
            "reminder",
            f"《{closing.title}》：{text}",
            f"/w/c/{closing.pk}/{NJ}/",
        )
    assert Reminder.objects.get(campaign=closing, org_id=NJ).kind == BEFORE


def test_overdue_reminders_come_the_day_after_and_then_every_third_day(closing, clock):
    days = {}
    for moment in ("2026-12-06", "2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-12"):
        clock(f"{moment} 09:00")
        days[moment] = [k for org, k in reminders.due(closing, date.fromisoformat(moment)) if org == NJ]
    assert days == {
        "2026-12-06": [],  # 2 days before
        "2026-12-07": ["before"],
        "2026-12-08": [],  # the closing day itself
        "2026-12-09": ["overdue"],
        "2026-12-10": [],
        "2026-12-12": ["overdue"],
    }
    clock("2026-12-09 09:00")
    send_due_reminders()
    assert "已逾期 1 天" in Reminder.objects.get(campaign=closing, org_id=NJ, kind="overdue").text


def test_opting_out_stops_that_channel_not_the_notification(
    closing, contacts, settings, clock, client_for, province_reviewer
):
    reporter, _leader = contacts
    clock("2026-12-04 10:00")
    page = client_for(reporter).post("/w/settings/", {"sms": "on"})  # e-mail unticked
    assert page.status_code == 302
    assert ContactPreference.objects.get(user=reporter).email is False
    with smtp_server() as (mailbox, port), sms_gateway() as (gateway, url):
        configure(settings, port, url)
        reviewer = client_for(province_reviewer)
        started = reviewer.post(f"/w/c/{closing.pk}/{NJ}/remind", {"text": "请今天内上报表9"})
        assert started.status_code == 302 and started.url.startswith("/jobs/")  # a background job
        drain()  # the job issues the reminder and sends its e-mail and SMS now
        assert Job.objects.get(kind="reminders").summary["sent"] == 2
        assert deliver_pending() == (0, 0)  # nothing left for the scheduler
    assert [to for to, _ in mailbox.messages] == [["nj-lead@hrss.example.cn"]]
    assert [body["phone_numbers"] for _, body in gateway.posts] == [["13912345678"]]
    assert Notification.objects.get(user=reporter).text == f"《{closing.title}》：请今天内上报表9"


def test_a_failure_is_logged_with_its_reason_and_retried(
    closing, contacts, settings, clock, client_for, province_reviewer
):
    now = clock("2026-12-04 10:00")
    down = free_port()  # nothing listens there yet
    with sms_gateway() as (gateway, url):
        configure(settings, down, url)
        gateway.status, gateway.reply = 500, '{"code": "isv.BUSINESS_LIMIT", "message": "触发限流"}'
        reminders.remind(province_reviewer, closing, NJ)
        assert deliver_pending(now) == (0, 3)
        assert deliver_pending(now) == (0, 0)  # not before its retry time
        failed = {d.channel: d for d in Delivery.objects.all()}
        assert {c: (d.status, d.attempts) for c, d in failed.items()} == {
            "email": (PENDING, 1),
            "sms": (PENDING, 1),
        }
        assert failed["email"].error == "邮件发送失败：无法连接邮件服务器（连接被拒绝）"
        assert failed["sms"].error.startswith("短信网关返回 HTTP 500")
        gateway.status, gateway.reply = 200, '{"code": "OK"}'
        with smtp_server(down) as (mailbox, _):
            assert deliver_pending(now + timedelta(minutes=11)) == (3, 0)
    assert len(mailbox.messages) == 2 and len(gateway.posts) == 2
    for delivery in Delivery.objects.all():
        assert delivery.status == SENT
        assert [t.ok for t in delivery.tries.all()] == [False, True]
    log = client_for(province_reviewer).get(f"/w/c/{closing.pk}/reminders/").content.decode()
    assert "已发送" in log and "139****5678" in log and "2 次尝试" in log


def test_retries_are_bounded(closing, contacts, settings, clock):
    now = clock("2026-12-04 10:00")
    settings.REMINDER_MAX_TRIES = 2
    configure(settings, free_port(), "")  # SMS not set up: e-mail only, to a server that is down
    reminders.issue(closing, NJ, MANUAL, "请上报", "测试", date(2026, 12, 4))
    assert deliver_pending(now) == (0, 2)
    assert deliver_pending(now + timedelta(hours=1)) == (0, 2)
    assert deliver_pending(now + timedelta(days=1)) == (0, 0)  # given up
    assert set(Delivery.objects.values_list("status", "attempts")) == {(FAILED, 2)}


def test_one_reminder_per_unit_kind_and_day_and_one_sender_per_delivery(closing, contacts, settings, clock):
    clock("2026-12-04 10:00")
    configure(settings, free_port(), "")
    first = reminders.issue(closing, NJ, MANUAL, "请上报", "甲", date(2026, 12, 4))
    assert first is not None
    assert reminders.issue(closing, NJ, MANUAL, "请上报", "乙", date(2026, 12, 4)) is None
    assert reminders.issue(closing, NJ, BEFORE, "请上报", "乙", date(2026, 12, 4)) is not None
    delivery = Delivery.objects.filter(reminder=first).first()
    from kaoping.workflow.delivery import _claim

    now = clock("2026-12-04 10:01")
    assert _claim(delivery, now) is True
    assert _claim(delivery, now) is False  # a second worker holding the same row finds it taken


def test_reviewers_remind_all_late_units_a_city_reminds_nobody(
    closing, clock, client_for, province_reviewer, nanjing_leader, suzhou_reporter
):
    clock("2026-12-04 10:00")
    with pytest.raises(PermissionDenied, match="无权催报"):
        reminders.remind(nanjing_leader, closing, SZ)
    refused = client_for(suzhou_reporter).post(f"/w/c/{closing.pk}/remind-late")
    assert refused.status_code == 403 and not Reminder.objects.exists()
    client = client_for(province_reviewer)
    client.post(f"/w/c/{closing.pk}/remind-late")
    drain()
    assert sorted(Reminder.objects.values_list("org_id", flat=True)) == sorted(
        closing.members
    )  # not the province
    job = client.post(f"/w/c/{closing.pk}/{NJ}/remind").url
    drain()
    again = client.get(job).content.decode()
    assert "1 个单位今天已催报过，明天可再次催报" in again and "已催报 0 个单位" in again


def test_the_workers_tick_sends_the_reminders_once_a_period(closing, clock):
    from kaoping.jobs import periodic

    now = clock("2026-12-05 08:00")
    assert periodic.REGISTRY["reminders.send"].function is send_due_reminders
    assert "reminders.send" in periodic.tick("worker-a", now)
    assert "reminders.send" not in periodic.tick("worker-b", now)  # the same period: nobody again
    assert Reminder.objects.filter(campaign=closing, kind=BEFORE).count() == 1 + len(closing.members)


class _Steps:
    def start(self, total: int, message: str = "") -> None:
        self.total = total

    def advance(self, message: str = "", steps: int = 1) -> None:
        pass


def test_a_reminder_job_delivered_twice_reminds_and_sends_once(
    closing, contacts, settings, clock, province_reviewer
):
    from kaoping.workflow.reminderjobs import REMINDERS

    clock("2026-12-04 10:00")
    params = {"campaign": closing.pk, "org": NJ, "text": "请今天内上报"}
    with smtp_server() as (mailbox, port), sms_gateway() as (gateway, url):
        configure(settings, port, url)
        first = REMINDERS.build(province_reviewer, params, _Steps())
        second = REMINDERS.build(province_reviewer, params, _Steps())  # at-least-once: again
    assert (first.summary["reminded"], first.summary["sent"]) == (1, 3)  # two e-mails, one SMS
    assert (second.summary["already"], second.summary["sent"]) == (1, 0)
    assert len(mailbox.messages) == 2 and len(gateway.posts) == 1
    assert Reminder.objects.filter(campaign=closing, org_id=NJ).count() == 1
    assert "今天已催报过" in second.summary["text"]
