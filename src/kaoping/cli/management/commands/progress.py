"""``kaoping progress --campaign ID [--format json]``: the campaign's 报送进度, late first.

The page's rows (docs/spec.md §11.8): for a national campaign one per provincial unit with
its submission to the ministry, deadline and lateness, cities approved and per table how many
of its units filled it; for a province's campaign one per unit with each table's state.
``--format json`` prints the document of ``GET /api/campaigns/{id}/progress``. Exit 0, or 3
when the campaign does not exist."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand, cli_actor, survey_campaign
from kaoping.workflow.progress_json import progress_document


class Command(ProductCommand):
    help = "报送进度：各单位（全国任务：各省级单位）各表的填报与上报状态，逾期未报的在前"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        self.add_format(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = survey_campaign(self, options["campaign"])
        document = progress_document(cli_actor(), campaign)
        if options["format"] == "json":
            self.emit_json(document)
            return
        counts = "，".join(f"{label} {n}" for label, n in document["counts"].items())  # type: ignore[attr-defined]
        self.stdout.write(f"{campaign.title}：{counts}")
        for row in document["rows"]:  # type: ignore[attr-defined]
            self.stdout.write(_line(row))


def _line(row: dict[str, Any]) -> str:
    lateness = "，逾期" if row["overdue"] else "，迟报" if row["late"] else ""
    cities = f"，地市审核通过 {row['cities_approved']}" if "cities_approved" in row else ""
    tables = " ".join(
        f"{table} {cell.get('units') or cell['state']}" for table, cell in row["tables"].items()
    )
    state = f"{row['status_label']}，截止 {row['deadline']}{lateness}{cities}"
    return f"{row['name']}（{row['org']}）{state}：{tables}"
