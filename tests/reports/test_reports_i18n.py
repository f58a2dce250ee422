"""The report pages speak Chinese: every message of their templates is in the reports app's
zh_Hans catalogue, translated, not fuzzy, compiled, and no template shows raw text."""

from __future__ import annotations

import gettext
import re
import unicodedata
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "src" / "kaoping" / "reports"
PO = APP / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = APP / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
TEMPLATES = sorted((APP / "templates").rglob("*.html"))
TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+(["'])(.*?)\1""", re.S)
BLOCK_TAG = re.compile(r"{%\s*blocktranslate\b[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S)
UNDERSCORE = re.compile(r"""\b_\(\s*(["'])(.*?)\1\s*\)""")
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.S)


ENTRY = re.compile(r'msgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n?)+)')


def entries() -> dict[str, tuple[str, bool]]:
    out = {}
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        match = ENTRY.search(block + "\n")
        if not match:
            continue
        msgid, msgstr = ("".join(re.findall(r'"(.*)"', part)).replace('\\"', '"') for part in match.groups())
        if msgid:
            out[msgid] = (msgstr, "#, fuzzy" in block)
    return out


def used() -> set[str]:
    found: set[str] = set()
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        found |= {m.group(2) for m in TRANSLATE_TAG.finditer(text)}
        found |= {m.group(2) for m in UNDERSCORE.finditer(text)}
        for m in BLOCK_TAG.finditer(text):
            found.add(re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", m.group(1)))
    return found


def test_every_message_is_translated_and_compiled():
    catalogue = entries()
    assert sorted(used() - set(catalogue)) == []
    assert [k for k, (v, fuzzy) in catalogue.items() if not v.strip() or fuzzy] == []
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, (msgstr, _fuzzy) in catalogue.items():
        assert compiled.gettext(msgid) == msgstr, f"django.mo is stale for {msgid!r}"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_have_no_raw_text(path):
    text = BLOCK_TAG.sub("", path.read_text(encoding="utf-8"))
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    visible = re.sub(r"<[^>]*>", " ", TEMPLATE_CODE.sub(" ", text))
    raw = [w for w in visible.split() if any(unicodedata.category(c).startswith("L") for c in w)]
    assert raw == [], f"{path.name}: text outside translate: {raw}"


def test_the_pages_render_in_chinese(campaign, client_for, province_admin):
    client = client_for(province_admin)
    html = client.get(f"/reports/c/{campaign.pk}/{campaign.org_id}/indicators/").content.decode()
    assert "规划指标测算" in html and "推算值" in html and "不可推算" in html
    html = client.get(f"/reports/c/{campaign.pk}/{campaign.org_id}/print/T01/").content.decode()
    assert "公章" in html and "填报单位盖章" in html
