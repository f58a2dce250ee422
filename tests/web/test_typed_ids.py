"""Ids and versions typed into URLs and forms: "²" passes str.isdigit but not int(), and a
30-digit id is beyond the database's integer; each is refused as a plain 4xx, never a 500."""

from __future__ import annotations

import pytest

from kaoping.collection.models import Value
from kaoping.pages.ids import small_int

NANJING = "320100"
ODD = ["²", "٣", "1²", "9" * 30, "-1", " 1", "1.0", ""]


@pytest.mark.parametrize(("text", "expected"), [("0", 0), ("42", 42), ("2147483647", 2147483647)])
def test_plain_digits_within_the_integer_are_read(text, expected):
    assert small_int(text) == expected


@pytest.mark.parametrize("text", [*ODD, "2147483648", None])
def test_anything_else_is_none(text):
    assert small_int(text) is None


@pytest.mark.parametrize("version", ["²", "9" * 30, "x"])
def test_a_save_with_an_odd_base_version_is_a_stale_save_not_a_500(
    client_for, nanjing_reporter, campaign, version
):
    client = client_for(nanjing_reporter)
    form = {"base_version": version, f"v:{NANJING}:calls": "7"}
    response = client.post(f"/c/{campaign.pk}/{NANJING}/T09/save", form)
    assert response.status_code == 409  # the conflict view: nothing saved over a version never read
    assert not Value.objects.filter(campaign=campaign, row=NANJING, column="calls").exists()


@pytest.mark.parametrize("odd", ODD[:5])
def test_odd_attachment_and_reminder_ids_are_refused_plainly(client_for, nanjing_reporter, campaign, odd):
    client = client_for(nanjing_reporter)
    attachment = client.get(f"/w/c/{campaign.pk}/{NANJING}/attachments/{odd}")
    assert attachment.status_code == 404
    dismissed = client.post(f"/w/reminders/{odd}/dismiss")
    assert dismissed.status_code in (403, 404)


@pytest.mark.parametrize("field", ["v:x", "v:", "v::", f"v:{NANJING}", f"v:{NANJING}:", "v:x:y:z"])
def test_a_malformed_cell_field_is_refused_plainly(client_for, nanjing_reporter, campaign, field):
    client = client_for(nanjing_reporter)
    response = client.post(f"/c/{campaign.pk}/{NANJING}/T09/save", {"base_version": "0", field: "1"})
    assert response.status_code == 400  # refused as a cell this table does not have
    assert not Value.objects.filter(campaign=campaign).exists()
