"""``kaoping template --campaign ID --org CODE -o FILE``: the organisation's Excel template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand, cli_actor, survey_campaign
from kaoping.transfer import services


class Command(ProductCommand):
    help = "下载一个单位的 Excel 填报模板（已填数据预先填入）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--org", required=True)
        parser.add_argument("-o", "--output", required=True, help="写入的 .xlsx 文件")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = survey_campaign(self, options["campaign"])
        try:
            content, _ = services.template(cli_actor(), campaign, options["org"])
        except (services.TransferError, ValueError) as error:
            raise self.refuse(str(error)) from error
        Path(options["output"]).write_bytes(content)
        self.stderr.write(f"已写入 {options['output']}（{len(content)} 字节）")
