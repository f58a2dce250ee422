"""``kaoping score`` (docs/spec.md §10.9) and the Excel results table, on the demo evaluation.

Hand-checked demo numbers (src/kaoping/demo/evaluation.py): 南京 reports 网络覆盖率 100 %
(target 100 %: the top band, 6 points), 常州 85 % (share 0.85 reaches the 0.8 band: 2
points); 常州 has no DR centre (0 of 2); the expert gives 南京 人力资源市场 5 − 1 = 4
with a reason. Eleven cities submitted their self-assessment; 徐州 (nothing) and 苏州 (a
draft) are 未自评 and not ranked (docs/spec.md §7.6).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook
from tests.jobs.helpers import file_through_job

from kaoping.core.scoring.results import NOT_ASSESSED_REASON
from kaoping.evaluation.exports import results_workbook
from kaoping.evaluation.scoring import evaluate

NANJING, CHANGZHOU = "320100", "320400"
NOT_ASSESSED = ("320300", "320500")  # 徐州, 苏州
SUBMITTED = {"320100", "320200", "320400", "320600", "320700", "320800", "320900", "321000"}
SUBMITTED |= {"321100", "321200", "321300"}


@pytest.fixture
def score(demo) -> dict:
    out = io.StringIO()
    call_command("score", "--campaign", "demo-eval-2015", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def criterion(document: dict, org: str, key: str) -> dict:
    city = next(c for c in document["cities"] if c["org"] == org)
    return next(c for c in city["criteria"] if c["key"] == key)


def test_the_score_document_has_the_contract_shape(score):
    assert set(score) == {"published", "cities"} and score["published"] is False
    assert len(score["cities"]) == 13
    for city in score["cities"]:
        assert set(city) == {"org", "name", "total", "rank", "reason", "assessed", "categories", "criteria"}
        assert city["total"] is not None  # every demo city can be computed
        assessed = city["org"] in SUBMITTED
        assert city["assessed"] is assessed
        assert city["reason"] == (None if assessed else NOT_ASSESSED_REASON)
        assert set(city["categories"]) == {
            "management",
            "platform",
            "applications",
            "card",
            "resources",
            "public_service",
        }
        assert len(city["criteria"]) == 34
        for item in city["criteria"]:
            assert set(item) == {
                "key", "label", "points", "self", "reviewed", "final", "reason", "method", "parts"
            }  # fmt: skip
            assert item["parts"]


def test_ranks_are_competition_ranks_on_one_decimal_totals_of_the_submitted_cities(score):
    ranked = score["cities"][:11]
    assert {c["org"] for c in ranked} == SUBMITTED
    totals = [c["total"] for c in ranked]
    assert totals == sorted(totals, reverse=True)
    for city in ranked:
        assert city["rank"] == 1 + sum(1 for t in totals if t > city["total"])
        assert city["total"] == round(city["total"], 1)
    assert [c["name"] for c in ranked[:2]] == ["南京市", "无锡市"]


def test_cities_without_a_submitted_self_assessment_are_not_ranked(score):
    """徐州 has nothing and 苏州 a draft: both 未自评, listed after the ranked cities in the
    tree's order, with their totals as scored so far."""
    unranked = score["cities"][11:]
    assert [c["rank"] for c in unranked] == [None] * 2
    assert [c["org"] for c in unranked] == list(NOT_ASSESSED)
    assert all(c["reason"] == NOT_ASSESSED_REASON for c in unranked)
    assert all(c["total"] is not None for c in unranked)


def test_hand_checked_demo_scores(score):
    assert criterion(score, NANJING, "network_coverage")["final"] == 6.0
    assert criterion(score, CHANGZHOU, "network_coverage")["final"] == 2.0
    assert criterion(score, CHANGZHOU, "dr_centre")["final"] == 0.0
    hr = criterion(score, NANJING, "hr_market_platform")
    assert (hr["self"], hr["reviewed"], hr["final"]) == (5.0, 4.0, 4.0)


def test_totals_add_the_category_subtotals(demo):
    for city in evaluate(demo.evaluation).cities:
        assert city.total == sum(city.categories.values())
        assert city.total == sum(c.counted for c in city.criteria if c.counted is not None)


def test_the_command_refuses_a_survey_campaign_with_exit_3(demo):
    with pytest.raises(CommandError) as refused:
        call_command("score", "--campaign", "demo-2015", "--format", "json")
    assert refused.value.returncode == 3


@pytest.mark.sqlite_only
def test_the_kaoping_command_prints_only_json(tmp_path):
    env = {
        "KAOPING_VAR_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "KAOPING_EVIDENCE_DIR": str(tmp_path / "ev"),
    }
    kaoping = [sys.executable, "-m", "kaoping.cli"]
    subprocess.run([*kaoping, "migrate", "-v0"], env=env, check=True, capture_output=True)
    subprocess.run([*kaoping, "demo"], env=env, check=True, capture_output=True)
    done = subprocess.run(
        [*kaoping, "score", "--campaign", "demo-eval-2015", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["cities"][0]["org"] == NANJING
    missing = subprocess.run(
        [*kaoping, "score", "--campaign", "nope"], env=env, capture_output=True, text=True
    )
    assert missing.returncode == 3 and "不存在" in missing.stderr


def test_the_excel_table_has_criteria_as_rows_and_cities_as_columns(demo):
    result = evaluate(demo.evaluation)
    book = CalamineWorkbook.from_filelike(io.BytesIO(results_workbook(demo.evaluation, result)))
    rows = book.get_sheet_by_name("考评结果").to_python()
    header = rows[1]
    assert header[:4] == ["工作分类", "工作项目", "评分标准", "分值"]
    assert header[4:] == [c.org.name for c in result.cities]  # the tree's order
    labels = [r[2] for r in rows]
    first = labels.index("1. 市级成立领导工作小组")
    assert rows[first][3] == 2
    subtotal = next(r for r in rows if r[0] == "管理机制 小计")
    assert subtotal[3] == 17
    total = next(r for r in rows if r[0] == "总分")
    rank = next(r for r in rows if r[0] == "名次")
    nanjing = header.index("南京市")
    assert total[nanjing] == float(result.city(NANJING).display_total)
    assert rank[nanjing] == 1
    assert rank[header.index("苏州市")] == "未自评"
    network = rows[labels.index("1. 网络覆盖率达标")]
    assert (network[3], network[header.index("常州市")], network[nanjing]) == (6, 2, 6)


def test_the_excel_download_is_for_the_province(demo, client_for, personas):
    admin = client_for(personas.province_admin)
    assert file_through_job(admin, "/evaluations/demo-eval-2015/results.xlsx")[:2] == b"PK"


def _inflated(pdf: bytes) -> list[bytes]:
    """Every stream of the PDF, decompressed where it is Flate-encoded (font names hide there)."""
    import re
    import zlib

    out = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return out


def test_the_city_report_is_a_pdf_with_the_cjk_font(demo, client_for, personas):
    report = "/evaluations/demo-eval-2015/results/320100/report.pdf"
    content = file_through_job(client_for(personas.province_admin), report)
    assert content.startswith(b"%PDF")
    fonts = b"".join(_inflated(content))
    assert b"NotoSansCJK" in fonts or b"Noto-Sans-CJK" in fonts  # the embedded CJK font's name
    # a city sees no report before publication, nor may it start one
    leader = client_for(personas.nanjing_leader)
    assert leader.get(report).status_code == 403 and leader.post(report).status_code == 403


def test_campaigns_open_with_a_rubric_opens_an_evaluation(campaign):
    out = io.StringIO()
    call_command(
        "campaigns", "open", "--id", "eval-cli", "--definition", "rubric-jiangsu@1", "--org", "320000",
        "--survey", campaign.pk, "--opens", "2015-09-01", "--closes", "2015-12-31", "--format", "json",
        stdout=out,
    )  # fmt: skip
    assert json.loads(out.getvalue()) == {
        "id": "eval-cli",
        "kind": "evaluation",
        "definition": "rubric-jiangsu@1",
        "org": "320000",
        "status": "open",
        "opens": "2015-09-01",
        "closes": "2015-12-31",
        "parent": None,  # the campaign object's shape (docs/spec.md §11.8): no national campaign above
        "baseline": None,
    }
    listed = io.StringIO()
    call_command("campaigns", "list", "--format", "json", stdout=listed)
    assert {c["id"]: c["kind"] for c in json.loads(listed.getvalue())} == {
        "test-2015": "survey",
        "eval-cli": "evaluation",
    }


def test_the_workbook_sizes_its_rows_for_wrapped_text(demo):
    """LibreOffice does not grow a row to fit wrapped text: the writer sets it. By hand:
    “1. 完成集中式的劳动保障监察、劳动人事争议调解仲裁、劳动用工备案信息系统” is 34 CJK characters
    (1.7 units each) and “1. ” (0.9 each): 60.5 units in the 34-unit column → two lines of
    12.5 pt + 3 = 28 pt, stored in whole pixels as 27.75; “1. 实现全市数据大集中” is one line."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(results_workbook(demo.evaluation, evaluate(demo.evaluation))))
    sheet = book["考评结果"]
    rows = {str(r[2].value): r[2].row for r in sheet.iter_rows(min_row=3) if r[2].value}
    assert (
        sheet.row_dimensions[
            rows["1. 完成集中式的劳动保障监察、劳动人事争议调解仲裁、劳动用工备案信息系统"]
        ].height
        == 27.75
    )
    assert sheet.row_dimensions[rows["1. 实现全市数据大集中"]].height < 2 * 12.5  # one line
    assert sheet.row_dimensions[2].height == 27.75  # 连云港市 (6.8 units) wraps in a 7-unit city column
