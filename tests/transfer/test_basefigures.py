"""Base figures from a workbook or CSV: the template round trip, located refusals, bounds."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from kaoping.collection.campaigns import base_figures
from kaoping.transfer.basefigures import FiguresRefused, read_figures, template

NJ, WX = "320100", "320200"
HEADER = "组织代码,单位,常住人口（万人）,城镇参保人数（万人）,县级单位数\n"


def test_the_template_lists_the_campaigns_cities_with_their_defaults(campaign):
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(template(campaign)))
        .get_sheet_by_name("测算基数")
        .to_python()
    )
    assert rows[0] == ["组织代码", "单位", "常住人口（万人）", "城镇参保人数（万人）", "县级单位数"]
    assert len(rows) == 14 and rows[1][:2] == [NJ, "南京市"] and rows[1][4] == 11.0  # docs/spec.md §15.1
    assert rows[13][:2] == ["321300", "宿迁市"] and rows[13][4] == 5.0


def test_a_filled_template_imports_and_a_blank_keeps_the_figure(campaign, tmp_path):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("测算基数")
    sheet.write_row(0, 0, HEADER.strip().split(","))
    sheet.write_row(1, 0, [NJ, "南京市", 821.61, 412.3, 11])
    sheet.write_row(2, 0, [WX, "无锡市", 650.01])
    book.close()
    path = tmp_path / "测算基数.xlsx"
    path.write_bytes(out.getvalue())
    stdout = io.StringIO()
    call_command(
        "basefigures", "import", str(path), "--campaign", campaign.id, "--format", "json", stdout=stdout
    )
    assert json.loads(stdout.getvalue())["orgs"] == 2
    figures = base_figures(campaign)
    assert figures[NJ] == {
        "counties": Decimal(11),
        "population": Decimal("821.61"),
        "insured_urban": Decimal("412.30"),
    }
    assert figures[WX] == {"counties": Decimal(7), "population": Decimal("650.01")}  # blank: kept


def test_every_problem_is_named_by_row_column_and_cell_and_nothing_is_saved(campaign):
    text = HEADER + f"{NJ},南京市,八百,412.3,11\n329999,某市,1,1,1\n{WX},无锡市,650.011,,7.5\n"
    with pytest.raises(FiguresRefused) as refused:
        read_figures(campaign, text.encode("utf-8"), "a.csv")
    assert refused.value.problems == [
        "第 2 行南京市「常住人口（万人）」（C2）：应填写人数（万人），“八百”无法识别",
        "第 3 行（A3）：组织代码“329999”不是本任务的单位",
        "第 4 行无锡市「常住人口（万人）」（C4）：最多保留 2 位小数，填写的是 650.011",
        "第 4 行无锡市「县级单位数」（E4）：应填写整数，不能是 7.5",
    ]
    assert "population" not in base_figures(campaign).get(NJ, {})


def test_gbk_csv_and_refusals_of_the_command(campaign, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_bytes((HEADER + f"{NJ},南京市,821.61,,\n").encode("gb18030"))
    call_command("basefigures", "import", str(path), "--campaign", campaign.id, stdout=io.StringIO())
    assert base_figures(campaign)[NJ]["population"] == Decimal("821.61")
    path.write_text("姓名,电话\n张三,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第 1 行缺少列") as refused:
        call_command("basefigures", "import", str(path), "--campaign", campaign.id)
    assert refused.value.returncode == 3


def test_a_file_larger_than_its_bound_is_refused_before_reading(campaign):
    rows = "".join(f"{NJ},南京市,1,1,1\n" for _ in range(200))  # 13 cities + margin allows far fewer
    with pytest.raises(FiguresRefused, match="超过 64 行"):
        read_figures(campaign, (HEADER + rows).encode("utf-8"), "big.csv")
    with pytest.raises(FiguresRefused, match="不是 xlsx 或 csv"):
        read_figures(campaign, b"\x00\x01junk", "x.xlsx")
