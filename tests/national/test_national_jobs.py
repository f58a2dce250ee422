"""The national 表1 PDF and the national workbook are background jobs (docs/spec.md §14): a GET
starts nothing; the job's file holds what the synchronous code drew; asking again joins the
job, a save makes a new one; the key names the provinces the asker sees, so two viewers with
different province sets never share a file; 部审核员 may ask, a province's people may not."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from python_calamine import CalamineWorkbook
from tests.conftest import CLI, PASSWORD
from tests.jobs.helpers import file_through_job
from tests.national.national_data import NATIONAL, national_with

from kaoping.collection.models import Campaign
from kaoping.collection.national import national_children
from kaoping.collection.services import save_table, table_version
from kaoping.demo import ensure_user
from kaoping.jobs.models import Job
from kaoping.jobs.queue import result_file, start
from kaoping.jobs.worker import drain
from kaoping.orgs.models import User
from kaoping.orgs.roles import Role
from kaoping.pages.page import open_page
from kaoping.reports.nation import nation, national_workbook_bytes
from kaoping.reports.national_views import table1_context
from kaoping.reports.printing import pdf_from_html

JS, BJ, NX = "320000", "110000", "640000"
BASE = f"/reports/c/{NATIONAL}/000000/national/"
PDF, WORKBOOK = BASE + "indicators/pdf/", BASE + "workbook/"


@pytest.fixture(autouse=True)
def _roomy(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.JOBS_DIR = tmp_path / "jobs"


@pytest.fixture
def reviewer(org_tree) -> User:  # type: ignore[no-untyped-def]
    return ensure_user("p_bu_shenhe", "部审核员戊", Role.MINISTRY_REVIEWER, "000000", password=PASSWORD)


@pytest.fixture
def nation_campaign(org_tree) -> Campaign:  # type: ignore[no-untyped-def]
    return national_with([JS, BJ, NX], submitted=[JS, BJ])  # 宁夏 has not submitted


def _sheet(book: bytes, name: str) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(book)).get_sheet_by_name(name).to_python()


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "national.pdf"
    path.write_bytes(content)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_the_workbook_job_builds_what_the_request_did(nation_campaign, reviewer, client_for):
    client = client_for(reviewer)
    offered = client.get(WORKBOOK)
    assert offered.status_code == 200 and 'data-testid="job-offer"' in offered.content.decode()
    assert "2015 全国规划中期评估调查 · 全国汇总工作簿" in offered.content.decode()
    assert not Job.objects.exists()  # a GET starts nothing
    built = file_through_job(client, WORKBOOK)
    synchronous = national_workbook_bytes(nation(nation_campaign, reviewer))
    names = CalamineWorkbook.from_filelike(io.BytesIO(built)).sheet_names
    assert names == CalamineWorkbook.from_filelike(io.BytesIO(synchronous)).sheet_names
    assert all(_sheet(built, name) == _sheet(synchronous, name) for name in names)
    rows = _sheet(built, "表5")
    assert [row[1] for row in rows[4:7]] == ["北京市", "江苏省", "全国合计"]
    assert [row[2] for row in rows[4:7]] == [8120.0, 13156.0, 21276.0]  # 持卡人数: 8120 + 13156


def test_the_pdf_job_prints_the_national_table_1(nation_campaign, reviewer, client_for, tmp_path):
    client = client_for(reviewer)
    assert client.get(PDF).status_code == 200 and not Job.objects.exists()
    built = _pdf_text(file_through_job(client, PDF), tmp_path)
    page = open_page(reviewer, NATIONAL, "000000")
    html = render_to_string(
        "reports/national_print.html",
        table1_context(page, nation(page.campaign, reviewer), True, for_pdf=True),
    )
    assert built == _pdf_text(pdf_from_html(html), tmp_path)
    assert "已纳入 2 个省级单位的上报数据" in built
    assert "1.30 各省填报值之和" in built  # 持卡人数（亿人）: 0.65 + 0.65 from 北京 and 江苏


def test_asking_again_joins_and_a_save_makes_a_new_job(nation_campaign, reviewer, client_for):
    client = client_for(reviewer)
    started = client.post(WORKBOOK)
    assert started.status_code == 302 and client.post(WORKBOOK)["Location"] == started["Location"]
    drain()
    assert client.get(WORKBOOK)["Location"] == started["Location"]  # built from the same data
    assert (
        '<span data-testid="job-kept">生成的文件保留一天' in client.get(started["Location"]).content.decode()
    )
    jiangsu = next(c for c in national_children(nation_campaign) if c.org_id == JS)
    city = jiangsu.members[0]
    version = table_version(jiangsu, city, "T05")
    save_table(CLI, jiangsu, city, "T05", {(city, "holders"): "12345.00"}, version, channel="cli")
    assert client.get(WORKBOOK).status_code == 200  # new data: offered again
    assert client.post(WORKBOOK)["Location"] != started["Location"] and Job.objects.count() == 2


def test_viewers_of_different_provinces_never_share_a_file(nation_campaign, reviewer):
    every = start(reviewer, "national_workbook", {"campaign": NATIONAL, "provinces": [BJ, JS, NX]})
    drain()  # one job at a time per user
    some = start(reviewer, "national_workbook", {"campaign": NATIONAL, "provinces": [JS]})
    assert every.pk != some.pk and every.key != some.key
    drain()
    some.refresh_from_db()
    rows = _sheet(Path(str(result_file(some))).read_bytes(), "表5")
    assert [row[1] for row in rows[4:6]] == ["江苏省", "全国合计"]


def test_the_api_answers_202_and_province_people_are_refused(nation_campaign, reviewer, personas, client_for):
    client = client_for(reviewer)
    for path, kind in (("indicators/pdf", "national_pdf"), ("workbook/job", "national_workbook")):
        answer = client.post(f"/api/campaigns/{NATIONAL}/national/{path}")
        assert answer.status_code == 202 and answer.json()["kind"] == kind
        assert client.post(f"/api/campaigns/{NATIONAL}/national/{path}").json()["id"] == answer.json()["id"]
        drain()  # one job at a time per user
    for user in (personas.province_admin, personas.province_reviewer):
        other = client_for(user)
        for path in (PDF, WORKBOOK):
            assert other.get(path).status_code in (403, 404) and other.post(path).status_code in (403, 404)
        assert other.post(f"/api/campaigns/{NATIONAL}/national/workbook/job").status_code in (403, 404)
        for job in Job.objects.all():  # nor may they look at the ministry's jobs
            assert other.get(f"/jobs/{job.pk}/").status_code == 404
    assert Job.objects.count() == 2
