"""``kaoping restore FILE``: load a backup into an empty database (either engine) and verify it.

Exit 3 when the archive is refused (damaged, other schema version, database not empty).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kaoping.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "从备份文件恢复到空数据库，并逐表核对校验和"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true", help="目标库已有数据时先清空（慎用）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(Path(options["file"]), force=options["force"])
        except (BackupError, OSError) as exc:
            self.stderr.write(f"恢复被拒绝：{exc}")
            sys.exit(3)
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stderr.write(
            f"已恢复 {len(manifest['tables'])} 张表、{rows} 行、"
            f"{len(manifest['files'])} 个文件；校验和全部一致"
        )
