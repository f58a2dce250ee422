"""The outsider (苏州 填报员) is refused every report of 南京 and of the province.

The URLs are enumerated from ``kaoping.reports.urls`` (never a hand-picked list) and filled
with 南京's code and a table 南京 fills; the API's ``?org=`` is tried with both codes.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern
from reports_helpers import NANJING, PROVINCE, save

from kaoping.reports import urls

SENTINEL = "NJ-REPORT-SENTINEL"


def patterns() -> list[URLPattern]:
    return [p for p in urls.urlpatterns if isinstance(p, URLPattern)]


def fill(pattern: URLPattern, campaign_id: str, org: str) -> str:
    path = "/reports/" + str(pattern.pattern)
    for name, value in {"campaign": campaign_id, "org": org, "table": "T09"}.items():
        path = path.replace(f"<slug:{name}>", value).replace(f"<str:{name}>", value)
    return path


def test_the_enumeration_finds_every_report():
    names = {p.name for p in patterns()}
    province = {"indicators", "dashboard", "print", "print_table", "pdf", "pdf_table", "adhoc", "adhoc_xlsx"}
    ministry = {"national", "national_indicators", "national_print", "national_pdf", "national_compare"}
    ministry |= {"national_table", "national_workbook", "national_recompute"}  # docs/spec.md §11.4, §14
    assert names == province | ministry
    assert all("org" in p.pattern.converters for p in patterns())


@pytest.mark.parametrize("pattern", patterns(), ids=lambda p: p.name)
@pytest.mark.parametrize("org", [NANJING, PROVINCE])
def test_outsider_is_refused_on_every_report(pattern, org, campaign, client_for, suzhou_reporter):
    save(campaign, NANJING, "T09", {(NANJING, "remark"): SENTINEL})
    response = client_for(suzhou_reporter).get(fill(pattern, campaign.pk, org))
    body = response.content.decode("utf-8", "replace")
    assert response.status_code == 403, (pattern.name, response.status_code)
    assert SENTINEL not in body
    assert "需要" in body  # the refusal names the role needed


@pytest.mark.parametrize("org", [NANJING, PROVINCE, ""])
def test_outsider_is_refused_by_the_indicator_api(org, campaign, client_for, suzhou_reporter):
    response = client_for(suzhou_reporter).get(f"/api/campaigns/{campaign.pk}/indicators?org={org}")
    assert response.status_code == 403
    assert "需要" in response.json()["detail"]


def test_nanjing_prints_its_own_rows(campaign, client_for, nanjing_reporter):
    """The refusals above are meaningful: 南京 itself does see the sentinel."""
    save(campaign, NANJING, "T09", {(NANJING, "remark"): SENTINEL})
    response = client_for(nanjing_reporter).get(f"/reports/c/{campaign.pk}/{NANJING}/print/T09/")
    assert response.status_code == 200 and SENTINEL in response.content.decode()


def test_the_ministry_reads_the_province_reports(campaign, client_for, ministry_admin):
    client = client_for(ministry_admin)
    assert client.get(f"/reports/c/{campaign.pk}/{PROVINCE}/indicators/").status_code == 200
    assert client.get(f"/api/campaigns/{campaign.pk}/indicators").status_code == 200
