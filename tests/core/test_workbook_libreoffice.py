"""LibreOffice (headless) opens a generated template and prints it to PDF.

Needs the Debian packages ``libreoffice-calc-nogui`` (soffice), ``poppler-utils``
(pdftotext, pdffonts) and ``fonts-noto-cjk``. Skipped where they are missing, except under
CI (``CI=true``), where a missing tool fails the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from workbook_helpers import CITIES, META, PROVINCE, SURVEY, template

from kaoping.core.workbook.peek import org_hint
from kaoping.core.workbook.reader import read_workbook
from kaoping.core.workbook.sample import sample_data

pytestmark = pytest.mark.libreoffice


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required under CI (apt: libreoffice-calc-nogui poppler-utils)")
        pytest.skip(f"{name} not installed")
    return found


def test_libreoffice_prints_the_template_to_pdf_with_chinese_text(tmp_path: Path) -> None:
    soffice, pdftotext, pdffonts = tool("soffice"), tool("pdftotext"), tool("pdffonts")
    content, _ = template(sample_data(SURVEY, PROVINCE, list(CITIES)), None)
    source = tmp_path / "template.xlsx"
    source.write_bytes(content)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "template.pdf"
    assert pdf.exists()
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout.decode()
    for title in ("规划发展目标完成情况表", "12333电话咨询服务情况表", "规划总结评估测算基数表", "填报单位"):
        assert title in text
    assert "南京市" in text and "263851" in text
    fonts = subprocess.run([pdffonts, str(pdf)], check=True, capture_output=True).stdout.decode()
    # the CJK glyphs are embedded (emb = yes), so the fax prints anywhere
    cjk = [line for line in fonts.splitlines() if "CJK" in line or "Song" in line or "Hei" in line]
    assert cjk and all(" yes " in line for line in cjk)


def saved_again(tmp_path: Path, content: bytes) -> bytes:
    """``content`` as LibreOffice saves it again as .xlsx."""
    soffice = tool("soffice")
    source = tmp_path / "filled.xlsx"
    source.write_bytes(content)
    out = tmp_path / "out"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (out / "filled.xlsx").read_bytes()


def test_a_workbook_saved_again_by_libreoffice_imports_unchanged(tmp_path: Path) -> None:
    """Recalculated formulas, LibreOffice's own shared strings and styles: still the same
    values, no change, no finding."""

    stored = sample_data(SURVEY, PROVINCE, list(CITIES))
    content, _ = template(stored, None)
    resaved = saved_again(tmp_path, content)
    assert resaved != content
    result = read_workbook(resaved, SURVEY, stored, org=None, meta=META)
    assert result.refused is None
    assert result.changes == {}
    assert result.findings == []


def test_the_organisation_property_survives_libreoffice_saving_a_city_file(tmp_path: Path) -> None:
    """The bulk upload groups files by the ``kaoping_org`` document property: a city's
    file saved again by LibreOffice still names its city there."""
    content, _ = template(sample_data(SURVEY, PROVINCE, list(CITIES)), "320100")
    assert org_hint(saved_again(tmp_path, content)) == "320100"
