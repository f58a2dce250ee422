"""测算基数 on the page (issue 12): the template downloads as a workbook with the campaign's
cities, a filled file uploads and is saved, a bad file is refused at its cells with nothing
saved, and only the province's administrators reach either."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from kaoping.collection.campaigns import base_figures

NJ, WX = "320100", "320200"
HEADER = "组织代码,单位,常住人口（万人）,城镇参保人数（万人）,县级单位数\n"


def urls(campaign) -> tuple[str, str, str]:
    base = f"/transfer/figures/{campaign.pk}/"
    return f"/campaigns/{campaign.pk}/base-figures/", base + "template/", base + "upload/"


def test_the_page_offers_the_template_and_it_is_a_workbook_of_the_cities(campaign, personas, client_for):
    client = client_for(personas.province_admin)
    page, template, _upload = urls(campaign)
    html = client.get(page).content.decode()
    assert f'href="{template}"' in html and "下载模板" in html and "上传并导入" in html
    response = client.get(template)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = b"".join(response) if response.streaming else response.content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("测算基数").to_python()
    assert rows[0] == ["组织代码", "单位", "常住人口（万人）", "城镇参保人数（万人）", "县级单位数"]
    assert rows[1][:2] == [NJ, "南京市"] and len(rows) == 14  # the 13 cities of Jiangsu


def test_a_filled_file_is_imported_from_the_page(campaign, personas, client_for):
    client = client_for(personas.province_admin)
    page, _template, upload = urls(campaign)
    text = HEADER + f"{NJ},南京市,821.61,412.3,\n"
    sent = SimpleUploadedFile("测算基数.csv", text.encode("utf-8"), content_type="text/csv")
    response = client.post(upload, {"file": sent}, follow=True)
    assert response.redirect_chain[-1][0] == page
    assert "已导入 1 个地市的测算基数" in response.content.decode()
    assert base_figures(campaign)[NJ] == {
        "population": Decimal("821.61"),
        "insured_urban": Decimal("412.30"),
        "counties": Decimal(11),  # blank: kept as the tree gave it
    }


def test_a_bad_file_is_refused_at_its_cells_and_nothing_is_saved(campaign, personas, client_for):
    before = base_figures(campaign)
    text = HEADER + f"{NJ},南京市,821.61,,\n{WX},无锡市,八百,,\n"
    sent = SimpleUploadedFile("测算基数.csv", text.encode("utf-8"), content_type="text/csv")
    html = client_for(personas.province_admin).post(urls(campaign)[2], {"file": sent}, follow=True)
    page = html.content.decode()
    assert "测算基数.csv 未导入" in page and "第 3 行无锡市「常住人口（万人）」（C3）" in page
    assert base_figures(campaign) == before


def test_only_the_provinces_administrators_reach_the_template_and_the_upload(campaign, personas, client_for):
    _page, template, upload = urls(campaign)
    for persona in (personas.nanjing_reporter, personas.province_reviewer):
        client = client_for(persona)
        assert client.get(template).status_code == 403
        sent = SimpleUploadedFile("a.csv", (HEADER + f"{NJ},南京市,1,,\n").encode("utf-8"))
        assert client.post(upload, {"file": sent}).status_code == 403
    assert client_for(personas.province_admin).get("/transfer/figures/no-such/template/").status_code == 404
    assert base_figures(campaign)[NJ] == {"counties": Decimal(11)}
