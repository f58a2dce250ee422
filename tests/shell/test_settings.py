"""Typed settings from the environment: SQLite by default, loud failure without a production secret."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[2] / "src")


def settings_in(env: dict[str, str], expr: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KAOPING_")}
    code = f"import sys; sys.path.insert(0, {SRC!r}); import kaoping.settings as s; print(repr(({expr},)))"
    return subprocess.run(
        [sys.executable, "-c", code], env=clean | env, capture_output=True, text=True, timeout=60
    )


def test_production_without_a_secret_key_fails_loudly(tmp_path):
    result = settings_in(
        {"KAOPING_DATABASE_URL": "postgres://u@127.0.0.1:5432/prod", "KAOPING_VAR_DIR": str(tmp_path)}, "1"
    )
    assert result.returncode != 0
    assert "KAOPING_SECRET_KEY" in result.stderr


def test_production_without_a_valid_data_key_fails_loudly(tmp_path):
    prod = {"KAOPING_DATABASE_URL": "postgres://u@127.0.0.1:5432/prod", "KAOPING_SECRET_KEY": "k" * 60}
    missing = settings_in(prod, "1")
    assert missing.returncode != 0 and "KAOPING_DATA_KEY" in missing.stderr
    short = settings_in(prod | {"KAOPING_DATA_KEY": "abc"}, "1")
    assert short.returncode != 0 and "32 位十六进制数" in short.stderr
    key = tmp_path / "data_key"
    key.write_text("00112233445566778899aabbccddeeff\n", encoding="utf-8")
    kept = settings_in(prod | {"KAOPING_DATA_KEY_FILE": str(key)}, "s.DATA_KEY")
    assert ast.literal_eval(kept.stdout) == ("00112233445566778899aabbccddeeff",), kept.stderr


def test_the_secret_key_is_read_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t-from-file\n", encoding="utf-8")
    env = {
        "KAOPING_DATABASE_URL": "postgres://u@127.0.0.1:5432/prod",
        "KAOPING_SECRET_KEY_FILE": str(secret),
        "KAOPING_DATA_KEY": "0123456789abcdef" * 2,
    }
    result = settings_in(env, "s.SECRET_KEY, s.DATABASES['default']['ENGINE']")
    assert result.returncode == 0, result.stderr
    assert ast.literal_eval(result.stdout) == ("s3cr3t-from-file", "django.db.backends.postgresql")


def test_the_default_is_an_embedded_sqlite_database_with_a_kept_random_key(tmp_path):
    env = {"KAOPING_VAR_DIR": str(tmp_path)}
    first = settings_in(env, "s.DATABASES['default']['NAME'], s.SECRET_KEY")
    second = settings_in(env, "s.SECRET_KEY")
    assert first.returncode == 0, first.stderr
    name, key = ast.literal_eval(first.stdout)
    assert name == str(tmp_path / "kaoping.sqlite3")
    assert len(key) > 40 and ast.literal_eval(second.stdout) == (key,)  # random once, then kept


def test_language_time_zone_and_hosts(tmp_path):
    env = {"KAOPING_VAR_DIR": str(tmp_path), "KAOPING_ALLOWED_HOSTS": "kaoping.example.cn, 10.0.0.5"}
    result = settings_in(env, "s.LANGUAGE_CODE, s.TIME_ZONE, s.ALLOWED_HOSTS, [c for c, _ in s.LANGUAGES]")
    assert (
        result.stdout.strip()
        == "('zh-hans', 'Asia/Shanghai', ['kaoping.example.cn', '10.0.0.5'], ['zh-hans', 'en'])"
    )
