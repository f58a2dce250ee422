"""``kaoping score --campaign ID``: every city's total, rank, category subtotals and
criteria (docs/spec.md §10.9), as things stand now; ``published`` says whether the cities see it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand
from kaoping.collection.models import Campaign
from kaoping.core.scoring.export import score_json
from kaoping.evaluation.scoring import evaluate
from kaoping.evaluation.visibility import published


class Command(ProductCommand):
    help = "考评计分：各市总分、排名、分类小计与每项得分"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True, help="考评任务编号")
        self.add_format(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = Campaign.objects.filter(pk=options["campaign"]).first()
        if campaign is None:
            raise self.refuse(f"任务 {options['campaign']} 不存在")
        if campaign.kind != "evaluation":
            raise self.refuse(f"任务 {campaign.id} 不是考评任务")
        result = evaluate(campaign)
        is_published = published(campaign)
        if options["format"] == "json":
            self.emit_json(score_json(result, published=is_published))
            return
        self.stdout.write(f"{campaign.title}（{campaign.id}）{'已发布' if is_published else '未发布'}")
        labels = [c.label for c in result.rubric.categories]
        self.stdout.write("\t".join(["名次", "地市", "总分", *labels]))
        for city in result.ranking():
            subtotals = [city.shown_subtotal(c.key) for c in result.rubric.categories]
            self.stdout.write("\t".join([city.shown_rank, city.org.name, city.shown_total, *subtotals]))
            if city.unranked is not None:
                self.stdout.write(f"\t{city.org.name}：{city.unranked}")
