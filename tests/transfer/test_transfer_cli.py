"""``kaoping template`` / ``import`` / ``export``: docs/spec.md §10.7's JSON and exit codes (0, 1, 2, 3)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import openpyxl

from kaoping.cli import main
from kaoping.collection.models import AuditEntry, Value
from transfer.helpers import CALLS, NANJING, SUZHOU, address, fill, where


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def stored(campaign, key):  # type: ignore[no-untyped-def]
    table, row, column = key
    return (
        Value.objects.filter(campaign=campaign, table=table, row=row, column=column)
        .values_list("text", flat=True)
        .first()
    )


def test_template_of_a_city_holds_only_the_sheets_with_its_rows(survey, capsys, tmp_path):
    out = tmp_path / "nj.xlsx"
    code, stdout, _ = run(capsys, "template", "--campaign", "demo-2015", "--org", NANJING, "-o", str(out))
    assert code == 0 and stdout == ""
    book = openpyxl.load_workbook(out)
    names = [n for n in book.sheetnames if not n.startswith("_")]
    # 表1 and 表2 are the province's alone; 表9 has a row per city
    assert "表9" in names and "表1" not in names and "表2" not in names
    sheet, r, c = where(survey, NANJING, CALLS)
    assert book[sheet].cell(row=r + 1, column=c + 1).value == int(stored(survey, CALLS))


def test_dry_run_reports_the_change_and_saves_nothing(survey, nj_template, capsys, tmp_path):
    before = stored(survey, CALLS)
    path = tmp_path / "nj.xlsx"
    path.write_bytes(fill(nj_template, {where(survey, NANJING, CALLS): int(before) + 1}))
    code, stdout, _ = run(
        capsys,
        "import",
        str(path),
        "--campaign",
        "demo-2015",
        "--org",
        NANJING,
        "--dry-run",
        "--format",
        "json",
    )
    document = json.loads(stdout)
    assert code == 0
    assert document["saved"] is False and document["changed"] == 1
    assert document["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    # 来电总量 one more than 人工 + 自助 + 放弃: the balance warning, located at the cell typed into
    assert [(f["rule"], f["cell"]) for f in document["findings"]] == [
        ("V09-BAL", address(where(survey, NANJING, CALLS)))
    ]
    assert stored(survey, CALLS) == before


def test_import_saves_with_the_file_name_and_digest_in_the_audit_note(survey, nj_template, capsys, tmp_path):
    before = stored(survey, CALLS)
    path = tmp_path / "南京-12333.xlsx"
    path.write_bytes(fill(nj_template, {where(survey, NANJING, CALLS): int(before) + 1}))
    code, stdout, _ = run(
        capsys, "import", str(path), "--campaign", "demo-2015", "--org", NANJING, "--format", "json"
    )
    document = json.loads(stdout)
    assert code == 0 and document["saved"] is True and document["changed"] == 1
    assert stored(survey, CALLS) == str(int(before) + 1)
    entry = AuditEntry.objects.filter(campaign=survey, table="T09", row=NANJING, column="calls").latest("id")
    assert entry.old == before and entry.new == str(int(before) + 1)
    assert entry.channel == "cli" and entry.actor.startswith("cli:")
    assert entry.note == f"南京-12333.xlsx sha256:{document['sha256']}"


def test_errors_exit_1_and_save_nothing_unless_draft(survey, nj_template, capsys, tmp_path):
    before = stored(survey, CALLS)
    place = where(survey, NANJING, CALLS)
    path = tmp_path / "nj.xlsx"
    path.write_bytes(fill(nj_template, {place: "二十万"}))
    args = ("import", str(path), "--campaign", "demo-2015", "--org", NANJING, "--format", "json")
    code, stdout, _ = run(capsys, *args)
    document = json.loads(stdout)
    assert code == 1 and document["saved"] is False
    assert ("V-TYPE", address(place), "error") in {
        (f["rule"], f["cell"], f["severity"]) for f in document["findings"]
    }
    assert stored(survey, CALLS) == before

    code, stdout, _ = run(capsys, *args, "--draft")
    assert code == 0 and json.loads(stdout)["saved"] is True
    value = Value.objects.get(campaign=survey, table="T09", row=NANJING, column="calls")
    assert (value.text, value.valid) == ("二十万", False)  # kept as typed, marked invalid


def test_refused_files_exit_3_and_leave_the_values_as_they_were(survey, capsys, tmp_path, suzhou_reporter):
    from kaoping.transfer import services

    before = dict(Value.objects.filter(campaign=survey).values_list("id", "text"))
    not_xlsx = tmp_path / "notes.xlsx"
    not_xlsx.write_text("这不是工作簿")
    code, stdout, _ = run(
        capsys, "import", str(not_xlsx), "--campaign", "demo-2015", "--org", NANJING, "--format", "json"
    )
    assert code == 3 and json.loads(stdout) == {"refused": "不是 Excel 工作簿（.xlsx）文件"}

    # 苏州's own template, its org code left as it is, imported as 南京's
    suzhou, _ = services.template(suzhou_reporter, survey, SUZHOU)
    path = tmp_path / "sz.xlsx"
    path.write_bytes(suzhou)
    code, stdout, _ = run(
        capsys, "import", str(path), "--campaign", "demo-2015", "--org", NANJING, "--format", "json"
    )
    assert code == 3 and "refused" in json.loads(stdout)
    assert dict(Value.objects.filter(campaign=survey).values_list("id", "text")) == before


def test_usage_errors_exit_2_and_unknown_campaign_exit_3(survey, capsys, tmp_path):
    code, _, _ = run(
        capsys, "import", "x.xlsx", "--campaign", "demo-2015", "--org", NANJING, "--dry-run", "--draft"
    )
    assert code == 2
    code, _, _ = run(
        capsys, "template", "--campaign", "nope", "--org", NANJING, "-o", str(tmp_path / "t.xlsx")
    )
    assert code == 3
    code, _, _ = run(
        capsys, "template", "--campaign", "demo-2015", "--org", "110000", "-o", str(tmp_path / "t.xlsx")
    )
    assert code == 3


def test_export_csv_has_a_bom_a_header_and_one_line_per_value(survey, capsys, tmp_path):
    out = tmp_path / "all.csv"
    code, _, _ = run(capsys, "export", "--campaign", "demo-2015", "--kind", "csv", "-o", str(out))
    raw = out.read_bytes()
    assert code == 0 and raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "任务,组织代码,表,行,列,值,最后修改人,最后修改时间"
    assert len(lines) == 1 + Value.objects.filter(campaign=survey).count()
    calls = stored(survey, CALLS)
    assert any(line.startswith(f"demo-2015,{NANJING},T09,{NANJING},calls,{calls},") for line in lines)


def test_export_workbook_and_findings_are_xlsx(survey, capsys, tmp_path):
    for kind in ("workbook", "findings"):
        out = tmp_path / f"{kind}.xlsx"
        code, _, _ = run(capsys, "export", "--campaign", "demo-2015", "--kind", kind, "-o", str(out))
        assert code == 0
        assert zipfile.is_zipfile(io.BytesIO(out.read_bytes()))
    book = openpyxl.load_workbook(tmp_path / "workbook.xlsx")
    assert {"表1", "表9", "表14"} <= set(book.sheetnames)  # the province's: every table
    sheet = openpyxl.load_workbook(tmp_path / "findings.xlsx")["审核结果"]
    header = [c.value for c in sheet[1]]
    assert header == [
        *("组织代码", "单位", "表", "行", "列", "严重程度"),
        *("类别", "规则", "问题", "说明", "应先核对"),
    ]
    kinds = {r[6].value for r in sheet.iter_rows(min_row=2)}
    assert "审核规则" in kinds  # each finding says where it comes from (rule / 同级比较 / 较上期变化)


def test_bulk_import_of_a_folder_and_of_a_zip_reports_each_file(
    survey, nj_template, capsys, tmp_path, suzhou_reporter
):
    from kaoping.transfer import services

    before = stored(survey, CALLS)
    folder = tmp_path / "cities"
    folder.mkdir()
    (folder / "a-南京.xlsx").write_bytes(fill(nj_template, {where(survey, NANJING, CALLS): int(before) + 1}))
    (folder / "b-苏州.xlsx").write_bytes(services.template(suzhou_reporter, survey, SUZHOU)[0])
    (folder / "c-扫描件.xlsx").write_bytes(b"scan")
    (folder / "~$a-南京.xlsx").write_bytes(b"lock file")  # Excel's lock file: left out
    code, stdout, _ = run(
        capsys, "import", str(folder), "--campaign", "demo-2015", "--dry-run", "--format", "json"
    )
    files = json.loads(stdout)["files"]
    assert [(f["file"], f["org"], f["saved"], f["changed"]) for f in files] == [
        ("a-南京.xlsx", NANJING, False, 1),
        ("b-苏州.xlsx", SUZHOU, False, 0),
        ("c-扫描件.xlsx", None, False, 0),
    ]
    assert code == 3 and stored(survey, CALLS) == before  # the scan is refused; a dry run saves nothing

    archive = tmp_path / "cities.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("cities/a-南京.xlsx", (folder / "a-南京.xlsx").read_bytes())
    code, stdout, _ = run(capsys, "import", str(archive), "--campaign", "demo-2015", "--format", "json")
    assert code == 0 and json.loads(stdout)["files"][0]["saved"] is True
    assert stored(survey, CALLS) == str(int(before) + 1)


def test_a_text_beyond_its_columns_bound_is_refused_at_its_cell(survey, nj_template, capsys, tmp_path):
    """docs/spec.md §5.3: 表9 备注 holds 500 characters; a workbook carrying 501 imports nothing
    of them, with the bound in the finding at the cell, by the command line and the API."""
    remark = ("T09", NANJING, "remark")
    before = stored(survey, remark)
    place = where(survey, NANJING, remark)
    path = tmp_path / "nj.xlsx"
    path.write_bytes(fill(nj_template, {place: "备" * 501}))
    code, stdout, _ = run(
        capsys, "import", str(path), "--campaign", "demo-2015", "--org", NANJING, "--format", "json"
    )
    document = json.loads(stdout)
    assert code == 1 and document["saved"] is False
    found = [f for f in document["findings"] if f["cell"] == address(place)]
    assert found and "文字过长：最多 500 个字，填写了 501 个字" in found[0]["message"]
    assert stored(survey, remark) == before
