"""``kaoping audit grants --role NAME``: the SQL an owner runs on PostgreSQL so that the
application's role may read and append to the audit tables but never update or delete them
(docs/deploy.md 审计); every other table it may read and write. Run after every ``migrate``
(a new table needs its grant). Built from the models: no database connection is needed."""

from __future__ import annotations

import re

from django.apps import apps

from kaoping.auditchain.chain import chained_models
from kaoping.auditchain.models import Cut, Link

ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
READ_ONLY = {"django_migrations"}


class BadRole(ValueError):
    pass


def audit_tables() -> list[str]:
    """The tables the application may only read and append to."""
    sealed = {m._meta.db_table for m in chained_models().values()}
    return sorted(sealed | {Link._meta.db_table, Cut._meta.db_table})


def app_tables() -> list[str]:
    tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    return sorted(tables - set(audit_tables()))


def grant_sql(role: str) -> list[str]:
    if not ROLE.match(role):
        raise BadRole(f"数据库角色名 {role!r} 不合规：只能用小写字母、数字和下划线，且不以数字开头")
    lines = [f"GRANT USAGE ON SCHEMA public TO {role};"]
    lines += [f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "{t}" TO {role};' for t in app_tables()]
    for table in audit_tables():
        lines.append(f'REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "{table}" FROM {role};')
        lines.append(f'GRANT SELECT, INSERT ON TABLE "{table}" TO {role};')
    lines += [f'REVOKE ALL ON TABLE "{t}" FROM {role};' for t in sorted(READ_ONLY)]
    lines += [f'GRANT SELECT ON TABLE "{t}" TO {role};' for t in sorted(READ_ONLY)]
    lines.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};")
    return lines
