"""Stored text read back fast: ``reader(column)`` is ``values.from_text`` for one column.

Stored (canonical) text — a plain number, an ISO date, known code letters, ``true``/``false``
— is read on a short path with exactly ``from_text``'s result (value, type and digits);
anything else goes through ``from_text`` itself. A national recomputation reads 40,000
values, and finding the handler and matching the patterns was most of its reading time
(docs/reports.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from kaoping.core.definitions.model import Column, ColumnType
from kaoping.core.instance import Value
from kaoping.core.memo import PerObject
from kaoping.core.numbers import CANONICAL, parse_number
from kaoping.core.values import HANDLERS, Invalid, from_text, in_range

Reader = Callable[[str | None], Value]
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WHOLE_DIGITS, _PLACES = 15, 6  # CANONICAL's


def _make_reader(column: Column) -> Reader:
    return _READER_KINDS.get(column.type, _general)(column)


def _general(column: Column) -> Reader:
    return lambda text: from_text(column, text)


def _number_reader(column: Column) -> Reader:
    canonical, bound = CANONICAL.fullmatch, column.bound
    whole_bound = int(bound)  # a whole number's
    whole, integers = column.type is ColumnType.INT or column.decimals == 0, column.type is ColumnType.INT
    # so few digits that the number is within the bound whatever they are (none made to compare)
    within = min(len(str(whole_bound)) - 1, _WHOLE_DIGITS)

    def read(text: str | None) -> Value:
        if text is not None and text.isascii():
            if text.isdigit():  # ASCII digits only: CANONICAL's unsigned whole numbers
                if len(text) <= within:
                    return int(text) if whole else Decimal(text)
                integer = int(text) if len(text) <= _WHOLE_DIGITS else whole_bound + 1
                if integer <= whole_bound:
                    return integer if whole else Decimal(text)
                return from_text(column, text)
            point = text.find(".")  # CANONICAL with a point, unsigned: 1–15 digits, ".", 1–6 digits
            if (
                0 < point <= _WHOLE_DIGITS
                and 0 < len(text) - point - 1 <= _PLACES
                and text.replace(".", "", 1).isdigit()
            ):
                number = Decimal(text)
                if number <= bound:
                    return int(number) if integers and number == number.to_integral_value() else number
                return from_text(column, text)
        if text is None or not canonical(text):
            return from_text(column, text)
        return _signed(column, text, whole_bound, whole, integers)

    return read


def _signed(column: Column, text: str, whole_bound: int, whole: bool, integers: bool) -> Value:
    """A CANONICAL number off the unsigned short paths (a negative one)."""
    bound = column.bound
    if "." not in text:
        integer = int(text)
        if -whole_bound <= integer <= whole_bound:
            return integer if whole else Decimal(text)
        return from_text(column, text)
    number = Decimal(text)
    if -bound <= number <= bound:
        return int(number) if integers and number == number.to_integral_value() else number
    return from_text(column, text)


def _date_reader(column: Column) -> Reader:
    first, last = column.date_range

    def read(text: str | None) -> Value:
        if text is not None and len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:  # ten characters, dashes at 4 and 7: fromisoformat takes only ASCII digits between
                day = date.fromisoformat(text)
            except ValueError:
                return _date_off_path(column, text)
            return day if first <= day <= last else in_range(column, day, text)
        return from_text(column, text)

    return read


def _date_off_path(column: Column, text: str) -> Value:
    if _ISO_DAY.fullmatch(text):
        try:
            day = date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            return Invalid(text)
        return in_range(column, day, text)
    return from_text(column, text)


def _code_reader(column: Column) -> Reader:
    letters = frozenset(c.code for c in column.codes if len(c.code) == 1 and c.code.islower())

    def read(text: str | None) -> Value:
        return text if text in letters else from_text(column, text)

    return read


def _codes_reader(column: Column) -> Reader:
    keys = [c.code for c in column.codes]
    # the stored letters: each a code of one letter a–z, ranked by the code's first place
    rank = {letter: keys.index(letter) for letter in keys if len(letter) == 1 and "a" <= letter <= "z"}
    known = frozenset(rank)

    def read(text: str | None) -> Value:
        if text is not None:
            letters = text.split(",")
            if known.issuperset(letters):  # CANONICAL_CODES, every letter known
                return tuple(sorted(letters, key=rank.__getitem__))
        return from_text(column, text)

    return read


def _bool_reader(column: Column) -> Reader:
    return lambda text: (text == "true") if text in ("true", "false") else from_text(column, text)


_READER_KINDS: dict[ColumnType, Callable[[Column], Reader]] = {
    **{kind: _number_reader for kind, handler in HANDLERS.items() if handler.parse is parse_number},
    ColumnType.DATE: _date_reader,
    ColumnType.CODE: _code_reader,
    ColumnType.CODES: _codes_reader,
    ColumnType.BOOL: _bool_reader,
}


# ``reader(column)``: ``from_text`` for ``column``, built once per column (see the module's docstring).
reader: PerObject[Column, Reader] = PerObject(_make_reader, most=20_000)
