"""``kaoping recompute --campaign ID [--wait]``: recompute every province's stored summary of a
national campaign (or one province's campaign inside it) as a background job, acting as
``cli:<os user>`` (docs/spec.md §14). It prints the job; ``--wait`` shows its progress, a step
per province, until it is done (as ``kaoping jobs wait``). Asking again before any data was saved
joins the job running or done."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand
from kaoping.cli.jobstart import start_job
from kaoping.reports.recompute import RECOMPUTE


class Command(ProductCommand):
    help = "重新计算全国任务各省的汇总（后台任务）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True, help="全国任务（或其中某省任务）编号")
        parser.add_argument("--wait", action="store_true", help="等待完成并显示进度")
        self.add_format(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        start_job(self, RECOMPUTE.name, {"campaign": options["campaign"]}, options, "无法重新计算")
