"""Deadlines, reminders and notifications in a real browser at 1366×768 (docs/用户手册.md embeds
the pictures): the 报送进度 of a campaign whose closing day has passed — 逾期 rows first, a
迟报 submission, an extension and its form open — the 催报记录 with a failed and retried
delivery, and a city clerk's notifications and notification settings."""

from __future__ import annotations

from datetime import timedelta

from kaoping.collection.deadlines import grant_extension, today
from kaoping.collection.models import Campaign
from kaoping.orgs.actors import CliActor
from kaoping.orgs.models import User
from kaoping.workflow import reminders, services
from kaoping.workflow.models import EMAIL, FAILED, SENT, SMS, Delivery, DeliveryTry
from kaoping.workflow.services import CommentDraft

NANJING, WUXI, XUZHOU = "320100", "320200", "320300"
PASSWORD = "kaoping-demo-2015"
CLI = CliActor("cli:test")


def _late_campaign(demo) -> Campaign:  # type: ignore[no-untyped-def]
    """The demo campaign closed three days ago: 南京 submits late, 无锡 is given four more days."""
    campaign = demo.campaign
    Campaign.objects.filter(pk=campaign.pk).update(closes=today() - timedelta(days=3))
    campaign.refresh_from_db()
    reviewer = User.objects.get(username="sheng_shenhe")
    services.submit(CLI, campaign, NANJING)
    services.return_submission(
        reviewer,
        campaign,
        NANJING,
        "请核实表9人数",
        [CommentDraft("T09", NANJING, "staff", "人数偏少，请核实")],
    )
    services.submit(CLI, campaign, NANJING)
    services.approve(reviewer, campaign, NANJING)
    grant_extension(reviewer, campaign, WUXI, today() + timedelta(days=4), "机构调整，延期填报")
    reminder = reminders.remind(reviewer, campaign, XUZHOU)
    clerk = User.objects.filter(roles__org_id=XUZHOU).first()
    sms = Delivery.objects.create(
        reminder=reminder, user=clerk, channel=SMS, address="13912345678", status=SENT, attempts=2
    )
    DeliveryTry.objects.create(delivery=sms, ok=False, detail="短信网关返回 HTTP 500：触发限流")
    DeliveryTry.objects.create(delivery=sms, ok=True, detail="短信网关已接收（HTTP 200）")
    Delivery.objects.create(
        reminder=reminder, user=clerk, channel=EMAIL, address="xz-fill@hrss.example.cn", status=FAILED,
        attempts=4, error="邮件发送失败：无法连接邮件服务器（连接被拒绝）",
    )  # fmt: skip
    User.objects.filter(username="nanjing_tianbao").update(
        email="nj-fill@hrss.example.cn", phone="13912345678"
    )
    return campaign


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_deadlines_reminders_and_notifications_pages(demo, new_page, log_in, live_server, photo):
    campaign = _late_campaign(demo)
    page = new_page(1366, 768)
    log_in(page, "sheng_shenhe", PASSWORD)
    page.goto(f"{live_server.url}/w/c/{campaign.pk}/progress/")
    assert page.locator("[data-testid=overdue]").count() >= 10
    assert page.locator(f"tr[data-org='{NANJING}'] [data-testid=late]").count() == 1
    page.locator(f"[data-testid=extend-{XUZHOU}]").click()
    assert fits(page)
    photo(page, "30-progress-deadlines")
    page.goto(f"{live_server.url}/w/c/{campaign.pk}/reminders/")
    assert "发送失败" in page.inner_text("body")
    photo(page, "31-reminder-log")

    clerk = new_page(1366, 768)
    log_in(clerk, "nanjing_tianbao", PASSWORD)
    assert clerk.locator("[data-testid=unread]").inner_text() == "3"
    clerk.locator("[data-testid=notifications-link]").click()
    clerk.wait_for_url("**/notifications/")  # the old page would be measured otherwise
    assert clerk.locator("[data-testid=notification]").count() == 3
    assert fits(clerk)
    photo(clerk, "32-notifications")
    clerk.locator("[data-testid=settings-link]").click()
    clerk.wait_for_url("**/settings/")
    assert fits(clerk) and "nj-fill@hrss.example.cn" in clerk.inner_text("main")
    photo(clerk, "33-notification-settings")
