"""What the product's commands share: ``--format``, JSON on stdout only, exit codes, and finding the
survey campaign a command names."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaoping.collection.models import Campaign
from kaoping.orgs.actors import cli_actor

__all__ = ["EXIT_FINDINGS", "EXIT_REFUSED", "EXIT_USAGE", "ProductCommand", "cli_actor", "survey_campaign"]

EXIT_FINDINGS, EXIT_USAGE, EXIT_REFUSED = 1, 2, 3


class ProductCommand(BaseCommand):
    def add_format(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")

    def add_campaign_action(self, parser: CommandParser, actions: list[str]) -> None:
        """``--format``, the action (first argument) and ``--campaign``."""
        self.add_format(parser)
        parser.add_argument("action", choices=actions)
        parser.add_argument("--campaign", required=True, help="任务编号")

    def emit_json(self, document: object) -> None:
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str))

    def refuse(self, message: str) -> CommandError:
        return CommandError(message, returncode=EXIT_REFUSED)

    def usage(self, message: str) -> CommandError:
        return CommandError(message, returncode=EXIT_USAGE)


def survey_campaign(command: ProductCommand, campaign_id: str) -> Campaign:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise command.refuse(f"任务 {campaign_id} 不存在")
    if campaign.kind != "survey":
        raise command.refuse(f"任务 {campaign.id} 不是调查任务")
    return campaign
