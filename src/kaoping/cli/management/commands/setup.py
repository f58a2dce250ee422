"""``kaoping setup --username NAME --name 姓名``: the first step of a deployment without the demo.

Loads the organisation tree (``kaoping orgs sync``, idempotent) and creates the first 部管理员
with a one-time password, printed once, to be changed at the first login. No Django superuser
is needed. Refused (exit 3) once a 部管理员 exists. docs/deploy.md, 首次部署.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand
from kaoping.core.orgfile import OrgFileError
from kaoping.ops.accounts import SetupRefused, create_first_admin
from kaoping.orgs.sync import sync_report


class Command(ProductCommand):
    help = "首次部署：载入组织树并创建第一个部管理员（一次性密码）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True, help="部管理员的用户名")
        parser.add_argument("--name", required=True, help="部管理员的姓名")
        self.add_format(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            _tree, report = sync_report()
            created = create_first_admin(options["username"], options["name"])
        except (OrgFileError, SetupRefused) as exc:
            raise self.refuse(str(exc)) from exc
        if options["format"] == "json":
            self.emit_json(
                {
                    "orgs": report.total,
                    "added": len(report.added),
                    "username": created.username,
                    "password": created.password,
                    "org": created.org,
                    "role": created.role,
                }
            )
            return
        self.stderr.write(f"组织树共 {report.total} 个组织（本次新增 {len(report.added)} 个）")
        self.stdout.write(
            f"已创建{created.role} {created.username}（{created.name}，{created.org_name}）\n"
            f"一次性密码：{created.password}\n"
            "请妥善转交；首次登录后须立即修改密码。"
        )
