"""``kaoping campaigns list`` and ``kaoping campaigns open`` (docs/spec.md §10.3; ``--baseline``:
the campaign it is compared with, §13)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandParser
from django.db import transaction

from kaoping.cli.base import ProductCommand, cli_actor
from kaoping.collection.campaigns import (
    CampaignError,
    CampaignSpec,
    campaign_json,
    visible_campaigns,
)
from kaoping.collection.models import Campaign
from kaoping.collection.national import ministry_code, national_children, open_survey
from kaoping.core.definitions.loader import DefinitionError


def _date(text: str) -> date:
    return date.fromisoformat(text)


class Command(ProductCommand):
    help = "列出或开启调查任务"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="列出任务")
        self.add_format(listing)
        opening = sub.add_parser("open", help="开启任务")
        opening.add_argument("--id", required=True, help="任务编号，如 demo-2015")
        opening.add_argument("--definition", required=True, help="定义，如 survey-2015@1")
        where = opening.add_mutually_exclusive_group(required=True)
        where.add_argument("--org", help="组织代码，如 320000（部信息中心 000000：全国任务）")
        where.add_argument(
            "--national", action="store_true", help="全国任务：在部信息中心开启，每个省级单位一个省级任务"
        )
        opening.add_argument(
            "--provinces", default=None, help="全国任务的省级单位代码，逗号分隔；不给则为全部省级单位"
        )
        opening.add_argument("--title", default=None)
        opening.add_argument("--opens", type=_date, default=None, help="填报开始日期 YYYY-MM-DD")
        opening.add_argument("--closes", type=_date, default=None, help="填报结束日期 YYYY-MM-DD")
        opening.add_argument("--copy-from", default=None, help="以该任务的数据为初始值")
        opening.add_argument("--survey", default=None, help="考评任务（rubric-*）关联的调查任务")
        opening.add_argument("--baseline", default=None, help="基期任务：与之逐项对比的上一轮调查任务")
        self.add_format(opening)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list(options)
        else:
            self._open(options)

    def _list(self, options: dict[str, Any]) -> None:
        campaigns = [campaign_json(c) for c in visible_campaigns(cli_actor())]
        if options["format"] == "json":
            self.emit_json(campaigns)
            return
        for c in campaigns:
            self.stdout.write(
                f"{c['id']}\t{c['definition']}\t{c['org']}\t{c['status']}\t{c['opens']}…{c['closes']}"
            )

    def _open(self, options: dict[str, Any]) -> None:
        opens = options["opens"] or date.today()
        closes = options["closes"] or date(opens.year, 12, 31)
        try:
            provinces = [p.strip() for p in options["provinces"].split(",")] if options["provinces"] else None
            spec = CampaignSpec(
                id=options["id"],
                definition=options["definition"],
                org=ministry_code() if options["national"] else options["org"],
                opens=opens,
                closes=closes,
                title=options["title"],
                copy_from=options["copy_from"],
                baseline=options["baseline"],
            )
            with transaction.atomic():
                if spec.definition.startswith("rubric-"):
                    campaign = _open_evaluation(spec, options["survey"])
                else:
                    campaign = open_survey(cli_actor(), spec, provinces)

        except (CampaignError, PermissionDenied) as exc:
            raise self.refuse(str(exc)) from exc
        except DefinitionError as exc:
            raise self.refuse("定义有误：" + "; ".join(str(p) for p in exc.problems)) from exc
        if options["format"] == "json":
            self.emit_json(campaign_json(campaign))
            return
        self.stdout.write(f"已开启任务 {campaign.id}（{campaign.title}）")
        children = list(national_children(campaign).values_list("id", "org__name"))
        if children:
            self.stdout.write(
                f"其下 {len(children)} 个省级任务：" + "、".join(f"{n}（{i}）" for i, n in children)
            )


def _open_evaluation(spec: CampaignSpec, survey: str | None) -> Campaign:
    """An evaluation campaign (kaoping.evaluation): the rubric against the organisation's cities."""
    from kaoping.evaluation.campaigns import EvaluationSpec, open_evaluation

    return open_evaluation(
        cli_actor(),
        EvaluationSpec(
            id=spec.id,
            org=spec.org,
            survey=survey,
            opens=spec.opens,
            closes=spec.closes,
            definition=spec.definition,
            title=spec.title,
        ),
    )
