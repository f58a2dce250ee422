"""The evaluation's results workbook and city PDF report are background jobs (docs/spec.md §14),
keyed by the evaluation's data and by what the asker may see: 审核专家 do not see a city's
self-assessment before it is submitted, the province and the city itself do — they never share
a job or a file. On SQLite and PostgreSQL.

By hand (the ``evaluation`` fixture): 南京's 表5 持卡人数 45 of the target 60 万人 scores
card_holders 4.5; 南京 self-scores leading_group 2 and does not submit. The province's workbook
and 南京's own report count the draft: leading_group 2, total 6.5; the expert's leave it out:
leading_group empty, total 4.5.
"""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from tests.conftest import NANJING
from tests.jobs.helpers import file_through_job

from kaoping.cli import main
from kaoping.evaluation.assess import Entry, save_assessment
from kaoping.evaluation.reviews import publish
from kaoping.jobs.models import Job
from kaoping.jobs.worker import drain


@pytest.fixture(autouse=True)
def _roomy(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.JOBS_DIR = tmp_path / "jobs"


@pytest.fixture
def drafted(evaluation, personas):  # type: ignore[no-untyped-def]
    save_assessment(personas.nanjing_reporter, evaluation, NANJING, {"leading_group": Entry("2", "已成立")})
    return evaluation


def _nanjing_column(book: bytes) -> dict[str, object]:
    rows = CalamineWorkbook.from_filelike(io.BytesIO(book)).get_sheet_by_name("考评结果").to_python()
    column = rows[1].index("南京市")
    return {str(row[2] or row[0]): row[column] for row in rows[2:]}


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_the_province_and_the_expert_get_their_own_workbooks(drafted, personas, client_for):
    url = f"/evaluations/{drafted.pk}/results.xlsx"
    province = _nanjing_column(file_through_job(client_for(personas.province_admin), url))
    expert = _nanjing_column(file_through_job(client_for(personas.expert), url))
    leading = next(label for label in province if label.endswith("市级成立领导工作小组"))
    assert (province[leading], province["总分"]) == (2.0, 6.5)  # the draft counted
    assert (expert[leading], expert["总分"]) == ("", 4.5)  # the draft not shown to the expert
    assert Job.objects.filter(kind="eval_results").count() == 2  # one per visibility


def test_asking_again_joins_the_job_and_new_data_makes_a_new_one(drafted, personas, client_for):
    admin = client_for(personas.province_admin)
    url = f"/evaluations/{drafted.pk}/results.xlsx"
    offered = admin.get(url)
    assert offered.status_code == 200 and 'data-testid="job-offer"' in offered.content.decode()
    assert not Job.objects.exists()  # a GET starts nothing
    started = admin.post(url)
    assert admin.post(url)["Location"] == started["Location"]  # queued: joined
    drain()
    assert admin.get(url)["Location"] == started["Location"]  # built: its page and file
    assert admin.post(url)["Location"] == started["Location"]  # built once
    assert Job.objects.get().status == Job.DONE
    save_assessment(personas.nanjing_reporter, drafted, NANJING, {"leading_group": Entry("0", "未成立")})
    assert admin.get(url).status_code == 200  # new data: offered again
    assert admin.post(url)["Location"] != started["Location"] and Job.objects.count() == 2


def test_the_city_and_the_expert_get_different_reports(drafted, personas, client_for, tmp_path):
    publish(personas.province_admin, drafted)  # 南京 never submitted: its draft is its own
    url = f"/evaluations/{drafted.pk}/results/{NANJING}/report.pdf"
    city = _pdf_text(file_through_job(client_for(personas.nanjing_reporter), url), tmp_path)
    expert_client = client_for(personas.expert)
    expert = _pdf_text(file_through_job(expert_client, url), tmp_path)
    assert "总分：6.5 / 100" in city and "总分：4.5 / 100" in expert
    jobs = {job.owner.username: job for job in Job.objects.select_related("owner")}
    city_job, expert_job = jobs[personas.nanjing_reporter.username], jobs[personas.expert.username]
    assert city_job.key != expert_job.key
    # the expert may not open the city's job, which shows the draft; the city may open the
    # expert's, which shows less
    assert expert_client.get(f"/jobs/{city_job.pk}/download/").status_code == 404
    assert client_for(personas.nanjing_reporter).get(f"/jobs/{expert_job.pk}/").status_code == 200


def test_the_api_answers_202_and_the_command_line_waits(
    drafted, personas, client_for, capsys, monkeypatch, tmp_path
):
    expert = client_for(personas.expert)
    started = expert.post(f"/api/evaluations/{drafted.pk}/results/job")
    assert started.status_code == 202 and started.json()["kind"] == "eval_results"
    report_job = f"/api/evaluations/{drafted.pk}/orgs/{NANJING}/report/job"
    assert expert.post(report_job).status_code == 429  # the heavy-work limiter: one at a time
    city = client_for(personas.nanjing_reporter)  # before publication: no result for the city
    assert city.post(report_job).status_code == 403
    assert city.post(f"/api/evaluations/{drafted.pk}/results/job").status_code == 403
    drain()
    done = expert.get(f"/api/jobs/{started.json()['id']}").json()
    assert (done["status"], done["percent"], done["file"]) == ("done", 100, f"{drafted.pk}-results.xlsx")
    report = expert.post(report_job)
    assert report.status_code == 202 and report.json()["status"] == "queued"
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)  # keep the test's transaction
    capsys.readouterr()
    assert (
        main(["jobs", "start", "eval_results", "--param", f"evaluation={drafted.pk}", "--format", "json"])
        == 0
    )
    queued = json.loads(capsys.readouterr().out)["id"]
    drain()
    out = tmp_path / "results.xlsx"
    assert main(["jobs", "wait", queued, "-o", str(out)]) == 0
    assert "[####################] 100%" in capsys.readouterr().err
    assert _nanjing_column(out.read_bytes())["总分"] == 6.5  # the command line sees every draft
