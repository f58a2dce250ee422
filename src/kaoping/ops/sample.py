"""The sample accounts sheet offered on the import page: the columns ``read_sheet`` reads
(``sheet.HEADERS``), example rows at the administrator's own organisation and the first one
below it, and a second sheet explaining the columns and the roles (docs/用户手册.md 14.1)."""

from __future__ import annotations

import io

import xlsxwriter

from kaoping.ops.sheet import HEADERS
from kaoping.orgs.models import Organisation
from kaoping.orgs.roles import ROLE_LABELS, Role

SHEET = "账号"

# Who an example row creates, by the level of the organisation it is at.
EXAMPLE_ROLES = {
    "city": (Role.CITY_REPORTER, Role.CITY_LEADER),
    "province": (Role.PROVINCE_REVIEWER, Role.EXPERT),
    "ministry": (Role.MINISTRY_REVIEWER,),
}
NAMES = ("张三", "李四", "王五", "赵六")

NOTES = [
    ("组织代码", "单位的 6 位行政区划代码，如 320100（南京市）；只能是本单位或下级单位"),
    ("角色", "按纸质表的叫法写：" + "、".join(ROLE_LABELS.values()) + "；角色须与单位层级相符"),
    ("姓名", "使用人的姓名"),
    ("手机号", "11 位手机号"),
    ("用户名", "可不填，不填时以手机号作用户名；不能与已有账号重复"),
    ("", "一行一个账号；示例行请改为实际人员后再导入。表中有任何一行有误时一个账号也不创建。"),
]


def example_rows(org: Organisation | None) -> list[list[str]]:
    """Rows at ``org`` and at its first organisation below (Jiangsu's when there is none)."""
    if org is None:
        org = Organisation.objects.filter(code="320000").first()
    places = [org] if org is not None else []
    below = Organisation.objects.filter(parent=org).order_by("position", "code").first() if org else None
    places = ([below] if below is not None else []) + places
    rows: list[list[str]] = []
    for place in places:
        for role in EXAMPLE_ROLES.get(place.level, ()):
            name, phone = NAMES[len(rows) % len(NAMES)], f"1380000{len(rows) + 1:04d}"
            rows.append([place.code, role.label, name, phone, ""])
    return rows


def accounts_sample(org: Organisation | None) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    text = book.add_format({"num_format": "@", "border": 1})
    sheet = book.add_worksheet(SHEET)
    sheet.write_row(0, 0, list(HEADERS), head)
    for line, row in enumerate(example_rows(org), start=1):
        for col, value in enumerate(row):
            sheet.write_string(line, col, value, text)
    sheet.set_column(0, 1, 12)
    sheet.set_column(2, 2, 10)
    sheet.set_column(3, 4, 16)
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet("填写说明")
    notes.write_row(0, 0, ["列", "说明"], head)
    for line, (column, words) in enumerate(NOTES, start=1):
        notes.write_row(line, 0, [column, words])
    notes.set_column(0, 0, 10)
    notes.set_column(1, 1, 90)
    book.close()
    return out.getvalue()
