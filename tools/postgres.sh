#!/usr/bin/env bash
# Starts the machine's PostgreSQL cluster, makes a throwaway test database, prints its URL.
# Fails loudly when PostgreSQL cannot be started: the suite must run on both databases.
set -euo pipefail
db="${1:?usage: $0 DATABASE_NAME}"

fail() {
  echo "" >&2
  echo "!!! PostgreSQL could not be started: $*" >&2
  echo "!!! The test suite must run on PostgreSQL as well as SQLite; stopping." >&2
  exit 1
}

command -v pg_lsclusters >/dev/null || fail "the postgresql package is not installed"
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

cluster=$(pg_lsclusters -h | head -n 1)
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  [ -n "$version" ] || fail "no PostgreSQL server version is installed"
  pg_createcluster "$version" main >/dev/null || fail "pg_createcluster failed"
  cluster=$(pg_lsclusters -h | head -n 1)
fi
read -r version name port status _ <<<"$cluster"
if [ "$status" != "online" ]; then
  pg_ctlcluster "$version" "$name" start >&2 || fail "pg_ctlcluster $version $name start failed"
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" || fail "the server did not accept connections on port $port"

as_postgres psql -p "$port" -qtAc "SELECT 1 FROM pg_roles WHERE rolname = 'tamkeen_test'" | grep -q 1 \
  || as_postgres psql -p "$port" -qc "CREATE ROLE tamkeen_test LOGIN SUPERUSER PASSWORD 'tamkeen_test'" >&2
as_postgres psql -p "$port" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
  || as_postgres createdb -p "$port" -O tamkeen_test "$db" >&2
# A throwaway database: a commit need not wait for the disk (the suite commits thousands).
as_postgres psql -p "$port" -qc "ALTER DATABASE \"$db\" SET synchronous_commit = off" >&2

echo "postgresql+psycopg://tamkeen_test:tamkeen_test@127.0.0.1:$port/$db"
