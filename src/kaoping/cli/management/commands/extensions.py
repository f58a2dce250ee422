"""``kaoping extensions list --campaign ID [--org CODE] [--format json]`` and
``kaoping extensions grant --campaign ID --org CODE --until YYYY-MM-DD --reason 原因``.

The 报送进度 page's 延期, acting as ``cli:<os user>``: ``grant`` extends one unit's deadline
(recorded with who, when and why, as the page and the API record it); ``list`` prints the
campaign's extensions, newest first (the document of ``GET /api/campaigns/{id}/extensions``).
Exit 0 done, 2 wrong usage, 3 refused (a date out of range, no reason, unknown unit).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandParser
from django.utils.dateparse import parse_date

from kaoping.cli.base import ProductCommand, cli_actor, survey_campaign
from kaoping.collection.deadlines import DeadlineError, grant_extension
from kaoping.workflow.outreach import extension_json, extensions


class Command(ProductCommand):
    help = "延期：列出延期记录、批准一个单位延期"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_campaign_action(parser, ["list", "grant"])
        parser.add_argument("--org", default="", help="单位代码（grant 必填）")
        parser.add_argument("--until", default="", help="grant：延期至（年-月-日）")
        parser.add_argument("--reason", default="", help="grant：延期原因")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = survey_campaign(self, options["campaign"])
        if options["action"] == "grant":
            self.show([self.grant(campaign, options)], options["format"])
            return
        self.show(list(extensions(cli_actor(), campaign, options["org"] or None)), options["format"])

    def grant(self, campaign: Any, options: dict[str, Any]) -> Any:
        if not options["org"]:
            raise self.usage("请用 --org 指定要延期的单位")
        try:
            until = parse_date(options["until"])
        except ValueError:
            until = None
        if until is None:
            raise self.usage("请用 --until 填写延期日期（年-月-日）")
        try:
            return grant_extension(cli_actor(), campaign, options["org"], until, options["reason"])
        except (DeadlineError, PermissionDenied) as error:
            raise self.refuse(str(error)) from error

    def show(self, found: list[Any], format: str) -> None:
        if format == "json":
            self.emit_json([extension_json(e) for e in found])
            return
        for e in found:
            self.stdout.write(f"{e.org.name}（{e.org_id}）延期至 {e.until:%Y-%m-%d}  {e.actor}  {e.reason}")
