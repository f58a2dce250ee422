"""``kaoping orgs sync [--dir PATH] [--format json]``: load or update the organisation tree.

Idempotent: a second run changes nothing and says so. It prints what it added, renamed,
changed, deactivated (never deletes) and linked to a successor (docs/deploy.md, 首次部署;
docs/definitions.md, 组织树). Exit 3 when the tree's files are refused (nothing changed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand, cli_actor
from kaoping.core.orgfile import OrgFileError
from kaoping.orgs.configlog import record_config
from kaoping.orgs.sync import SyncReport, sync_report


def report_json(report: SyncReport) -> dict[str, Any]:
    def pairs(items: list[tuple[str, str]]) -> list[dict[str, str]]:
        return [{"code": c, "name": n} for c, n in items]

    return {
        "total": report.total,
        "unchanged": report.unchanged,
        "added": pairs(report.added),
        "renamed": [{"code": c, "old": o, "new": n} for c, o, n in report.renamed],
        "changed": pairs(report.changed),
        "deactivated": pairs(report.deactivated),
        "linked": [{"code": c, "name": n, "successor": s} for c, n, s in report.linked],
        "reactivated": pairs(report.reactivated),
        "local": pairs(report.local),
        "sources": report.sources,
    }


def report_lines(report: SyncReport) -> list[str]:
    lines = [
        f"来源：{s.get('data', '')}，软件包 {s['package']} {s['version']}，数据截至 {s.get('data_date', '')}"
        for s in report.sources.values()
        if "package" in s
    ]
    lines += [f"新增 {c} {n}" for c, n in report.added]
    lines += [f"更名 {c} {o} → {n}" for c, o, n in report.renamed]
    lines += [f"更新 {c} {n}" for c, n in report.changed]
    lines += [f"停用 {c} {n}（保留其数据，不删除）" for c, n in report.deactivated]
    lines += [f"承继 {c} {n} → {s}" for c, n, s in report.linked]
    lines += [f"恢复 {c} {n}" for c, n in report.reactivated]
    if report.local:  # never a change: the page's edits stand (docs/deploy.md)
        lines.append("本地维护，未同步：" + "、".join(f"{n}（{c}）" for c, n in report.local))
    counts = (
        f"新增 {len(report.added)}、更名 {len(report.renamed)}、更新 {len(report.changed)}、"
        f"停用 {len(report.deactivated)}、承继 {len(report.linked)}、恢复 {len(report.reactivated)}"
    )
    tail = "无变化" if report.unchanged else counts
    lines.append(f"组织树共 {report.total} 个组织；{tail}")
    return lines


class Command(ProductCommand):
    help = "载入或更新组织树（definitions/orgs），可重复运行"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser("sync", help="按 definitions/orgs 同步组织（新增、更名、停用，不删除）")
        sync.add_argument("--dir", default=None, help="组织树文件所在目录（默认 definitions/orgs）")
        self.add_format(sync)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            _tree, report = sync_report(Path(options["dir"]) if options["dir"] else None)
        except OrgFileError as exc:
            raise self.refuse(f"组织树文件有误，未做任何改动：{exc}") from exc
        if not report.unchanged:  # a configuration change, sealed into the audit chain
            record_config(cli_actor(), "组织树", "", None, "", report_lines(report)[-1])
        if options["format"] == "json":
            self.emit_json(report_json(report))
        else:
            self.stdout.write("\n".join(report_lines(report)))
