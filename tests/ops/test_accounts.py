"""Accounts at scale: 13 cities from one sheet, one-time passwords shown once, own subtree only."""

from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.ops.conftest import csv_bytes, thirteen_cities, xlsx_bytes

from kaoping.ops.models import PasswordState
from kaoping.orgs.models import RoleAssignment, User

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name: str):
    return client.post("/ops/accounts/import/", {"sheet": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_province_admin_creates_thirteen_cities_from_a_sheet(kind, client_for, province_admin):
    data = csv_bytes(thirteen_cities()) if kind == "csv" else xlsx_bytes(thirteen_cities())
    response = upload(client_for(province_admin), data, f"accounts.{kind}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.content.decode()
    created = User.objects.filter(username__startswith="1390000")
    assert created.count() == 26
    suqian = User.objects.get(username="13900001201")  # the 13th city's 填报员 (index 12)
    assert (suqian.name, suqian.phone, suqian.org_id) == ("填报员13", "13900001201", "321300")
    assert list(RoleAssignment.objects.filter(user=suqian).values_list("role", "org_id")) == [
        ("city_reporter", "321300")
    ]
    leader = User.objects.get(username="13900000002")
    assert RoleAssignment.objects.get(user=leader).role == "city_leader"
    # Every password is shown once on the page, works, and must be changed at first login.
    for user in created:
        assert PasswordState.objects.get(user=user).must_change
    shown = [line for line in body.split("<code>")[1:]]
    assert len(shown) == 26
    first_password = shown[0].split("</code>")[0]
    assert User.objects.get(username="13900000001").check_password(first_password)


def test_a_bad_row_creates_nothing_and_names_the_line(client_for, province_admin):
    rows = [
        *thirteen_cities()[:3],
        ["999999", "市填报员", "某人", "13800000000", ""],
        ["320100", "部长", "x", "12", ""],
    ]
    response = upload(client_for(province_admin), csv_bytes(rows), "a.csv")
    body = response.content.decode()
    assert "第 5 行：组织代码“999999”不存在" in body
    assert "第 6 行：角色“部长”不存在" in body
    assert "第 6 行：手机号“12”格式不对" in body
    assert not User.objects.filter(username__startswith="1390000").exists()


def test_a_role_must_match_the_level_and_usernames_must_be_new(client_for, province_admin, nanjing_reporter):
    rows = [
        ["320100", "省审核员", "甲", "13800000001", ""],
        ["320100", "市填报员", "乙", "13800000002", nanjing_reporter.username],
        ["320200", "市填报员", "丙", "13800000003", "dup"],
        ["320300", "市填报员", "丁", "13800000004", "dup"],
    ]
    body = upload(client_for(province_admin), csv_bytes(rows), "a.csv").content.decode()
    assert "第 2 行：省审核员不能设在地市级组织“南京市”" in body
    assert f"第 3 行：用户名“{nanjing_reporter.username}”已存在或在表中重复" in body
    assert "第 5 行：用户名“dup”已存在或在表中重复" in body
    assert "第 4 行" not in body


def test_a_province_admin_cannot_create_accounts_outside_its_subtree(client_for, province_admin):
    rows = [["000000", "部管理员", "越权", "13800000009", ""]]
    body = upload(client_for(province_admin), csv_bytes(rows), "a.csv").content.decode()
    assert "第 2 行：无权管理“部信息中心”的账号" in body
    assert not User.objects.filter(username="13800000009").exists()


def test_missing_columns_and_non_sheets_are_refused(client_for, province_admin):
    client = client_for(province_admin)
    body = upload(client, csv_bytes([["320100", "x"]], header=["组织代码", "姓名"]), "a.csv").content.decode()
    assert "第 1 行缺少列：角色、手机号" in body
    body = upload(client, b"\x00\x01binary", "a.xlsx").content.decode()
    assert "文件不是 xlsx 或 csv 格式" in body


@pytest.mark.parametrize("persona", ["nanjing_reporter", "nanjing_leader", "province_reviewer", "expert"])
def test_only_account_managers_reach_the_pages(persona, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    for url in ("/ops/accounts/", "/ops/accounts/import/", "/ops/logins/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "省管理员" in response.content.decode()
    response = upload(client, csv_bytes(thirteen_cities()[:1]), "a.csv")
    assert response.status_code == 403
    assert not User.objects.filter(username__startswith="1390000").exists()


def test_reset_gives_a_new_one_time_password_and_ends_sessions(client_for, province_admin, nanjing_reporter):
    victim = client_for(nanjing_reporter)
    assert victim.get("/").status_code == 200
    response = client_for(province_admin).post(f"/ops/accounts/{nanjing_reporter.pk}/reset/")
    assert response.status_code == 200
    password = response.content.decode().split('data-testid="one-time-password">')[1].split("<")[0]
    nanjing_reporter.refresh_from_db()
    assert nanjing_reporter.check_password(password)
    assert PasswordState.objects.get(user=nanjing_reporter).must_change
    assert victim.get("/").status_code == 302  # the old session ended with the old password


def test_a_city_cannot_reset_anyone_and_the_province_not_the_ministry(
    client_for, nanjing_reporter, suzhou_reporter, province_admin, ministry_admin
):
    before = suzhou_reporter.password
    assert client_for(nanjing_reporter).post(f"/ops/accounts/{suzhou_reporter.pk}/reset/").status_code == 403
    response = client_for(province_admin).post(f"/ops/accounts/{ministry_admin.pk}/reset/")
    assert response.status_code == 404  # not among the accounts it manages
    suzhou_reporter.refresh_from_db()
    assert suzhou_reporter.password == before


def test_the_accounts_list_shows_only_the_subtree(
    client_for, province_admin, nanjing_reporter, ministry_admin
):
    body = client_for(province_admin).get("/ops/accounts/").content.decode()
    assert nanjing_reporter.username in body
    assert ministry_admin.username not in body


def test_cli_import_writes_passwords_to_a_private_file(tmp_path, db, org_tree):
    from django.core.management import call_command

    sheet = tmp_path / "accounts.csv"
    sheet.write_bytes(csv_bytes(thirteen_cities()))
    out = tmp_path / "passwords.csv"
    call_command("accounts", "import", str(sheet), "-o", str(out))
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 26
    assert rows[0]["组织"] == "南京市" and rows[0]["角色"] == "市填报员"
    assert User.objects.get(username=rows[5]["用户名"]).check_password(rows[5]["一次性密码"])


def test_cli_refuses_a_bad_sheet_with_exit_3(tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_bytes(csv_bytes([["999999", "市填报员", "x", "13800000000", ""]]))
    env = {**os.environ, "KAOPING_VAR_DIR": str(tmp_path)}
    env.pop("KAOPING_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "kaoping.cli", "migrate", "-v0"], env=env, check=True)
    subprocess.run([sys.executable, "-m", "kaoping.cli", "demo"], env=env, check=True, capture_output=True)
    done = subprocess.run(
        [sys.executable, "-m", "kaoping.cli", "accounts", "import", str(sheet)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 3
    assert "第 2 行：组织代码“999999”不存在" in done.stderr
