"""序号 on the entry page is the 序号 of the province's Excel template, and both are the paper's
(docs/sources/survey-2015-seed.txt): organisation rows count 1, 2, … over the whole table with
省本级 first where the table has it (表9 南京市 is 2 on the city's page as on the province's),
numbered groups merge over their rows (表4 1 over three 社保经办机构), list rows count per
block (表7), and 合计 has none."""

from __future__ import annotations

import re

from kaoping.collection.campaigns import survey_for
from kaoping.collection.services.reading import load_survey_data
from kaoping.core.workbook.layout import build_layout

PROVINCE, NANJING = "320000", "320100"
SECTION = re.compile(r'<table class="paper[^"]*" data-section="([^"]+)"(.*?)</table>', re.S)
ROW = re.compile(r'<tr class="data[^"]*" data-row="([^"]+)">(.*?)</tr>', re.S)
NUMBER = re.compile(r'<td class="no"[^>]*>([^<]*)</td>')


def page_numbers(html: str) -> dict[tuple[str, str], str]:
    """(section, row) → the 序号 printed on the row (rows inside a merged 序号 print none)."""
    out = {}
    for section, body in SECTION.findall(html):
        for row, cells in ROW.findall(body):
            found = NUMBER.search(cells)
            if found:
                out[(section, row)] = found.group(1).strip()
    return out


def template_numbers(demo, org: str, table: str) -> dict[tuple[str, str], str]:
    campaign = demo.campaign
    layout = build_layout(survey_for(campaign), load_survey_data(campaign), org)
    sheet = next(s for s in layout.sheets if s.table.id == table)
    serials = {(b.row, b.col): b.text for b in sheet.boxes if b.style == "serial"}
    out = {}
    for part in sheet.sections:
        for slot in part.rows:
            if slot.row.kind != "block" and (slot.sheet_row, 0) in serials:
                out[(part.section.key, slot.row.key)] = serials[(slot.sheet_row, 0)]
    return out


def test_the_page_numbers_its_rows_as_the_excel_template_does(client_for, demo):
    org = PROVINCE
    user = demo_user(org)
    client = client_for(user)
    checked = 0
    for number in range(1, 15):
        table = f"T{number:02d}"
        response = client.get(f"/c/{demo.campaign.pk}/{org}/{table}/")
        assert response.status_code == 200, table
        page = page_numbers(response.content.decode())
        template = template_numbers(demo, org, table)
        shared = page.keys() & template.keys()
        assert {k: page[k] for k in shared} == {k: template[k] for k in shared}, table
        assert not [k for k in page if page[k] and k not in template], table  # numbered on the page only
        checked += len(shared)
    assert checked > 40


def demo_user(org: str):  # type: ignore[no-untyped-def]
    from kaoping.orgs.models import User

    return User.objects.get(username="sheng_admin" if org == PROVINCE else "nanjing_tianbao")


def test_the_paper_numbers_seen_by_hand(client_for, demo):
    client = client_for(demo_user(PROVINCE))
    t09 = page_numbers(client.get(f"/c/{demo.campaign.pk}/{PROVINCE}/T09/").content.decode())
    assert t09[("main", "province")] == "1" and t09[("main", NANJING)] == "2"
    assert t09[("main", "321300")] == "14"  # 宿迁市, the last of 13 cities after 省本级
    assert t09.get(("main", "total"), "") == ""  # 合计 has no 序号
    t04 = page_numbers(client.get(f"/c/{demo.campaign.pk}/{PROVINCE}/T04/").content.decode())
    assert t04[("main", "si_province")] == "1" and ("main", "si_city") not in t04  # merged over group 1
    assert t04[("main", "vet_province")] == "2"
    nanjing = page_numbers(
        client_for(demo_user(NANJING)).get(f"/c/{demo.campaign.pk}/{NANJING}/T09/").content.decode()
    )
    assert nanjing == {("main", NANJING): "2"}
