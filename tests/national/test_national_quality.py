"""Provinces compared among themselves in a national campaign (docs/spec.md §13): each province's
持卡人数 per resident from its stored summary and the national campaign's base figures; the far
one is told at its 合计, in its own campaign, and nobody else is."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from tests.conftest import CLI

from kaoping.cli import main
from kaoping.collection.campaigns import CampaignSpec
from kaoping.collection.models import BaseFigure, Campaign, StoredSummary
from kaoping.collection.national import child_id, open_national_campaign
from kaoping.collection.services import findings_for, save_explanation
from kaoping.core.findings import FindingKind

# 持卡人数 (万人) of six provinces of 1000 万 residents each: 60, 62, 65, 58, 63 and 20 % → median
# 61, MAD median(1, 1, 4, 3, 2, 41) = 2.5; spread max(1.4826 × 2.5, floor 5, 0.1 × 61) = 6.1;
# 山东's 41 points are 6.7 spreads out, the next farthest (58: 3 points) half of one.
HOLDERS = {
    "320000": "600",
    "330000": "620",
    "340000": "650",
    "350000": "580",
    "360000": "630",
    "370000": "200",
}


def test_the_far_province_is_told_at_its_total(org_tree, capsys, monkeypatch):
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)  # the command keeps ours
    spec = CampaignSpec(id="nat-q", definition="survey-2015@1", org="000000", opens=date(2015, 7, 1),
                        closes=date(2099, 12, 31))  # fmt: skip
    national = open_national_campaign(CLI, spec, list(HOLDERS))
    for province, holders in HOLDERS.items():
        child = Campaign.objects.get(pk=child_id(national.pk, province))
        data = {"province": province, "name": province, "tables": {"T05": {"main.holders": holders}}}
        StoredSummary.objects.update_or_create(campaign=child, defaults={"data": data | {"indicators": {}}})
        BaseFigure.objects.create(campaign=national, org_id=province, key="population", value=Decimal(1000))
    shandong = Campaign.objects.get(pk=child_id(national.pk, "370000"))
    found = [f for f in findings_for(shandong, "370000") if f.kind is FindingKind.OUTLIER]
    assert [(f.table, f.row, f.column, f.rule, f.message) for f in found] == [
        ("T05", "total", "holders", "Q05-HOLDERS", "持卡人数占常住人口比例 20.0 %，全国中位数 61.0 %")
    ]
    # the province answers at its 合计, which is its own
    save_explanation(CLI, shandong, "370000", "Q05-HOLDERS", "T05", "total", "holders", "按户籍口径统计")
    assert [f.explained for f in findings_for(shandong, "370000") if f.kind is FindingKind.OUTLIER] == [True]
    fujian = Campaign.objects.get(pk=child_id(national.pk, "350000"))
    assert not [f for f in findings_for(fujian, "350000") if f.kind is FindingKind.OUTLIER]
    assert main(["findings", "--campaign", "nat-q", "--kind", "outlier", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["org"], f["rule"]) for f in listed] == [("370000", "Q05-HOLDERS")]
