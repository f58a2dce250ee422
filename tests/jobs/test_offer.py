"""A GET of an address naming a job's result starts nothing (docs/spec.md §14): it leads to the
job already building or built from the same data, else offers a button whose POST starts it;
an old link keeps working. An outsider is refused either way."""

from __future__ import annotations

import pytest

from kaoping.jobs.models import Job
from kaoping.jobs.worker import drain

pytestmark = pytest.mark.django_db

CSV = "/transfer/c/demo-2015/320100/exports/csv/"
PDF = "/reports/c/demo-2015/320000/pdf/"


@pytest.fixture(autouse=True)
def _roomy(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.JOBS_DIR = tmp_path / "jobs"


def test_a_get_offers_the_button_then_leads_to_the_job_it_started(demo, client_for, nanjing_reporter):
    nanjing = client_for(nanjing_reporter)
    offered = nanjing.get(CSV)
    body = offered.content.decode()
    assert offered.status_code == 200 and 'data-testid="job-offer"' in body
    assert "南京市 · 全部数据 CSV" in body and f'action="{CSV}"' in body and "开始生成" in body
    assert not Job.objects.exists()  # a GET started nothing
    started = nanjing.post(CSV)
    assert started.status_code == 302 and started["Location"].startswith("/jobs/")
    assert nanjing.get(CSV)["Location"] == started["Location"]  # queued: its page
    drain()
    assert nanjing.get(CSV)["Location"] == started["Location"]  # done from the same data: its file
    assert "下载" in nanjing.get(started["Location"]).content.decode()
    assert Job.objects.count() == 1


def test_the_whole_survey_pdf_address_offers_without_drawing(
    demo, client_for, province_admin, suzhou_reporter
):
    offered = client_for(province_admin).get(PDF)
    assert offered.status_code == 200 and "江苏省 · 全套报表 PDF" in offered.content.decode()
    assert not Job.objects.exists()
    assert client_for(suzhou_reporter).get(PDF).status_code in (403, 404)
    assert client_for(suzhou_reporter).post(PDF).status_code in (403, 404)
    assert not Job.objects.exists()
