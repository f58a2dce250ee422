"""The operations pages translate every message into Chinese (own catalogue, English msgids)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

OPS = Path(__file__).resolve().parents[2] / "src" / "kaoping" / "ops"
TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.*?)\1""")
BLOCK = re.compile(
    r"{%\s*blocktranslate\b[^%]*%}(.*?)(?:{%\s*plural\s*%}.*?)?{%\s*endblocktranslate\s*%}", re.S
)


def catalogue() -> gettext.GNUTranslations:
    with (OPS / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_every_template_message_has_a_chinese_translation():
    zh = catalogue()
    used: set[str] = set()
    for template in (OPS / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        used |= {m[1] for m in TRANSLATE.findall(text)}
        used |= {re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", m) for m in BLOCK.findall(text)}
    assert len(used) > 20
    assert sorted(m for m in used if zh.gettext(m) == m) == []


def test_templates_have_no_raw_text_outside_translate():
    for template in (OPS / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        stripped = re.sub(r"{%\s*blocktranslate.*?endblocktranslate\s*%}", " ", text, flags=re.S)
        stripped = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>", " ", stripped, flags=re.S)
        assert re.findall(r"[A-Za-z\u4e00-\u9fff]{2,}", stripped) == [], template.name


@pytest.mark.django_db
def test_the_pages_render_in_chinese(client_for, province_admin):
    client = client_for(province_admin)
    assert "批量导入账号" in client.get("/ops/accounts/import/").content.decode()
    assert "登录日志" in client.get("/ops/logins/").content.decode()
    assert "重置密码" in client.get("/ops/accounts/").content.decode()
