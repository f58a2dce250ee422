"""The outsider (苏州 填报员) can neither read nor change 南京's workflow through any page.

The URLs are enumerated from ``kaoping.workflow.urls`` (not a hand-picked list), filled with
南京's code and the ids of 南京's own attachment and reminder.
"""

from __future__ import annotations

import io

import pytest
from django.urls import URLPattern

from kaoping.collection.models import Extension
from kaoping.workflow import reminders, services, urls
from kaoping.workflow.attachments import add_attachment
from kaoping.workflow.models import (
    CellComment,
    FollowUp,
    FollowUpRecord,
    Notification,
    Reminder,
    Submission,
    Transition,
)
from kaoping.workflow.services import CommentDraft

from .conftest import NJ

SECRET = "南京退回意见-7731"


def patterns() -> list[URLPattern]:
    """The pages about a campaign or a unit (each person's own notifications and settings aside:
    tests/workflow/test_notifications.py)."""
    return [p for p in urls.urlpatterns if isinstance(p, URLPattern) and "<" in str(p.pattern)]


def test_the_enumeration_finds_every_workflow_page():
    names = {p.name for p in patterns()}
    assert names == {
        "progress", "submission", "submit", "return", "approve", "lock", "unlock", "comment", "attach",
        "attachment", "remind", "dismiss", "extend", "remind_late", "reminder_log", "workbench",
        "workbench_decide", "follow_up",
    }  # fmt: skip


@pytest.fixture
def nanjing_state(demo, nanjing_leader, province_reviewer, settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path
    campaign = demo.campaign
    attachment = add_attachment(
        nanjing_leader, campaign, NJ, "南京.pdf", io.BytesIO(b"%PDF-1.4 " + SECRET.encode())
    )
    services.submit(nanjing_leader, campaign, NJ)
    services.return_submission(
        province_reviewer, campaign, NJ, SECRET, [CommentDraft("T09", NJ, "staff", SECRET)]
    )
    reminder = reminders.remind(province_reviewer, campaign, NJ, SECRET)
    return {
        "campaign": campaign.pk,
        "org": NJ,
        "attachment": str(attachment.pk),
        "reminder": str(reminder.pk),
    }


def state() -> tuple:
    return (
        sorted(Submission.objects.values_list("org_id", "status", "reason")),
        Transition.objects.count(),
        CellComment.objects.count(),
        sorted(Reminder.objects.values_list("org_id", "text", "dismissed_at")),
        Extension.objects.count(),
        sorted(Notification.objects.values_list("user_id", "key", "read_at")),
        FollowUp.objects.count(),
        FollowUpRecord.objects.count(),
    )


def fill(pattern: URLPattern, ids: dict[str, str]) -> str:
    path = "/w/" + str(pattern.pattern)
    for name, value in ids.items():
        path = path.replace(f"<slug:{name}>", value).replace(f"<str:{name}>", value)
    assert "<" not in path, path
    return path


@pytest.mark.parametrize("pattern", patterns(), ids=lambda p: p.name)
def test_outsider_is_refused_on_every_nanjing_workflow_page(
    pattern, nanjing_state, client_for, suzhou_reporter
):
    client = client_for(suzhou_reporter)
    path = fill(pattern, nanjing_state)
    before = state()
    form = {"note": "x", "reason": "x", "text": "x", "table": "T09", "cell": f"{NJ}:staff", "next": "/"}
    for response in (client.get(path), client.post(path, form)):
        body = response.content.decode("utf-8", "replace")
        assert SECRET not in body, (path, response.status_code)
        assert response.status_code in (403, 405), (path, response.status_code)
        if response.status_code == 403:
            assert "需要" in body or "无权" in body
    assert state() == before


def test_nanjing_itself_sees_what_the_outsider_is_refused(nanjing_state, client_for, nanjing_reporter):
    client = client_for(nanjing_reporter)
    page = client.get(f"/w/c/demo-2015/{NJ}/").content.decode()
    assert SECRET in page  # the reason and the comment
    download = client.get(f"/w/c/demo-2015/{NJ}/attachments/{nanjing_state['attachment']}")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert SECRET.encode() in b"".join(download.streaming_content)
    assert SECRET in client.get("/").content.decode()  # the reminder banner
