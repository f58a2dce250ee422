"""Shared pieces of the transfer tests: where a cell sits in a template, a person typing into it."""

from __future__ import annotations

import io
from collections.abc import Mapping

import openpyxl
from openpyxl.utils import get_column_letter

from kaoping.collection.campaigns import survey_for
from kaoping.collection.models import Campaign
from kaoping.collection.services import load_survey_data
from kaoping.core.workbook.layout import build_layout

PROVINCE, NANJING, SUZHOU = "320000", "320100", "320500"
CALLS = ("T09", NANJING, "calls")  # 南京's 12333 来电总量: an integer the city fills


def where(campaign: Campaign, org: str, key: tuple[str, str, str]) -> tuple[str, int, int]:
    """(sheet, row, column), zero-based, of a value cell in ``org``'s template."""
    layout = build_layout(survey_for(campaign), load_survey_data(campaign), org)
    located = layout.locate(key)
    assert located is not None
    sheet, r, c = located
    return sheet.name, r, c


def address(place: tuple[str, int, int]) -> str:
    """ "表9!H7" for a zero-based (sheet, row, column)."""
    sheet, r, c = place
    return f"{sheet}!{get_column_letter(c + 1)}{r + 1}"


def fill(content: bytes, cells: Mapping[tuple[str, int, int], object]) -> bytes:
    """Type values into the workbook with openpyxl, as a person in Excel would."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    for (sheet, r, c), value in cells.items():
        cell = book[sheet].cell(row=r + 1, column=c + 1)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
