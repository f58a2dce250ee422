"""Column types: what people type, how values are stored and shown, and generic checks.

One handler per ``ColumnType`` in ``HANDLERS`` (adding a type is adding an entry):

- ``parse(column, raw)``: what a person typed → a typed value; text that does not fit is
  returned as ``Invalid(raw)``, so nothing typed is lost and V-TYPE / V-CODE report it.
  A number written wrongly or beyond its column's bound, a date outside its column's range
  is ``Refused(raw, reason)`` (an ``Invalid``): saves refuse it (``kaoping.core.numbers``).
  Blank ("" or whitespace) is None. Full-width characters are folded first (NFKC).
- ``to_text`` / ``from_text``: the canonical storage text. Numbers as plain decimal strings
  as typed (``"85582"``, ``"1234.50"``); bool ``"true"``/``"false"``; dates ISO
  ``YYYY-MM-DD`` (a month "2015-12" is stored as its first day); one code ``"a"``; several
  codes ``"a,c,f"`` in the order of the column's list. ``Invalid`` values are stored as
  their raw text and read back as ``Invalid`` when they still do not parse.
- ``display(column, value)``: what the page and messages show: "a.已建", "是", "1234.50".
- ``check(column, value)``: generic problems as ``(rule id, message)`` — V-TYPE, V-DEC,
  V-CODE, V-RATE. V-NA and V-SPEC need the row and live in ``kaoping.core.rules.generic``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import cast

from kaoping.core import texts
from kaoping.core.definitions.model import Column, ColumnType, Row
from kaoping.core.instance import Value
from kaoping.core.numbers import check_number, number_text, parse_number
from kaoping.core.rawtext import TYPE_NAMES, Invalid, Problem, Refused, fold, quoted

__all__ = ["TYPE_NAMES", "Invalid", "Problem", "Refused", "fold"]

TRUE_WORDS = frozenset({"是", "√", "✓", "✔", "y", "yes", "true", "1", "对"})
FALSE_WORDS = frozenset({"否", "×", "✗", "✘", "x", "n", "no", "false", "0", "错"})


def column_for_row(column: Column, row: Row | None) -> Column:
    """The column as it applies on ``row`` (表1 row 7 in 亿人, 表14 people rows)."""
    if row is None or column.key not in row.overrides:
        return column
    changes = row.overrides[column.key]
    kwargs: dict[str, object] = {}
    if "type" in changes:
        kwargs["type"] = ColumnType(str(changes["type"]))
    if "unit" in changes:
        kwargs["unit"] = changes["unit"]
    if "decimals" in changes:
        kwargs["decimals"] = int(cast(int, changes["decimals"]))
    return replace(column, **kwargs)  # type: ignore[arg-type]  # each key a field of Column, of its type


# --- dates -----------------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})[-/.](\d{1,2})()$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(?:底|末)?()$"),
)


def _parse_date(column: Column, raw: str) -> Value:
    text = fold(raw).replace(" ", "")
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = match.groups()
            try:
                day_ = date(int(year), int(month), int(day) if day else 1)
            except ValueError:
                return Invalid(raw)
            return in_range(column, day_, raw)
    return Invalid(raw)


def in_range(column: Column, day: date, raw: str) -> Value:
    """``day`` when it lies in the column's date range, else ``Refused`` naming the range."""
    first, last = column.date_range
    if first <= day <= last:
        return day
    return Refused(raw, f"{quoted(raw)}超出日期范围：应在 {first} 至 {last} 之间")


def _check_type(kind: type | tuple[type, ...]) -> Callable[[Column, Value], list[Problem]]:
    def check(column: Column, value: Value) -> list[Problem]:
        if isinstance(value, Refused):
            return [("V-TYPE", value.reason)]
        if isinstance(value, Invalid) or not isinstance(value, kind):
            return [("V-TYPE", f"应填写{TYPE_NAMES[column.type]}，“{value}”无法识别")]
        return []

    return check


# --- yes / no --------------------------------------------------------------------------


def _parse_bool(column: Column, raw: str) -> Value:
    if raw in ("true", "false"):
        return raw == "true"  # stored (canonical) text
    word = fold(raw).casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return Invalid(raw)


def _bool_text(column: Column, value: Value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _bool_display(column: Column, value: Value) -> str:
    return ("是" if value else "否") if isinstance(value, bool) else str(value)


# --- codes -----------------------------------------------------------------------------

_SEPARATORS = ",;/、；，\t\n "
CANONICAL_CODES = re.compile(r"[a-z](?:,[a-z])*")
_LETTER = re.compile(r"(?<![A-Za-z])([A-Za-z])(?![A-Za-z])")


def _letters(column: Column, raw: str) -> list[str] | None:
    """The code letters in what was typed: "a", "A", "a.已建", "a、c", "acf", "已建"."""
    if CANONICAL_CODES.fullmatch(raw) and all(column.code(x) is not None for x in raw.split(",")):
        return raw.split(",")  # stored (canonical) text: known letters joined by commas
    text = fold(raw)
    by_label = {fold(c.label).casefold(): c.code for c in column.codes}
    if text.casefold() in by_label:
        return [by_label[text.casefold()]]  # "已建", "fr" (FR)
    starting = [code for label, code in by_label.items() if len(text) >= 2 and label.startswith(text)]
    if len(starting) == 1:
        return starting  # "其他" for "其他（请说明）"
    compact = "".join(ch for ch in text if ch not in _SEPARATORS)
    if compact.isascii() and compact.isalpha():
        return list(compact.lower())  # "a", "ACF", "a, c"
    found = list(_LETTER.finditer(text))
    if not found or text[: found[0].start()].strip(_SEPARATORS):
        return None
    letters: list[str] = []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        tail = text[match.end() : end].strip(_SEPARATORS)
        letter = match.group(1).lower()
        # After a letter: nothing, or its meaning ("a.已建"); anything else is not a code.
        if tail and tail[0] not in ".:．：" and not _is_label(column, letter, tail):
            return None
        letters.append(letter)
    return letters


def _is_label(column: Column, letter: str, text: str) -> bool:
    code = column.code(letter)
    return code is not None and fold(code.label).startswith(text)


def _order(column: Column, letter: str) -> int:
    keys = [c.code for c in column.codes]
    return keys.index(letter) if letter in keys else len(keys)


def _parse_code(column: Column, raw: str) -> Value:
    if len(raw) == 1 and raw.islower() and column.code(raw) is not None:
        return raw  # stored (canonical) text: the code letter itself
    letters = _letters(column, raw)
    return letters[0] if letters and len(letters) == 1 else Invalid(raw)


def _parse_codes(column: Column, raw: str) -> Value:
    letters = _letters(column, raw)
    if not letters:
        return Invalid(raw)
    # Sorted as in the list; repeats are kept so that V-CODE reports them.
    return tuple(sorted(letters, key=lambda x: (_order(column, x), x)))


def _codes_text(column: Column, value: Value) -> str:
    return ",".join(value) if isinstance(value, tuple) else str(value)


def _code_display(column: Column, value: Value) -> str:
    letters = value if isinstance(value, tuple) else (value,) if isinstance(value, str) else ()
    if not letters or isinstance(value, Invalid):
        return str(value)
    shown = [code.display if (code := column.code(x)) else x for x in letters]
    return "、".join(shown)


def _check_code(column: Column, value: Value) -> list[Problem]:
    if isinstance(value, Invalid) or not isinstance(value, str):
        return [("V-CODE", f"“{value}”不是有效代码，可选：{_choices(column)}")]
    if column.code(value) is None:
        return [("V-CODE", f"代码“{value}”不在代码表中，可选：{_choices(column)}")]
    return []


def _check_codes(column: Column, value: Value) -> list[Problem]:
    if isinstance(value, Invalid) or not isinstance(value, tuple):
        return [("V-CODE", f"“{value}”不是有效代码，可选：{_choices(column)}（可多选）")]
    problems: list[Problem] = []
    unknown = [x for x in value if column.code(x) is None]
    if unknown:
        problems.append(("V-CODE", f"代码“{'、'.join(unknown)}”不在代码表中，可选：{_choices(column)}"))
    repeated = sorted({x for x in value if value.count(x) > 1})
    if repeated:
        problems.append(("V-CODE", f"代码“{'、'.join(repeated)}”重复填写"))
    return problems


def _choices(column: Column) -> str:
    return "；".join(c.display for c in column.codes)


# --- text ------------------------------------------------------------------------------


def _parse_text(column: Column, raw: str) -> Value:
    return raw.strip()


def _parse_bounded_text(column: Column, raw: str) -> Value:
    """Text held to its column's ``max_length`` (else ``texts.COLUMN``): refused beyond it,
    or when it cannot be stored (a lone surrogate), docs/spec.md §5.3."""
    text = raw.strip()
    reason = texts.refusal(text, column.max_length or texts.COLUMN, "文字")
    return Refused(text, reason) if reason is not None else text


_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.IGNORECASE)


def _check_text(column: Column, value: Value) -> list[Problem]:
    if not isinstance(value, str):
        return [("V-TYPE", f"应填写文字，“{value}”无法识别")]
    if column.max_length is not None and len(value) > column.max_length:
        return [("V-TYPE", f"文字过长：最多 {column.max_length} 个字，填写了 {len(value)} 个字")]
    return []


def _check_url(column: Column, value: Value) -> list[Problem]:
    # 表8 访问网址 also holds app names, SMS numbers and WeChat accounts (填表说明 3):
    # only something that claims to be a web address must be one.
    problems = _check_text(column, value)
    web = isinstance(value, str) and value.lower().startswith(("http:", "https:"))
    if not problems and web and not _URL.match(str(value)):
        problems.append(("V-TYPE", f"网址格式不正确：“{value}”"))
    return problems


def _plain(column: Column, value: Value) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --- the registry ----------------------------------------------------------------------

Parse = Callable[[Column, str], Value]
Show = Callable[[Column, Value], str]
Check = Callable[[Column, Value], list[Problem]]


@dataclass(frozen=True)
class TypeHandler:
    parse: Parse
    to_text: Show
    from_text: Parse
    display: Show
    check: Check


_NUMBER = TypeHandler(parse_number, number_text, parse_number, number_text, check_number)
_TEXT = TypeHandler(_parse_text, _plain, _parse_text, _plain, _check_text)

HANDLERS: dict[ColumnType, TypeHandler] = {
    ColumnType.INT: _NUMBER,
    ColumnType.DECIMAL: _NUMBER,
    ColumnType.PERCENT: _NUMBER,
    ColumnType.MONEY: _NUMBER,
    ColumnType.PEOPLE: _NUMBER,
    ColumnType.AREA: _NUMBER,
    ColumnType.BANDWIDTH: _NUMBER,
    ColumnType.DATE: TypeHandler(_parse_date, _plain, _parse_date, _plain, _check_type(date)),
    ColumnType.BOOL: TypeHandler(_parse_bool, _bool_text, _parse_bool, _bool_display, _check_type(bool)),
    ColumnType.CODE: TypeHandler(_parse_code, _codes_text, _parse_code, _code_display, _check_code),
    ColumnType.CODES: TypeHandler(_parse_codes, _codes_text, _parse_codes, _code_display, _check_codes),
    ColumnType.TEXT: TypeHandler(_parse_bounded_text, _plain, _parse_bounded_text, _plain, _check_text),
    ColumnType.URL: TypeHandler(_parse_bounded_text, _plain, _parse_bounded_text, _plain, _check_url),
    ColumnType.FIXED: _TEXT,
}


def is_blank(raw: str | None) -> bool:
    return raw is None or not raw.strip()


def parse(column: Column, raw: str | None) -> Value:
    """What a person typed → a value; blank → None; unparseable → ``Invalid(raw)``."""
    if raw is None or is_blank(raw):
        return None
    return HANDLERS[column.type].parse(column, raw)


def to_text(column: Column, value: Value) -> str:
    """Canonical storage text ("" for blank)."""
    if value is None:
        return ""
    if isinstance(value, Invalid):
        return str(value)
    return HANDLERS[column.type].to_text(column, value)


def from_text(column: Column, text: str | None) -> Value:
    """Read canonical storage text back (also accepts anything ``parse`` accepts)."""
    if text is None or is_blank(text):
        return None
    return HANDLERS[column.type].from_text(column, text)


def display(column: Column, value: Value) -> str:
    """How a value is shown on pages and in messages; blank is ""."""
    if value is None:
        return ""
    if isinstance(value, Invalid):
        return str(value)
    return HANDLERS[column.type].display(column, value)


def check(column: Column, value: Value) -> list[Problem]:
    """Generic problems of one non-blank value: V-TYPE, V-DEC, V-CODE, V-RATE."""
    if value is None:
        return []
    return HANDLERS[column.type].check(column, value)
