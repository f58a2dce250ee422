"""Finding 1 through the accounts import: an accounts workbook with a far cell (no
``<dimension>``, or a lying one) is refused naming the sheet — read first in a child process
(``workbook_probe``), so a regression cannot abort pytest, then through the page and
``kaoping accounts import`` — and a CSV is held to rows, columns and field size."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from tests.ops.conftest import HEADER, csv_bytes, thirteen_cities, xlsx_bytes

from kaoping.ops.sheet import MAX_FIELD, MAX_ROWS, SheetError, read_sheet
from kaoping.orgs.models import User
from workbook_hostile import far_cell
from workbook_probe import probe

SHEET = xlsx_bytes(thirteen_cities())  # its sheet is 账号
RANGE = (
    "超出模板的范围（该表最多 5051 行、15 列，即 A1:O5051）"  # the header, 5000 rows and 50; 5 columns and 10
)
HOSTILE = {
    "XFD1048576, no dimension": (far_cell(SHEET, "账号"), f"工作表“账号”有第 1048576 行，{RANGE}"),
    "ZZ30000, no dimension": (far_cell(SHEET, "账号", "ZZ30000"), f"工作表“账号”有第 30000 行，{RANGE}"),
    "dimension A1:B2, XFD1048576": (
        far_cell(SHEET, "账号", dimension="A1:B2"),
        f"工作表“账号”有第 1048576 行，{RANGE}",
    ),
}


@pytest.fixture(scope="module")
def probed(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    folder = tmp_path_factory.mktemp("accounts")
    files = []
    for n, (content, _) in enumerate(HOSTILE.values()):
        files.append(folder / f"{n}.xlsx")
        files[-1].write_bytes(content)
    result = probe("accounts", files)
    assert result.exit_code == 0, "the reading process died"
    return result.results


def test_each_far_cell_is_refused_naming_the_sheet_in_a_child_process(
    probed: list[dict[str, object]],
) -> None:
    for (name, (_, said)), result in zip(HOSTILE.items(), probed, strict=True):
        assert result["refused"] == f"{said}：文件未导入，请在原模板的表格内填写后再上传", name
        assert float(result["rss_growth_mb"]) < 100, (name, result)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_the_page_refuses_each_far_cell_and_creates_no_account(probed, client_for, province_admin):  # type: ignore[no-untyped-def]
    assert all(r["refused"] for r in probed)  # the guard: the reader refuses them without the page
    client = client_for(province_admin)
    for content, said in HOSTILE.values():
        response = client.post("/ops/accounts/import/", {"sheet": SimpleUploadedFile("账号.xlsx", content)})
        assert response.status_code == 200 and said in response.content.decode()
    assert not User.objects.filter(username__startswith="1390000").exists()


@pytest.mark.django_db
def test_kaoping_accounts_import_refuses_a_far_cell_with_exit_3(probed, tmp_path, capsys, org_tree):  # type: ignore[no-untyped-def]
    assert all(r["refused"] for r in probed)
    path = tmp_path / "账号.xlsx"
    path.write_bytes(HOSTILE["XFD1048576, no dimension"][0])
    with pytest.raises(SystemExit) as exit_:
        call_command("accounts", "import", str(path))
    assert exit_.value.code == 3
    assert "表格被拒绝：工作表“账号”有第 1048576 行" in capsys.readouterr().err


def test_a_csv_is_held_to_its_rows_columns_and_field_size() -> None:
    row = ["320100", "市填报员", "某人", "13900000001", ""]
    with pytest.raises(SheetError, match=f"超过 {1 + MAX_ROWS + 50} 行"):
        read_sheet(csv_bytes([row] * (MAX_ROWS + 60)), "a.csv")
    with pytest.raises(SheetError, match="第 2 行有 16 列，超过上限 15 列"):
        read_sheet(csv_bytes([row + [""] * 11]), "a.csv")
    long = "某" * (MAX_FIELD + 1)
    with pytest.raises(
        SheetError, match=f"第 2 行第 3 列的内容过长（{MAX_FIELD + 1} 字，最多 {MAX_FIELD} 字）"
    ):
        read_sheet(csv_bytes([[row[0], row[1], long, row[3], ""]]), "a.csv")
    huge = "x" * 200_000  # beyond the csv module's own field limit (131 072)
    with pytest.raises(SheetError, match="第 2 行的 CSV 格式有误"):
        read_sheet((",".join(HEADER) + "\n" + huge + "\n").encode(), "a.csv")
    with pytest.raises(SheetError):
        read_sheet((",".join(HEADER) + '\n"320100\x00,x\n').encode(), "a.csv")


def test_the_rows_a_person_writes_still_import() -> None:
    rows = read_sheet(SHEET, "账号.xlsx")
    assert len(rows) == 26 and rows[0].org == "320100" and rows[0].phone == "13900000001"
