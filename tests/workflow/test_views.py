"""The workflow pages over HTTP: the flow by form posts, what each page shows, and the
closed-form reason on the table page."""

from __future__ import annotations

from kaoping.collection.models import Value
from kaoping.jobs.worker import drain
from kaoping.workflow.models import LOCKED, RETURNED, SUBMITTED

from .conftest import NJ, PROVINCE, status

WF = f"/w/c/demo-2015/{NJ}/"


def test_the_city_flow_through_the_pages(
    demo, client_for, nanjing_leader, province_reviewer, nanjing_reporter
):
    leader, reviewer = client_for(nanjing_leader), client_for(province_reviewer)
    page = leader.get(WF).content.decode()
    assert "填报中" in page and "上报至上级" in page
    leader.post(WF + "submit", {"note": ""})
    assert status(demo.campaign, NJ) == SUBMITTED

    table = reviewer.get(f"/c/demo-2015/{NJ}/T09/").content.decode()
    assert "对单元格提出意见" in table and "南京市 · 总人数" in table
    reviewer.post(WF + "comment", {"table": "T09", "cell": f"{NJ}:staff", "text": "人数偏少"})
    response = reviewer.post(WF + "return", {"reason": "请核实表9"})
    assert response.status_code == 302 and status(demo.campaign, NJ) == RETURNED

    city_table = client_for(nanjing_reporter).get(f"/c/demo-2015/{NJ}/T09/").content.decode()
    assert "审核意见" in city_table and "人数偏少" in city_table
    overview = client_for(nanjing_reporter).get(f"/c/demo-2015/{NJ}/").content.decode()
    assert "退回原因：请核实表9" in overview


def test_a_locked_table_page_is_read_only_and_says_why(demo, client_for, nanjing_leader, province_reviewer):
    from kaoping.workflow import services

    services.submit(nanjing_leader, demo.campaign, NJ)
    services.approve(province_reviewer, demo.campaign, NJ)
    services.lock(province_reviewer, demo.campaign, NJ)
    assert status(demo.campaign, NJ) == LOCKED
    client = client_for(nanjing_leader)
    page = client.get(f"/c/demo-2015/{NJ}/T09/").content.decode()
    assert "已锁定（审核通过后锁定），不能修改；可由省管理员解锁" in page
    assert 'data-testid="save"' not in page
    before = Value.objects.get(campaign=demo.campaign, row=NJ, column="staff").text
    response = client.post(f"/c/demo-2015/{NJ}/T09/save", {"base_version": "1", f"v:{NJ}:staff": "1"})
    assert response.status_code == 400
    assert "已锁定" in response.content.decode()
    assert Value.objects.get(campaign=demo.campaign, row=NJ, column="staff").text == before


def test_the_province_sees_consolidation_lines_on_its_overview_and_table_pages(
    demo, client_for, province_admin
):
    client = client_for(province_admin)
    overview = client.get(f"/c/demo-2015/{PROVINCE}/").content.decode()
    assert "表9 12333电话咨询服务情况表：汇总 14 个单位" in overview
    table = client.get(f"/c/demo-2015/{PROVINCE}/T05/").content.decode()
    assert "汇总 13 个单位" in table


def test_progress_lists_the_late_first_and_reminds(
    demo, client_for, nanjing_leader, province_reviewer, nanjing_reporter
):
    from kaoping.workflow import services

    services.submit(nanjing_leader, demo.campaign, NJ)
    client = client_for(province_reviewer)
    body = client.get("/w/c/demo-2015/progress/").content.decode()
    orgs = [line.split('data-org="')[1][:6] for line in body.splitlines() if 'data-org="' in line]
    assert orgs[-1] == NJ and len(orgs) == 14  # 南京 has submitted: the others (late) come first
    assert 'data-testid="remind-320500"' in body and f'data-testid="remind-{NJ}"' not in body
    client.post("/w/c/demo-2015/320500/remind", {})
    drain()  # 催报 is a background job
    suzhou = client_for(
        __import__("kaoping.orgs.models", fromlist=["User"]).User.objects.get(username="p_suzhou_tianbao")
    )
    assert "请于 2099-12-31 前完成" in suzhou.get("/").content.decode()
    assert "请于" not in client_for(nanjing_reporter).get("/").content.decode()


def test_the_city_cannot_open_the_progress_page(demo, client_for, nanjing_leader):
    response = client_for(nanjing_leader).get("/w/c/demo-2015/progress/")
    assert response.status_code == 403 and "需要" in response.content.decode()


def test_the_task_list_shows_the_submission_state_and_the_return_reason(
    demo, client_for, nanjing_leader, province_reviewer, nanjing_reporter
):
    from kaoping.workflow import services

    client = client_for(nanjing_reporter)
    assert (
        'data-testid="wf-task-status"' not in client.get("/").content.decode()
    )  # 填报中: the shell's status
    services.submit(nanjing_leader, demo.campaign, NJ)
    assert ">已上报</span>" in client.get("/").content.decode()
    services.return_submission(province_reviewer, demo.campaign, NJ, "表9需核实")
    body = client.get("/").content.decode()
    assert ">已退回</span>" in body and "表9需核实" in body


def test_reviewers_read_the_explained_warnings_first(demo, client_for, nanjing_leader, province_reviewer):
    from kaoping.workflow import services

    from .conftest import explain_extra_calls

    campaign = demo.campaign
    explain_extra_calls(nanjing_leader, campaign)
    services.submit(nanjing_leader, campaign, NJ, note="转接量单列")
    page = client_for(province_reviewer).get(WF).content.decode()
    explained = page.index('data-testid="wf-explained"')
    assert explained < page.index('data-testid="wf-review"')  # before the actions
    assert "100个来电转接省级平台" in page[explained:] and "上报说明：转接量单列" in page


def test_uploading_the_sealed_table1_through_the_page(
    demo, client_for, province_reviewer, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.UPLOAD_DIR = tmp_path
    client = client_for(province_reviewer)
    url = f"/w/c/demo-2015/{PROVINCE}/"
    fake = SimpleUploadedFile("表1.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    body = client.post(url + "attach", {"file": fake}, follow=True).content.decode()
    assert "文件类型不允许：“表1.pdf”，只接受 PDF、PNG 或 JPEG 文件（按文件内容判断）" in body
    real = SimpleUploadedFile("表1盖章.pdf", b"%PDF-1.4 sealed", content_type="application/octet-stream")
    body = client.post(url + "attach", {"file": real}, follow=True).content.decode()
    assert "文件已上传" in body and "表1盖章.pdf" in body
    from kaoping.workflow.models import Attachment

    found = Attachment.objects.get()
    download = client.get(url + f"attachments/{found.pk}")
    assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 sealed"


def test_outside_the_fill_window_the_form_says_it_is_closed_and_who_can_reopen_it(
    demo, client_for, nanjing_reporter
):
    from datetime import date

    campaign = demo.campaign
    campaign.closes, campaign.lock_at_deadline = date(2015, 8, 31), True
    campaign.save()
    page = client_for(nanjing_reporter).get(f"/c/demo-2015/{NJ}/T09/").content.decode()
    assert "不在填报期内（2015-07-01 至 2015-08-31），填报已关闭；可由省管理员调整填报期" in page
    assert 'data-testid="save"' not in page


def test_the_api_refuses_a_save_to_a_submitted_form_with_the_reason(demo, client_for, nanjing_leader):
    import json

    from kaoping.collection.services import table_version
    from kaoping.workflow import services

    services.submit(nanjing_leader, demo.campaign, NJ)
    version = table_version(demo.campaign, NJ, "T09")
    response = client_for(nanjing_leader).put(
        f"/api/campaigns/demo-2015/orgs/{NJ}/tables/T09",
        data=json.dumps({"base_version": version, "values": {NJ: {"staff": "1"}}}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "已上报，等待省审核员审核，不能修改；如需修改，请省审核员退回"
