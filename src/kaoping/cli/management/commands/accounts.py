"""``kaoping accounts import FILE [-o OUT.csv]`` and ``kaoping accounts reset USERNAME``.

The command line acts with full rights (docs/spec.md §2.7). One-time passwords are printed once, or
written to ``-o`` (a CSV readable by Excel, mode 0600) and not printed. Exit 3 when the sheet
is refused (nothing created), 2 on wrong usage.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kaoping.ops.accounts import Created, import_accounts, reset_password
from kaoping.ops.sheet import SheetError, read_sheet
from kaoping.orgs.actors import cli_actor
from kaoping.orgs.models import User

COLUMNS = ["组织代码", "组织", "角色", "姓名", "用户名", "一次性密码"]


def _row(c: Created) -> list[str]:
    return [c.org, c.org_name, c.role, c.name, c.username, c.password]


def write_passwords(path: Path, created: list[Created]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(_row(c) for c in created)


class Command(BaseCommand):
    help = "批量创建账号（xlsx/csv：组织代码、角色、姓名、手机号、用户名可选）或重置密码"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="从表格批量创建账号")
        imp.add_argument("file")
        imp.add_argument("-o", "--output", help="一次性密码写入此 CSV 文件（不在屏幕显示）")
        imp.add_argument("--format", choices=["text", "json"], default="text")
        reset = sub.add_parser("reset", help="重置某个用户的密码（须在下次登录时修改）")
        reset.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "reset":
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                self.stderr.write(f"用户不存在：{options['username']}")
                sys.exit(3)
            self.stdout.write(reset_password(cli_actor(), user))
            return
        path = Path(options["file"])
        try:
            rows = read_sheet(path.read_bytes(), path.name)
        except (OSError, SheetError) as exc:
            self.stderr.write(f"表格被拒绝：{exc}")
            sys.exit(3)
        result = import_accounts(cli_actor(), rows)
        if result.errors:
            self.stderr.write("未创建任何账号：\n" + "\n".join(result.errors))
            sys.exit(3)
        if options["output"]:
            write_passwords(Path(options["output"]), result.created)
            self.stderr.write(f"已创建 {len(result.created)} 个账号；一次性密码已写入 {options['output']}")
            shown: list[Created] = []
        else:
            shown = result.created
        if options["format"] == "json":
            keys = ["org", "org_name", "role", "name", "username", "password"]
            doc = [dict(zip(keys, _row(c), strict=True)) for c in shown]
            self.stdout.write(
                json.dumps({"created": len(result.created), "accounts": doc}, ensure_ascii=False)
            )
        else:
            for c in shown:
                self.stdout.write("\t".join(_row(c)))
