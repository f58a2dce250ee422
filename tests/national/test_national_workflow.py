"""The national workflow (docs/spec.md §11.8): a province submits its campaign to the ministry;
部审核员 follows the provinces on the national 报送进度 (late first, 催报), returns a province
with a cell comment, the province sees it, resubmits, and is approved; the ministry's task list
shows the national campaign with the provinces waiting for review."""

from __future__ import annotations

import io
import re

import pytest
from tests.workflow.conftest import approve_all_cities, status

from kaoping.collection.models import Value
from kaoping.collection.services import save_table, table_version
from kaoping.jobs.worker import drain
from kaoping.workflow import services
from kaoping.workflow.attachments import add_attachment
from kaoping.workflow.models import APPROVED, RETURNED, SUBMITTED, Reminder

from .conftest import AH, JS, JS_CAMPAIGN, NATIONAL, ZJ, ZJ_CAMPAIGN

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PROGRESS = f"/w/c/{NATIONAL}/progress/"
JS_WF = f"/w/c/{JS_CAMPAIGN}/{JS}/"


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"


def submit_jiangsu(jiangsu, province_reviewer) -> None:  # type: ignore[no-untyped-def]
    approve_all_cities(jiangsu)
    add_attachment(province_reviewer, jiangsu, JS, "表1盖章.pdf", io.BytesIO(PDF))
    services.submit(province_reviewer, jiangsu, JS, note="全省数据已核")


def row_orgs(page: str) -> list[str]:
    return re.findall(r'<tr class="[^"]*" data-org="(\d+)">', page)


def test_the_ministry_sees_a_submitted_province_and_the_late_ones_first(
    jiangsu, province_reviewer, ministry_reviewer, client_for
):
    client = client_for(ministry_reviewer)
    before = client.get(PROGRESS).content.decode()
    assert row_orgs(before) == [JS, ZJ, AH]  # none submitted: the tree's order
    submit_jiangsu(jiangsu, province_reviewer)
    assert status(jiangsu, JS) == SUBMITTED
    page = client.get(PROGRESS).content.decode()
    assert row_orgs(page) == [ZJ, AH, JS]  # 浙江, 安徽 have not reported: first
    jiangsu_row = page[page.index(f'data-org="{JS}"') :]
    assert "已上报" in jiangsu_row[:400] and "13/13" in jiangsu_row  # its 13 cities approved
    assert f'href="{JS_WF}"' in page  # the province's submission page, in its own campaign
    assert f"/c/{JS_CAMPAIGN}/{JS}/T09/" in page  # its tables, in its own campaign
    zhejiang_row = page[page.index(f'data-org="{ZJ}"') : page.index(f'data-org="{AH}"')]
    assert zhejiang_row.count("未填报") == 15  # its submission, and each of the 14 tables
    assert 'data-testid="remind-330000"' in zhejiang_row and "0/11" in zhejiang_row
    tasks = client.get("/").content.decode()
    assert "2015 全国规划中期评估调查" in tasks and "待审核 1 个省级单位" in tasks
    assert tasks.count(NATIONAL) >= 1 and JS_CAMPAIGN not in tasks  # one task, not one per province


def test_remind_a_late_province_from_the_national_page(
    national, ministry_reviewer, zhejiang_admin, client_for
):
    response = client_for(ministry_reviewer).post(f"/w/c/{ZJ_CAMPAIGN}/{ZJ}/remind", {"text": ""})
    assert response.status_code == 302 and response.url.startswith("/jobs/")  # a background job
    drain()
    reminder = Reminder.objects.get()
    assert (reminder.campaign_id, reminder.org_id) == (ZJ_CAMPAIGN, ZJ)
    banner = client_for(zhejiang_admin).get("/").content.decode()
    assert "请于 2099-12-31 前完成《2015 全国规划中期评估调查》的填报并上报" in banner
    page = client_for(ministry_reviewer).get(PROGRESS).content.decode()
    zhejiang_row = page[page.index(f'data-org="{ZJ}"') : page.index(f'data-org="{AH}"')]
    assert "已提醒" in zhejiang_row and "已提醒" not in page[page.index(f'data-org="{AH}"') :]


def test_the_ministry_returns_a_province_with_a_cell_comment_then_approves(
    jiangsu, province_reviewer, province_admin, ministry_reviewer, client_for
):
    submit_jiangsu(jiangsu, province_reviewer)
    reviewer = client_for(ministry_reviewer)
    table = reviewer.get(f"/c/{JS_CAMPAIGN}/{JS}/T09/").content.decode()
    assert "对单元格提出意见" in table and "省本级 · 总人数" in table
    reviewer.post(JS_WF + "comment", {"table": "T09", "cell": "province:staff", "text": "省本级人数偏少"})
    response = reviewer.post(JS_WF + "return", {"reason": "请核实表9省本级"})
    assert response.status_code == 302 and status(jiangsu, JS) == RETURNED

    province = client_for(province_admin)
    seen = province.get(f"/c/{JS_CAMPAIGN}/{JS}/T09/").content.decode()
    assert "审核意见" in seen and "表9 · 省本级 · 总人数" in seen and "省本级人数偏少" in seen
    overview = province.get(f"/c/{JS_CAMPAIGN}/{JS}/").content.decode()
    assert "已退回" in overview and "退回原因：请核实表9省本级" in overview
    assert row_orgs(reviewer.get(PROGRESS).content.decode()) == [ZJ, AH, JS]  # 未填报 before 已退回

    staff = Value.objects.get(campaign=jiangsu, table="T09", row="province", column="staff")
    save_table(
        province_admin,
        jiangsu,
        JS,
        "T09",
        {("province", "staff"): str(int(staff.text) + 5)},
        table_version(jiangsu, JS, "T09"),
    )
    services.submit(province_reviewer, jiangsu, JS, note="已按意见修改")
    assert status(jiangsu, JS) == SUBMITTED
    assert reviewer.post(JS_WF + "approve", {"text": "同意"}).status_code == 302
    assert status(jiangsu, JS) == APPROVED
    assert "已审核" in province.get(JS_WF).content.decode()
    assert "待审核" not in reviewer.get("/").content.decode()


def test_remind_all_late_provinces_reaches_each_in_its_own_campaign(
    jiangsu, province_reviewer, ministry_reviewer, client_for
):
    from datetime import date

    from kaoping.workflow.reminders import due

    submit_jiangsu(jiangsu, province_reviewer)
    client = client_for(ministry_reviewer)
    response = client.post(f"/w/c/{NATIONAL}/remind-late")
    assert response.status_code == 302 and response.url.startswith("/jobs/")
    drain()
    assert "已催报 2 个单位" in client.get(response.url).content.decode()
    sent = sorted(Reminder.objects.values_list("campaign_id", "org_id"))
    assert sent == [(ZJ_CAMPAIGN, ZJ), (f"{NATIONAL}-{AH}", AH)]  # not 江苏 (submitted), not the ministry
    log = client.get(f"/w/c/{NATIONAL}/reminders/").content.decode()
    assert "浙江省" in log and "安徽省" in log
    national, day = jiangsu.parent, date(2099, 12, 28)  # three days before the closing day
    assert due(national, day) == []  # the provinces' own campaigns schedule theirs
    assert (ZJ, "before") in due(national.children.get(org_id=ZJ), day)
