"""Printable tables and their PDF: 表1 first, the paper's signature block and seal, A4 landscape,
a city prints only its own rows, and the PDF embeds the CJK font."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib

import pytest
from reports_helpers import NANJING, PROVINCE, SUZHOU, fill, save
from tests.jobs.helpers import file_through_job


def inflated(pdf: bytes) -> list[bytes]:
    """Every stream of the PDF, decompressed where it is Flate (font names live in them)."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            out.append(match.group(1))
    return [*out, pdf]


SIGNATURES = ("单位负责人", "统计负责人/审核人", "填表人", "联系电话", "报出日期")


@pytest.fixture
def filled(campaign):
    fill(campaign)
    save(campaign, SUZHOU, "T09", {(SUZHOU, "remark"): "SUZHOU-ONLY-REMARK"})
    return campaign


def test_the_province_prints_every_table_with_table_1_first(filled, client_for, province_admin):
    response = client_for(province_admin).get(f"/reports/c/{filled.pk}/{PROVINCE}/print/")
    assert response.status_code == 200
    html = response.content.decode()
    tables = re.findall(r'<article class="printed-table[^"]*" data-table="(T\d\d)"', html)
    assert tables == [f"T{n:02d}" for n in range(1, 15)]
    assert html.count('data-testid="seal"') == 14
    for label in SIGNATURES:
        assert html.count(label) >= 14
    assert "<input" not in html and "<select" not in html  # the paper: values as text
    assert "SUZHOU-ONLY-REMARK" in html


def test_the_print_stylesheet_is_a4_landscape_without_navigation(client_for, province_admin, filled):
    css = client_for(province_admin).get("/static/reports/print.css")
    text = b"".join(css.streaming_content).decode() if css.streaming else css.content.decode()
    assert "@page { size: A4 landscape" in text
    assert ".print-bar, .no-print { display: none !important; }" in text


def test_one_table_and_a_city_sees_only_its_own_rows(filled, client_for, nanjing_reporter):
    client = client_for(nanjing_reporter)
    html = client.get(f"/reports/c/{filled.pk}/{NANJING}/print/").content.decode()
    tables = re.findall(r'data-table="(T\d\d)"', html)
    assert "T01" not in tables and "T09" in tables  # 表1 is the province's
    assert "SUZHOU-ONLY-REMARK" not in html and "苏州市" not in html
    one = client.get(f"/reports/c/{filled.pk}/{NANJING}/print/T09/").content.decode()
    assert re.findall(r'data-table="(T\d\d)"', one) == ["T09"]
    assert client.get(f"/reports/c/{filled.pk}/{NANJING}/print/T01/").status_code == 404


def test_table_1_pdf_is_one_a4_landscape_page_with_cjk_font(filled, client_for, province_admin, tmp_path):
    response = client_for(province_admin).get(f"/reports/c/{filled.pk}/{PROVINCE}/pdf/T01/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"%PDF")
    assert any(b"Noto-Serif-CJK" in chunk or b"NotoSerifCJK" in chunk for chunk in inflated(body))
    if shutil.which("pdffonts") and shutil.which("pdfinfo"):
        path = tmp_path / "t01.pdf"
        path.write_bytes(body)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        cjk = [line for line in fonts.splitlines() if "CJK" in line]
        assert cjk and all(" yes " in line for line in cjk)  # embedded
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Pages:\s+1\n", info)  # 表1 fits its one faxed page
        assert "841.89 x 595.276" in info  # A4 landscape in points


def test_the_whole_survey_pdf_has_a_page_per_table_at_least(filled, client_for, province_admin):
    body = file_through_job(client_for(province_admin), f"/reports/c/{filled.pk}/{PROVINCE}/pdf/")
    assert body.startswith(b"%PDF")
    pages = sum(len(re.findall(rb"/Type\s*/Page\b", chunk)) for chunk in inflated(body)[:-1])
    assert pages >= 14


def page_texts(pdf: bytes, tmp_path) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of each page, as pdftotext lays it out."""
    path = tmp_path / "survey.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout.split("\f")[:-1]


def test_every_table_starts_its_own_page_and_no_page_holds_only_remarks_and_signatures(
    demo, client_for, personas, tmp_path
):
    """The demo's whole survey as the province prints it: each of 表1–表14 opens a page with its
    label and title at the top; a page that carries the signatures carries more than them and
    备注 (the old 表10 spilled its 备注 row and the signatures onto a page of their own);
    表10 — fourteen columns and long 主要功能 text — fits one page with its 备注 and
    signatures, its two-character 银行 header on one line."""
    pdf = file_through_job(client_for(personas.province_admin), "/reports/c/demo-2015/320000/pdf/")
    pages = page_texts(pdf, tmp_path)
    tops = [[line.strip() for line in page.splitlines() if line.strip()][:2] for page in pages]
    starts = [top[0] for top in tops if re.fullmatch(r"表\d+", top[0])]
    assert starts == [f"表{n}" for n in range(1, 15)]
    closing = ("单位负责人", "备注", "公章", "填报单位盖章")
    for page in pages:
        if "单位负责人" in page:
            rest = [
                line for line in page.splitlines() if line.strip() and not any(w in line for w in closing)
            ]
            assert len(rest) >= 2, page
    table10 = next(
        page for page, top in zip(pages, tops, strict=True) if top == ["表10", "自助服务终端部署情况表"]
    )
    assert "备注" in table10 and "单位负责人" in table10 and "苏州市" in table10
    assert re.search(r"\s银行\s", table10)  # not 银 above 行


@pytest.mark.parametrize("table", ["", "T01/"])
def test_a_pdf_address_draws_nothing_in_the_request_for_a_post(
    table, campaign, client_for, province_admin, monkeypatch
):
    """A POST (here with a 2 MB body) draws nothing in the request: before, it drew the whole
    survey's PDF, which for the province takes some 20 s of a worker's CPU (the hostile-input
    harness lost workers to gunicorn's timeout on it). A table's PDF is 405; the whole
    survey's is the button's POST: it queues the background job."""
    from kaoping.reports import printing

    def never(*args: object) -> bytes:
        raise AssertionError("a PDF was drawn for a POST")

    monkeypatch.setattr(printing, "render_pdf", never)
    url = f"/reports/c/{campaign.pk}/{PROVINCE}/pdf/{table}"
    response = client_for(province_admin).post(url, data=b"{}" * 1_000_000, content_type="application/json")
    if table:
        assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    else:
        assert response.status_code == 302 and response["Location"].startswith("/jobs/")
