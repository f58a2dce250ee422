"""Finding 1 through every way a survey workbook comes in: 南京's own template edited so that
a sheet holds a far cell (no ``<dimension>``, or a lying one) is refused by the API (dry run
and save), the upload page, the province's bulk page (dry run and save) and ``kaoping
import`` (one file and a folder), each time with the message naming the sheet, and nothing
is saved.

These run in the test process. Before any of them, ``scan_guard`` checks that the scan alone
refuses the file (no reader involved), and ``test_only_the_bounded_reader_opens_workbooks``
that nothing but the bounded reader hands a workbook to calamine: so a regression fails a
test instead of aborting pytest. The core tests read the same damage in a child process.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.jobs.helpers import bulk_through_jobs

from kaoping.cli import main
from kaoping.collection.campaigns import survey_for
from kaoping.collection.models import AuditEntry, Campaign, Value
from kaoping.collection.services import load_survey_data
from kaoping.core.workbook.bounds import META_LABEL, sheet_bound, workbook_bounds
from kaoping.core.workbook.layout import build_layout
from kaoping.core.workbook.meta import META_SHEET
from kaoping.core.workbook.safety import Refused, check_file
from kaoping.core.workbook.sheetscan import scan_sheet
from kaoping.core.workbook.sheetxml import sheet_parts
from transfer.helpers import NANJING
from workbook_hostile import far_cell

SRC = Path(__file__).resolve().parents[2] / "src"
RANGE9 = (
    "超出模板的范围（该表最多 64 行、22 列，即 A1:V64）"  # 表9 of 南京: 14 rows × 12 columns, +50 and +10
)


@pytest.fixture
def hostile(nj_template: bytes) -> dict[str, tuple[bytes, str]]:
    """name → (file, the start of its refusal)."""
    return {
        "meta-xfd": (
            far_cell(nj_template, META_SHEET),
            f"工作表“{META_LABEL}”有第 1048576 行，超出模板的范围",
        ),
        "t9-xfd": (far_cell(nj_template, "表9"), f"工作表“表9”有第 1048576 行，{RANGE9}"),
        "t9-zz": (far_cell(nj_template, "表9", "ZZ30000"), f"工作表“表9”有第 30000 行，{RANGE9}"),
        "t9-lying": (
            far_cell(nj_template, "表9", dimension="A1:B2"),
            f"工作表“表9”有第 1048576 行，{RANGE9}",
        ),
    }


def scan_guard(campaign: Campaign, content: bytes) -> str:
    """The refusal of the scan alone (no calamine), with the bounds of 南京's template."""
    data = load_survey_data(campaign)
    survey = survey_for(campaign)
    bounds = {s.name: sheet_bound(s) for s in build_layout(survey, data, NANJING).sheets}
    bounds[META_SHEET] = workbook_bounds(survey, data).meta
    archive = check_file(content)
    parts = sheet_parts(archive)
    for name, bound in bounds.items():
        try:
            scan_sheet(lambda: archive.chunks(parts[name]), bound)  # noqa: B023 (called at once)
        except Refused as refusal:
            return str(refusal)
    pytest.fail("the scan let a far cell through: no reader may be asked for it")


def snapshot(campaign: Campaign) -> tuple[list[tuple[int, str]], int]:
    return sorted(
        Value.objects.filter(campaign=campaign).values_list("id", "text")
    ), AuditEntry.objects.count()


@pytest.fixture
def guarded(survey: Campaign, hostile: dict[str, tuple[bytes, str]]) -> dict[str, tuple[bytes, str]]:
    for content, said in hostile.values():
        assert scan_guard(survey, content).startswith(said)
    return hostile


def test_only_the_bounded_reader_opens_workbooks() -> None:
    """One bounded reader for every file: no other module hands bytes to calamine."""
    users = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if re.search(r"^\s*(from|import) python_calamine", path.read_text(encoding="utf-8"), re.M)
    )
    assert users == ["kaoping/core/workbook/bounded.py"]


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_api_refuses_each_far_cell_naming_the_sheet(
    survey, guarded, client_for, nanjing_reporter, dry_run
):
    client = client_for(nanjing_reporter)
    url = f"/api/campaigns/demo-2015/orgs/{NANJING}/import" + ("?dry_run=true" if dry_run else "")
    before = snapshot(survey)
    for content, said in guarded.values():
        response = client.post(url, {"file": SimpleUploadedFile("南京.xlsx", content)})
        assert response.status_code == 422
        assert response.json()["refused"].startswith(said)
    assert snapshot(survey) == before


def test_the_upload_page_refuses_each_far_cell_naming_the_sheet(
    survey, guarded, client_for, nanjing_reporter
):
    client = client_for(nanjing_reporter)
    before = snapshot(survey)
    for content, said in guarded.values():
        response = client.post(
            f"/transfer/c/demo-2015/{NANJING}/upload/", {"file": SimpleUploadedFile("南京.xlsx", content)}
        )
        body = response.content.decode()
        assert response.status_code == 200 and 'data-testid="refused"' in body
        assert said in body
    assert snapshot(survey) == before


@pytest.mark.parametrize("mode", ["dry_run", "save"])
def test_the_bulk_page_reports_each_far_cell_naming_the_sheet(
    survey, guarded, client_for, ministry_admin, mode
):
    files = [SimpleUploadedFile(f"{name}.xlsx", content) for name, (content, _) in guarded.items()]
    before = snapshot(survey)
    body = bulk_through_jobs(
        client_for(ministry_admin), "/transfer/c/demo-2015/320000/bulk/", {"mode": mode, "files": files}
    )
    assert body.count('class="bulk-line') == len(guarded)
    for name, (_, said) in guarded.items():
        line = body.split(f'data-file="{name}.xlsx"')[1].split("</div>")[0]
        assert "未保存" in line and said in line, (name, line)
    assert snapshot(survey) == before


def test_kaoping_import_refuses_a_far_cell_with_exit_3(survey, guarded, capsys, tmp_path):
    before = snapshot(survey)
    for name, (content, said) in guarded.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(content)
        code = main(
            [
                "import",
                str(path),
                "--campaign",
                "demo-2015",
                "--org",
                NANJING,
                "--dry-run",
                "--format",
                "json",
            ]
        )
        out = capsys.readouterr()
        assert code == 3 and json.loads(out.out)["refused"].startswith(said), name
    code = main(["import", str(tmp_path), "--campaign", "demo-2015", "--format", "json"])  # the folder: bulk
    files = json.loads(capsys.readouterr().out)["files"]
    assert code == 3 and [f["saved"] for f in files] == [False] * len(guarded)
    assert sorted(f["reason"][:20] for f in files) == sorted(said[:20] for _, said in guarded.values())
    assert snapshot(survey) == before
