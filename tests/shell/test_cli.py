"""The ``kaoping`` command line: the JSON contracts and exit codes of docs/spec.md §10 (0, 1, 2, 3)."""

from __future__ import annotations

import getpass
import json

import pytest

from kaoping.cli import main
from kaoping.collection.models import AuditEntry, Campaign


@pytest.fixture(autouse=True)
def keep_test_connection(monkeypatch):
    # A management command closes the connections when it ends; the test's transaction must survive.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_campaigns_list_prints_only_the_json_document(campaign, capsys):
    code, out, _ = run(capsys, "campaigns", "list", "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {
            "id": "test-2015",
            "kind": "survey",
            "definition": "survey-2015@1",
            "org": "320000",
            "status": "open",
            "opens": "2015-07-01",
            "closes": "2099-12-31",
            "parent": None,
            "baseline": None,
        }
    ]


def test_campaigns_open_returns_the_campaign_and_refuses_a_duplicate(org_tree, capsys):
    argv = ["campaigns", "open", "--id", "js-2015", "--definition", "survey-2015@1", "--org", "320000"]
    argv += ["--opens", "2015-07-01", "--closes", "2015-09-30", "--format", "json"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert json.loads(out) == {
        "id": "js-2015",
        "kind": "survey",
        "definition": "survey-2015@1",
        "org": "320000",
        "status": "open",
        "opens": "2015-07-01",
        "closes": "2015-09-30",
        "parent": None,
        "baseline": None,
    }
    assert Campaign.objects.get(pk="js-2015").created_by == f"cli:{getpass.getuser()}"
    code, out, err = run(capsys, *argv)
    assert (code, out) == (3, "")
    assert "已存在" in err


def test_campaigns_open_copies_values_from_an_earlier_campaign(demo, capsys):
    argv = ["campaigns", "open", "--id", "js-2016", "--definition", "survey-2015", "--org", "320000"]
    code, _, _ = run(capsys, *argv, "--copy-from", "demo-2015", "--format", "json")
    assert code == 0
    new = Campaign.objects.get(pk="js-2016")
    assert new.values.count() == demo.campaign.values.count() > 0
    assert new.values.get(table="T09", row="320100", column="staff").text == "20"


def test_wrong_usage_exits_2(org_tree, capsys):
    code, out, _ = run(capsys, "campaigns", "open", "--id", "x", "--format", "json")
    assert (code, out) == (2, "")
    assert run(capsys, "no-such-command")[0] == 2
    assert run(capsys, "campaigns", "list", "--format", "yaml")[0] == 2


def test_validate_reports_errors_with_exit_1_and_a_clean_city_with_exit_0(demo, capsys):
    code, out, _ = run(capsys, "validate", "--campaign", "demo-2015", "--org", "320900", "--format", "json")
    assert code == 1
    body = json.loads(out)
    assert body["can_submit"] is False
    staff = [f for f in body["findings"] if f["rule"] == "V09-STAFF"]
    assert [(f["table"], f["row"], f["severity"]) for f in staff] == [("T09", "320900", "error")]
    code, out, _ = run(capsys, "validate", "--campaign", "demo-2015", "--org", "320100", "--format", "json")
    assert (code, json.loads(out)) == (0, {"findings": [], "can_submit": True})


def test_validate_names_the_sheet_and_cell_as_an_import_of_the_unit_template_does(demo, capsys, tmp_path):
    args = ("--campaign", "demo-2015", "--org", "320900", "--format", "json")
    _, out, _ = run(capsys, "validate", *args)
    (staff,) = [f for f in json.loads(out)["findings"] if f["rule"] == "V09-STAFF"]
    # the paper's names: the table's title and the column under its header group
    assert staff["table_label"] == "表9 12333电话咨询服务情况表"
    assert staff["column_label"] == "机构规模 › 咨询员人数"
    path = tmp_path / "盐城.xlsx"
    run(capsys, "template", "--campaign", "demo-2015", "--org", "320900", "-o", str(path))
    _, out, _ = run(capsys, "import", str(path), "--dry-run", *args)
    (imported,) = [f for f in json.loads(out)["findings"] if f["rule"] == "V09-STAFF"]
    assert (staff["sheet"], staff["cell"]) == (imported["sheet"], imported["cell"])
    # 序号, 地市, the two 是否 columns, 总人数, then 咨询员人数 in F
    assert staff["cell"].startswith("表9!F")


def test_validate_refuses_an_unknown_campaign_with_exit_3(org_tree, capsys):
    code, out, err = run(capsys, "validate", "--campaign", "nope", "--org", "320100", "--format", "json")
    assert (code, out) == (3, "")
    assert "不存在" in err


def test_definitions_check_passes_on_the_shipped_definitions(capsys):
    code, out, _ = run(capsys, "definitions", "check")
    assert (code, out) == (0, "")


def test_definitions_check_names_file_table_and_key_of_a_problem(tmp_path, capsys):
    (tmp_path / "survey.yaml").write_text(
        "id: broken\nversion: 1\ntitle: 坏定义\ntables: [T01.yaml]\n", encoding="utf-8"
    )
    (tmp_path / "T01.yaml").write_text(
        "id: T01\nlabel: 表1\ntitle: 测试\nsections:\n"
        "  - key: main\n    kind: grid\n    columns:\n"
        "      - {key: a, label: 甲, type: int}\n      - {key: a, label: 乙, type: int}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "definitions", "check", str(tmp_path))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines and all(line.count(":") >= 2 for line in lines)
    assert any("T01.yaml" in line and "T01" in line and "a" in line for line in lines)


def test_definitions_dump_has_the_spec_shape(capsys):
    code, out, _ = run(capsys, "definitions", "dump", "survey-2015@1", "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert set(body) >= {"id", "version", "title", "tables"}
    t09 = next(t for t in body["tables"] if t["id"] == "T09")
    assert t09["label"] == "表9"
    staff = next(c for c in t09["columns"] if c["key"] == "staff")
    assert set(staff) >= {"key", "label", "header", "type", "unit", "decimals", "codes"}
    assert staff["header"] == ["机构规模"]


def test_definitions_dump_of_an_unknown_id_exits_3(capsys):
    code, out, _ = run(capsys, "definitions", "dump", "survey-1999@7", "--format", "json")
    assert (code, out) == (3, "")


def test_the_demo_run_from_the_cli_is_audited_as_the_os_user(org_tree, capsys):
    code, out, _ = run(capsys, "demo", "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert body["campaign"]["id"] == "demo-2015"
    assert {
        "username": "nanjing_tianbao",
        "name": "南京市填报员",
        "role": "市填报员",
        "org": "南京市",
    } in body["logins"]
    actors = set(AuditEntry.objects.values_list("actor", flat=True))
    assert actors == {f"cli:{getpass.getuser()}"}
    assert set(AuditEntry.objects.values_list("channel", flat=True)) == {"cli"}


def test_validate_refuses_an_evaluation_campaign(campaign, capsys):
    Campaign.objects.create(
        id="eval-x", title="考评", kind="evaluation", snapshot=campaign.snapshot, org_id="320000",
        opens=campaign.opens, closes=campaign.closes,
    )  # fmt: skip
    code, out, err = run(capsys, "validate", "--campaign", "eval-x", "--org", "320100", "--format", "json")
    assert (code, out) == (3, "")
    assert "不是调查任务" in err


@pytest.mark.parametrize("argv", [[], ["help"], ["--help"]])
def test_help_lists_the_products_commands_first_with_what_they_do(capsys, argv):
    code, out, _ = run(capsys, *argv)
    assert code == 0
    ours, django_part = out.split("Django 框架命令")
    assert "  import        导入一个单位填好的 Excel 工作簿" in ours
    assert "  check-deploy  检查生产部署中不安全的配置" in ours
    assert "退出码：0 完成，1 有错误，2 用法错误，3 被拒绝，4 导入保留冲突。" in ours
    # Django's own commands are named apart, and none of them among the product's.
    assert "migrate" in django_part and "createsuperuser" in django_part
    assert "migrate" not in ours and "sqlflush" not in ours


def test_help_for_one_command_is_its_usage(capsys):
    code, out, _ = run(capsys, "help", "import")
    assert code == 0
    assert out.startswith("usage: kaoping import")


def test_findings_lists_every_unit_with_its_kind_and_filters_by_kind_and_org(demo, capsys):
    code, out, _ = run(capsys, "findings", "--campaign", "demo-2015", "--kind", "rule", "--format", "json")
    assert code == 1  # 盐城's 咨询员人数 is an error
    found = json.loads(out)["findings"]
    assert {f["kind"] for f in found} == {"rule"}
    assert ("320900", "V09-STAFF", "error") in {(f["org"], f["rule"], f["severity"]) for f in found}
    code, out, _ = run(capsys, "findings", "--campaign", "demo-2015", "--org", "320100", "--format", "json")
    assert all(f["org"] == "320100" for f in json.loads(out)["findings"])
    assert run(capsys, "findings", "--campaign", "demo-2015", "--kind", "odd")[0] == 2


def test_findings_of_the_demo_list_its_outlier_and_its_change(demo, capsys):
    code, out, _ = run(capsys, "findings", "--campaign", "demo-2015", "--kind", "outlier", "--format", "json")
    assert code == 0
    assert [(f["org"], f["rule"], f["kind"]) for f in json.loads(out)["findings"]] == [
        ("321000", "Q09-STAFF", "outlier")
    ]
    _, out, _ = run(capsys, "findings", "--campaign", "demo-2015", "--kind", "change", "--format", "json")
    assert [(f["org"], f["rule"], f["row"]) for f in json.loads(out)["findings"]] == [
        ("320600", "C05-HOLDERS", "320600")
    ]


def test_a_campaign_opened_with_a_baseline_compares_with_it(demo, capsys):
    argv = ["campaigns", "open", "--id", "js-2016", "--definition", "survey-2015", "--org", "320000"]
    argv += ["--opens", "2016-07-01", "--closes", "2016-09-30", "--format", "json"]
    code, _, err = run(capsys, *argv, "--baseline", "no-such-campaign")
    assert code == 3 and "基期任务 no-such-campaign 不存在" in err
    assert not Campaign.objects.filter(pk="js-2016").exists()  # nothing opened half-way
    code, _, err = run(capsys, *argv[:-2], "--baseline", "demo-eval-2015", "--format", "json")
    assert code == 3 and "同一组织的调查任务" in err
    code, _, _ = run(capsys, *argv, "--baseline", "demo-2015", "--copy-from", "demo-2015")
    assert code == 0 and Campaign.objects.get(pk="js-2016").baseline_id == "demo-2015"
