"""``kaoping reminders send --campaign ID [--org CODE] [--text 文字] [--wait]`` and
``kaoping reminders log --campaign ID [--format json]``.

``send`` 催报 now as the 报送进度 page does — one unit (``--org``) or every unit not yet
submitted — as a background job, acting as ``cli:<os user>``: it prints the job (``--wait``
shows its progress until done, as ``kaoping jobs wait``). ``log`` prints the delivery log: each
reminder, to whom it went by e-mail and SMS and how each delivery fared (the document of
``GET /api/campaigns/{id}/reminders``). Exit 0 done, 2 wrong usage, 3 refused.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand, cli_actor, survey_campaign
from kaoping.cli.jobstart import start_job
from kaoping.workflow.outreach import reminder_json, reminder_log
from kaoping.workflow.reminderjobs import REMINDERS


class Command(ProductCommand):
    help = "催报：立即催报（后台任务）、查看催报记录"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_campaign_action(parser, ["send", "log"])
        parser.add_argument("--org", default="", help="send：只催报这个单位（省略则催报全部未上报单位）")
        parser.add_argument("--text", default="", help="send：提醒文字（省略则用标准文字）")
        parser.add_argument("--wait", action="store_true", help="send：等待发送完成并显示进度")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = survey_campaign(self, options["campaign"])
        if options["action"] == "log":
            log = [reminder_json(r, cli_actor()) for r in reminder_log(cli_actor(), campaign)]
            if options["format"] == "json":
                self.emit_json(log)
            for entry in log if options["format"] == "text" else []:
                sent = "、".join(
                    f"{d['channel']} {d['address']} {d['status_label']}" for d in entry["deliveries"]
                )
                self.stdout.write(
                    f"{entry['at'][:16]}  {entry['org_name']}  {entry['text']}  {sent or '仅平台内'}"
                )
            return
        params = {"campaign": campaign.pk, "org": options["org"], "text": options["text"]}
        start_job(self, REMINDERS.name, params, options, "无权催报")
