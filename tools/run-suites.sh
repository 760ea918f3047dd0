#!/usr/bin/env bash
# Runs the whole test suite on SQLite and on PostgreSQL at the same time, one per core,
# each into its own log; prints both summaries, and the full log of any run that failed.
#
# What runs once, and where:
# - The browser tests (tests/browser) run once: they test pages, scripts and accessibility,
#   which do not depend on the database, and every route they visit is also requested on
#   both databases by the other suites. Most run beside SQLite, the database `make run`
#   serves; the files in `beside_postgresql` run against PostgreSQL, so that the two runs
#   end together (their share is chosen from the runs' --durations, .cache/test-*.log).
# - Tests marked `one_database` (pyproject.toml: documents, static files, catalogues, the
#   bundled content) run against SQLite only.
set -uo pipefail
postgres_url="${1:?usage: $0 POSTGRES_URL [pytest args]}"
shift
mkdir -p .cache
bin=.venv/bin

beside_postgresql=(
  tests/browser/test_trainer_content_xss.py
  tests/browser/test_cohorts.py
  tests/browser/test_every_field_xss.py
  tests/browser/test_quiz_authoring.py
  tests/browser/test_display_name_xss.py
  tests/browser/test_facilitator_guides.py
)
sqlite_ignores=()
postgresql_ignores=()
for file in tests/browser/test_*.py; do
  if [[ " ${beside_postgresql[*]} " == *" $file "* ]]; then
    sqlite_ignores+=("--ignore=$file")
  else
    postgresql_ignores+=("--ignore=$file")
  fi
done

"$bin/pytest" "${sqlite_ignores[@]}" --durations=25 "$@" > .cache/test-sqlite.log 2>&1 &
sqlite=$!
TAMKEEN_TEST_DATABASE_URL="$postgres_url" "$bin/pytest" "${postgresql_ignores[@]}" \
  -m "not one_database" --durations=25 "$@" > .cache/test-postgresql.log 2>&1 &
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
