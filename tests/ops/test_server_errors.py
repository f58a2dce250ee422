"""Operators can find errors: with DEBUG off, a server error is logged (standard error and
LOG_DIR/kaoping.log) with its traceback and the request id that the Chinese 500 page, the
API's JSON and the ``X-Request-ID`` header show; every answer carries an id."""

from __future__ import annotations

import logging
import logging.config
import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from kaoping.ops import requestid

ID = re.compile(r"^[A-HJ-NP-Z2-9]{8}$")


def flush_file_log() -> str:
    for handler in logging.getLogger("django.request").handlers:
        handler.flush()
    return (django_settings.LOG_DIR / "kaoping.log").read_text(encoding="utf-8")


@pytest.fixture
def quiet_client(settings) -> Client:
    # A command run earlier in this process (kaoping.cli.main → django.setup) may have bound the
    # console handler to a captured stream that is closed now: configure logging as a process does.
    logging.config.dictConfig(django_settings.LOGGING)
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.ops.boom_urls"
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_a_page_that_fails_shows_the_id_that_the_log_holds(quiet_client):
    answer = quiet_client.get("/boom/")
    assert answer.status_code == 500
    request_id = answer["X-Request-ID"]
    assert ID.match(request_id)
    page = answer.content.decode()
    assert f"出错了，请把编号 {request_id} 告诉管理员" in page
    assert "boom-7741" not in page and "Traceback" not in page  # nothing technical for the user
    logged = flush_file_log()
    line = next(x for x in logged.splitlines() if f"[{request_id}]" in x)
    assert "ERROR" in line and "django.request" in line and "/boom/" in line
    assert "boom-7741" in logged.split(line, 1)[1]  # the traceback follows the line
    # and on standard error (what gunicorn and systemd keep), in the same format
    handlers = logging.getLogger("django.request").handlers
    console = [h for h in handlers if type(h) is logging.StreamHandler]
    assert len(console) == 1 and console[0].formatter is not None
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", (), None)
    record.request_id = request_id
    assert f"[{request_id}] django.request" in console[0].format(record)


@pytest.mark.django_db
def test_an_api_error_answers_json_with_the_id(quiet_client, monkeypatch, province_admin):
    def broken(user):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom-7742")

    monkeypatch.setattr("kaoping.api.campaigns.visible_campaigns", broken)
    quiet_client.force_login(province_admin)
    answer = quiet_client.get("/api/campaigns")
    assert answer.status_code == 500
    body = answer.json()
    assert body["request_id"] == answer["X-Request-ID"]
    assert body["detail"] == f"出错了，请把编号 {body['request_id']} 告诉管理员。"
    assert f"[{body['request_id']}]" in flush_file_log()


@pytest.mark.django_db
def test_every_answer_carries_a_fresh_id_and_a_sent_one_is_ignored(client):
    first = client.get("/accounts/login/", HTTP_X_REQUEST_ID="planted-id")
    second = client.get("/accounts/login/")
    assert ID.match(first["X-Request-ID"]) and ID.match(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert requestid.current() == "-"  # nothing left behind after the request
