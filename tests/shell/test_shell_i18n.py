"""The shell's own pages (kaoping.orgs, kaoping.collection) translate every message into Chinese."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "kaoping"
APPS = ("orgs", "collection")
TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.*?)\1""")
GETTEXT = re.compile(r"""\b_\(\s*(["'])(.*?)\1""")


def used_msgids(app: str) -> set[str]:
    found: set[str] = set()
    for template in (SRC / app / "templates").rglob("*.html"):
        found |= {m[1] for m in TRANSLATE.findall(template.read_text(encoding="utf-8"))}
    for module in (SRC / app).glob("*.py"):
        found |= {m[1] for m in GETTEXT.findall(module.read_text(encoding="utf-8"))}
    return found


@pytest.mark.parametrize("app", APPS)
def test_every_message_of_the_app_has_a_chinese_translation(app):
    with (SRC / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    used = used_msgids(app)
    assert used
    untranslated = sorted(m for m in used if catalogue.gettext(m) == m)
    assert untranslated == []


@pytest.mark.parametrize("app", APPS)
def test_templates_have_no_raw_text_outside_translate(app):
    for template in (SRC / app / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        stripped = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>", " ", text, flags=re.S)
        words = [w for w in re.findall(r"[A-Za-z\u4e00-\u9fff]{2,}", stripped)]
        assert words == [], f"{template.name}: {words}"
