"""``kaoping export --campaign ID --kind workbook|csv|findings [--org CODE] -o FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand, cli_actor, survey_campaign
from kaoping.transfer import exports, services


class Command(ProductCommand):
    help = "导出任务数据：汇总工作簿、全部数据 CSV、审核结果工作簿"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--kind", required=True, choices=[k.value for k in exports.Kind])
        parser.add_argument("--org", default=None, help="默认为任务所属的省")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = survey_campaign(self, options["campaign"])
        try:
            content, _, _ = exports.export(
                cli_actor(), campaign, exports.Kind(options["kind"]), options["org"]
            )
        except services.TransferError as error:
            raise self.refuse(str(error)) from error
        Path(options["output"]).write_bytes(content)
        self.stderr.write(f"已写入 {options['output']}（{len(content)} 字节）")
