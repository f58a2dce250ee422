"""Django for a benchmark on PostgreSQL: the repository's packages on the path, the product's
settings with a throw-away test database (``KAOPING_DATABASE_URL`` if it names PostgreSQL, else
the tests' ``KAOPING_TEST_POSTGRES_URL``, else postgres://postgres@127.0.0.1:5432/test), set up.
Imported first by the benchmarks that time pages on PostgreSQL."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaoping.settings")
os.environ.setdefault("KAOPING_TESTING", "1")  # a throw-away test database, as the tests use
if not os.environ.get("KAOPING_DATABASE_URL", "").startswith("postgres"):
    os.environ["KAOPING_DATABASE_URL"] = (
        os.environ.get("KAOPING_TEST_POSTGRES_URL") or "postgres://postgres@127.0.0.1:5432/test"
    )

import django  # noqa: E402

django.setup()
