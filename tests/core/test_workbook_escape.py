"""Formula-looking text stays text in CSV exports too."""

from __future__ import annotations

import pytest

from kaoping.core.workbook.escape import csv_text, looks_like_formula


@pytest.mark.parametrize(
    ("text", "exported"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","点我")', '\'=HYPERLINK("http://x","点我")'),
        ("+86 025 12333", "'+86 025 12333"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("-12.5", "-12.5"),  # a negative number is data, not a formula
        ("南京市", "南京市"),
        ("", ""),
    ],
)
def test_csv_text_marks_formula_looking_text(text: str, exported: str) -> None:
    assert csv_text(text) == exported


def test_formula_starts() -> None:
    assert [looks_like_formula(t) for t in ("=A1", "+1", "-x", "@x", "a=b", "1-2")] == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]
