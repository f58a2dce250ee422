"""Every message of the workflow pages has a Chinese translation; no raw text in templates."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "src" / "kaoping" / "workflow"
TEMPLATES = sorted((APP / "templates").rglob("*.html"))
TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.*?)\1""", re.S)
BLOCK = re.compile(r"{%\s*blocktranslate\b[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S)
GETTEXT = re.compile(r"""\b_\(\s*(["'])(.*?)\1""", re.S)


def used_msgids() -> set[str]:
    found: set[str] = set()
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        found |= {m.group(2) for m in TRANSLATE.finditer(text)}
        found |= {re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", m.group(1)) for m in BLOCK.finditer(text)}
    for path in APP.rglob("*.py"):
        found |= {m.group(2) for m in GETTEXT.finditer(path.read_text(encoding="utf-8"))}
    return found


def test_every_message_has_a_chinese_translation():
    with (APP / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    used = used_msgids()
    assert len(used) > 40
    untranslated = sorted(m for m in used if catalogue.gettext(m) == m)
    assert untranslated == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_have_no_raw_text_outside_translate(path):
    text = BLOCK.sub(" ", path.read_text(encoding="utf-8"))
    stripped = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>", " ", text, flags=re.S)
    raw = [w for w in stripped.split() if any(ch.isalpha() for ch in w)]
    assert raw == [], f"{path.name}: {raw}"
