"""Finding 8's numbers and dates through every way a value comes in (docs/spec.md §5.3): the
entry page's save, the JSON API's save, the workbook import by the API (dry run and save), the
upload page and ``kaoping import`` each refuse ``1,2``, ``1,,2``, ``12,34``, ``1_000``, NaN,
Infinity, ``1e999999999``, a 30-digit number and 9999-12-31 with a message naming the table,
the row and the column (and the cell, for a workbook), and nothing already saved changes.

Run on SQLite and, with ``KAOPING_DATABASE_URL``, on PostgreSQL (scripts/test.sh runs both).
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.cli import main
from kaoping.collection.models import AuditEntry, Campaign, Value
from kaoping.collection.services import table_version
from kaoping.transfer.models import PendingUpload
from transfer.helpers import CALLS, NANJING, address, fill, where
from value_examples import FAR_DATE, refusals

TOO_BIG = "超出范围：不能超过 999,999,999,999,999"
NUMBERS = refusals("999,999,999,999,999")  # what is typed → what the refusal says
PLACE = "表9 南京市 来电总量（个）"


def snapshot(campaign: Campaign) -> tuple[list[tuple[int, str, bool]], int]:
    values = Value.objects.filter(campaign=campaign).values_list("id", "text", "valid")
    return sorted(values), AuditEntry.objects.count()


def nanjing_system(campaign: Campaign) -> str:
    """The key of a 表7 row of 南京 in the demo (a list row with a 上线日期)."""
    return str(
        Value.objects.filter(campaign=campaign, table="T07", org_id=NANJING, column="progress_date")
        .values_list("row", flat=True)
        .first()
    )


def test_the_entry_page_refuses_each_and_keeps_what_was_typed(survey, client_for, nanjing_reporter):
    client = client_for(nanjing_reporter)
    before = snapshot(survey)
    version = table_version(survey, NANJING, "T09")
    for raw, said in NUMBERS.items():
        form = {"base_version": str(version), f"v:{NANJING}:calls": raw, f"v:{NANJING}:staff": "41"}
        response = client.post(f"/c/demo-2015/{NANJING}/T09/save", form)
        html = response.content.decode()
        assert response.status_code == 400, raw
        assert f"不能保存 {PLACE}：{said}" in html, raw
        assert f'value="{raw}"' in html  # nothing typed is lost: the form comes back as typed
    # the check as the user leaves the cell says the same at the cell, saving nothing
    form = {"base_version": str(version), f"v:{NANJING}:calls": "1_000"}
    html = client.post(f"/c/demo-2015/{NANJING}/T09/check", form, HTTP_HX_REQUEST="true").content.decode()
    assert NUMBERS["1_000"] in html.split(f'id="m__{NANJING}__calls"')[1].split("</div></div>")[0]
    system = nanjing_system(survey)
    form = {
        "base_version": str(table_version(survey, NANJING, "T07")),
        f"v:{system}:progress_date": "9999-12-31",
    }
    html = client.post(f"/c/demo-2015/{NANJING}/T07/save", form).content.decode()
    assert "不能保存 表7 " in html and f"上线日期：{FAR_DATE}" in html
    assert snapshot(survey) == before


def test_the_api_save_refuses_each_with_422_naming_the_cell(survey, client_for, nanjing_reporter):
    client = client_for(nanjing_reporter)
    before = snapshot(survey)
    url = f"/api/campaigns/demo-2015/orgs/{NANJING}/tables/T09"
    version = table_version(survey, NANJING, "T09")
    for raw, said in [*NUMBERS.items(), (1e300, "“1e+300”是科学计数法：请写出完整的数字，如 1200000")]:
        body = {"base_version": version, "values": {NANJING: {"calls": raw, "staff": "41"}}}
        response = client.put(url, data=json.dumps(body), content_type="application/json")
        assert response.status_code == 422, raw
        if isinstance(raw, float):  # a JSON number is no text: the request's shape is refused
            assert response.json()["detail"].startswith("请求格式错误")
            continue
        assert response.json() == {
            "detail": f"不能保存 {PLACE}：{said}",
            "cells": [{"row": NANJING, "column": "calls", "reason": said}],
        }
    system = nanjing_system(survey)
    body = {
        "base_version": table_version(survey, NANJING, "T07"),
        "values": {system: {"progress_date": "9999-12-31"}},
    }
    response = client.put(
        f"/api/campaigns/demo-2015/orgs/{NANJING}/tables/T07",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["cells"][0]["reason"] == FAR_DATE
    assert snapshot(survey) == before


@pytest.fixture
def typed_workbooks(survey, nj_template) -> dict[str, tuple[bytes, str]]:  # type: ignore[no-untyped-def]
    """南京's template with each example typed into 表9 来电总量 (a 30-digit number also as an
    Excel number): name → (file, what the finding says)."""
    place = where(survey, NANJING, CALLS)
    cell = address(place)
    books = {raw: (fill(nj_template, {place: raw}), f"{cell}：“{raw[:24]}") for raw in NUMBERS}
    books["1e30 (number)"] = (
        fill(nj_template, {place: 1e30}),
        f"{cell}：“1{'0' * 23}…”（共 31 个字符）{TOO_BIG}",
    )
    return books


def located(findings: list[dict[str, object]], said: str) -> dict[str, object]:
    found = [f for f in findings if str(f["message"]).startswith(said)]
    assert len(found) == 1, (said, findings)
    return found[0]


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_import_api_reports_each_at_its_cell_and_saves_nothing(
    survey, typed_workbooks, client_for, nanjing_reporter, dry_run
):
    client = client_for(nanjing_reporter)
    url = f"/api/campaigns/demo-2015/orgs/{NANJING}/import" + ("?dry_run=true" if dry_run else "")
    before = snapshot(survey)
    for name, (content, said) in typed_workbooks.items():
        response = client.post(url, {"file": SimpleUploadedFile("南京.xlsx", content)})
        document = response.json()
        assert response.status_code == 200 and document["saved"] is False, name
        finding = located(document["findings"], said)
        assert (finding["table_label"], finding["row_label"], finding["column_label"]) == (
            "表9 12333电话咨询服务情况表",
            "南京市",
            "来电情况 › 来电总量（个）",
        )
        assert (finding["severity"], finding["rule"], finding["cell"]) == (
            "error",
            "V-TYPE",
            said.split("：")[0],
        )
        assert str(finding["message"]).endswith("，未导入")
        assert document["changed"] == 0, name  # the template as downloaded, but for the refused cell
    assert snapshot(survey) == before


def test_the_upload_page_shows_each_at_its_cell_and_offers_no_save(
    survey, typed_workbooks, client_for, nanjing_reporter
):
    client = client_for(nanjing_reporter)
    before = snapshot(survey)
    calls = Value.objects.get(campaign=survey, table="T09", row=NANJING, column="calls").text
    for name, (content, said) in typed_workbooks.items():
        response = client.post(
            f"/transfer/c/demo-2015/{NANJING}/upload/", {"file": SimpleUploadedFile("南京.xlsx", content)}
        )
        body = response.content.decode()
        assert response.status_code == 200 and said in body, name
        assert 'data-testid="confirm"' not in body  # the error blocks a normal save
        pending = PendingUpload.objects.filter(user=nanjing_reporter).latest("pk")
        client.post(f"/transfer/c/demo-2015/{NANJING}/upload/{pending.pk}/confirm/", {"mode": "draft"})
        # a draft saves what can be saved: never the refused cell
        assert Value.objects.get(campaign=survey, table="T09", row=NANJING, column="calls").text == calls
    assert snapshot(survey)[0] == before[0]


def test_kaoping_import_reports_each_at_its_cell_and_saves_nothing(survey, typed_workbooks, capsys, tmp_path):
    before = snapshot(survey)
    for name, (content, said) in typed_workbooks.items():
        path = tmp_path / "南京.xlsx"
        path.write_bytes(content)
        for extra in (["--dry-run"], []):
            args = ["import", str(path), "--campaign", "demo-2015", "--org", NANJING, "--format", "json"]
            code = main([*args, *extra])
            document = json.loads(capsys.readouterr().out)
            assert code == 1 and document["saved"] is False, (name, extra)
            assert located(document["findings"], said)["column_label"] == "来电情况 › 来电总量（个）"
    assert snapshot(survey) == before
