"""Every statement of ``kaoping.dialect`` through the product's own callers, on both paths: on
PostgreSQL each test runs natively and again with ``KAOPING_SQL_DIALECT=portable`` (the
``portable_sql`` marker, tests/conftest.py); on SQLite the portable path runs."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from kaoping import dialect
from kaoping.auditchain.chain import head
from kaoping.auditchain.models import Head
from kaoping.auditchain.verify import verify
from kaoping.collection.models import Campaign, TableVersion, Value
from kaoping.collection.services.writing import claim_version
from kaoping.orgs.models import LoginEvent, RoleAssignment, User
from kaoping.workflow.models import Notification
from kaoping.workflow.notifications import notify

pytestmark = [pytest.mark.django_db, pytest.mark.portable_sql]


def test_the_path_taken(sql_dialect: str) -> None:
    assert dialect.native() is (sql_dialect == "native" and connection.vendor == "postgresql")


def test_increment_claims_each_table_version_once(sql_dialect: str, campaign: Campaign) -> None:
    assert [claim_version(campaign, "320100", "T09") for _ in range(3)] == [1, 2, 3]  # created, then bumped
    missing = {"campaign": campaign.pk, "org": "320500", "table": "T09"}
    assert dialect.increment(TableVersion, "version", missing) is None  # no such row


def test_update_rows_rewrites_each_row_and_the_shared_fields(sql_dialect: str, campaign: Campaign) -> None:
    cells = Value.objects.bulk_create(
        Value(campaign=campaign, org_id="320100", table="T09", row="320100", column=c, text="1")
        for c in ("staff", "seats", "calls")
    )
    rows = [(cells[0].pk, "20", True), (cells[2].pk, "三十", False)]
    shared = {"updated_by": "p_nanjing", "updated_at": campaign.created}
    dialect.update_rows(Value, ("text", "valid"), rows, shared)
    stored = Value.objects.filter(campaign=campaign).order_by("pk").values_list("text", "valid", "updated_by")
    assert list(stored) == [("20", True, "p_nanjing"), ("1", True, ""), ("三十", False, "p_nanjing")]
    # the moment stored as the ORM stores one: a filter on it finds the rows (on SQLite, text)
    assert Value.objects.filter(campaign=campaign, updated_at=campaign.created).count() == 2


def test_read_snapshot_sets_the_isolation_of_a_backup(sql_dialect: str) -> None:
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        dialect.read_snapshot()
        if connection.vendor != "postgresql":
            return  # SQLite: one transaction reads one snapshot already; nothing is set
        cursor.execute("SHOW transaction_isolation")
        assert cursor.fetchone() == ("repeatable read" if dialect.native() else "serializable",)


def test_insert_new_skips_what_the_unique_constraint_refuses(sql_dialect: str, org_tree: object) -> None:
    user = User.objects.create(username="p_dialect", org_id="320100")
    assert notify([user], "manual", "请上报", "/", key="k1") == 1
    assert notify([user], "manual", "请上报", "/", key="k1") == 0  # the same again adds nothing
    assert Notification.objects.filter(user=user).count() == 1
    for _ in range(2):  # the second is refused by the unique constraint, and skipped
        dialect.insert_new(RoleAssignment, [RoleAssignment(user=user, role="city_reporter", org_id="320100")])
    assert RoleAssignment.objects.filter(user=user).count() == 1


def test_lock_chain_serialises_appenders_and_the_head_row_comes_back(sql_dialect: str) -> None:
    Head.objects.all().delete()  # as a flushed database has it
    LoginEvent.objects.create(username="a", kind="login")
    LoginEvent.objects.bulk_create([LoginEvent(username=name, kind="login") for name in "bc"])
    assert head()[0] == 3 and verify().problems == []
    portable_server = connection.vendor != "sqlite" and not dialect.native()
    assert Head.objects.filter(pk=1).exists() is portable_server  # only the portable lock needs it


def test_insert_rows_stores_what_bulk_create_would_and_reads_the_keys_back(
    sql_dialect: str, campaign: Campaign
) -> None:
    cells = [
        Value(campaign=campaign, org_id="320100", table="T09", row="320100", column=c, text=t, valid=v)
        for c, t, v in (("staff", "1", True), ("seats", "二", False), ("calls", "３", True))
    ]
    with transaction.atomic():
        dialect.insert_rows(Value, cells)
    assert all(cell.pk is not None and not cell._state.adding for cell in cells)
    stored = Value.objects.in_bulk([cell.pk for cell in cells])
    assert [(stored[c.pk].column, stored[c.pk].text, stored[c.pk].valid) for c in cells] == [
        ("staff", "1", True),
        ("seats", "二", False),
        ("calls", "３", True),
    ]
    assert all(stored[c.pk].updated_at == c.updated_at is not None for c in cells)  # auto_now, as saved
    events = LoginEvent.objects.bulk_create([LoginEvent(username=name, kind="login") for name in "xyz"])
    assert [e.username for e in LoginEvent.objects.filter(pk__in=[e.pk for e in events]).order_by("pk")] == [
        "x",
        "y",
        "z",
    ]
    odd = LoginEvent.objects.bulk_create(
        [LoginEvent(username="w", kind="login", ip=ip) for ip in (None, "::ffff:1.2.3.4")]
    )
    stored_ips = (
        LoginEvent.objects.filter(pk__in=[e.pk for e in odd]).order_by("pk").values_list("ip", flat=True)
    )
    assert list(stored_ips) == [None, "::ffff:1.2.3.4"]  # prepared by its field, as bulk_create does
    assert verify().problems == []  # the chained rows, inserted here, sealed by their keys


def test_select_add_one_and_delete_rows_as_the_orm(sql_dialect: str, campaign: Campaign) -> None:
    """The save's plain statements give what the ORM gives: converted values (a boolean, a
    moment), the order asked, nothing for an empty collection; rows counted, rows removed."""
    cells = Value.objects.bulk_create(
        Value(campaign=campaign, org_id=org, table="T09", row=org, column=c, text="1", valid=c != "seats")
        for org in ("320100", "320200")
        for c in ("staff", "seats", "calls")
    )
    fields = ("org_id", "table", "row", "column", "id", "text", "valid", "updated_at")
    where = {"campaign_id": campaign.pk, "org_id__in": {"320100"}, "column__in": ["staff", "seats"]}
    orm = Value.objects.filter(campaign=campaign, org_id__in={"320100"}, column__in=["staff", "seats"])
    with transaction.atomic():
        found = dialect.select(Value, fields, where, order=("-id",), lock=True)
    assert found == list(orm.order_by("-id").values_list(*fields))
    assert [type(v) for v in found[0]] == [str, str, str, str, int, str, bool, type(cells[0].updated_at)]
    assert dialect.select(Value, ("id",), {**where, "row__in": []}) == []
    assert dialect.select(Value, ("id",), {}, order=("id",), limit=2) == [(cells[0].pk,), (cells[1].pk,)]
    for org in ("320100", "320200"):
        claim_version(campaign, org, "T09")
    assert dialect.add_one(TableVersion, "version", {"campaign_id": campaign.pk, "table": "T09"}) == 2
    assert set(TableVersion.objects.filter(campaign=campaign).values_list("version", flat=True)) == {2}
    dialect.delete_rows(Value, [cells[0].pk, cells[5].pk])
    assert list(Value.objects.order_by("pk").values_list("pk", flat=True)) == [c.pk for c in cells[1:5]]


def test_many_rows_are_one_statement_of_one_json_parameter_on_postgresql(
    sql_dialect: str, campaign: Campaign
) -> None:
    """Natively, rows go as one JSON parameter: a statement psycopg converts once and keeps;
    the rows stored (texts, booleans, the moment to the microsecond) are the same on every path."""
    seen: list[tuple[str, Any]] = []

    def spy(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append((sql, params))
        return execute(sql, params, many, context)

    names = ("campaign_id", "org_id", "table", "row", "column", "text", "valid", "updated_at", "updated_by")
    moment = campaign.created.replace(microsecond=123456)
    texts = [f"{n}'\"带\\%s" for n in range(60)]
    rows = [
        (campaign.pk, "320100", "T09", f"r{n}", "staff", texts[n], n % 2 == 0, moment, "x") for n in range(60)
    ]
    fields = ("row", "text", "valid", "updated_by", "updated_at")
    with transaction.atomic(), connection.execute_wrapper(spy):
        dialect.insert_values(Value, names, rows)
        stored = list(Value.objects.order_by("pk").values_list(*fields))
        assert stored == [(f"r{n}", texts[n], n % 2 == 0, "x", moment) for n in range(60)]
        pks = list(Value.objects.order_by("pk").values_list("pk", flat=True))
        dialect.update_rows(
            Value, ("text", "valid"), [(pk, f"新{pk}", True) for pk in pks], {"updated_by": "y"}
        )
    writes = [params for sql, params in seen if sql.startswith(("INSERT", "UPDATE"))]
    if dialect.native():
        assert [len(params) for params in writes] == [1, 2]  # the rows; the shared field, then the rows
    stored = list(Value.objects.order_by("pk").values_list(*fields))
    assert stored == [(f"r{n}", f"新{pk}", True, "y", moment) for n, pk in enumerate(pks)]


def test_a_select_of_the_same_shape_reuses_its_statement_with_its_own_values(
    sql_dialect: str, campaign: Campaign
) -> None:
    Value.objects.bulk_create(
        Value(campaign=campaign, org_id=org, table="T09", row=org, column="staff", text=org)
        for org in ("320100", "320200", "320300")
    )
    before = dialect._select_sql.cache_info().hits
    for orgs in (["320100", "320200"], ["320300", "320100"]):
        found = dialect.select(
            Value, ("text",), {"campaign_id": campaign.pk, "org_id__in": orgs}, order=("text",)
        )
        assert found == [(org,) for org in sorted(orgs)]
    assert dialect._select_sql.cache_info().hits > before  # the second: the same statement, other values
    assert dialect.select(Value, ("text",), {"org_id__in": ["320300"]}) == [("320300",)]  # another shape
