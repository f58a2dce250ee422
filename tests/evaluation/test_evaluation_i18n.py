"""Every message of the evaluation's pages has a Chinese translation in the app's own
catalogue (English msgids), and the templates have no raw text outside the tags."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "src" / "kaoping" / "evaluation"
TEMPLATES = sorted((APP / "templates").rglob("*.html"))
TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.*?)\1""", re.S)
BLOCK = re.compile(r"{%\s*blocktranslate\b[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S)
GETTEXT = re.compile(r"""\b(?:_|gettext|gettext_lazy)\(\s*(["'])(.*?)\1""", re.S)


def catalogue() -> gettext.GNUTranslations:
    with (APP / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        return gettext.GNUTranslations(handle)


def used() -> tuple[set[str], set[str]]:
    singles: set[str] = set()
    plurals: set[str] = set()
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        singles |= {m.group(2) for m in TRANSLATE.finditer(text)}
        for m in BLOCK.finditer(text):
            msgid = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", m.group(1).split("{% plural %}")[0])
            (plurals if "{% plural %}" in m.group(1) else singles).add(msgid)
    for path in APP.rglob("*.py"):
        singles |= {m.group(2) for m in GETTEXT.finditer(path.read_text(encoding="utf-8"))}
    return singles, plurals


def test_every_message_is_translated():
    zh = catalogue()
    singles, plurals = used()
    assert len(singles) > 80
    assert sorted(m for m in singles if zh.gettext(m) == m) == []
    assert sorted(m for m in plurals if zh.ngettext(m, m + "s", 3) in (m, m + "s")) == []


def test_the_po_file_matches_the_compiled_catalogue():
    po = (APP / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    zh = catalogue()
    for msgid, msgstr in re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', po, re.M):
        assert zh.gettext(msgid.replace('\\"', '"')) == msgstr.replace('\\"', '"'), msgid


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_have_no_raw_text(path):
    text = re.sub(r"{#.*?#}", "", path.read_text(encoding="utf-8"), flags=re.S)
    text = BLOCK.sub(" ", text)
    stripped = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>", " ", text, flags=re.S)
    words = [w for w in re.findall(r"[A-Za-z\u4e00-\u9fff]{2,}", stripped)]
    assert words == [], f"{path.name}: {words}"
    for attr in re.findall(r"""\b(?:title|placeholder|aria-label|alt|data-confirm)=(["'])(.*?)\1""", text):
        assert not re.search(r"[A-Za-z\u4e00-\u9fff]", re.sub(r"{%.*?%}|{{.*?}}", "", attr[1])), attr


def test_pages_render_in_chinese(demo, client_for, personas):
    page = client_for(personas.province_admin).get("/evaluations/demo-eval-2015/").content.decode()
    assert "目标与评审专家" in page and "考评结果与排名" in page and "Targets and reviewers" not in page
