"""The organisation a template names in its document properties, read without opening its
sheets: the bulk upload groups files by it (the import still reads ``_meta``)."""

from __future__ import annotations

import pytest
from workbook_helpers import NANJING, empty, sample, template

from kaoping.core.workbook.peek import org_hint
from kaoping.core.workbook.safety import Limits
from workbook_hostile import declared_size, parts_of, zipped


def test_a_city_template_names_its_city() -> None:
    content, _ = template(sample(), NANJING)
    assert org_hint(content) == NANJING


def test_the_province_template_names_the_province() -> None:
    content, _ = template(empty(), "320000")
    assert org_hint(content) == "320000"


def test_without_the_property_there_is_no_hint() -> None:
    parts = parts_of(template(sample(), NANJING)[0])
    del parts["docProps/custom.xml"]
    assert org_hint(zipped(parts)) is None


def test_a_property_that_is_not_a_code_is_no_hint() -> None:
    parts = parts_of(template(sample(), NANJING)[0])
    parts["docProps/custom.xml"] = parts["docProps/custom.xml"].replace(b">320100<", b">32<script>01<")
    assert org_hint(zipped(parts)) is None


@pytest.mark.parametrize(
    "damaged",
    [
        b"",
        b"not a workbook",
        b"PK\x03\x04" + b"\x00" * 100,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
    ],
)
def test_what_is_not_a_workbook_gives_no_hint(damaged: bytes) -> None:
    assert org_hint(damaged) is None


def test_a_properties_part_larger_than_declared_is_not_read_past_its_bound() -> None:
    parts = parts_of(template(sample(), NANJING)[0])
    parts["docProps/custom.xml"] = parts["docProps/custom.xml"] + b" " * (2 * 1024 * 1024)
    assert org_hint(zipped(parts)) is None  # over the part's bound: not read at all
    lied = declared_size(template(sample(), NANJING)[0], "docProps/custom.xml", 10)
    assert org_hint(lied) is None  # inflates past its declared size: refused, no hint


def test_a_file_over_the_size_limit_is_not_opened() -> None:
    content, _ = template(sample(), NANJING)
    assert org_hint(content, Limits(max_bytes=len(content) - 1)) is None
