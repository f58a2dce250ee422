"""Personal data at rest and on screen (docs/architecture.md, 个人信息加密): names, phones and
e-mail addresses of accounts, of the reminders' delivery log and of the account-change audit
are stored SM4-encrypted (the raw columns hold no plain text, on SQLite and PostgreSQL alike);
the person, their unit's account administrators and the command line see them in full,
everyone else masked — on the pages and in the exports."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from tests.conftest import CLI, NANJING

from kaoping.collection.services import save_table
from kaoping.ops import people
from kaoping.ops.models import PasswordState
from kaoping.orgs import secret
from kaoping.orgs.models import User
from kaoping.transfer.exports import Kind, export
from kaoping.workflow import reminders
from kaoping.workflow.models import MANUAL, Delivery

pytestmark = pytest.mark.django_db
RETIRED = "0123456789abcdef0123456789abcdef"


def raw(sql: str, *params: object) -> list[tuple[str, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


@pytest.fixture
def zhao(campaign, settings):  # type: ignore[no-untyped-def]
    """赵六明 of 南京 with a phone and an e-mail address, reminded by e-mail and SMS once."""
    new = people.NewAccount(
        "zhao.lm", "赵六明", NANJING, ("市填报员",), "13812345678", "zhao.lm@hrss.example.cn"
    )
    people.create_account(CLI, new, "cli")
    settings.EMAIL_HOST, settings.SMS_URL = "127.0.0.1", "http://127.0.0.1:9/sms"  # queued, not sent
    reminders.issue(campaign, NANJING, MANUAL, "请上报", "cli:test", date(2026, 12, 4))
    PasswordState.objects.filter(user__username="zhao.lm").update(must_change=False)  # signed in before
    return User.objects.get(username="zhao.lm")


def test_the_raw_columns_hold_no_plain_text(zhao):
    stored = raw("SELECT name, phone, email FROM orgs_user WHERE username = %s", "zhao.lm")[0]
    addresses = [a for (a,) in raw("SELECT address FROM workflow_delivery")]
    assert len(addresses) == 2  # e-mail and SMS
    audit = raw("SELECT new FROM ops_accountchange WHERE username = %s", "zhao.lm")[0]  # 姓名 赵六明；…
    for value in [*stored, *addresses, *audit]:
        assert value.startswith(f"sm4gcm${secret.current_key_id()}$")
        assert not any(plain in value for plain in ("赵", "六明", "12345678", "zhao", "hrss"))
    assert (zhao.name, zhao.phone, zhao.email) == ("赵六明", "13812345678", "zhao.lm@hrss.example.cn")
    assert sorted(Delivery.objects.values_list("address", flat=True)) == [
        "13812345678",
        "zhao.lm@hrss.example.cn",
    ]
    # the same text twice is two different ciphertexts (a fresh nonce each time)
    assert secret.encrypt("赵六明") != secret.encrypt("赵六明")


def test_a_changed_ciphertext_or_a_missing_key_is_refused_not_misread(zhao, settings):
    (stored,) = raw("SELECT name FROM orgs_user WHERE username = %s", "zhao.lm")[0]
    flipped = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]
    with pytest.raises(secret.Undecryptable, match="数据被改动或密钥不符"):
        secret.decrypt(flipped)
    settings.DATA_KEY = RETIRED  # a new key without the old one among the retired
    with pytest.raises(secret.Undecryptable, match="未配置"):
        secret.decrypt(stored)


def test_rows_from_before_encryption_are_encrypted_and_a_rotation_re_encrypts(zhao, settings):
    with connection.cursor() as cursor:  # as the data migration finds a row written before it
        cursor.execute("UPDATE orgs_user SET phone = %s WHERE username = %s", ["13900000001", "zhao.lm"])
    assert User.objects.get(username="zhao.lm").phone == "13900000001"  # plain text still reads
    old = secret.current_key_id()
    settings.DATA_KEY, settings.DATA_KEYS_RETIRED = RETIRED, [settings.DATA_KEY]  # rotation begins
    before = io.StringIO()
    call_command("datakey", "status", "--format", "json", stdout=before)
    counted = json.loads(before.getvalue())["values_by_key"]
    assert counted == {old: 5, "明文": 1}, counted  # name, e-mail, 2 addresses, the audit
    after = io.StringIO()
    call_command("datakey", "rotate", "--format", "json", stdout=after)
    assert json.loads(after.getvalue())["values_by_key"] == {secret.current_key_id(): 6}
    settings.DATA_KEYS_RETIRED = []  # the old key withdrawn: every row opens with the new one
    name, phone = raw("SELECT name, phone FROM orgs_user WHERE username = %s", "zhao.lm")[0]
    assert name.startswith(f"sm4gcm${secret.key_id(bytes.fromhex(RETIRED))}$")
    assert (secret.decrypt(name), secret.decrypt(phone)) == ("赵六明", "13900000001")


def test_without_the_right_names_phones_and_emails_are_masked_on_every_page(
    zhao, campaign, client_for, personas
):  # type: ignore[no-untyped-def]
    save_table(zhao, campaign, NANJING, "T09", {(NANJING, "seats"): "12"}, 0)
    history = f"/c/{campaign.pk}/{NANJING}/T09/history"
    log = f"/w/c/{campaign.pk}/reminders/"
    full = ("赵六明（南京市 市填报员）", "13812345678", "zhao.lm@hrss.example.cn")
    masked = ("赵*明（南京市 市填报员）", "138****5678", "z***@hrss.example.cn")
    seen = {}
    for who in (personas.province_reviewer, personas.province_admin, zhao):
        client = client_for(who)
        pages = client.get(history).content.decode() + client.get(log).content.decode()
        seen[who.username] = [text in pages for text in (*full, *masked)]
    assert seen["p_sheng_shenhe"] == [False, False, False, True, True, True]  # 省审核员: no right
    assert seen["p_sheng_admin"][:3] == [True, True, True]  # the unit's account administrator
    assert seen["zhao.lm"][0]  # the person themself (the log is the level above's page)
    page = client_for(personas.province_reviewer).get(history).content.decode()
    assert "赵六明" not in page and "zhao.lm" not in page
    api = client_for(personas.province_reviewer).get(f"/api/campaigns/{campaign.pk}/reminders").json()
    sent = sorted((d["user"], d["address"]) for d in api[0]["deliveries"])
    assert sent == [("赵*明", "138****5678"), ("赵*明", "z***@hrss.example.cn")]  # the API as the page


def test_exports_mask_a_user_name_that_is_a_phone_number(campaign, province_reviewer):
    people.create_account(
        CLI, people.NewAccount("13900000001", "钱七", NANJING, ("市填报员",), "13900000001"), "cli"
    )
    phone_named = User.objects.get(username="13900000001")
    save_table(phone_named, campaign, NANJING, "T09", {(NANJING, "seats"): "12"}, 0)
    content, _name, _type = export(province_reviewer, campaign, Kind.CSV, NANJING)
    text = content.decode("utf-8-sig")
    assert "139****0001" in text and "13900000001" not in text and "钱七" not in text
