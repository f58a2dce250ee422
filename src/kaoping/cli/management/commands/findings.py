"""``kaoping findings --campaign ID [--org CODE] [--kind rule|outlier|change] [--table ID]``: every finding of
a campaign's units, each with its organisation and its kind (docs/spec.md §10.5, §13); a national
campaign's are its provinces' campaigns'. Exit 1 when any listed finding is an error."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import EXIT_FINDINGS, ProductCommand, survey_campaign
from kaoping.collection.services import campaign_findings
from kaoping.core.definitions.model import Severity
from kaoping.core.findings import FindingKind


class Command(ProductCommand):
    help = "列出任务中各单位的审核结果（审核规则、同级比较、较上期变化）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--org", help="只列出该单位的")
        parser.add_argument("--kind", choices=[k.value for k in FindingKind], help="只列出该类别的")
        parser.add_argument("--table", help="只列出该表的（如 T09）")
        self.add_format(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = survey_campaign(self, options["campaign"])
        found = campaign_findings(campaign, options["kind"], options["org"], options["table"])
        if options["format"] == "json":
            self.emit_json({"findings": [{"org": o, **f.as_json()} for o, f in found]})
        else:
            for o, f in found:
                where = " ".join(x for x in (f.table_label, f.row_label, f.column_label) if x)
                severity = "错误" if f.severity is Severity.ERROR else "提示"
                self.stdout.write(f"[{severity}·{f.kind_label}] {o} {f.rule} {where}：{f.message}")
            self.stderr.write(f"共 {len(found)} 条")
        if any(f.severity is Severity.ERROR for _, f in found):
            raise SystemExit(EXIT_FINDINGS)
