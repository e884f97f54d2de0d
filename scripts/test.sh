#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL when one answers.
#   TEST_DATABASE_URL   PostgreSQL to use (default postgres://postgres@127.0.0.1:5432/achterkant)
#   REQUIRE_POSTGRES=1  a missing PostgreSQL is a failure, not a skip
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== Import contracts (import-linter)"
$BIN/lint-imports --no-cache

echo "== Tests on SQLite"
DATABASE_URL="sqlite:///$(pwd)/var/test.sqlite3" $BIN/pytest "$@"
ran="SQLite"

pg_url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/achterkant}"
if $BIN/python scripts/postgres_answers.py "$pg_url"; then
  echo "== Tests on PostgreSQL ($pg_url)"
  DATABASE_URL="$pg_url" $BIN/pytest "$@"
  ran="$ran and PostgreSQL"
elif [ "${REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "PostgreSQL does not answer at $pg_url, and REQUIRE_POSTGRES=1." >&2
  exit 1
else
  echo "== PostgreSQL does not answer at $pg_url: skipped (set REQUIRE_POSTGRES=1 to fail instead)"
fi
echo "== The suite passed on: $ran"
