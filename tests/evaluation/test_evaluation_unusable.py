"""One city's number never breaks the evaluation for everyone (docs/spec.md §7.6).

Entry: a reported metric beyond the bound its rubric declares (网络覆盖率 max 100 %), or not a
plain number (30 digits, 1e999999999, NaN, Infinity), is refused on the page and by the API
with a Chinese message naming the criterion, and nothing is saved.

Stored: the same values written straight into the database (as a value stored before the
bounds, or written around the checks) make 南京's 网络覆盖率达标 and its total and rank 无法计算
— never 0, never a 500 — on every page, API operation and export, for the province and for
the cities, on SQLite and PostgreSQL; 苏州 keeps its total and rank.

By hand (the ``evaluation`` fixture): 苏州 reports 网络覆盖率 92 % → the ≥ 90 % band, 4 points, and
has nothing else scored: total 4.0, rank 1. Every other city but 南京 has 0.0 (rank 2).
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from tests.conftest import NANJING, SUZHOU
from tests.evaluation.conftest import submit_all
from tests.jobs.helpers import file_through_job

from kaoping.evaluation.assess import save_assessment
from kaoping.evaluation.documents import OTHERS_CANNOT
from kaoping.evaluation.models import ReportedMetric
from kaoping.evaluation.reviews import publish

BAD = ["1" * 30, "1e999999999", "NaN", "100.5", "九十"]
MESSAGE = "评分标准“网络覆盖率达标”：网络覆盖率："


@pytest.fixture
def stored(request, evaluation, personas):  # type: ignore[no-untyped-def]
    """苏州 reported 92 %; 南京's value is written straight into the database; every city
    submitted (so all are ranked but 南京); published."""
    save_assessment(personas.suzhou_reporter, evaluation, SUZHOU, {}, {"network_coverage": "92"})
    ReportedMetric.objects.create(
        campaign=evaluation, org_id=NANJING, metric="network_coverage", text=request.param
    )
    submit_all(evaluation)
    publish(personas.province_admin, evaluation)
    return evaluation


def body(response) -> str:  # type: ignore[no-untyped-def]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


def workbook_text(content: bytes) -> str:
    """A workbook's sheet and shared strings."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    return "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))


PAGES = [
    "/evaluations/{e}/",
    "/evaluations/{e}/results/",
    f"/evaluations/{{e}}/results/{NANJING}/",
    f"/evaluations/{{e}}/results/{NANJING}/network_coverage/",
    f"/evaluations/{{e}}/orgs/{NANJING}/",
    "/evaluations/{e}/results.xlsx",
    "/api/evaluations/{e}/score",
    f"/api/evaluations/{{e}}/orgs/{NANJING}/self-assessment",
    f"/api/evaluations/{{e}}/orgs/{NANJING}/criteria/network_coverage",
]
# who may open what: the province everything, 南京 its own pages (no workbook), 苏州 the ranking
ALLOWED = {
    "province_admin": set(PAGES),
    "nanjing_reporter": set(PAGES) - {"/evaluations/{e}/results.xlsx"},
    "suzhou_reporter": {"/evaluations/{e}/", "/evaluations/{e}/results/", "/api/evaluations/{e}/score"},
}


@pytest.mark.parametrize("stored", BAD, indirect=True, ids=lambda v: v[:12])
@pytest.mark.parametrize("persona", sorted(ALLOWED))
def test_every_page_api_and_export_answers_with_incalculable(stored, persona, personas, client_for):
    client = client_for(getattr(personas, persona))
    for page in PAGES:
        response = client.get(page.format(e=stored.pk))
        allowed = page in ALLOWED[persona]
        assert response.status_code == (200 if allowed else 403), (page, response.status_code)
        text = body(response)
        if allowed and page.endswith(".xlsx"):  # the address offers the job: its workbook
            text = workbook_text(file_through_job(client, page.format(e=stored.pk)))
        if allowed and page != "/evaluations/{e}/" and "self-assessment" not in page:
            assert "无法计算" in text, page
    score = client.get(f"/api/evaluations/{stored.pk}/score").json()
    cities = {c["org"]: c for c in score["cities"]}
    assert (cities[SUZHOU]["total"], cities[SUZHOU]["rank"], cities[SUZHOU]["reason"]) == (4.0, 1, None)
    assert (cities[NANJING]["total"], cities[NANJING]["rank"]) == (None, None)
    assert score["cities"][-1]["org"] == NANJING  # unranked: listed last
    assert {c["rank"] for c in score["cities"] if c["org"] not in (NANJING, SUZHOU)} == {2}
    if persona == "suzhou_reporter":  # another city's data stays its own
        assert cities[NANJING]["reason"] == OTHERS_CANNOT and cities[NANJING]["criteria"] == []
        return
    assert cities[NANJING]["reason"].startswith("网络覆盖率达标：地市填报的网络覆盖率")
    coverage = next(c for c in cities[NANJING]["criteria"] if c["key"] == "network_coverage")
    assert coverage["final"] is None and coverage["reason"] == cities[NANJING]["reason"].split("：", 1)[1]


@pytest.mark.parametrize("stored", ["1e999999999"], indirect=True)
def test_the_home_page_shows_the_province_the_incalculable_total(stored, personas, client_for):
    page = client_for(personas.province_admin).get(f"/evaluations/{stored.pk}/").content.decode()
    row = page.split(f'data-org="{NANJING}"')[1].split("</tr>")[0]
    assert "无法计算" in row
    suzhou = page.split(f'data-org="{SUZHOU}"')[1].split("</tr>")[0]
    assert "4.0" in suzhou


@pytest.mark.parametrize("stored", ["1" * 30], indirect=True)
def test_the_city_pdf_and_kaoping_score(stored, personas, client_for):
    report = f"/evaluations/{stored.pk}/results/{NANJING}/report.pdf"
    assert file_through_job(client_for(personas.province_admin), report).startswith(b"%PDF")
    out = io.StringIO()
    call_command("score", "--campaign", stored.pk, "--format", "json", stdout=out)
    cities = {c["org"]: c for c in json.loads(out.getvalue())["cities"]}
    assert cities[NANJING]["total"] is None and cities[SUZHOU]["total"] == 4.0
    out = io.StringIO()
    call_command("score", "--campaign", stored.pk, stdout=out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("无法计算\t南京市\t无法计算") for line in lines), lines
    assert lines[2].startswith("1\t苏州市\t4.0")


@pytest.mark.parametrize("typed", ["1" * 30, "1e999999999", "NaN", "Infinity", "100.5"])
def test_the_page_and_the_api_refuse_the_value_naming_the_criterion(typed, evaluation, personas, client_for):
    client = client_for(personas.nanjing_reporter)
    page = client.post(f"/evaluations/{evaluation.pk}/orgs/{NANJING}/", {"metric:network_coverage": typed})
    assert page.status_code == 200 and MESSAGE in page.content.decode()
    api = client.put(
        f"/api/evaluations/{evaluation.pk}/orgs/{NANJING}/self-assessment",
        {"reported": {"network_coverage": typed}},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api.json()["problems"]["network_coverage"].startswith(MESSAGE)
    assert not ReportedMetric.objects.exists()
    within = client.put(
        f"/api/evaluations/{evaluation.pk}/orgs/{NANJING}/self-assessment",
        {"reported": {"network_coverage": "100"}},
        content_type="application/json",
    )
    assert within.status_code == 200 and ReportedMetric.objects.get().text == "100"


@pytest.mark.parametrize("target", ["1e999999999", "NaN"])
def test_a_stored_target_that_cannot_be_used_breaks_no_page(target, evaluation, personas, client_for):
    """The province's 网络覆盖率 target for 苏州 written straight into the stored settings: 苏州's
    网络覆盖率达标 and total are 无法计算; 南京 (the default target, nothing reported) keeps its
    total; every page and the score API answer 200. Every city submitted: all are ranked."""
    from kaoping.evaluation.models import Evaluation

    save_assessment(personas.suzhou_reporter, evaluation, SUZHOU, {}, {"network_coverage": "92"})
    state = Evaluation.objects.get(campaign=evaluation)
    state.settings = {**state.settings, "targets": {"network_coverage": {"by_city": {SUZHOU: target}}}}
    state.save(update_fields=["settings"])
    submit_all(evaluation)
    publish(personas.province_admin, evaluation)
    for persona in ("province_admin", "suzhou_reporter"):
        client = client_for(getattr(personas, persona))
        for page in (
            "/evaluations/{e}/",
            "/evaluations/{e}/results/",
            f"/evaluations/{{e}}/results/{SUZHOU}/",
        ):
            assert client.get(page.format(e=evaluation.pk)).status_code == 200, (persona, page)
        cities = {c["org"]: c for c in client.get(f"/api/evaluations/{evaluation.pk}/score").json()["cities"]}
        assert cities[SUZHOU]["total"] is None and "网络覆盖率" in cities[SUZHOU]["reason"]
        assert cities[NANJING]["total"] == 4.5 and cities[NANJING]["rank"] == 1  # 45 ÷ 60 × 6
    settings_page = client_for(personas.province_admin).get(f"/evaluations/{evaluation.pk}/settings/")
    assert settings_page.status_code == 200
