#!/usr/bin/env bash
# Cleanup benchmark, one command: bash bench/cleanup.sh
# Starts a throw-away PostgreSQL (initdb/pg_ctl; as the postgres user when run as root, since initdb
# refuses root), migrates it with the production scripts, generates the fixture of
# bench/cleanup-fixture.sql (500,000 sessions, 2,000,000 interactions), then runs one full cleanup
# through the real CleanupRunner and prints total time, rows per step and the longest statement.
# Environment: BENCH_PG_PORT (default 54384); BENCH_KEEP=1 leaves the cluster running after the fixture
# is made, without running the cleanup (for experiments). The cluster is removed on exit otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${BENCH_PG_PORT:-54384}"
BIN="$(dirname "$(readlink -f "$(command -v pg_ctl 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")")"
ROOT="$(mktemp -d /tmp/event-wizard-bench-cleanup-XXXXXX)"
DATA="$ROOT/data"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$ROOT" && chmod 0755 "$ROOT"

cleanup() {
    as_pg "$BIN/pg_ctl" stop -D "$DATA" -m fast -w >/dev/null 2>&1 || true
    rm -rf "$ROOT"
}
[ "${BENCH_KEEP:-0}" = 1 ] || trap cleanup EXIT

echo "== Building the benchmark (Release)"
dotnet build bench/Bench.Cleanup -c Release -nologo -clp:ErrorsOnly -v:q >/dev/null
BENCH="dotnet bench/Bench.Cleanup/bin/Release/net10.0/Bench.Cleanup.dll"

echo "== Starting PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on port $PORT (data in $ROOT)"
as_pg "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C --auth=trust >/dev/null
# Memory sized like a small managed server. The fixture is loaded without fsync (its speed is not what
# is measured); the server is then restarted durable (fsync, full page writes) for the cleanup run.
SERVER="-p $PORT -k $ROOT -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_wal_size=4GB -c work_mem=16MB -c maintenance_work_mem=256MB"
as_pg "$BIN/pg_ctl" start -D "$DATA" -w -l "$ROOT/postgres.log" -o "$SERVER -c fsync=off -c full_page_writes=off -c synchronous_commit=off" >/dev/null

psql_as() { psql -X -q -h "$ROOT" -p "$PORT" "$@"; }
psql_as -U postgres -d postgres -v ON_ERROR_STOP=1 <<'SQL'
create role event_wizard_owner login;
create role event_wizard_runtime nologin;
create role event_wizard_app login in role event_wizard_runtime;
create database event_wizard owner event_wizard_owner;
SQL
OWNER="Host=127.0.0.1;Port=$PORT;Username=event_wizard_owner;Database=event_wizard"
RUNTIME="Host=127.0.0.1;Port=$PORT;Username=event_wizard_app;Database=event_wizard"

echo "== Migrating"
$BENCH migrate "$OWNER"

echo "== Generating the fixture"
start=$(date +%s.%N)
psql_as -U event_wizard_owner -d event_wizard -f bench/cleanup-fixture.sql
echo "Fixture generated in $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s"

as_pg "$BIN/pg_ctl" restart -D "$DATA" -w -m fast -l "$ROOT/postgres.log" -o "$SERVER" >/dev/null
if [ "${BENCH_KEEP:-0}" = 1 ]; then
    echo "Kept: psql -h $ROOT -p $PORT -U event_wizard_owner event_wizard; stop with: runuser -u postgres -- $BIN/pg_ctl stop -D $DATA"
    exit 0
fi

echo "== Running one full cleanup"
$BENCH run "$RUNTIME" "$OWNER"
