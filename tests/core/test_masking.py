"""Masked personal data, worked by hand (kaoping.core.masking)."""

from __future__ import annotations

import pytest

from kaoping.core.masking import mask_email, mask_login, mask_name, mask_phone


@pytest.mark.parametrize(
    ("name", "shown"),
    [("张三明", "张*明"), ("张三", "张*"), ("欧阳小锋", "欧**锋"), ("李", "*"), ("", ""), (" 王五 ", "王*")],
)
def test_names_keep_their_first_and_last_character(name, shown):
    assert mask_name(name) == shown


@pytest.mark.parametrize(
    ("phone", "shown"),
    [
        ("13812345678", "138****5678"),
        ("025-8888 1234", "025-**** 1234"),  # 11 digits: separators stay in place
        ("1234567", "*****67"),  # a short number keeps only its last two
        ("", ""),
    ],
)
def test_phones_keep_three_and_four_digits(phone, shown):
    assert mask_phone(phone) == shown


def test_emails_keep_the_first_letter_and_the_domain():
    assert mask_email("zhang.san@example.com") == "z***@example.com"
    assert mask_email("@example.com") == "****@example.com"
    assert mask_email("张三") == "张*"  # not an address: masked as a name


def test_only_user_names_that_are_phone_numbers_are_masked():
    assert mask_login("13900000001") == "139****0001"
    assert mask_login("nanjing_tianbao") == "nanjing_tianbao"
    assert mask_login("2015") == "2015"
