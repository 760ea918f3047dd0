#!/usr/bin/env bash
# Runs the whole test suite on SQLite and on PostgreSQL at the same time, one per core,
# each into its own log; prints both summaries, and the full log of any run that failed.
# The browser tests (tests/browser) run once: they test pages, scripts and accessibility,
# which do not depend on the database, and every route they visit is also requested on both
# databases by the other suites. The stories run against SQLite, the database `make run`
# serves; the sweep of trainers' content for script runs beside the PostgreSQL suite, which
# would otherwise end a minute and a half before the SQLite one.
set -uo pipefail
postgres_url="${1:?usage: $0 POSTGRES_URL [pytest args]}"
shift
mkdir -p .cache
bin=.venv/bin

beside_postgresql=tests/browser/test_trainer_content_xss.py
sqlite_only=()
for file in tests/browser/test_*.py; do
  [ "$file" = "$beside_postgresql" ] || sqlite_only+=("--ignore=$file")
done

"$bin/pytest" --ignore="$beside_postgresql" --durations=15 "$@" > .cache/test-sqlite.log 2>&1 &
sqlite=$!
TAMKEEN_TEST_DATABASE_URL="$postgres_url" "$bin/pytest" "${sqlite_only[@]}" --durations=15 "$@" > .cache/test-postgresql.log 2>&1 &
postgresql=$!

wait $sqlite; sqlite_status=$?
wait $postgresql; postgresql_status=$?

status=0
for run in sqlite postgresql; do
  code_var="${run}_status"
  echo "=== ${run}: $(tail -n 1 .cache/test-$run.log)"
  if [ "${!code_var}" -ne 0 ]; then
    status=1
    echo "--- full log of the ${run} run (.cache/test-${run}.log):"
    cat ".cache/test-$run.log"
  fi
done
exit $status
