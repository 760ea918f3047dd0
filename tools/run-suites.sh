#!/usr/bin/env bash
# Runs the whole test suite on SQLite and on PostgreSQL at the same time, one per core,
# each into its own log; prints both summaries, and the full log of any run that failed.
# The browser stories (tests/browser) run once, against SQLite, the database `make run`
# serves: they test pages, scripts and accessibility, which do not depend on the database,
# and every route they visit is also requested on both databases by the other suites.
set -uo pipefail
postgres_url="${1:?usage: $0 POSTGRES_URL [pytest args]}"
shift
mkdir -p .cache
bin=.venv/bin

"$bin/pytest" --durations=15 "$@" > .cache/test-sqlite.log 2>&1 &
sqlite=$!
TAMKEEN_TEST_DATABASE_URL="$postgres_url" "$bin/pytest" --ignore=tests/browser --durations=15 "$@" > .cache/test-postgresql.log 2>&1 &
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
