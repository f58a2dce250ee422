"""A city with no submitted self-assessment is 未自评 and not ranked (docs/spec.md §7.6), on
the evaluation home, the results page, results.xlsx, the API's score document and the city's
own pages; a city whose value cannot be used stays 无法计算. On SQLite and PostgreSQL.

By hand (the ``evaluation`` fixture): 南京's 表5 持卡人数 45 of the target 60 万人 scores
card_holders 4.5 and it self-scores leading_group 2: total 6.5. Only 南京 submitted, so it
is ranked 1; 苏州 (its draft self-score 2: total 2.0) and the other eleven cities are 未自评,
rank null.
"""

from __future__ import annotations

import io

import pytest
from python_calamine import CalamineWorkbook
from tests.conftest import NANJING, SUZHOU
from tests.evaluation.conftest import submit_all
from tests.jobs.helpers import file_through_job

from kaoping.core.scoring.results import NOT_ASSESSED_REASON
from kaoping.evaluation.assess import Entry, save_assessment
from kaoping.evaluation.charts import chart_data
from kaoping.evaluation.reviews import publish
from kaoping.evaluation.scoring import evaluate


@pytest.fixture
def half(evaluation, personas):  # type: ignore[no-untyped-def]
    save_assessment(personas.nanjing_reporter, evaluation, NANJING, {"leading_group": Entry("2", "")})
    save_assessment(personas.suzhou_reporter, evaluation, SUZHOU, {"leading_group": Entry("2", "")})
    submit_all(evaluation, [NANJING])
    return evaluation


def row_of(page: str, org: str) -> str:
    return page.split(f'data-org="{org}"')[1].split("</tr>")[0]


def test_only_the_submitted_city_is_ranked(half):
    result = evaluate(half)
    nanjing, suzhou = result.city(NANJING), result.city(SUZHOU)
    assert (nanjing.shown_total, nanjing.rank, nanjing.assessed, nanjing.unranked) == ("6.5", 1, True, None)
    assert (suzhou.shown_total, suzhou.rank, suzhou.assessed) == ("2.0", None, False)
    assert (suzhou.shown_rank, suzhou.unranked) == ("未自评", NOT_ASSESSED_REASON)
    assert [c.org.code for c in result.ranking()][:2] == [NANJING, "320200"]  # then the tree's order
    assert {c.rank for c in result.cities} == {1, None}


def test_the_province_sees_not_self_assessed_on_home_results_and_workbook(half, personas, client_for):
    client = client_for(personas.province_admin)
    home = client.get(f"/evaluations/{half.pk}/").content.decode()
    assert "未自评" in row_of(home, SUZHOU) and "未自评" not in row_of(home, NANJING)
    results = client.get(f"/evaluations/{half.pk}/results/").content.decode()
    ranking = results.split('data-testid="ranking"')[1]
    assert '<td class="num">1</td>' in row_of(ranking, NANJING)
    assert '<td class="num">未自评</td>' in row_of(ranking, SUZHOU)
    note = results.split('data-testid="not-assessed">')[1].split("</p>")[0]  # one line names them all
    assert f'<span data-org="{SUZHOU}">苏州市</span>' in note and f'data-org="{NANJING}"' not in note
    assert note.count("<span") == 12
    book = file_through_job(client, f"/evaluations/{half.pk}/results.xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(book)).get_sheet_by_name("考评结果").to_python()
    header, rank = rows[1], next(r for r in rows if r[0] == "名次")
    assert (rank[header.index("南京市")], rank[header.index("苏州市")]) == (1, "未自评")


def test_the_api_gives_rank_null_with_the_reason_to_every_reader(half, personas, client_for):
    publish(personas.province_admin, half)
    for persona in ("province_admin", "nanjing_reporter"):
        score = client_for(getattr(personas, persona)).get(f"/api/evaluations/{half.pk}/score").json()
        cities = {c["org"]: c for c in score["cities"]}
        assert (cities[NANJING]["rank"], cities[NANJING]["reason"], cities[NANJING]["assessed"]) == (
            1,
            None,
            True,
        )
        suzhou = cities[SUZHOU]
        assert (suzhou["rank"], suzhou["total"], suzhou["assessed"]) == (None, 2.0, False)
        assert suzhou["reason"] == NOT_ASSESSED_REASON  # not hidden as another city's data


def test_the_city_sees_not_self_assessed_on_its_own_pages(half, personas, client_for):
    publish(personas.province_admin, half)
    suzhou = client_for(personas.suzhou_reporter)
    own = suzhou.get(f"/evaluations/{half.pk}/orgs/{SUZHOU}/").content.decode()
    assert 'data-testid="not-assessed"' in own and "未自评" in own
    result = suzhou.get(f"/evaluations/{half.pk}/results/{SUZHOU}/").content.decode()
    assert 'data-testid="not-assessed"' in result
    assert "<b>未自评</b>" in result.split('data-testid="city-total"')[1]
    nanjing = client_for(personas.nanjing_reporter)
    assert (
        'data-testid="not-assessed"'
        not in nanjing.get(f"/evaluations/{half.pk}/orgs/{NANJING}/").content.decode()
    )


def test_the_charts_show_the_ranked_cities_by_name(half):
    charts = chart_data(evaluate(half))
    assert charts["ranking"]["cities"] == ["南京市"]  # type: ignore[index]
    distribution = charts["distribution"]["cities"]  # type: ignore[index]
    assert [c["name"] for c in distribution] == ["南京市"]
    # management: 2 of its 17 points → 11.8 %
    assert distribution[0]["values"][0] == 11.8
