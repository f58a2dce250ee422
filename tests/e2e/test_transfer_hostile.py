"""In a real browser: 南京 uploads its own template edited to hold one far cell (XFD1048576 on
表9, no ``<dimension>``): the page refuses it at once naming the sheet and the cell's row and
the largest range the sheet may have, nothing is saved, and the page stays usable."""

from __future__ import annotations

from playwright.sync_api import expect

from kaoping.collection.models import Campaign, Value
from kaoping.transfer import services
from transfer.helpers import NANJING
from workbook_hostile import far_cell

PASSWORD = "persona-pass-2015"  # tests/conftest.py personas


def test_a_far_cell_is_refused_on_the_upload_page(
    new_page, log_in, live_server, demo, personas, photo, tmp_path
):
    campaign = Campaign.objects.get(pk="demo-2015")
    content, _ = services.template(personas.nanjing_reporter, campaign, NANJING)
    path = tmp_path / "南京-改过.xlsx"
    path.write_bytes(far_cell(content, "表9"))
    before = list(Value.objects.filter(campaign=campaign).values_list("id", "text"))
    page = new_page(1400, 900)
    log_in(page, "p_nanjing_tianbao", PASSWORD)
    page.goto(f"{live_server.url}/transfer/c/demo-2015/{NANJING}/upload/")
    page.set_input_files("input[name=file]", str(path))
    page.click("[data-testid=preview]")
    refused = page.locator("[data-testid=refused]")
    expect(refused).to_contain_text(
        "工作表“表9”有第 1048576 行，超出模板的范围（该表最多 64 行、22 列，即 A1:V64）"
    )
    expect(page.locator("[data-testid=confirm]")).to_have_count(0)
    photo(page, "73-transfer-refused-far-cell")
    assert list(Value.objects.filter(campaign=campaign).values_list("id", "text")) == before
