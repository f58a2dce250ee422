"""``kaoping backup FILE``: every table and uploaded file in one zip with a manifest and checksums."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaoping.ops.backup import backup, table_checksums


class Command(BaseCommand):
    help = "备份数据库全部表和上传文件到一个 zip 文件（含清单与校验和）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?")
        parser.add_argument(
            "--checksums", action="store_true", help="只输出当前数据库各表的行数与校验和（JSON），不写备份"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["checksums"]:
            self.stdout.write(json.dumps(table_checksums(), ensure_ascii=False, sort_keys=True))
            return
        if not options["file"]:
            raise CommandError("请给出备份文件名：kaoping backup FILE")
        manifest = backup(Path(options["file"]))
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stderr.write(
            f"已备份 {len(manifest['tables'])} 张表、{rows} 行、"
            f"{len(manifest['files'])} 个文件到 {options['file']}"
        )
