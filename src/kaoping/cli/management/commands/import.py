"""``kaoping import FILE --campaign ID --org CODE [--dry-run] [--draft] [--overwrite-conflicts]``.

Prints ``{"saved", "sha256", "changed", "findings", "versioned", "conflicts"}`` (findings
with sheet and cell), or ``{"refused": reason}`` with exit 3. Exit 1 when there are errors
and nothing was saved.

Conflicts: a cell somebody changed after the template was downloaded that the file changes
too keeps its current value (the file's other changes are saved); each is an X-CONFLICT
finding and an entry of ``conflicts``, and the exit is 4. ``--overwrite-conflicts`` saves
the file's values there instead (exit 0). A cell the file left as downloaded is no change.

Bulk: FILE may be a folder or a .zip of workbooks (one per city; ``--org`` not needed, each
workbook names its organisation) → ``{"files": [{"file", "org", "saved", "changed",
"errors", "warnings", "reason"}]}``; each file all or nothing, a file with errors not saved
(unless ``--draft``). Exit 0 when every file went through, 1 when one had errors, 3 when one
was refused, 4 when one kept current values over conflicts (and none of the others).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import (
    EXIT_FINDINGS,
    EXIT_REFUSED,
    ProductCommand,
    cli_actor,
    survey_campaign,
)
from kaoping.collection.models import Campaign
from kaoping.core.definitions.model import Severity
from kaoping.core.workbook.safety import Refused
from kaoping.transfer import bulk, services

EXIT_CONFLICTS = 4  # saved (or checked), but conflicting cells kept their current value


class Command(ProductCommand):
    help = "导入一个单位填好的 Excel 工作簿"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--org", help="单位代码（导入文件夹或 .zip 时不需要）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不保存")
        parser.add_argument("--draft", action="store_true", help="有错误也保存（草稿）")
        parser.add_argument(
            "--overwrite-conflicts",
            action="store_true",
            help="下载模板后他人修改过、文件中也修改了的单元格，用文件中的值覆盖（默认保留当前值）",
        )
        self.add_format(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"] and options["draft"]:
            raise self.usage("--dry-run 与 --draft 不能同时使用")
        campaign = survey_campaign(self, options["campaign"])
        path = Path(options["file"])
        mode = (
            services.Mode.DRY_RUN
            if options["dry_run"]
            else (services.Mode.DRAFT if options["draft"] else services.Mode.SAVE)
        )
        overwrite = bool(options["overwrite_conflicts"])
        if path.is_dir() or (path.is_file() and path.suffix.lower() == ".zip"):
            self._bulk(campaign, path, mode, options["format"], overwrite)
            return
        if not path.is_file():
            raise self.refuse(f"文件 {path} 不存在")
        if not options["org"]:
            raise self.usage("导入单个工作簿时需要 --org")
        try:
            outcome = services.import_workbook(
                cli_actor(),
                campaign,
                options["org"],
                path.read_bytes(),
                path.name,
                mode,
                channel="cli",
                overwrite=overwrite,
            )
        except services.TransferError as error:
            raise self.refuse(str(error)) from error
        self._print(outcome, options["format"])
        if outcome.refused is not None:
            raise SystemExit(EXIT_REFUSED)
        if outcome.errors and not outcome.saved:
            raise SystemExit(EXIT_FINDINGS)
        if not outcome.saved and mode is not services.Mode.DRY_RUN:
            raise SystemExit(EXIT_REFUSED)  # the workflow or the fill window refused the save
        if outcome.result.kept_conflicts:
            raise SystemExit(EXIT_CONFLICTS)

    def _bulk(self, campaign: Campaign, path: Path, mode: services.Mode, fmt: str, overwrite: bool) -> None:
        try:
            files = (
                bulk.folder_files(path) if path.is_dir() else bulk.files_of([(path.name, path.read_bytes())])
            )
        except Refused as refusal:
            raise self.refuse(str(refusal)) from refusal
        reports = []
        for n, (name, content) in enumerate(files, start=1):
            report = bulk.import_one(
                cli_actor(), campaign, name, content, mode, channel="cli", overwrite=overwrite
            )
            reports.append(report)
            self.stderr.write(
                f"[{n}/{len(files)}] {name} {report.org} {report.status} {report.problem}".rstrip()
            )
        if fmt == "json":
            self.emit_json({"files": [r.as_json() for r in reports]})
        if any(r.problem and not r.errors for r in reports):
            raise SystemExit(EXIT_REFUSED)
        if any(r.errors and not r.saved for r in reports):
            raise SystemExit(EXIT_FINDINGS)
        if any(r.conflicts for r in reports):
            raise SystemExit(EXIT_CONFLICTS)

    def _print(self, outcome: services.ImportOutcome, fmt: str) -> None:
        if fmt == "json":
            self.emit_json(outcome.as_json())
        else:
            for f in [*outcome.result.conflict_findings(), *outcome.result.findings]:
                kind = "错误" if f.severity is Severity.ERROR else "提示"
                self.stdout.write(f"[{kind}] {f.cell or f.sheet or f.table_label} {f.rule}：{f.message}")
        if outcome.refused is not None:
            self.stderr.write(f"文件被拒绝：{outcome.refused}")
        elif outcome.saved:
            self.stderr.write(f"已保存 {len(outcome.result.changes)} 处修改（sha256 {outcome.sha256}）")
        if outcome.result.kept_conflicts:
            self.stderr.write(
                f"{outcome.result.kept_conflicts} 处冲突保留了当前值（下载模板后他人已修改）；"
                "要用文件中的值覆盖，请加 --overwrite-conflicts"
            )
        else:
            self.stderr.write(f"未保存：{outcome.not_saved_because}")
