"""Base figures are held to their type, precision and bound however they come in — the
base-figures page, the API, a workbook or CSV through ``kaoping basefigures import`` — with
the city and the figure named, and nothing saved changes (docs/spec.md §2.3, §5.3)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kaoping.collection.models import BaseFigure, Campaign
from value_examples import refusals

NJ = "320100"
# typed as 南京's 常住人口（万人） → the reason it is refused
EXAMPLES = {
    **refusals("999,999.99"),
    "1000000": "“1000000”超出范围：不能超过 999,999.99",
    "-5": "不能为负数，填写的是 -5",
    "8.123": "最多保留 2 位小数，填写的是 8.123",
}


def figures(campaign: Campaign) -> list[tuple[str, str, str]]:
    return sorted(BaseFigure.objects.filter(campaign=campaign).values_list("org_id", "key", "value"))


def test_the_page_refuses_each_naming_the_city_and_the_figure(campaign, client_for, province_admin):
    client = client_for(province_admin)
    url = f"/campaigns/{campaign.id}/base-figures/"
    assert client.post(url, {f"{NJ}-population": "821.61"}).status_code == 302
    before = figures(campaign)
    for raw, said in EXAMPLES.items():
        response = client.post(url, {f"{NJ}-population": raw, f"{NJ}-insured_urban": "412.30"})
        assert response.status_code == 200, raw
        assert f"<li>南京市 常住人口（万人）：{said}</li>" in response.content.decode().replace("&quot;", '"')
    assert figures(campaign) == before


def test_the_api_refuses_each_with_422_naming_the_city_and_the_figure(campaign, client_for, province_admin):
    client = client_for(province_admin)
    url = f"/api/campaigns/{campaign.id}/base-figures"
    before = figures(campaign)
    numbers: dict[object, str] = {
        1e300: "“1e+300”是科学计数法：请写出完整的数字，如 1200000",
        10**40: "超出范围",
    }
    for raw, said in [*EXAMPLES.items(), *numbers.items()]:
        body = {NJ: {"population": raw, "insured_urban": "412.30"}}
        response = client.put(url, data=json.dumps(body), content_type="application/json")
        assert response.status_code == 422, raw
        assert (
            response.json()["detail"].startswith("南京市「常住人口（万人）」：")
            and said in response.json()["detail"]
        )
    body = {"329999": {"population": "1"}, NJ: {"population": "1"}}
    response = client.put(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"] == "组织代码“329999”不是本任务的单位"
    assert figures(campaign) == before
    response = client.put(
        url, data=json.dumps({NJ: {"population": "8,216.10"}}), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()[NJ]["population"] == "8216.10"


@pytest.mark.parametrize("raw", ["1,2", "1_000", "NaN", "1e999999999", "9" * 30])
def test_kaoping_basefigures_import_refuses_each_naming_row_column_and_cell(campaign, tmp_path, raw):
    before = figures(campaign)
    path = tmp_path / "figures.csv"
    header = "组织代码,单位,常住人口（万人）,城镇参保人数（万人）,县级单位数\n"
    path.write_text(header + f'{NJ},南京市,"{raw}",412.3,11\n', encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("basefigures", "import", str(path), "--campaign", campaign.id, stdout=io.StringIO())
    assert refused.value.returncode == 3
    assert f"第 2 行南京市「常住人口（万人）」（C2）：{EXAMPLES[raw]}" in str(refused.value)
    assert figures(campaign) == before
