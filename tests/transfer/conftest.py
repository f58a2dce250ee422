"""Fixtures of the transfer tests: the demo campaign (every city filled, no error) and 南京's template."""

from __future__ import annotations

import pytest

from kaoping.collection.models import Campaign
from kaoping.transfer import services
from transfer.helpers import NANJING


@pytest.fixture
def survey(demo, personas) -> Campaign:  # type: ignore[no-untyped-def]
    return Campaign.objects.get(pk="demo-2015")


@pytest.fixture
def nj_template(survey, nanjing_reporter) -> bytes:  # type: ignore[no-untyped-def]
    content, _ = services.template(nanjing_reporter, survey, NANJING)
    return content


@pytest.fixture(autouse=True)
def keep_test_connection(monkeypatch):  # type: ignore[no-untyped-def]
    # A management command closes the connections when it ends; the test's transaction must survive.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
