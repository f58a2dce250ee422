"""Each person's notifications (docs/spec.md §14.4): a return, the comments on the unit's cells
and an approval reach 南京's 市填报员 and 市负责人, counted unread in the top bar until read;
nobody reads or marks another's."""

from __future__ import annotations

from kaoping.workflow import services
from kaoping.workflow.models import Notification
from kaoping.workflow.notifications import unread_count
from kaoping.workflow.services import CommentDraft

from .conftest import NJ


def test_returns_comments_and_approvals_reach_the_unit(
    demo, nanjing_reporter, nanjing_leader, province_reviewer, suzhou_reporter
):
    campaign = demo.campaign
    services.submit(nanjing_leader, campaign, NJ)
    services.return_submission(
        province_reviewer, campaign, NJ, "请核实表9", [CommentDraft("T09", NJ, "staff", "人数偏少")]
    )
    services.submit(nanjing_leader, campaign, NJ)
    services.approve(province_reviewer, campaign, NJ)
    for person in (nanjing_reporter, nanjing_leader):
        got = [(n.kind, n.text, n.link) for n in Notification.objects.filter(user=person).order_by("id")]
        assert got == [
            ("return", f"《{campaign.title}》南京市的数据已被退回：请核实表9", f"/w/c/demo-2015/{NJ}/"),
            ("comment", "表9审核意见：人数偏少", f"/c/demo-2015/{NJ}/T09/"),
            ("approval", f"《{campaign.title}》南京市的数据已审核通过", f"/w/c/demo-2015/{NJ}/"),
        ]
    assert not Notification.objects.filter(user__in=[suzhou_reporter, province_reviewer]).exists()


def test_the_top_bar_counts_unread_and_the_page_marks_them_read(
    demo, client_for, nanjing_reporter, nanjing_leader, province_reviewer
):
    campaign = demo.campaign
    services.submit(nanjing_leader, campaign, NJ)
    services.return_submission(
        province_reviewer, campaign, NJ, "请核实表9", [CommentDraft("T09", NJ, "staff", "人数偏少")]
    )
    client = client_for(nanjing_reporter)
    home = client.get("/").content.decode()
    assert 'data-testid="unread">2<' in home
    page = client.get("/w/notifications/").content.decode()
    assert page.count('data-testid="notification"') == 2 and "人数偏少" in page
    comment = Notification.objects.get(user=nanjing_reporter, kind="comment")
    opened = client.post("/w/notifications/read", {"id": str(comment.pk), "next": comment.link})
    assert opened.status_code == 302 and opened["Location"] == f"/c/demo-2015/{NJ}/T09/"
    assert unread_count(nanjing_reporter) == 1 and unread_count(nanjing_leader) == 2
    theirs = Notification.objects.get(user=nanjing_leader, kind="return")
    client.post("/w/notifications/read", {"id": str(theirs.pk)})  # another person's: nothing happens
    client.post("/w/notifications/read", {"id": "1e9"})
    assert unread_count(nanjing_leader) == 2 and unread_count(nanjing_reporter) == 1
    client.post("/w/notifications/read")  # all of mine
    assert unread_count(nanjing_reporter) == 0 and unread_count(nanjing_leader) == 2
    assert 'data-testid="unread"' not in client.get("/").content.decode()


def test_the_settings_page_shows_the_contacts_and_keeps_in_app_on(campaign, client_for, nanjing_reporter):
    nanjing_reporter.email, nanjing_reporter.phone = "nj-fill@hrss.example.cn", "+86 139 1234 5678"
    nanjing_reporter.save()
    page = client_for(nanjing_reporter).get("/w/settings/").content.decode()
    assert "nj-fill@hrss.example.cn" in page and "13912345678" in page and "始终接收" in page
    assert "本平台尚未配置邮件发送" in page  # no SMTP server in the test settings
