"""The transfer pages speak Chinese: every message of the app's catalogue is translated and compiled."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "src" / "kaoping" / "transfer"
PO = APP / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = APP / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"


def msgids_in_templates() -> set[str]:
    found: set[str] = set()
    for template in (APP / "templates").rglob("*.html"):
        found |= set(re.findall(r'{% translate "([^"]+)"', template.read_text(encoding="utf-8")))
    return found


def test_every_template_message_is_translated_in_the_compiled_catalogue():
    catalogue = gettext.GNUTranslations(MO.open("rb"))
    for msgid in msgids_in_templates():
        assert catalogue.gettext(msgid) != msgid, msgid
    assert "fuzzy" not in PO.read_text(encoding="utf-8")


def test_the_upload_page_is_in_chinese(survey, client_for, nanjing_reporter):
    body = client_for(nanjing_reporter).get("/transfer/c/demo-2015/320100/upload/").content.decode()
    assert "上传填好的Excel" in body and "上传并预览" in body and "下载Excel模板" in body
    assert "Upload and preview" not in body
