"""``kaoping backup FILE``: every table and uploaded file in one zip with a manifest and checksums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kaoping.ops.backup import backup


class Command(BaseCommand):
    help = "备份数据库全部表和上传文件到一个 zip 文件（含清单与校验和）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = backup(Path(options["file"]))
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stderr.write(
            f"已备份 {len(manifest['tables'])} 张表、{rows} 行、"
            f"{len(manifest['files'])} 个文件到 {options['file']}"
        )
