"""``kaoping basefigures template --campaign ID -o FILE`` and ``kaoping basefigures import FILE
--campaign ID``: a campaign's base figures (测算基数) from a workbook or CSV.

The file is refused whole (exit 3, one line per problem naming row, column and cell) or every
figure it gives is saved; a blank cell leaves a figure as it is (docs/用户手册.md, 测算基数).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand, cli_actor
from kaoping.collection.campaigns import set_base_figures
from kaoping.collection.models import Campaign
from kaoping.transfer.basefigures import MAX_BYTES, FiguresRefused, read_figures, template


class Command(ProductCommand):
    help = "测算基数：下载模板，或从 xlsx/csv 导入"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        out = sub.add_parser("template", help="写出测算基数模板（xlsx）")
        out.add_argument("--campaign", required=True)
        out.add_argument("-o", "--output", required=True)
        inp = sub.add_parser("import", help="从 xlsx 或 csv 导入测算基数")
        inp.add_argument("file")
        inp.add_argument("--campaign", required=True)
        self.add_format(inp)

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = Campaign.objects.filter(pk=options["campaign"]).first()
        if campaign is None:
            raise self.refuse(f"任务 {options['campaign']} 不存在")
        if options["action"] == "template":
            Path(options["output"]).write_bytes(template(campaign))
            self.stderr.write(f"已写出 {options['output']}（{len(campaign.members)} 个单位）")
            return
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise self.refuse(f"无法读取文件 {path.name}：{exc.strerror}") from exc
        try:
            figures = read_figures(campaign, data, path.name)
        except FiguresRefused as refused:
            raise self.refuse(f"{path.name} 未导入：\n" + "\n".join(refused.problems)) from refused
        set_base_figures(cli_actor(), campaign, figures)
        if options["format"] == "json":
            self.emit_json({"saved": True, "orgs": len(figures), "figures": figures})
        else:
            self.stdout.write(f"已导入 {len(figures)} 个单位的测算基数（任务 {campaign.id}）")
