"""The demo and the organisation tree, built once per test run and copied into each test.

Building the demo takes seconds (every value goes through the services, the rules and the
audit log) and syncing the organisation tree from its YAML about one. ``build`` runs both once,
when the session's test database is set up, keeps every row they wrote in memory and rolls the
database back to empty. A test that asks for ``demo`` (or ``org_tree``) gets those rows
inserted as they were — the same primary keys and values — inside its own transaction, which
rolls back when it ends: each test starts from the same fresh demo, and a test that asks for
neither starts from an empty database, as it always did. Tests on a transactional database
(a live server, ``django_db(transaction=True)``) build the demo themselves, as before.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from kaoping.core.orgs import OrgTree
from kaoping.demo import DemoResult, build_demo
from kaoping.orgs import access
from kaoping.orgs.models import Organisation
from kaoping.orgs.sync import sync_orgs


@dataclass(frozen=True)
class Rows:
    """One model's rows as one INSERT: its SQL and each row's values, ready for the database."""

    model: type[Model]
    sql: str
    values: list[tuple[Any, ...]]
    stamp: int | None  # the column set to now at each copy (the organisation tree's freshness)

    @classmethod
    def of(cls, model: type[Model], objects: list[Model]) -> Rows:
        fields = list(model._meta.concrete_fields)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
        values = [
            tuple(f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields) for o in objects
        ]
        stamp = next((i for i, f in enumerate(fields) if f.name == "updated"), None)
        return cls(model, sql, values, stamp if model is Organisation else None)

    def insert(self) -> None:
        values = self.values
        if self.stamp is not None:  # each test's tree is read anew, as after a sync
            now = Organisation._meta.get_field("updated").get_db_prep_save(timezone.now(), connection)
            values = [(*v[: self.stamp], now, *v[self.stamp + 1 :]) for v in values]
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, values)


@dataclass
class Snapshot:
    """What ``build_demo`` wrote, by model, and what its result and evidence files were."""

    orgs: list[Rows]
    demo: list[Rows]
    result: DemoResult
    evidence: dict[str, bytes]  # stored name → content


@dataclass
class Copied:
    """Per test: what has been inserted so far."""

    orgs: bool = False
    demo: bool = False
    evidence: set[Path] = field(default_factory=set)


_SNAPSHOT: Snapshot | None = None


def _models() -> list[type[Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]


def build() -> None:
    """Build the demo in the empty test database, keep its rows, roll back (once per run)."""
    global _SNAPSHOT
    from kaoping.evaluation.evidence import evidence_dir
    from kaoping.evaluation.models import Evidence

    before = {m: set(m._base_manager.values_list("pk", flat=True)) for m in _models()}  # migrations' rows
    with transaction.atomic():
        result = build_demo()
        rows: list[Rows] = []
        for model in _models():
            found = [o for o in model._base_manager.order_by("pk") if o.pk not in before[model]]
            if found:
                rows.append(Rows.of(model, found))
        files = {e.stored: (evidence_dir() / e.stored).read_bytes() for e in Evidence.objects.all()}
        transaction.set_rollback(True)
    orgs = [r for r in rows if r.model is Organisation]
    _SNAPSHOT = Snapshot(orgs=orgs, demo=rows, result=result, evidence=files)


def _insert(rows: list[Rows]) -> None:
    # the values as they were built: no auto_now, no save() of the append-only models; the
    # foreign keys are checked at the end of the test's transaction, which never commits
    for table in rows:
        table.insert()
    with connection.cursor() as cursor:  # PostgreSQL: the sequences past the inserted keys
        for sql in connection.ops.sequence_reset_sql(no_style(), [table.model for table in rows]):
            cursor.execute(sql)


def org_tree(copied: Copied) -> OrgTree:
    """The organisation tree as ``sync_orgs`` leaves an empty database."""
    assert _SNAPSHOT is not None
    if not copied.orgs:
        if Organisation.objects.exists():  # a fixture of the test wrote organisations itself
            return sync_orgs()
        _insert(_SNAPSHOT.orgs)
        copied.orgs = True
    return access.org_tree()


def demo_rows(copied: Copied) -> None:
    """The demo's rows; before any other fixture of the test writes (their keys are the demo's)."""
    assert _SNAPSHOT is not None
    if copied.demo:
        return
    assert not copied.orgs, "the demo is copied before the organisation tree"
    _insert(_SNAPSHOT.demo)
    copied.demo = copied.orgs = True


def demo(copied: Copied) -> DemoResult:
    """``build_demo``'s result, with its campaigns read afresh and its evidence files in place."""
    from kaoping.collection.models import Campaign
    from kaoping.evaluation.evidence import evidence_dir

    assert _SNAPSHOT is not None
    demo_rows(copied)
    folder = evidence_dir()
    if folder not in copied.evidence:
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in _SNAPSHOT.evidence.items():
            if not (folder / name).exists():
                (folder / name).write_bytes(content)
        copied.evidence.add(folder)
    built = _SNAPSHOT.result
    return dataclasses.replace(
        built,
        campaign=Campaign.objects.get(pk=built.campaign.pk),
        evaluation=Campaign.objects.get(pk=built.evaluation.pk) if built.evaluation else None,
        logins=list(built.logins),
        skipped=list(built.skipped),
    )
