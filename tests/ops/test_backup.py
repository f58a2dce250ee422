"""Backup and restore: a populated database (the demo, its audit log, uploads) restored into a
fresh database of either engine; every table's checksum and every file must come back equal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from kaoping.collection.models import AuditEntry, Value
from kaoping.collection.services import save_table, table_version
from kaoping.ops.backup import backup, table_checksums
from kaoping.orgs.actors import CliActor

SRC = Path(__file__).resolve().parents[2] / "src"
RESTORE_DB = f"kaoping_restore_test_{os.getpid()}"  # one per run
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def uploads(settings, tmp_path):
    settings.UPLOAD_DIR = settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.EVIDENCE_DIR = tmp_path / "uploads" / "evidence"
    (tmp_path / "uploads" / "attachments").mkdir(parents=True)
    (tmp_path / "uploads" / "attachments" / "表1-盖章.pdf").write_bytes(b"%PDF-1.4 sealed form \x00\xff")
    return tmp_path / "uploads"


@pytest.fixture
def populated(uploads, demo):
    campaign = demo.campaign
    version = table_version(campaign, "320100", "T09")
    changes = {("320100", "remark"): "备份前的说明：含“引号”与换行\n第二行", ("320100", "calls"): "575127"}
    save_table(CliActor("cli:test"), campaign, "320100", "T09", changes, version, channel="cli")
    return demo


def kaoping(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("KAOPING_")}
    return subprocess.run(
        [sys.executable, "-m", "kaoping.cli", *args],
        env={**base, "PYTHONPATH": str(SRC), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


CHECKSUMS = ["backup", "--checksums"]


def restore_and_compare(
    archive: Path, env: dict[str, str], source: dict, restored_uploads: Path, uploads: Path
):
    done = kaoping(env, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "校验和全部一致" in done.stderr
    after = json.loads(kaoping(env, *CHECKSUMS).stdout)
    assert after == source  # every table, row for row
    for path in uploads.rglob("*"):
        if path.is_file():
            assert (restored_uploads / path.relative_to(uploads)).read_bytes() == path.read_bytes()


def test_backup_restores_into_a_fresh_sqlite_database(populated, uploads, tmp_path):
    archive = tmp_path / "kaoping.zip"
    manifest = backup(archive)
    source = table_checksums()
    assert {t: {"rows": i["rows"], "sha256": i["sha256"]} for t, i in manifest["tables"].items()} == source
    assert source["collection_value"]["rows"] == Value.objects.count() > 100
    assert source["collection_auditentry"]["rows"] == AuditEntry.objects.count() > 0
    assert "attachments/表1-盖章.pdf" in {n.split("/", 1)[1] for n in manifest["files"]}
    assert "django_session" not in source
    target = tmp_path / "restored"
    env = {"KAOPING_VAR_DIR": str(target), "KAOPING_UPLOAD_DIR": str(target / "up")}
    restore_and_compare(archive, env, source, target / "up", uploads)


@pytest.mark.postgres_only
def test_backup_restores_into_a_fresh_postgresql_database(populated, uploads, tmp_path, settings):
    archive = tmp_path / "kaoping.zip"
    backup(archive)
    source = table_checksums()
    db = settings.DATABASES["default"]
    admin = psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    )  # fmt: skip
    admin.execute(f"DROP DATABASE IF EXISTS {RESTORE_DB}")
    admin.execute(f"CREATE DATABASE {RESTORE_DB}")
    try:
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        url = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{RESTORE_DB}"
        env = {
            "KAOPING_DATABASE_URL": url,
            "KAOPING_SECRET_KEY": "restore-test-" + "x1y2z3" * 10,
            "KAOPING_DATA_KEY": "0" * 32,  # the backed-up rows' key (the test process's)
            "KAOPING_VAR_DIR": str(tmp_path / "var"),
            "KAOPING_UPLOAD_DIR": str(tmp_path / "up"),
        }
        restore_and_compare(archive, env, source, tmp_path / "up", uploads)
        # A second restore into the now populated database is refused.
        again = kaoping(env, "restore", str(archive))
        assert again.returncode == 3 and "只能恢复到空数据库" in again.stderr
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {RESTORE_DB} WITH (FORCE)")
        admin.close()


def rewritten(archive: Path, target: Path, name: str, edit: Callable[[bytes], bytes]) -> Path:
    """A copy of ``archive`` with the member ``name`` passed through ``edit``."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            out.writestr(item, edit(data) if item.filename == name else data)
    return target


def test_a_damaged_archive_is_refused(populated, uploads, tmp_path):
    archive = tmp_path / "kaoping.zip"
    backup(archive)
    damaged = rewritten(
        archive,
        tmp_path / "damaged.zip",
        "tables/collection_value.jsonl",
        lambda d: d.replace(b"575127", b"575128"),
    )
    done = kaoping({"KAOPING_VAR_DIR": str(tmp_path / "r")}, "restore", str(damaged))
    assert done.returncode == 3
    assert "表 collection_value 的校验和不符" in done.stderr


def test_an_archive_with_a_column_this_version_lacks_is_refused(uploads, tmp_path):
    """The manifest names the columns each table was written with; one the models do not have
    (a hand-edited or foreign manifest) is refused by name, and nothing is restored."""
    archive = tmp_path / "kaoping.zip"
    backup(archive)

    def add_column(data: bytes) -> bytes:
        manifest = json.loads(data)
        manifest["tables"]["collection_value"]["fields"].append("colour")
        return json.dumps(manifest).encode("utf-8")

    edited = rewritten(archive, tmp_path / "edited.zip", "manifest.json", add_column)
    target = tmp_path / "r"
    env = {"KAOPING_VAR_DIR": str(target)}
    done = kaoping(env, "restore", str(edited))
    assert done.returncode == 3, done.stderr
    assert "备份的表 collection_value 有本程序没有的列：colour" in done.stderr
    assert json.loads(kaoping(env, *CHECKSUMS).stdout)["orgs_organisation"]["rows"] == 0
