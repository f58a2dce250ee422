"""The login log, the account changes and the configuration changes as CSV (UTF-8 with BOM, for
Excel) or, for the configuration changes, .xlsx: what the 审计管理员 exports
(``Action.READ_AUDIT``), filtered as the page shows them. A cell a spreadsheet would take for a
formula (a failed login's user name is anyone's text) is written as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import xlsxwriter
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone

from kaoping.downloads import XLSX, file_response
from kaoping.ops.models import AccountChange
from kaoping.orgs.models import LoginEvent

MAX_ROWS = 200_000
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _csv(filename: str, header: list[str], rows: Iterable[Iterable[object]]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return file_response(("\ufeff" + buffer.getvalue()).encode("utf-8"), filename, "text/csv; charset=utf-8")


def when(at: object) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S") if at else ""  # type: ignore[arg-type]


def logins_csv(events: QuerySet[LoginEvent]) -> HttpResponse:
    def org(e: LoginEvent) -> str:
        return e.user.org.name if e.user and e.user.org else ""

    rows = ((when(e.at), e.get_kind_display(), e.username, org(e), e.ip) for e in events[:MAX_ROWS])
    return _csv("登录日志.csv", ["时间", "事件", "用户名", "所属组织", "IP 地址"], rows)


def changes_csv(entries: QuerySet[AccountChange]) -> HttpResponse:
    rows = (
        (
            when(e.at),
            e.username,
            e.org.name if e.org else "",
            e.get_kind_display(),
            e.old,
            e.new,
            e.actor,
            e.get_channel_display(),
        )
        for e in entries[:MAX_ROWS]
    )
    header = ["时间", "账号", "所属组织", "变更", "原值", "新值", "操作人", "途径"]
    return _csv("账号变更记录.csv", header, rows)


def _xlsx(filename: str, header: list[str], rows: Iterable[Iterable[object]]) -> HttpResponse:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet("记录")
    sheet.write_row(0, 0, header, book.add_format({"bold": True}))
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, ["" if v is None else str(v) for v in row])
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, len(header) - 1, 24)
    sheet.freeze_panes(1, 0)
    book.close()
    return file_response(buffer.getvalue(), filename, XLSX)


def table_response(fmt: str, stem: str, header: list[str], rows: Iterable[Iterable[object]]) -> HttpResponse:
    """The rows as ``stem``.xlsx when ``fmt`` is xlsx, else as ``stem``.csv."""
    if fmt == "xlsx":
        return _xlsx(f"{stem}.xlsx", header, rows)
    return _csv(f"{stem}.csv", header, rows)
