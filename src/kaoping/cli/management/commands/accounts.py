"""``kaoping accounts``: import a sheet, create one account, change roles, disable, enable,
reset a password, list accounts and their changes (docs/spec.md §9.6).

    kaoping accounts import FILE [-o OUT.csv]
    kaoping accounts create USERNAME --org 320100 --role 市填报员 [--role 只读] --name 姓名 --phone …
    kaoping accounts roles USERNAME --role 市负责人 [--role …]
    kaoping accounts edit USERNAME [--name 姓名] [--phone 手机号] [--email 邮箱]
    kaoping accounts disable USERNAME | enable USERNAME | reset USERNAME
    kaoping accounts list [--org CODE] [--format json] | changes [USERNAME] [--format json]

The command line acts with full rights (docs/spec.md §2.7) and is audited as ``cli:<os user>``.
One-time passwords are printed once, or written to ``-o`` (a CSV readable by Excel, mode 0600)
and not printed. Exit 3 when refused (nothing changed), 2 on wrong usage.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.db.models import Q

from kaoping.cli.base import ProductCommand
from kaoping.ops import changes, people
from kaoping.ops.accounts import Created, import_accounts, reset_password
from kaoping.ops.models import AccountChange
from kaoping.ops.sheet import SheetError, read_sheet
from kaoping.orgs.access import org_tree
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


def _details(user: User, options: dict[str, Any]) -> people.Details:
    """The person's details with those the command gives (an option left out keeps its value)."""
    given = {key: options[key] for key in ("name", "phone", "email") if options.get(key) is not None}
    return people.Details(**{"name": user.name, "phone": user.phone, "email": user.email, **given})


class Command(ProductCommand):
    help = "账号管理：批量导入、创建、修改个人信息、修改角色、停用、启用、重置密码、列出账号和变更记录"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="从表格批量创建账号")
        imp.add_argument("file")
        imp.add_argument("-o", "--output", help="一次性密码写入此 CSV 文件（不在屏幕显示）")
        imp.add_argument("--format", choices=["text", "json"], default="text")
        reset = sub.add_parser("reset", help="重置某个用户的密码（须在下次登录时修改）")
        reset.add_argument("username")
        create = sub.add_parser("create", help="创建一个账号（一次性密码只显示一次）")
        create.add_argument("username")
        create.add_argument("--org", required=True, help="所属组织代码，如 320100")
        create.add_argument("--role", action="append", required=True, help="角色（可重复），如 市填报员")
        create.add_argument("--name", required=True, help="姓名")
        create.add_argument("--phone", required=True, help="手机号")
        create.add_argument("--email", default="", help="电子邮箱（可选）")
        self.add_format(create)
        roles = sub.add_parser("roles", help="设定某人在其所属组织的角色（取代原有角色）")
        roles.add_argument("username")
        roles.add_argument("--role", action="append", required=True, help="角色（可重复）")
        edit = sub.add_parser("edit", help="修改某人的姓名、手机号、电子邮箱（未给出的不变）")
        edit.add_argument("username")
        edit.add_argument("--name", help="姓名")
        edit.add_argument("--phone", help="手机号")
        edit.add_argument("--email", help="电子邮箱（给出空字符串即清除）")
        for name, what in (("disable", "停用账号（不能登录，API 令牌吊销）"), ("enable", "重新启用账号")):
            sub.add_parser(name, help=what).add_argument("username")
        listing = sub.add_parser("list", help="列出账号")
        listing.add_argument("--org", help="只列出此组织及其下级的账号")
        self.add_format(listing)
        log = sub.add_parser("changes", help="账号变更记录（最新在前）")
        log.add_argument("username", nargs="?")
        self.add_format(log)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self.import_sheet(options)
        elif action == "create":
            self.create(options)
        elif action == "list":
            self.list_accounts(options)
        elif action == "changes":
            self.list_changes(options)
        else:
            self.change(action, self.person(options["username"]), options)

    def person(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise self.refuse(f"用户不存在：{username}")
        return user

    def change(self, action: str, user: User, options: dict[str, Any]) -> None:
        try:
            if action == "reset":
                self.stdout.write(reset_password(cli_actor(), user, "cli"))
                return
            if action == "roles":
                done = people.set_roles(cli_actor(), user, tuple(options["role"]), "cli")
            elif action == "edit":
                done = people.set_details(cli_actor(), user, _details(user, options), "cli")
            else:
                done = people.set_active(cli_actor(), user, action == "enable", "cli")
        except people.AccountRefused as refused:
            raise self.refuse("未作修改：" + str(refused)) from refused
        user.refresh_from_db()
        state = changes.state_text(user.is_active)
        what = "已修改" if done else "无变化"
        reach = f"；手机 {user.phone or '—'}；邮箱 {user.email or '—'}" if action == "edit" else ""
        self.stdout.write(
            f"{what}：{user.username}（{user.name}）{state}；角色 {changes.held_roles(user)}{reach}"
        )

    def create(self, options: dict[str, Any]) -> None:
        new = people.NewAccount(
            options["username"], options["name"], options["org"], tuple(options["role"]),
            options["phone"], options["email"],
        )  # fmt: skip
        try:
            created = people.create_account(cli_actor(), new, "cli")
        except people.AccountRefused as refused:
            raise self.refuse("未创建账号：" + str(refused)) from refused
        if options["format"] == "json":
            keys = ["org", "org_name", "role", "name", "username", "password"]
            self.emit_json(dict(zip(keys, _row(created), strict=True)))
        else:
            self.stdout.write("\t".join(_row(created)))

    def list_accounts(self, options: dict[str, Any]) -> None:
        users = User.objects.prefetch_related("roles__org").select_related("org").order_by("username")
        if options["org"]:
            tree = org_tree()
            if options["org"] not in tree:
                raise self.refuse(f"组织 {options['org']} 不存在")
            codes = {options["org"], *tree.below(options["org"])}
            users = users.filter(Q(org_id__in=codes) | Q(roles__org_id__in=codes)).distinct()
        docs = [changes.account_json(u) for u in users]
        if options["format"] == "json":
            self.emit_json(docs)
            return
        for u, doc in zip(users, docs, strict=True):
            state = changes.state_text(u.is_active)
            fields = [u.username, u.name, str(doc["org_name"] or ""), state, changes.held_roles(u)]
            self.stdout.write("\t".join(fields))

    def list_changes(self, options: dict[str, Any]) -> None:
        entries = AccountChange.objects.order_by("-at", "-id")
        if options["username"]:
            entries = entries.filter(username=options["username"])
        docs = [changes.change_json(e) for e in entries[:1000]]
        if options["format"] == "json":
            self.emit_json(docs)
            return
        for d in docs:
            fields = [d["at"], d["username"], d["kind_label"], d["old"] or "—", d["new"] or "—"]
            self.stdout.write("\t".join(str(f) for f in [*fields, d["actor"], d["channel"]]))

    def import_sheet(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            rows = read_sheet(path.read_bytes(), path.name)
        except (OSError, SheetError) as exc:
            self.stderr.write(f"表格被拒绝：{exc}")
            sys.exit(3)
        result = import_accounts(cli_actor(), rows, "cli")
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
