"""Backup and restore: every table and every uploaded file in one zip, with a manifest and checksums.

The archive holds ``manifest.json`` (format, schema state, per-table row count and SHA-256,
per-file size and SHA-256), ``tables/<db_table>.jsonl`` (one JSON array per row, rows in
primary-key order) and ``files/<SETTING>/<path>`` (the upload directories). Values are
written engine-neutrally (UTC timestamps, decimals as text), so a backup taken on SQLite
restores into PostgreSQL and back, and the checksums of a restored database equal the
backup's. Sessions are not kept (everyone logs in again).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.sql import InsertQuery
from django.utils import timezone

from kaoping import dialect

FORMAT = "kaoping-backup/1"
SKIPPED_TABLES = {"django_session"}
UPLOAD_SETTINGS = ("UPLOAD_DIR", "MEDIA_ROOT", "EVIDENCE_DIR", "ATTACHMENT_DIR")


class BackupError(Exception):
    """The archive cannot be restored here (damaged, other schema, database not empty)."""


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model whose table exists (an app whose migration is not yet written is left)."""
    existing = set(connection.introspection.table_names())
    seen: set[str] = set()
    out = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in SKIPPED_TABLES or meta.db_table in seen:
            continue
        if meta.db_table not in existing:
            continue
        seen.add(meta.db_table)
        out.append(model)
    return sorted(out, key=lambda m: m._meta.db_table)


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def encode(value: Any) -> Any:
    """A JSON value that reads the same whatever engine it came from."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | memoryview):
        return {"$base64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def decode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dict) and set(value) == {"$base64"}:
        return base64.b64decode(value["$base64"])
    if isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.DurationField):
        return dt.timedelta(seconds=value)
    return field.to_python(value)


def _line(row: list[Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _sort_key(line_and_pk: tuple[str, Any]) -> tuple[int, Any]:
    pk = line_and_pk[1]
    return (0, pk) if isinstance(pk, int) else (1, str(pk))


def table_lines(model: type[models.Model]) -> list[str]:
    """The table's rows as JSON lines, ordered by primary key (in Python: collations differ)."""
    fields = _fields(model)
    pk_index = fields.index(model._meta.pk) if model._meta.pk in fields else 0
    rows = model._base_manager.values_list(*[f.attname for f in fields]).iterator(chunk_size=5000)
    pairs = [(_line([encode(v) for v in row]), row[pk_index]) for row in rows]
    return [line for line, _ in sorted(pairs, key=_sort_key)]


def checksum(lines: list[str]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def table_checksums() -> dict[str, dict[str, Any]]:
    """{db_table: {"rows", "sha256"}} of the database as it is now."""
    out = {}
    for model in backed_up_models():
        lines = table_lines(model)
        out[model._meta.db_table] = {"rows": len(lines), "sha256": checksum(lines)}
    return out


def upload_dirs() -> dict[str, Path]:
    """The directories holding uploads, by setting name; one nested in another is covered by it."""
    found = {name: Path(getattr(settings, name)) for name in UPLOAD_SETTINGS if getattr(settings, name, None)}
    out: dict[str, Path] = {}
    for name, path in sorted(found.items(), key=lambda item: len(str(item[1].resolve()))):
        resolved = path.resolve()
        if not any(resolved == p.resolve() or resolved.is_relative_to(p.resolve()) for p in out.values()):
            out[name] = path
    return out


def _files() -> Iterator[tuple[str, Path]]:
    for name, root in upload_dirs().items():
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    yield f"{name}/{path.relative_to(root).as_posix()}", path


def schema_state() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def backup(target: Path) -> dict[str, Any]:
    """Write the archive; returns its manifest. One repeatable-read snapshot on PostgreSQL."""
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created": timezone.now().astimezone(dt.UTC).isoformat(),
        "engine": connection.vendor,
        "schema": {},
        "tables": {},
        "files": {},
    }
    tmp = target.with_name(target.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        with transaction.atomic():
            dialect.read_snapshot()  # every table from the same moment
            manifest["schema"] = schema_state()
            for model in backed_up_models():
                lines = table_lines(model)
                table = model._meta.db_table
                archive.writestr(f"tables/{table}.jsonl", "".join(line + "\n" for line in lines))
                manifest["tables"][table] = {
                    "model": model._meta.label,
                    "fields": [f.attname for f in _fields(model)],
                    "rows": len(lines),
                    "sha256": checksum(lines),
                }
        for name, path in _files():
            data = path.read_bytes()
            archive.writestr(f"files/{name}", data)
            manifest["files"][name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    tmp.replace(target)
    return manifest


def read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError("不是 kaoping 备份文件（缺少 manifest.json）") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 不受支持（需要 {FORMAT}）")
    return manifest


def _insert(
    model: type[models.Model], fields: list[models.Field[Any, Any]], objs: list[models.Model]
) -> None:
    """Insert as stored (raw: no auto_now, no signals), in batches the engine accepts."""
    if not objs:
        return
    size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
    for start in range(0, len(objs), size):
        query = InsertQuery(model)
        query.insert_values(fields, objs[start : start + size], raw=True)
        query.get_compiler(connection=connection).execute_sql(returning_fields=None)


def _database_is_empty() -> bool:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return not user_model._base_manager.exists()


def restore(source: Path, *, force: bool = False) -> dict[str, Any]:
    """Load the archive into this database (migrated first), then prove it by the checksums."""
    with zipfile.ZipFile(source) as archive:
        manifest = read_manifest(archive)
        for name, info in manifest["tables"].items():
            if checksum(archive.read(f"tables/{name}.jsonl").decode("utf-8").splitlines()) != info["sha256"]:
                raise BackupError(f"备份文件已损坏：表 {name} 的校验和不符")
        call_command("migrate", interactive=False, verbosity=0)
        if schema_state() != manifest["schema"]:
            raise BackupError("备份的数据库结构版本与本程序不同：请用备份时的版本恢复，再升级并 migrate")
        if not force and not _database_is_empty():
            raise BackupError("目标数据库已有用户数据：只能恢复到空数据库（或加 --force 清空后恢复）")
        by_table = {m._meta.db_table: m for m in backed_up_models()}
        missing = sorted(set(manifest["tables"]) - set(by_table))
        if missing:
            raise BackupError("本程序没有这些表：" + "、".join(missing))
        with transaction.atomic():
            tables = list(manifest["tables"])
            flush = connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=True)
            connection.ops.execute_sql_flush(flush)
            for table, info in manifest["tables"].items():
                model = by_table[table]
                fields = _stored_fields(model, info["fields"])
                objs = []
                for line in archive.read(f"tables/{table}.jsonl").decode("utf-8").splitlines():
                    obj = model()
                    for field, value in zip(fields, json.loads(line), strict=True):
                        setattr(obj, field.attname, decode(field, value))
                    objs.append(obj)
                _insert(model, fields, objs)
            reset = connection.ops.sequence_reset_sql(no_style(), [by_table[t] for t in tables])
            with connection.cursor() as cursor:
                for sql in reset:
                    cursor.execute(sql)
        _restore_files(archive, manifest)
    found = table_checksums()
    differ = [t for t, info in manifest["tables"].items() if found.get(t, {}).get("sha256") != info["sha256"]]
    if differ:
        raise BackupError("恢复后校验和不符：" + "、".join(differ))
    return manifest


def _stored_fields(model: type[models.Model], attnames: list[str]) -> list[models.Field[Any, Any]]:
    """The model's columns the archive stored, in its order; a column this version lacks is refused."""
    by_attname = {f.attname: f for f in _fields(model)}
    unknown = [a for a in attnames if a not in by_attname]
    if unknown:
        raise BackupError(f"备份的表 {model._meta.db_table} 有本程序没有的列：" + "、".join(unknown))
    return [by_attname[a] for a in attnames]


def _restore_files(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    dirs = upload_dirs()
    for name, info in manifest["files"].items():
        setting, _, relative = name.partition("/")
        root = dirs.get(setting)
        if root is None:
            raise BackupError(f"本程序没有上传目录 {setting}")
        target = (root / relative).resolve()
        if not target.is_relative_to(root.resolve()):
            raise BackupError(f"备份中的文件路径不安全：{name}")
        data = archive.read(f"files/{name}")
        if hashlib.sha256(data).hexdigest() != info["sha256"]:
            raise BackupError(f"备份文件已损坏：{name} 的校验和不符")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
