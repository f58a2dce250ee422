"""The outsider (苏州 填报员) can neither read nor write 南京's data through any page.

The URLs are enumerated from ``kaoping.web.urls`` (not a hand-picked list) and filled
with 南京's organisation code, a table 南京 fills and a 南京 row.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern

from kaoping.collection.models import Value
from kaoping.collection.services import save_table
from kaoping.web import urls

NANJING = "320100"


def web_patterns() -> list[URLPattern]:
    return [p for p in urls.urlpatterns if isinstance(p, URLPattern) and "org" in p.pattern.converters]


def fill(pattern: URLPattern, campaign_id: str) -> str:
    path = "/" + str(pattern.pattern)
    for name, value in {"campaign": campaign_id, "org": NANJING, "table": "T09"}.items():
        path = path.replace(f"<slug:{name}>", value).replace(f"<str:{name}>", value)
    return path


def test_the_enumeration_finds_every_campaign_page():
    names = {p.name for p in web_patterns()}
    pages = {"overview", "table", "save", "check", "explain", "add_row", "remove_row", "history", "compare"}
    assert pages <= names


@pytest.mark.parametrize("pattern", web_patterns(), ids=lambda p: p.name)
def test_outsider_is_refused_on_every_nanjing_page(
    pattern, campaign, client_for, suzhou_reporter, nanjing_reporter
):
    save_table(nanjing_reporter, campaign, NANJING, "T09", {(NANJING, "calls"): "575127"}, 0)
    client = client_for(suzhou_reporter)
    path = fill(pattern, campaign.pk)
    form = {"base_version": "1", f"v:{NANJING}:calls": "1", "rule": "V09-BAL", "row": NANJING, "text": "x"}
    for response in (client.get(path), client.post(path, form | {"section": "systems"})):
        body = response.content.decode()
        assert response.status_code in (403, 405), (path, response.status_code)
        assert "575127" not in body
        if response.status_code == 403:
            assert "需要" in body and "市填报员" in body  # the refusal names the role needed
    assert Value.objects.get(campaign=campaign, row=NANJING, column="calls").text == "575127"
