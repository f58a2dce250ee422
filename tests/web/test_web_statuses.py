"""Statuses tell the truth (docs/spec.md §8.2): a table several units fill is 已完成 only when
every unit has filled its part, the province's overview says "已填 n/m" and links the units
that have not; a required answer of a unit that has not started is 未填报, never an error;
a returned unit sees 已退回 with the reason, alone; a table the province only reads offers
查看, never 填报 or 上传Excel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kaoping.collection.services import save_table, table_version
from kaoping.core.orgs import load_tree
from kaoping.orgs.actors import CliActor
from kaoping.workflow.models import RETURNED, Submission

CLI = CliActor(username="cli:test")
PROVINCE, NANJING, SUZHOU, SUQIAN = "320000", "320100", "320500", "321300"
CITIES = [
    c.code for c in load_tree(Path(__file__).resolve().parents[2] / "definitions" / "orgs").cities(PROVINCE)
]


def save(campaign, org: str, table: str, changes: dict[tuple[str, str], str]) -> None:  # type: ignore[no-untyped-def]
    result = save_table(
        CLI, campaign, org, table, changes, table_version(campaign, org, table), channel="cli"
    )
    assert not result.conflict, result


def cell(html: str, testid: str) -> str:
    match = re.search(rf'<(td|span)[^>]*data-testid="{testid}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, testid
    return match.group(2)


def row_of(html: str, table: str) -> str:
    start = html.index(f'data-testid="status-{table}"')
    return html[start : html.index("</tr>", start)]


@pytest.fixture
def overview(client_for, province_admin):  # type: ignore[no-untyped-def]
    client = client_for(province_admin)

    def get(campaign) -> str:  # type: ignore[no-untyped-def]
        response = client.get(f"/c/{campaign.pk}/{PROVINCE}/")
        assert response.status_code == 200
        return response.content.decode()

    return get


def line(code: str) -> dict[tuple[str, str], str]:
    """A city's whole 表3 row: a primary line that meets the needs, nothing to warn about."""
    columns = ("primary_operator", "primary_type", "primary_bandwidth", "meets_now", "meets_future")
    return {(code, c): v for c, v in zip(columns, ("a", "a", "100", "a", "a"), strict=True)}


def test_a_table_is_complete_only_when_every_unit_has_filled_it(campaign, overview):
    for code in CITIES[:7]:  # 南京 … 连云港 have a primary line; six cities have filled nothing
        save(campaign, code, "T03", line(code))
    html = overview(campaign)
    # not 已完成, though nothing the 7 typed is wrong or needs a 说明
    assert cell(html, "status-T03") == "填报中"
    assert '<span class="count-warning">' not in row_of(html, "T03")
    units = cell(html, "units-T03")
    assert "已填 7/13" in units
    # the six silent cities, each linked to its own 表3
    assert f'<a href="/c/{campaign.pk}/{SUQIAN}/T03/">宿迁市</a>' in units
    assert units.count("<a href=") == 6
    for code in CITIES[7:]:
        save(campaign, code, "T03", line(code))
    html = overview(campaign)
    assert cell(html, "status-T03") == "已完成"
    assert "已填 13/13" in cell(html, "units-T03") and "<a href=" not in cell(html, "units-T03")


def test_a_unit_that_has_not_started_is_not_an_error(campaign, overview):
    # 南京 starts 表9 with a contradiction (40 consultants of 30 staff) and no 是/否 yet
    save(campaign, NANJING, "T09", {(NANJING, "staff"): "30", (NANJING, "consultants"): "40"})
    html = overview(campaign)
    row = row_of(html, "T09")
    # 南京's two errors count; the other 13 units' blank 是否开通12333 is 未填报, not 13 more errors
    assert '<span class="count-error">2</span>' in row
    assert cell(html, "status-T09") == "有错误"
    assert "已填 1/14" in cell(html, "units-T09")


def test_a_province_only_table_has_no_unit_count(campaign, overview):
    save(campaign, PROVINCE, "T14", {("cities", "qty"): "13"})
    html = overview(campaign)
    assert cell(html, "units-T14").strip() == '<span class="muted">—</span>'
    assert cell(html, "status-T14") in ("填报中", "已完成")


def test_a_read_only_table_offers_view_not_fill(campaign, overview, client_for, province_admin):
    html = overview(campaign)
    assert ">查看</a>" in row_of(html, "T03")  # only cities fill 表3
    assert ">填报</a>" in row_of(html, "T14")  # the province's own
    page = client_for(province_admin).get(f"/c/{campaign.pk}/{PROVINCE}/T03/").content.decode()
    assert "上传Excel" not in page and 'data-testid="save"' not in page
    assert "本表由各地市填报" in page
    own = client_for(province_admin).get(f"/c/{campaign.pk}/{PROVINCE}/T14/").content.decode()
    assert "上传Excel" in own and 'data-testid="save"' in own


def test_a_returned_city_sees_returned_with_the_reason_alone(campaign, client_for, nanjing_reporter):
    save(campaign, NANJING, "T09", {(NANJING, "opened"): "true"})
    Submission.objects.update_or_create(
        campaign=campaign, org_id=NANJING, defaults={"status": RETURNED, "reason": "表9 来电总量请核实"}
    )
    html = client_for(nanjing_reporter).get("/").content.decode()
    status = html[html.index('data-testid="wf-task-status"') - 40 :]
    status = status[: status.index("</td>")]
    assert "已退回" in status and "退回原因：表9 来电总量请核实" in status
    assert 'data-testid="task-status"' not in html  # no fill badge beside it (已完成 + 已退回)
