"""``kaoping export --campaign ID --kind workbook|csv|findings [--org CODE] -o FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand, cli_actor, survey_campaign
from kaoping.collection.models import Campaign
from kaoping.collection.national import is_national
from kaoping.reports.nation import nation, national_workbook_bytes
from kaoping.transfer import exports, services

NATIONAL = "national"  # the national workbook of a national campaign (docs/spec.md §11.4)


class Command(ProductCommand):
    help = "导出任务数据：汇总工作簿、全部数据 CSV、审核结果工作簿"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        kinds = [k.value for k in exports.Kind] + [NATIONAL]
        parser.add_argument("--kind", required=True, choices=kinds, help="national：全国任务的全国汇总工作簿")
        parser.add_argument("--org", default=None, help="默认为任务所属的省")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = survey_campaign(self, options["campaign"])
        if options["kind"] == NATIONAL:
            self.national(campaign, options["output"])
            return
        try:
            content, _, _ = exports.export(
                cli_actor(), campaign, exports.Kind(options["kind"]), options["org"]
            )
        except services.TransferError as error:
            raise self.refuse(str(error)) from error
        Path(options["output"]).write_bytes(content)
        self.stderr.write(f"已写入 {options['output']}（{len(content)} 字节）")

    def national(self, campaign: Campaign, output: str) -> None:
        if not is_national(campaign):
            raise self.usage(f"任务 {campaign.pk} 不是全国任务，没有全国汇总工作簿")
        found = nation(campaign, cli_actor())
        content = national_workbook_bytes(found)
        Path(output).write_bytes(content)
        self.stderr.write(f"{found.coverage.summary}；已写入 {output}（{len(content)} 字节）")
