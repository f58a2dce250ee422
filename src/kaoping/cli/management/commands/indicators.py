"""``kaoping indicators --campaign ID --org CODE``: 表1's plan indicators, derived and reported."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand, cli_actor
from kaoping.collection.models import Campaign
from kaoping.collection.national import is_national
from kaoping.core.indicators.evaluate import NOT_DERIVABLE
from kaoping.reports.indicators import DATE_LABELS, compute
from kaoping.reports.nation import nation


class Command(ProductCommand):
    help = "测算表1规划指标（由明细表推算，并与填报值、规划目标比较）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--org", help="填报表1的省级单位代码（默认：任务所属单位）")
        self.add_format(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = Campaign.objects.select_related("snapshot").filter(pk=options["campaign"]).first()
        if campaign is None:
            raise self.refuse(f"任务 {options['campaign']} 不存在")
        org = options["org"] or campaign.org_id
        if is_national(campaign):
            self.national(campaign, org, options["format"])
            return
        if org != campaign.org_id:
            raise self.usage(f"表1 由省级单位 {campaign.org_id} 填报；{org} 没有表1 规划指标")
        _survey, results = compute(campaign)
        if options["format"] == "json":
            self.emit_json([r.as_json() for r in results])
            return
        for r in results:
            derived = NOT_DERIVABLE if not r.derivable else ("—" if r.derived is None else str(r.derived))
            met = {True: "达标", False: "未达标", None: "—"}[r.met]
            if r.derivable and not r.complete:  # never judged on incomplete data (docs/spec.md §6.4)
                partial = "" if r.partial is None else f"，按已填报单位 {r.partial}"
                derived = (
                    f"数据不全（已填报 {r.done.units_reported}/{r.done.units_expected} 个单位{partial}）"
                )
                met = "暂不判断"
            if r.scope == "national":  # never judged on one province (docs/spec.md §11.5)
                share = "" if r.target_share is None else f"，本省占 {r.target_share}%"
                met = f"全国目标{share}"
            flag = "（与填报值不一致）" if r.differs else ""
            when = DATE_LABELS.get(r.date, r.date)
            reported = "—" if r.reported is None else r.reported
            self.stdout.write(
                f"{r.number} {r.label} [{when}] 目标 {r.target.text}（{r.attribute}）"
                f" 推算 {derived} 填报 {reported}{flag} {met}"
            )

    def national(self, campaign: Campaign, org: str, form: str) -> None:
        """The national 表1 over the submitted provinces (docs/spec.md §11.4)."""
        if org != campaign.org_id:
            raise self.usage(f"全国任务的表1 在部信息中心 {campaign.org_id} 汇总；{org} 不是全国汇总的单位")
        found = nation(campaign, cli_actor())
        if form == "json":
            self.emit_json([r.as_json() for r in found.indicators])
            return
        self.stdout.write(found.coverage.summary)
        for r in found.indicators:
            derived = NOT_DERIVABLE if not r.derivable else ("—" if r.derived is None else str(r.derived))
            if r.derivable and r.not_counted:
                derived += f"（{len(r.counted)}/{len(r.coverage.expected)} 个省级单位计入）"
            how = f"（{r.reported_how_label}）" if r.reported_how else ""
            reported = "—" if r.reported is None else f"{r.reported}{how}"
            met = {True: "达标", False: "未达标", None: "暂不判断"}[r.met]
            when = DATE_LABELS.get(r.date, r.date)
            self.stdout.write(
                f"{r.number} {r.label} [{when}] 目标 {r.target.text}（{r.attribute}）"
                f" 全国推算 {derived} 各省填报汇总 {reported} {met}"
            )
