"""Helpers for the operations tests: an accounts sheet in csv or xlsx."""

from __future__ import annotations

import io

import xlsxwriter

HEADER = ["组织代码", "角色", "姓名", "手机号", "用户名"]
CITY_CODES = [f"32{n:02d}00" for n in range(1, 14)]  # 南京 320100 … 宿迁 321300


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("账号")
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def thirteen_cities() -> list[list[str]]:
    """A 填报员 and a 负责人 for each of the 13 cities; usernames left to the phone number."""
    rows = []
    for i, code in enumerate(CITY_CODES):
        rows.append([code, "市填报员", f"填报员{i + 1}", f"1390000{i:02d}01", ""])
        rows.append([code, "市负责人", f"负责人{i + 1}", f"1390000{i:02d}02", ""])
    return rows
