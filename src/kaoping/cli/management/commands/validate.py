"""``kaoping validate --campaign ID --org CODE``: the findings over the rows that organisation
fills, each at its sheet and cell of the unit's workbook as an import gives them (docs/spec.md §10.6)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import EXIT_FINDINGS, ProductCommand
from kaoping.collection.campaigns import is_member, survey_for
from kaoping.collection.models import Campaign
from kaoping.collection.services import can_submit, findings_for, load_survey_data
from kaoping.core.definitions.model import Severity
from kaoping.core.findings import Finding
from kaoping.core.workbook.locate import locate_all


class Command(ProductCommand):
    help = "审核一个单位在任务中的数据"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--org", required=True)
        self.add_format(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = Campaign.objects.filter(pk=options["campaign"]).first()
        if campaign is None:
            raise self.refuse(f"任务 {options['campaign']} 不存在")
        if campaign.kind != "survey":
            raise self.refuse(f"任务 {campaign.id} 不是调查任务")
        org = options["org"]
        if not is_member(campaign, org):
            raise self.refuse(f"组织 {org} 不在任务 {campaign.id} 中")
        findings = _located(campaign, org, findings_for(campaign, org))
        if options["format"] == "json":
            self.emit_json({"findings": [f.as_json() for f in findings], "can_submit": can_submit(findings)})
        else:
            for f in findings:
                where = " ".join(x for x in (f.cell, f.row_label, f.column_label) if x)
                kind = (
                    "错误" if f.severity is Severity.ERROR else ("提示（已说明）" if f.explained else "提示")
                )
                self.stdout.write(f"[{kind}·{f.kind_label}] {f.rule} {where}：{f.message}")
            self.stderr.write(f"共 {len(findings)} 条；{'可以' if can_submit(findings) else '不能'}上报")
        if any(f.severity is Severity.ERROR for f in findings):
            raise SystemExit(EXIT_FINDINGS)


def _located(campaign: Campaign, org: str, findings: list[Finding]) -> list[Finding]:
    """Sheet and cell of each finding in the unit's workbook, as an import gives them."""
    return locate_all(survey_for(campaign), load_survey_data(campaign), org, findings)
