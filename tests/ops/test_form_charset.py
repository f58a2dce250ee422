"""A form post declaring a character set other than UTF-8 is refused with a Chinese 400 (a 422
on the API), never a 500: Django re-raised its refusal in its own error pages' CSRF check.
Found by the hostile-input harness (tests/hostile)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
GB = "application/x-www-form-urlencoded; charset=gb18030"
UTF8 = "application/x-www-form-urlencoded; charset=utf8"  # Django reads only "utf-8" here


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/tokens/", "/nowhere/", "//login/"])
def test_pages_refuse_a_form_in_another_charset(url, client_for, province_admin):
    for client in (client_for(province_admin), Client(), Client(enforce_csrf_checks=True)):
        for kind in (GB, UTF8):
            response = client.post(url, data=b"name=%B1%ED", content_type=kind)
            assert response.status_code == 400, url
            assert "不是 UTF-8" in response.content.decode()


def test_the_api_refuses_it_with_a_422(client_for, province_admin):
    response = client_for(province_admin).post("/api/tokens", data=b"name=x", content_type=GB)
    assert response.status_code == 422
    assert "不是 UTF-8" in response.json()["detail"]


def test_utf8_forms_still_work(client_for, province_admin):
    for charset in ("", "; charset=UTF-8", "; charset=utf-8"):
        kind = "application/x-www-form-urlencoded" + charset
        body = "name=脚本".encode()
        response = client_for(province_admin).post("/accounts/tokens/", body, content_type=kind)
        assert response.status_code in (200, 302), charset
