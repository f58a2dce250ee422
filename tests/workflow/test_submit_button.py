"""Buttons do what they promise (docs/spec.md §8.4): while 上报 is impossible the button is
disabled with the blocking reasons listed above it; a 强制上报 makes the 上报说明 required
instead of blocking; an enabled 上报 asks for confirmation first."""

from __future__ import annotations

import re

from kaoping.collection.tasks import tasks_for
from kaoping.workflow import services
from kaoping.workflow.models import IN_PROGRESS, SUBMITTED

from .conftest import NJ, PROVINCE, explain_extra_calls, save, status


def submit_form(html: str) -> str:
    start = html.index('data-testid="wf-submit"')
    return html[start : html.index("</section>", start)]


def button(html: str) -> str:
    match = re.search(r'<button[^>]*data-testid="wf-submit-button"[^>]*>', html)
    assert match
    return match.group(0)


def test_the_province_button_is_disabled_under_its_blocking_reasons(demo, client_for, province_reviewer):
    html = submit_form(client_for(province_reviewer).get(f"/w/c/demo-2015/{PROVINCE}/").content.decode())
    assert "暂不能上报" in html and "以下地市尚未审核通过" in html and "须上传加盖公章的表1扫描件" in html
    assert " disabled" in button(html) and 'aria-disabled="true"' in button(html)
    assert "data-confirm" not in button(html)
    assert "以上问题解决后才能上报。" in html
    # the form posted anyway is refused, nothing changes
    client_for(province_reviewer).post(f"/w/c/demo-2015/{PROVINCE}/submit", {"note": ""})
    assert status(demo.campaign, PROVINCE) != SUBMITTED


def test_a_city_that_can_submit_is_asked_to_confirm(demo, client_for, nanjing_leader):
    html = submit_form(client_for(nanjing_leader).get(f"/w/c/demo-2015/{NJ}/").content.decode())
    assert "暂不能上报" not in html and "disabled" not in button(html)
    assert 'data-confirm="确定上报至上级吗？上报后数据不能修改，如需修改须由省审核员退回。"' in button(html)


def test_an_error_disables_the_city_button(demo, client_for, nanjing_leader):
    save(nanjing_leader, demo.campaign, NJ, "T09", {(NJ, "opened"): ""})  # a required 是/否 emptied
    html = submit_form(client_for(nanjing_leader).get(f"/w/c/demo-2015/{NJ}/").content.decode())
    assert "错误（须修改）" in html and "是否开通12333" in html
    assert " disabled" in button(html)
    assert status(demo.campaign, NJ) == IN_PROGRESS


def test_explained_warnings_require_the_note_instead_of_blocking(demo, client_for, nanjing_leader):
    campaign = demo.campaign
    explain_extra_calls(nanjing_leader, campaign)
    check = services.submit_check(campaign, NJ)
    assert (check.blockers, check.explained, check.needs_note) == ([], 1, True)
    html = submit_form(client_for(nanjing_leader).get(f"/w/c/demo-2015/{NJ}/").content.decode())
    assert "有 1 条提示已填写说明，须填写上报说明（强制上报）" in html
    assert re.search(r"<textarea[^>]*name=\"note\"[^>]* required", html)
    assert "disabled" not in button(html) and "data-confirm" in button(html)


def test_a_submitted_city_is_offered_view_not_fill_on_its_task_list(demo, client_for, nanjing_leader):
    """Read-only forms offer no 填报 (docs/spec.md §8.2): after 上报 the task's 填报 is closed."""
    [task] = [t for t in tasks_for(nanjing_leader) if t.campaign.pk == "demo-2015"]
    assert task.can_fill
    services.submit(nanjing_leader, demo.campaign, NJ)
    [task] = [t for t in tasks_for(nanjing_leader) if t.campaign.pk == "demo-2015"]
    assert task.can_fill is False
    html = client_for(nanjing_leader).get("/").content.decode()
    assert 'aria-disabled="true"' in html and "查看" in html
