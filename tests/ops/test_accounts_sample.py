"""The accounts import page offers a sample sheet (issue 12): a workbook whose first sheet has
the columns the import reads and example rows at the administrator's organisation and the
first one below it, which the import itself accepts."""

from __future__ import annotations

import io

import openpyxl

from kaoping.ops.accounts import import_accounts
from kaoping.ops.sheet import read_sheet


def test_the_import_page_links_the_sample_and_it_reads_back(personas, client_for):
    client = client_for(personas.province_admin)
    assert 'href="/ops/accounts/import/sample.xlsx"' in client.get("/ops/accounts/import/").content.decode()
    response = client.get("/ops/accounts/import/sample.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = b"".join(response) if response.streaming else response.content
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["账号", "填写说明"]
    rows = [[c or "" for c in row] for row in book["账号"].iter_rows(values_only=True)]
    assert rows[0] == ["组织代码", "角色", "姓名", "手机号", "用户名"]
    # 江苏省's administrator: 南京市 (the first city) then 江苏省 itself
    assert rows[1:] == [
        ["320100", "市填报员", "张三", "13800000001", ""],
        ["320100", "市负责人", "李四", "13800000002", ""],
        ["320000", "省审核员", "王五", "13800000003", ""],
        ["320000", "审核专家", "赵六", "13800000004", ""],
    ]
    result = import_accounts(personas.province_admin, read_sheet(data, "账号导入样例.xlsx"))
    assert result.errors == [] and [c.username for c in result.created] == [
        "13800000001",
        "13800000002",
        "13800000003",
        "13800000004",
    ]


def test_people_who_do_not_manage_accounts_get_no_sample(personas, client_for):
    assert client_for(personas.nanjing_reporter).get("/ops/accounts/import/sample.xlsx").status_code == 403
