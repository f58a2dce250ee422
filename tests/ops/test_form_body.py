"""A posted form whose headers say it cannot be read — a charset other than UTF-8, a multipart
body with no boundary or an empty one — is refused with a Chinese 400 (a 422 on the API), and
one whose body cannot be read (a multipart field over the size limit) gets what the address
gives (a 404 where no page is): never a 500. Django re-raised its refusal in the CSRF check of its
own 404 page (found by the hostile-input harness, tests/hostile)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
GB = "application/x-www-form-urlencoded; charset=gb18030"
UTF8 = "application/x-www-form-urlencoded; charset=utf8"  # Django reads only "utf-8" here
URLS = ["/accounts/login/", "/accounts/tokens/", "/nowhere/", "//login/", "/%ff/"]
BOUNDARY = "multipart/form-data; boundary=B"
NO_BOUNDARY = ["multipart/form-data", "multipart/form-data; boundary=", 'multipart/form-data; boundary=""']
FIELD = b'--B\r\nContent-Disposition: form-data; name="name"\r\n\r\n%s\r\n--B--\r\n'


def clients(user) -> list[Client]:  # type: ignore[no-untyped-def]
    """Logged in or not, with and without a CSRF cookie (with one, Django's CSRF check reads
    the form: the 404 page's check too)."""
    logged_in, with_cookie = Client(), Client(enforce_csrf_checks=True)
    logged_in.force_login(user)
    with_cookie.cookies["csrftoken"] = "k" * 32
    return [logged_in, Client(), Client(enforce_csrf_checks=True), with_cookie]


@pytest.mark.parametrize("url", URLS)
def test_pages_refuse_a_form_in_another_charset(url, province_admin):
    for client in clients(province_admin):
        for kind in (GB, UTF8):
            response = client.post(url, data=b"name=%B1%ED", content_type=kind)
            assert response.status_code == 400, url
            assert "不是 UTF-8" in response.content.decode()


@pytest.mark.parametrize("url", URLS)
def test_pages_refuse_a_multipart_body_without_a_boundary(url, province_admin):
    for client in clients(province_admin):
        for kind in NO_BOUNDARY:
            response = client.post(url, data=FIELD % b"x", content_type=kind)
            assert response.status_code == 400, (url, kind)
            assert "分隔符" in response.content.decode()


@pytest.mark.parametrize("url", URLS)
def test_an_oversized_multipart_field_gets_no_server_error(url, province_admin, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    for client in clients(province_admin):
        response = client.post(url, data=FIELD % (b"x" * 2000), content_type=BOUNDARY)
        assert response.status_code < 500, url
        if url in ("/nowhere/", "/%ff/"):  # the 404 page, which read the form first
            assert response.status_code == 404
            assert "页面不存在" in response.content.decode()


def test_a_json_operation_posted_a_multipart_body_is_refused_as_json(client_for, province_admin):
    """The body is left for the operation to read (it is not taken as a form first)."""
    response = client_for(province_admin).post("/api/tokens", data=FIELD % b"x", content_type=BOUNDARY)
    assert response.status_code in (400, 422)


@pytest.mark.parametrize(
    "url", ["/api/tokens", "/api/nowhere", "/api/campaigns/demo-2015/orgs/320100/import"]
)
def test_the_api_refuses_them_with_a_422(url, client_for, province_admin):
    client = client_for(province_admin)
    for data, kind, words in [(b"name=x", GB, "不是 UTF-8"), (FIELD % b"x", NO_BOUNDARY[1], "分隔符")]:
        response = client.post(url, data=data, content_type=kind)
        assert response.status_code == 422, (url, kind)
        assert words in response.json()["detail"]


def test_readable_forms_still_work(client_for, province_admin):
    for charset in ("", "; charset=UTF-8", "; charset=utf-8"):
        kind = "application/x-www-form-urlencoded" + charset
        response = client_for(province_admin).post(
            "/accounts/tokens/", "name=脚本".encode(), content_type=kind
        )
        assert response.status_code in (200, 302), charset
    response = client_for(province_admin).post(
        "/accounts/tokens/", FIELD % "脚本".encode(), content_type=BOUNDARY
    )
    assert response.status_code in (200, 302)
    assert "脚本" in client_for(province_admin).get("/accounts/tokens/").content.decode()


@pytest.mark.parametrize("body", [FIELD % b"x", b"true"])
def test_a_json_operation_posted_a_form_with_a_session_is_refused_with_a_422(body, province_admin):
    """With a session the API checks CSRF, which reads a multipart body as a form: the JSON the
    operation reads is gone (a 500 before; found by the hostile-input harness)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(province_admin)
    client.cookies["csrftoken"] = "k" * 32
    response = client.post("/api/tokens", data=body, content_type=BOUNDARY, HTTP_X_CSRFTOKEN="k" * 32)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("请求内容无法解析")


@pytest.mark.parametrize("kind", ["application/x-www-form-urlencoded", "application/json"])
def test_a_body_over_the_limit_is_refused_in_chinese(kind, client_for, province_admin, settings):
    """Django refuses it as unreadable (400); its own page said "Bad Request (400)" in English."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = client_for(province_admin)
    page = client.post("/accounts/tokens/", data=b"name=" + b"x" * 2000, content_type=kind)
    assert page.status_code == 400
    assert "请求无法读取" in page.content.decode() and "内容过大或格式有误" in page.content.decode()
    api = client.post("/api/tokens", data=b'{"name": "' + b"x" * 2000 + b'"}', content_type=kind)
    assert api.status_code == 400
    assert api.json()["detail"].startswith("请求无法读取")
