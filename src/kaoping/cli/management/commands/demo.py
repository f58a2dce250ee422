"""``kaoping demo``: the demo campaign ``demo-2015`` with data and logins (idempotent);
``--national`` adds the national campaign over every provincial unit (``make run``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand
from kaoping.collection.campaigns import CampaignError, campaign_json
from kaoping.demo import build_demo
from kaoping.demo.build import demo_password_hash, logins_table
from kaoping.demo.national.build import DEFAULT_SEED, NationalResult, build_national_demo
from kaoping.demo.national.logins import national_logins, national_summary


class Command(ProductCommand):
    help = (
        "载入演示任务 demo-2015 与演示账号（可重复运行）；"
        "--national 另载入全国演示任务（演示数据，不得用于生产）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_format(parser)
        parser.add_argument(
            "--national", action="store_true", help="另载入全国演示任务：各省级单位的生成数据和报送状态"
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"生成数据的种子（默认 {DEFAULT_SEED}）"
        )
        parser.add_argument(
            "--provinces", default="", help="只载入这些省级单位（代码以逗号分隔，默认全部），供测试用"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = build_demo()
        national: NationalResult | None = None
        if options["national"]:
            chosen = [code.strip() for code in options["provinces"].split(",") if code.strip()] or None
            try:
                national = build_national_demo(demo_password_hash(), seed=options["seed"], provinces=chosen)
            except CampaignError as exc:  # a code that is not a provincial unit
                raise self.usage(str(exc)) from exc
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
                    "national": campaign_json(national.campaign) if national else None,
                    "password": result.password,
                    "logins": [vars(login) for login in result.logins + national_logins(national)],
                }
            )
            return
        self.stdout.write(f"演示任务：{result.campaign.id}（{result.campaign.title}）")
        if result.evaluation is not None:
            self.stdout.write(f"考评任务：{result.evaluation.id}（{result.evaluation.title}）")
        if national is not None:
            self.stdout.write(national_summary(national))
            result.logins += national_logins(national)
        self.stdout.write(logins_table(result))
