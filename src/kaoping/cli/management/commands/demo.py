"""``kaoping demo``: the demo campaign ``demo-2015`` with data and logins (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand
from kaoping.collection.campaigns import campaign_json
from kaoping.demo import build_demo
from kaoping.demo.build import logins_table


class Command(ProductCommand):
    help = "载入演示任务 demo-2015 与演示账号（可重复运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_format(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        result = build_demo()
        if result.outdated:
            self.stderr.write(
                f"提示：演示任务 {result.campaign.id} 仍使用开启时的定义快照，"
                "与 definitions/ 中的现行定义不同"
                "（删除数据库 var/kaoping.sqlite3 后重新运行 kaoping demo 可重建）"
            )
        for message in result.skipped:
            self.stderr.write(f"演示数据未写入：{message}")
        if options["format"] == "json":
            self.emit_json(
                {
                    "campaign": campaign_json(result.campaign),
                    "evaluation": campaign_json(result.evaluation) if result.evaluation else None,
                    "password": result.password,
                    "logins": [vars(login) for login in result.logins],
                }
            )
            return
        self.stdout.write(f"演示任务：{result.campaign.id}（{result.campaign.title}）")
        if result.evaluation is not None:
            self.stdout.write(f"考评任务：{result.evaluation.id}（{result.evaluation.title}）")
        self.stdout.write(logins_table(result))
