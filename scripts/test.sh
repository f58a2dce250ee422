#!/usr/bin/env bash
# The whole suite on SQLite (with the browser tests) and on PostgreSQL (without them), and the
# hostile-input harness (tests/hostile: a live gunicorn on its own PostgreSQL database; it
# prints its counts). The three share nothing (each its own database and var/ folder), so they
# run side by side and their reports are printed one after the other.
# Locally a missing PostgreSQL skips its leg with a reason; under CI=true it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST=.venv/bin/pytest
export HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-$([ "${CI:-}" = true ] && echo ci || echo dev)}"
PG_URL="${KAOPING_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
LOGS="$(mktemp -d)"
trap 'rm -rf "$LOGS"' EXIT

sqlite_leg() {
  env -u KAOPING_DATABASE_URL KAOPING_VAR_DIR="$PWD/var/test-sqlite" \
    "$PYTEST" -m "not postgres_only and not hostile" "$@"
}

# tests/core tests the pure-Python core, which never touches a database (docs/architecture.md):
# it runs once, on the SQLite leg, not again on PostgreSQL.
postgres_leg() {
  KAOPING_DATABASE_URL="$PG_URL" KAOPING_VAR_DIR="$PWD/var/test-postgres" \
    "$PYTEST" -m "not sqlite_only and not e2e and not libreoffice and not hostile" --ignore=tests/core "$@"
}

# The harness (docs/architecture.md, Tests): 10 rounds, about 11,000 inputs, 1,200 workbooks.
hostile_leg() {
  KAOPING_DATABASE_URL="$PG_URL" KAOPING_VAR_DIR="$PWD/var/test-hostile" \
    KAOPING_HOSTILE_ROUNDS="${KAOPING_HOSTILE_ROUNDS:-10}" "$PYTEST" -m hostile -q tests/hostile
}

if .venv/bin/python scripts/pg_ready.py "$PG_URL"; then
  hostile_leg >"$LOGS/hostile" 2>&1 &
  hostile_pid=$!
  sqlite_leg "$@" >"$LOGS/sqlite" 2>&1 &
  sqlite_pid=$!
  postgres_leg "$@" >"$LOGS/postgres" 2>&1 &
  postgres_pid=$!
  sqlite_rc=0 postgres_rc=0 hostile_rc=0
  wait "$sqlite_pid" || sqlite_rc=$?
  echo "== suite on SQLite =="
  cat "$LOGS/sqlite"
  wait "$postgres_pid" || postgres_rc=$?
  echo "== suite on PostgreSQL =="
  cat "$LOGS/postgres"
  wait "$hostile_pid" || hostile_rc=$?
  echo "== hostile-input harness (PostgreSQL) =="
  cat "$LOGS/hostile"
  echo "SQLite leg exit $sqlite_rc, PostgreSQL leg exit $postgres_rc, hostile-input harness exit $hostile_rc"
  [ "$sqlite_rc" -eq 0 ] && [ "$postgres_rc" -eq 0 ] && [ "$hostile_rc" -eq 0 ]
elif [ "${CI:-}" = true ]; then
  echo "PostgreSQL at $PG_URL is not reachable, and CI=true: the PostgreSQL leg cannot be skipped." >&2
  exit 1
else
  echo "== suite on SQLite =="
  sqlite_leg "$@"
  echo "SKIPPED: the PostgreSQL leg — no server at $PG_URL (set KAOPING_TEST_POSTGRES_URL)." >&2
fi
