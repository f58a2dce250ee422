"""The configuration changes page (配置变更记录, docs/spec.md §12): the 审计管理员's under 三员分立,
the 部 and 省管理员's otherwise; each entry in words — the campaign's title, units and figures by
name, targets by label, reviewers by person — never a stored key; exported as .xlsx and .csv.
Expected texts written out by hand from the acts below."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from tests.conftest import NANJING, PROVINCE, SUZHOU
from tests.evaluation.conftest import evaluation  # noqa: F401  (a fixture)

from kaoping.collection.campaigns import set_base_figures
from kaoping.demo import ensure_user
from kaoping.evaluation.campaigns import update_settings
from kaoping.orgs.actors import CliActor
from kaoping.orgs.configlog import record_config
from kaoping.orgs.roles import DUTY_ROLES, Role

pytestmark = pytest.mark.django_db
URL = "/ops/config/"
RAW = ("population", "320100", "cert_usage", "review_rule", "p_zhuanjia", "test-2015", "{")


def test_figures_and_settings_read_in_words(evaluation, personas, client_for):  # noqa: F811
    admin = personas.province_admin
    set_base_figures(admin, evaluation.evaluation.survey, {NANJING: {"population": Decimal("850.5")}})
    targets = {"cert_usage": {"value": "75"}}
    update_settings(admin, evaluation, {"targets": targets, "reviewers": {NANJING: ["p_zhuanjia"]}})
    page = client_for(admin).get(URL).content.decode()
    # 南京 was 100 (the fixture); the province's administrator sees the expert's name in full.
    assert "南京市 常住人口（万人） 100" in page and "南京市 常住人口（万人） 850.5" in page
    assert "目标值 业务人员数字证书使用率：统一 75" in page and "审核专家 南京市：审核专家丙" in page
    assert "目标值 业务人员数字证书使用率：未设" in page and "审核专家 南京市：未设" in page
    assert "开启任务" in page and "测算基数" in page and "考评设置" in page
    assert not [raw for raw in RAW if raw in page.split('data-testid="config-changes"')[1]]


def test_the_export_says_the_same_in_xlsx_and_csv(evaluation, personas, client_for):  # noqa: F811
    admin = personas.province_admin
    set_base_figures(admin, evaluation.evaluation.survey, {SUZHOU: {"population": "201"}})
    client = client_for(admin)
    csv_text = client.get(URL + "?subject=测算基数&format=csv").content.decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert lines[0] == "时间,配置项,对象,原值,新值,操作人"
    assert len(lines) == 3  # the fixture's figures (by the command line) and the province's change
    assert (
        ",测算基数,规划重点任务实施情况调查表,苏州市 常住人口（万人） 200,苏州市 常住人口（万人） 201,"
        in lines[1]
    )
    assert lines[1].endswith(",省管理员甲（江苏省 省管理员）")
    book = openpyxl.load_workbook(io.BytesIO(client.get(URL + "?subject=测算基数&format=xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("时间", "配置项", "对象", "原值", "新值", "操作人") and len(rows) == 3
    assert rows[1][1:5] == (
        "测算基数",
        "规划重点任务实施情况调查表",
        "苏州市 常住人口（万人） 200",
        "苏州市 常住人口（万人） 201",
    )


def test_system_wide_entries_reach_the_ministry_only(personas, client_for):
    record_config(CliActor("cli:ops"), "组织树", "", None, "", "新增 1 个单位")
    assert "新增 1 个单位" in client_for(personas.ministry_admin).get(URL).content.decode()
    assert "新增 1 个单位" not in client_for(personas.province_admin).get(URL).content.decode()


def test_who_reads_it_in_both_modes(personas, client_for, settings):
    record_config(personas.province_admin, "开启任务", "", PROVINCE, "", "江苏的任务")
    for user in (personas.nanjing_reporter, personas.province_reviewer, personas.expert):
        assert client_for(user).get(URL).status_code == 403
    assert "江苏的任务" in client_for(personas.province_admin).get(URL).content.decode()
    settings.SEPARATION_OF_DUTIES = True
    duty = {
        r: ensure_user(f"c_{r.value}", "某人", r, PROVINCE, password="Duty-Pass-2015") for r in DUTY_ROLES
    }
    assert "江苏的任务" in client_for(duty[Role.AUDIT_ADMIN]).get(URL).content.decode()
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        assert client_for(duty[role]).get(URL).status_code == 403
    refused = client_for(personas.province_admin).get(URL)
    assert refused.status_code == 403 and "需要审计管理员角色" in refused.content.decode()


def test_an_opened_campaign_names_no_definition_version(campaign, personas, client_for):
    page = client_for(personas.ministry_admin).get(URL + "?subject=开启任务").content.decode()
    assert "规划重点任务实施情况调查表，填报期 2015-07-01 至 2099-12-31" in page
    assert "survey-2015@1" not in page


def test_the_audit_administrator_reads_names_in_full(personas, client_for, settings):
    """docs/spec.md §9.6: under 三员分立 the 审计管理员 sees who changed what in full."""
    settings.SEPARATION_OF_DUTIES = True
    record_config(personas.province_admin, "开启任务", "", PROVINCE, "", "江苏的任务")
    audit = ensure_user("c_audit", "某人", Role.AUDIT_ADMIN, PROVINCE, password="Duty-Pass-2015")
    assert "省管理员甲（江苏省 省管理员）" in client_for(audit).get(URL).content.decode()
    system = ensure_user("c_system", "某人", Role.SYSTEM_ADMIN, PROVINCE, password="Duty-Pass-2015")
    assert client_for(system).get(URL).status_code == 403
