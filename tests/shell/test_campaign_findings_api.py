"""The campaign's findings over the API (docs/spec.md §10.5): what ``kaoping findings`` prints,
narrowed to the units the asker reads; the campaign object names its baseline (§10.3)."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from kaoping.collection.campaigns import CampaignSpec, open_campaign
from kaoping.demo import ensure_user
from kaoping.orgs.actors import CliActor
from kaoping.orgs.roles import Role

NJ, SZ, YANCHENG, PROVINCE = "320100", "320500", "320900", "320000"
URL = "/api/campaigns/demo-2015/findings"


def test_the_campaign_object_names_its_baseline(demo, client_for, personas):
    assert (
        client_for(personas.province_admin).get("/api/campaigns/demo-2015").json()["baseline"] == "demo-2014"
    )
    listed = {
        c["id"]: c["baseline"] for c in client_for(personas.province_admin).get("/api/campaigns").json()
    }
    assert (listed["demo-2015"], listed["demo-2014"]) == ("demo-2014", None)
    out = io.StringIO()
    call_command("campaigns", "list", "--format", "json", stdout=out)
    assert {c["id"]: c["baseline"] for c in json.loads(out.getvalue())}["demo-2015"] == "demo-2014"


def test_campaign_findings_are_the_clis_narrowed_to_what_the_asker_reads(demo, client_for, personas):
    province = client_for(personas.province_admin)
    body = province.get(URL).json()
    out = io.StringIO()
    with pytest.raises(SystemExit):  # exit 1: 盐城's 咨询员人数 is an error
        call_command(
            "findings", "--campaign", "demo-2015", "--format", "json", stdout=out, stderr=io.StringIO()
        )
    assert body == json.loads(out.getvalue())  # same content, same order
    assert YANCHENG in {f["org"] for f in body["findings"]} and len({f["org"] for f in body["findings"]}) > 2
    outliers = province.get(URL, {"kind": "outlier"}).json()["findings"]
    assert [(f["org"], f["rule"], f["kind"]) for f in outliers] == [("321000", "Q09-STAFF", "outlier")]
    t09 = province.get(URL, {"table": "T09", "org": YANCHENG}).json()["findings"]
    assert t09 and {(f["org"], f["table"]) for f in t09} == {(YANCHENG, "T09")}
    assert province.get(URL, {"kind": "odd"}).status_code == 422

    yancheng = ensure_user("yc_tianbao", "盐城填报员", Role.CITY_REPORTER, YANCHENG, password="x-unused-9")
    own = client_for(yancheng).get(URL).json()["findings"]
    assert own and own == [f for f in body["findings"] if f["org"] == YANCHENG]
    assert client_for(yancheng).get(URL, {"org": PROVINCE}).status_code == 403
    refused = client_for(personas.suzhou_reporter).get(URL, {"org": YANCHENG})
    assert refused.status_code == 403 and "盐城" not in refused.json()["detail"]
    suzhou = client_for(personas.suzhou_reporter).get(URL)
    assert suzhou.status_code == 200
    assert {f["org"] for f in suzhou.json()["findings"]} <= {SZ}
    for other in (NJ, "南京", YANCHENG, "盐城"):  # 盐城 has findings; neither is named to 苏州
        assert other not in suzhou.content.decode()


def test_another_provinces_campaign_is_a_404_naming_nothing(demo, client_for, personas):
    spec = CampaignSpec("zj-2015", "survey-2015", "330000", date(2015, 7, 1), date(2099, 12, 31))
    open_campaign(CliActor("cli:test"), spec)
    response = client_for(personas.province_admin).get("/api/campaigns/zj-2015/findings")
    assert response.status_code == 404
    assert "浙江" not in response.content.decode() and "330" not in response.content.decode()
    assert (
        client_for(personas.province_admin).get("/api/campaigns/demo-eval-2015/findings").status_code == 404
    )
