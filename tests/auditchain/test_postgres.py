"""The audit chain on PostgreSQL: concurrent writers do not fork it, and the application's
restricted role (``kaoping audit grants``) keeps the product working while it cannot update or
delete an audit row (docs/deploy.md 审计)."""

from __future__ import annotations

import os
import threading

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from kaoping.auditchain.grants import grant_sql
from kaoping.auditchain.keys import rotate
from kaoping.auditchain.models import Link
from kaoping.auditchain.verify import verify
from kaoping.collection.models import AuditEntry
from kaoping.collection.services import save_table, table_version
from kaoping.demo import DemoResult
from kaoping.orgs.models import LoginEvent, User
from kaoping.workflow import services, verdicts
from kaoping.workflow.models import EMAIL, Delivery, DeliveryTry, Reminder, Transition
from kaoping.workflow.states import status_of

pytestmark = pytest.mark.postgres_only

WRITERS, EACH = 4, 15


@pytest.mark.portable_sql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_append_one_unbroken_chain(sql_dialect: str) -> None:
    """Four connections append at once, each row in its own transaction (the lock is taken and
    released 60 times); the chain is 1…60 with every MAC over its predecessor's — under the
    advisory lock, and under the portable lock of the head row."""
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                LoginEvent.objects.create(username=f"w{n}-{i}", kind="login", ip="10.0.0.1")
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(Link.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 61))
    report = verify()
    assert (report.entries, report.problems) == (WRITERS * EACH, [])
    assert LoginEvent.objects.count() == WRITERS * EACH


def refused(sql: str) -> bool:
    """Run ``sql`` in a savepoint; True when PostgreSQL refuses it for lack of privilege."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError as error:
        return "permission denied" in str(error)
    return False


def test_the_restricted_role_works_and_cannot_change_the_audit(
    demo: DemoResult, nanjing_reporter: User, nanjing_leader: User, province_reviewer: User
) -> None:
    """As the application's role with the grants printed by ``kaoping audit grants``: save a
    value and submit, accept a 说明 and log a reminder's try (all audited), rotate the key, then
    UPDATE and DELETE on the audit tables are refused."""
    role = f"kaoping_app_{os.getpid()}"
    campaign, nanjing = demo.campaign, "320100"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        for statement in grant_sql(role):
            cursor.execute(statement)
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (role,)
    before = Link.objects.count(), Transition.objects.count()
    version = table_version(campaign, nanjing, "T09")
    saved = save_table(nanjing_reporter, campaign, nanjing, "T09", {(nanjing, "staff"): "21"}, version)
    assert saved.changed == 1
    services.submit(nanjing_leader, campaign, nanjing)
    assert status_of(campaign, nanjing)[0] == "submitted"
    transitions = Transition.objects.count() - before[1]  # 上报 (and 填报中 if it was not yet)
    assert transitions >= 1 and Link.objects.count() == before[0] + 1 + transitions  # and the value
    warning = verdicts.Warning(campaign, "320300", "T12", "320300", "city_staff", rule="V12-STAFF")
    verdicts.accept(province_reviewer, warning)  # updates the Verdict, appends its VerdictLog
    reminder = Reminder.objects.create(campaign=campaign, org_id=nanjing, text="请上报", sender="cli:op")
    delivery = Delivery.objects.create(
        reminder=reminder, user=nanjing_reporter, channel=EMAIL, address="a@b.cn"
    )
    DeliveryTry.objects.create(delivery=delivery, ok=True, detail="邮件服务器已接收")
    with override_settings(AUDIT_KEY="new-audit-key-2027", AUDIT_KEYS_OLD=[settings.AUDIT_KEY]):
        rotate("cli:op")
        assert verify().problems == []
    keys = {"collection_auditentry": "id", "workflow_transition": "id", "auditchain_link": "seq"}
    keys |= {"workflow_verdictlog": "id", "workflow_deliverytry": "id", "auditchain_keyrotation": "id"}
    for table, key in {**keys, "orgs_loginevent": "id", "ops_accountchange": "id"}.items():
        assert refused(f"UPDATE {table} SET {key} = {key}"), table
        assert refused(f"DELETE FROM {table}"), table
    assert refused("TRUNCATE collection_auditentry")
    assert AuditEntry.objects.filter(campaign=campaign, org_id=nanjing, new="21").exists()
