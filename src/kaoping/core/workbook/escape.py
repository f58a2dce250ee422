"""Text that a spreadsheet would take for a formula (CSV/formula injection).

Values are stored exactly as typed. On the way out they stay text: the workbook writer
writes every text with ``write_string`` (and the workbook has ``strings_to_formulas`` off),
so "=1+1" is a string cell; a CSV has no cell types, so ``csv_text`` puts an apostrophe
before such text — what spreadsheets show as a leading text marker — every time it is
exported.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """A value for a CSV cell: text a spreadsheet would evaluate gets a leading apostrophe.

    A plain number ("-12.5") is left alone: it is data, and a spreadsheet reads it as the
    number it is.
    """
    if not looks_like_formula(text) or _is_number(text):
        return text
    return "'" + text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
