"""``kaoping workbench --campaign ID --user NAME [--state …] [--kind …] [--org CODE] --format json``:
the reviewer's workbench of ``NAME`` (docs/spec.md §13.4): the warnings of the units that user
reviews, with their 说明 and state, as the page and the API give them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand, survey_campaign
from kaoping.core.findings import FindingKind
from kaoping.orgs.models import User
from kaoping.workflow.workbench import STATES, Filters, workbench


class Command(ProductCommand):
    help = "列出审核员的审核工作台（所审单位的提示、说明与审核状态）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--user", required=True, help="审核员的用户名（按其审核范围列出）")
        parser.add_argument("--org", default="", help="只列出该单位的")
        parser.add_argument("--table", default="")
        parser.add_argument("--kind", choices=[k.value for k in FindingKind], default="")
        parser.add_argument("--state", choices=list(STATES), default="")
        parser.add_argument("--new", action="store_true", help="只列出上次标记已阅后新出现的")
        parser.add_argument("--follow-up", action="store_true", help="只列出标记需跟进的")
        self.add_format(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = survey_campaign(self, options["campaign"])
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise self.refuse(f"用户 {options['user']} 不存在或已停用")
        filters = Filters(
            options["table"], "", options["kind"], options["org"], options["state"], options["new"],
            options["follow_up"],
        )  # fmt: skip
        try:
            bench = workbench(user, campaign, filters)
        except PermissionDenied as refused:
            raise self.refuse(str(refused)) from None
        if options["format"] == "json":
            self.emit_json(bench.as_json())
            return
        for e in bench.shown:
            where = " ".join(
                x for x in (e.finding.table_label, e.finding.row_label, e.finding.column_label) if x
            )
            self.stdout.write(f"[{e.state_label}] {e.unit.name} {where}：{e.finding.message}")
        for f in bench.flags:
            note = f"：{f.follow_up.note}" if f.follow_up.note else ""
            self.stdout.write(f"[需跟进] {f.unit.name} {f.where}{note}（{f.follow_up.actor}）")
        self.stderr.write(f"共 {len(bench.entries)} 条提示，列出 {len(bench.shown)} 条")
