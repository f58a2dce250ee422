"""``kaoping datakey status|rotate``: the key of personal data at rest (docs/deploy.md, 个人信息加密).

``status`` counts the stored values under each key (and any still in plain text); ``rotate``
re-encrypts every name, phone and e-mail address under the current ``KAOPING_DATA_KEY`` while
the old key is listed in ``KAOPING_DATA_KEYS_RETIRED``. Exit 3 when a value cannot be opened.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.db import transaction

from kaoping.cli.base import ProductCommand
from kaoping.orgs import secret


class Command(ProductCommand):
    help = "个人信息加密密钥：查看各密钥加密的数据量（status），用当前密钥重新加密全部个人信息（rotate）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "rotate"])
        self.add_format(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        rotated = 0
        if options["action"] == "rotate":
            try:
                with transaction.atomic():
                    for model, fields in secret.encrypted_columns():
                        rotated += secret.encrypt_rows(model, fields)
            except secret.Undecryptable as exc:
                raise self.refuse(f"{exc}；未做任何修改") from exc
        census = secret.key_census()
        current = secret.current_key_id()
        if options["format"] == "json":
            self.emit_json({"current": current, "rows_rewritten": rotated, "values_by_key": census})
            return
        if options["action"] == "rotate":
            self.stdout.write(f"已用当前密钥（编号 {current}）重新加密 {rotated} 行")
        for kid, count in sorted(census.items()):
            mark = "（当前）" if kid == current else ""
            self.stdout.write(f"密钥 {kid}{mark}：{count} 个值")
