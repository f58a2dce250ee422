#!/usr/bin/env bash
# The whole suite: SQLite (with the browser tests), then PostgreSQL (without them).
# Locally a missing PostgreSQL skips its leg with a reason; under CI=true it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST=.venv/bin/pytest
export HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-$([ "${CI:-}" = true ] && echo ci || echo dev)}"
PG_URL="${KAOPING_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"

echo "== suite on SQLite =="
env -u KAOPING_DATABASE_URL "$PYTEST" -m "not postgres_only" "$@"

if .venv/bin/python scripts/pg_ready.py "$PG_URL"; then
  echo "== suite on PostgreSQL =="
  KAOPING_DATABASE_URL="$PG_URL" "$PYTEST" -m "not sqlite_only and not e2e and not libreoffice" "$@"
elif [ "${CI:-}" = true ]; then
  echo "PostgreSQL at $PG_URL is not reachable, and CI=true: the PostgreSQL leg cannot be skipped." >&2
  exit 1
else
  echo "SKIPPED: the PostgreSQL leg — no server at $PG_URL (set KAOPING_TEST_POSTGRES_URL)." >&2
fi
