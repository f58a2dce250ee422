"""Imports that can be repeated (docs/spec.md §9.3), through the database:

- the province types two systems into 表6's blank rows and imports the file twice: the second
  import changes nothing (no row added again, no audit entry);
- the province downloads its template, then 南京 saves 表9 and a 表7 system: the old template
  still imports, the city's cells it left alone are no change and no error;
- a value typed into a —— cell, saved as a draft: the rest is saved, the cell is a finding —
  the same on the command line, the API and the upload page.
"""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.cli import main
from kaoping.collection import services as collection
from kaoping.collection.campaigns import survey_for
from kaoping.collection.models import AuditEntry, ListRow, Value
from kaoping.core.workbook.layout import build_layout
from kaoping.transfer import services
from kaoping.transfer.models import PendingUpload
from transfer.helpers import NANJING, PROVINCE, address, fill, where

NEW_SYSTEMS = ("社会保险异地结算平台", "人事人才公共服务平台")


def blank_rows(campaign, org: str, sheet_name: str) -> list[int]:  # type: ignore[no-untyped-def]
    """Sheet rows (zero-based) of the blank list rows of ``org``'s own block on a sheet."""
    layout = build_layout(survey_for(campaign), collection.load_survey_data(campaign), org)
    sheet = layout.sheet(sheet_name)
    assert sheet is not None
    return [r.sheet_row for p in sheet.sections for r in p.rows if r.spare and r.block_org in (org, None)]


def province_file(campaign, user) -> bytes:  # type: ignore[no-untyped-def]
    """The province's template with two new 表6 systems typed into its blank rows."""
    content, _ = services.template(user, campaign, PROVINCE)
    first, second = blank_rows(campaign, PROVINCE, "表6")[:2]
    cells = {}
    for row, name in zip((first, second), NEW_SYSTEMS, strict=True):
        cells.update({("表6", row, 1): name, ("表6", row, 2): "a", ("表6", row, 3): "否"})
        cells.update({("表6", row, 4): "2016-03-01", ("表6", row, 6): "否", ("表6", row, 7): "某软件公司"})
    return fill(content, cells)


def t06_names(campaign) -> list[str]:  # type: ignore[no-untyped-def]
    keys = ListRow.objects.filter(campaign=campaign, table="T06").values_list("key", flat=True)
    return sorted(
        Value.objects.filter(campaign=campaign, row__in=keys, column="name").values_list("text", flat=True)
    )


def test_the_same_province_workbook_imported_twice_changes_nothing(survey, province_admin):
    typed = province_file(survey, province_admin)
    before = t06_names(survey)
    first = services.import_workbook(province_admin, survey, PROVINCE, typed, "省.xlsx", services.Mode.DRAFT)
    assert first.saved, first.not_saved_because
    assert t06_names(survey) == sorted([*before, *NEW_SYSTEMS])
    entries = AuditEntry.objects.filter(campaign=survey).count()

    second = services.import_workbook(province_admin, survey, PROVINCE, typed, "省.xlsx", services.Mode.DRAFT)
    assert second.saved and second.result.changes == {} and second.result.new_rows == []
    assert t06_names(survey) == sorted([*before, *NEW_SYSTEMS])  # not a second time
    assert AuditEntry.objects.filter(campaign=survey).count() == entries
    assert [f.rule for f in second.result.findings if f.rule.startswith("X-")] == []


def test_a_city_system_imported_twice_from_the_cli_is_added_once(survey, nj_template, capsys, tmp_path):
    row = blank_rows(survey, NANJING, "表7")[0]
    path = tmp_path / "南京.xlsx"
    path.write_bytes(fill(nj_template, {("表7", row, 1): "南京市劳动监察系统", ("表7", row, 3): "否"}))
    args = ["import", str(path), "--campaign", "demo-2015", "--org", NANJING, "--draft", "--format", "json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["saved"] and first["changed"] == 2
    assert main(args) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["saved"] and second["changed"] == 0
    names = Value.objects.filter(campaign=survey, table="T07", column="name", text="南京市劳动监察系统")
    assert names.count() == 1


def test_a_province_template_older_than_its_cities_saves_imports_cleanly(
    survey, province_admin, nanjing_reporter
):
    old, _ = services.template(province_admin, survey, PROVINCE)
    # then 南京 saves 表9 on the page, and removes one of its 表7 systems
    base = collection.table_version(survey, NANJING, "T09")
    calls = int(Value.objects.get(campaign=survey, table="T09", row=NANJING, column="calls").text)
    saved = collection.save_table(
        nanjing_reporter,
        survey,
        NANJING,
        "T09",
        {(NANJING, "calls"): str(calls + 7), (NANJING, "remark"): "含转接"},
        base,
    )
    assert saved.changed == 2
    system = ListRow.objects.filter(campaign=survey, table="T07", org_id=NANJING).first()
    assert system is not None
    collection.remove_list_row(nanjing_reporter, survey, NANJING, "T07", system.key)

    outcome = services.import_workbook(province_admin, survey, PROVINCE, old, "省.xlsx", services.Mode.SAVE)
    assert [f.rule for f in outcome.result.findings if f.rule.startswith("X-")] == []
    assert outcome.result.changes == {} and outcome.result.new_rows == []
    assert outcome.saved, outcome.not_saved_because
    assert Value.objects.get(campaign=survey, table="T09", row=NANJING, column="calls").text == str(calls + 7)


PROVINCE_CALLS = ("T09", "province", "calls")  # 省本级's 12333 来电总量
DASH = ("T02", "province_data", "cities_jun")  # 表2: 全省数据集中 has no 地市 count (——)


def draft_file(campaign, user) -> tuple[bytes, str, str]:  # type: ignore[no-untyped-def]
    """The province's template with 5 typed into a —— cell and one more 来电总量:
    (file, the —— cell's address, the new 来电总量)."""
    template, _ = services.template(user, campaign, PROVINCE)
    calls = Value.objects.get(campaign=campaign, table="T09", row="province", column="calls").text
    new = str(int(calls) + 1)
    dash = where(campaign, PROVINCE, DASH)
    return fill(template, {dash: 5, where(campaign, PROVINCE, PROVINCE_CALLS): int(new)}), address(dash), new


def saved_calls(campaign) -> str:  # type: ignore[no-untyped-def]
    return Value.objects.get(campaign=campaign, table="T09", row="province", column="calls").text


def test_a_draft_with_a_value_in_a_dash_cell_saves_the_rest_on_the_command_line(
    survey, province_admin, capsys, tmp_path
):
    content, dash, new = draft_file(survey, province_admin)
    path = tmp_path / "省.xlsx"
    path.write_bytes(content)
    args = ["import", str(path), "--campaign", "demo-2015", "--org", PROVINCE, "--format", "json"]
    assert main(args) == 1  # without --draft: an error, nothing saved
    assert json.loads(capsys.readouterr().out)["saved"] is False
    assert saved_calls(survey) != new

    assert main([*args, "--draft"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["saved"] is True and document["changed"] == 1
    dashes = [(f["rule"], f["cell"], f["severity"]) for f in document["findings"] if f["rule"] == "V-NA"]
    assert dashes == [("V-NA", dash, "error")]
    assert saved_calls(survey) == new
    assert not Value.objects.filter(campaign=survey, table="T02", row="province_data", column="cities_jun")


def test_a_draft_with_a_value_in_a_dash_cell_saves_the_rest_through_the_api(
    survey, province_admin, client_for
):
    content, dash, new = draft_file(survey, province_admin)
    url = f"/api/campaigns/demo-2015/orgs/{PROVINCE}/import?draft=true"
    response = client_for(province_admin).post(url, {"file": SimpleUploadedFile("省.xlsx", content)})
    document = response.json()
    assert response.status_code == 200 and document["saved"] is True, document
    assert ("V-NA", dash) in {(f["rule"], f["cell"]) for f in document["findings"]}
    assert saved_calls(survey) == new


def test_a_draft_with_a_value_in_a_dash_cell_saves_the_rest_on_the_upload_page(
    survey, province_admin, client_for
):
    content, dash, new = draft_file(survey, province_admin)
    client = client_for(province_admin)
    base = f"/transfer/c/demo-2015/{PROVINCE}/upload/"
    preview = client.post(base, {"file": SimpleUploadedFile("省.xlsx", content, content_type=services.XLSX)})
    assert dash in preview.content.decode()  # the preview names the —— cell
    pending = PendingUpload.objects.get(user=province_admin, done=False)
    done = client.post(f"{base}{pending.pk}/confirm/", {"mode": "draft"})
    assert done.status_code == 302
    assert saved_calls(survey) == new
