"""Every user-visible string of the pages goes through Django i18n and has a Chinese translation.

English msgids, a zh_Hans catalogue (src/kaoping/locale). These tests fail on an
untranslated or fuzzy message, on a compiled catalogue that is out of date, on a msgid used
in the web code but missing from the catalogue, and on raw text in a template.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "src" / "kaoping" / "web"
PAGES = WEB.parent / "pages"  # what the table pages of every app share (kaoping.pages)
LOCALE = WEB.parent / "locale"
ZH_PO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
ZH_MO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.mo"
TEMPLATES = sorted((WEB / "templates").rglob("*.html"))


def _unquote(parts: list[str]) -> str:
    text = "".join(parts)
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def read_po(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry but the header."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        current, msgid, msgstr = None, [], []
        for line in lines:
            if line.startswith("msgid "):
                current, line = msgid, line[6:]
            elif line.startswith("msgstr "):
                current, line = msgstr, line[7:]
            elif line.startswith("#"):
                continue
            if current is not None and line.startswith('"'):
                current.append(line[1:-1])
        if msgid or msgstr:
            entries.append((_unquote(msgid), _unquote(msgstr), fuzzy))
    header = [e for e in entries if e[0] == ""]
    assert header and not header[0][2], "the catalogue header must not be fuzzy"
    return [e for e in entries if e[0] != ""]


def has_letters(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def test_every_message_has_a_chinese_translation_and_none_is_fuzzy():
    entries = read_po(ZH_PO)
    assert len(entries) > 50
    untranslated = [msgid for msgid, msgstr, _ in entries if not msgstr.strip()]
    fuzzy = [msgid for msgid, _, is_fuzzy in entries if is_fuzzy]
    assert untranslated == [] and fuzzy == []


def test_translations_keep_the_placeholders():
    for msgid, msgstr, _ in read_po(ZH_PO):
        assert sorted(re.findall(r"%\(\w+\)[sd]", msgid)) == sorted(re.findall(r"%\(\w+\)[sd]", msgstr)), (
            msgid
        )


def test_the_compiled_catalogue_matches_the_po_file():
    with ZH_MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr, _ in read_po(ZH_PO):
        assert compiled.gettext(msgid) == msgstr, f"django.mo is stale for {msgid!r}: run compilemessages"


TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+(["'])(.*?)\1""", re.S)
BLOCK_TAG = re.compile(r"{%\s*blocktranslate\b[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S)
PY_CALL = re.compile(r"""\b(?:_|gettext|gettext_lazy|pgettext)\(\s*(["'])(.*?)\1""", re.S)


def used_msgids() -> set[str]:
    found: set[str] = set()
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        found |= {m.group(2) for m in TRANSLATE_TAG.finditer(text)}
        for m in BLOCK_TAG.finditer(text):
            found.add(re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", m.group(1)))
    for path in [*WEB.rglob("*.py"), *PAGES.rglob("*.py")]:
        found |= {m.group(2) for m in PY_CALL.finditer(path.read_text(encoding="utf-8"))}
    return found


def test_every_message_used_by_the_pages_is_in_the_catalogue():
    known = {msgid for msgid, _, _ in read_po(ZH_PO)}
    assert len(used_msgids()) > 50
    assert sorted(used_msgids() - known) == []


VISIBLE_ATTR = re.compile(
    r"""\b(title|placeholder|aria-label|alt|data-confirm|data-msg-[\w-]+)=(["'])(.*?)\2""", re.S
)
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.S)
COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|<!--.*?-->", re.S)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_have_no_raw_user_visible_text(path):
    text = COMMENT.sub("", path.read_text(encoding="utf-8"))
    text = BLOCK_TAG.sub("", text)
    for name, _, value in VISIBLE_ATTR.findall(text):
        assert not has_letters(TEMPLATE_CODE.sub("", value)), f"{path.name}: raw text in {name}={value!r}"
    visible = re.sub(r"<[^>]*>", " ", TEMPLATE_CODE.sub(" ", text))
    raw = [word for word in visible.split() if has_letters(word)]
    assert raw == [], f"{path.name}: text outside {{% translate %}}: {raw}"
