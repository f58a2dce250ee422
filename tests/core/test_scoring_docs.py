"""Every scoring method in the registry is documented in docs/scoring.md."""

from __future__ import annotations

import re
from pathlib import Path

from kaoping.core.scoring.methods import METHODS

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"


def test_every_method_has_a_section_with_its_chinese_label() -> None:
    headings = re.findall(r"^### `(\w+)` — (.+)$", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    documented = dict(headings)
    assert set(documented) == set(METHODS)
    for key, method in METHODS.items():
        assert documented[key].strip() == method.label, key
