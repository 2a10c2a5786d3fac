#!/usr/bin/env bash
# Autosave benchmark, one command: bash bench/sessions.sh
#
# Builds Release, starts the DevHost on 127.0.0.1:${BENCH_PORT:-7083} with a throw-away PostgreSQL of its own
# (DevHost:PostgresPort on a free port; its folder is deleted afterwards), seeds sessions for several tenants
# over HTTP with real HS256 tokens, then drives create, GET and autosave PATCH with wrk at 16 connections, and
# runs pgbench with the same SQL transaction as the autosave (tenant setting + the one autosave statement, one
# round trip) at 16 clients against the same database. Prints requests/s, p50/p99, CPU per request (DevHost and
# PostgreSQL), what the machine did meanwhile (bench/lib.sh's bench_machine_stalls) and the ratio HTTP/pgbench.
#
# Settings (environment): BENCH_PORT, BENCH_DURATION (seconds per run, default 20), BENCH_TENANTS (8),
# BENCH_SESSIONS (sessions per tenant, 250), BENCH_CONNECTIONS (16), and bench/lib.sh's BENCH_SYNCHRONOUS_COMMIT
# (on; it applies to the pgbench runs alike) and BENCH_LOG_LEVEL (the shipped logging).
# The DevHost runs as `dotnet run --project DevHost` does: its own PostgreSQL, Npgsql's automatic preparation,
# a pool of 16 connections.
source "$(dirname "$0")/lib.sh"

BENCH_PORT=${BENCH_PORT:-7083} BENCH_DURATION=${BENCH_DURATION:-20} BENCH_TENANTS=${BENCH_TENANTS:-8}
BENCH_SESSIONS=${BENCH_SESSIONS:-250} BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-16}
DURATION=$BENCH_DURATION TENANTS=$BENCH_TENANTS SESSIONS=$BENCH_SESSIONS CONNECTIONS=$BENCH_CONNECTIONS
WORK=$BENCH_WORK

if ! command -v wrk >/dev/null 2>&1; then
    echo "Installing wrk (Debian package)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
command -v pgbench >/dev/null 2>&1 || { echo "pgbench missing: apt-get install -y postgresql-client"; exit 1; }

bench_build
bench_start_devhost
PORT=$BENCH_PORT PGPORT=$BENCH_PG_PORT HOST_PID=$BENCH_HOST_PID

python3 bench/sessions_bench.py seed "$PORT" "$TENANTS" "$SESSIONS"
# Every session at the last data stage: an autosave at or behind the current stage is the one-statement path (a move
# forward is judged on the careful path, sessions.md), so session n, autosaving stage n % 5, moves back to it once
# (in the warm-up) and then types into it, as a person does. pgbench's statement then updates a row every time too.
bench_psql_super event_wizard -c "update wizard_sessions set current_stage = 'paymentSetup'"
# Fresh statistics, as a live database has them (a 2,000-row table planned with empty-table statistics can pick
# a scan of every in-progress session instead of the unique key).
bench_analyze
for kind in patch get create; do
    python3 bench/sessions_bench.py lua "$kind" "$TENANTS" "$SESSIONS" "$WORK/$kind.lua"
done
# Warm-up (JIT, pools; most sessions get their stage's payload once): the measured PATCHes are steady-state autosaves.
bench_wrk "$WORK/warmup.out" 10 "$CONNECTIONS" -s "$WORK/patch.lua" "http://127.0.0.1:$PORT"

# Sum of all session versions (as the superuser, past RLS): a check that pgbench's transactions really wrote.
versions() { bench_psql_super event_wizard -At -c "select coalesce(sum(version), 0) from wizard_sessions"; }
# CPU per request, and what the machine did meanwhile (bench_machine_stalls): a run the hypervisor took CPU from is
# slower for it.
cpu_report() { # label requests host_before host_after pg_before pg_after stalls_before
    echo "  CPU per request: DevHost $(bench_ms_per_request $(( $4 - $3 )) "$2") ms, PostgreSQL $(bench_ms_per_request $(( $6 - $5 )) "$2") ms"
    local io_ms steal_ms
    read -r io_ms steal_ms < <(bench_machine_stalls_since "$7")
    echo "  machine meanwhile: some task waited on I/O ${io_ms} ms, the hypervisor took ${steal_ms} ms of CPU"
}

run_wrk() {
    local kind=$1 label=${2:-HTTP $1} var=${3:-$1}
    local host0 pg0 host1 pg1 stalls
    host0=$(bench_ticks "$HOST_PID"); pg0=$(bench_pg_ticks); stalls=$(bench_machine_stalls)
    bench_wrk "$WORK/$kind.out" "$DURATION" "$CONNECTIONS" -s "$WORK/$kind.lua" "http://127.0.0.1:$PORT"
    local rps p50 p99 bad requests
    read -r rps p50 p99 bad requests < <(bench_wrk_figures "$WORK/$kind.out")
    printf '%-28s %10.0f req/s   p50 %7.2f ms   p99 %7.2f ms   non-2xx %s\n' "$label" "$rps" "$p50" "$p99" "$bad"
    eval "${var}_rps=$rps"
    host1=$(bench_ticks "$HOST_PID"); pg1=$(bench_pg_ticks)
    cpu_report "$kind" "$requests" "$host0" "$host1" "$pg0" "$pg1" "$stalls"
}

echo
echo "Results ($CONNECTIONS connections, ${DURATION}s each, $TENANTS tenants x $SESSIONS sessions; DevHost, PostgreSQL, wrk and pgbench share the cores)"
bench_command BENCH_PORT BENCH_DURATION BENCH_TENANTS BENCH_SESSIONS BENCH_CONNECTIONS
run_wrk patch
SCRIPTS=$(python3 bench/sessions_bench.py pgbench "$TENANTS" "$SESSIONS" "$WORK")
PGBENCH_ARGS=()
for script in $SCRIPTS; do PGBENCH_ARGS+=(-f "$script@1"); done
pg0=$(bench_pg_ticks); v0=$(versions); stalls=$(bench_machine_stalls)
(cd "$WORK" && PGPASSWORD=local-app-password pgbench -h 127.0.0.1 -p "$PGPORT" -U event_wizard_app -n -M simple \
    -c "$CONNECTIONS" -j 2 -T "$DURATION" -l "${PGBENCH_ARGS[@]}" event_wizard >"$WORK/pgbench.out" 2>&1) \
    || { cat "$WORK/pgbench.out"; exit 1; }
pg_tps=$(awk '/^tps/ { print $3; exit }' "$WORK/pgbench.out")
read -r pg_p50 pg_p99 < <(python3 bench/sessions_bench.py percentiles "$WORK")
pg_failed=$(awk '/number of failed transactions/ { print $5; exit }' "$WORK/pgbench.out")
printf '%-28s %10.0f tps     p50 %7.2f ms   p99 %7.2f ms   failed %s\n' "pgbench autosave SQL" "$pg_tps" "$pg_p50" "$pg_p99" "${pg_failed:-0}"
bench_pg_clients_gone; pg1=$(bench_pg_ticks); v1=$(versions)
echo "  sessions written: $((v1 - v0))"
cpu_report pgbench "$(awk '/number of transactions actually processed/ { split($6, a, "/"); print a[1]; exit }' "$WORK/pgbench.out")" 0 0 "$pg0" "$pg1" "$stalls"
# The same transaction with prepared statements (pipeline, -M prepared): how the DevHost sends it (Npgsql's
# automatic preparation), and how much of PostgreSQL's share is parsing and planning when it is not prepared.
PREPARED_ARGS=()
for script in $SCRIPTS; do PREPARED_ARGS+=(-f "${script/autosave_/autosave_prepared_}@1"); done
mkdir -p "$WORK/prepared"
pg0=$(bench_pg_ticks); v0=$(versions); stalls=$(bench_machine_stalls)
(cd "$WORK/prepared" && PGPASSWORD=local-app-password pgbench -h 127.0.0.1 -p "$PGPORT" -U event_wizard_app -n -M prepared \
    -c "$CONNECTIONS" -j 2 -T "$DURATION" -l "${PREPARED_ARGS[@]}" event_wizard >"$WORK/pgbench-prepared.out" 2>&1) \
    || { cat "$WORK/pgbench-prepared.out"; exit 1; }
bench_pg_clients_gone; pg1=$(bench_pg_ticks); v1=$(versions)
read -r pp_p50 pp_p99 < <(python3 bench/sessions_bench.py percentiles "$WORK/prepared")
pp_tps=$(awk '/^tps/ { print $3; exit }' "$WORK/pgbench-prepared.out")
printf '%-28s %10.0f tps     p50 %7.2f ms   p99 %7.2f ms\n' "pgbench same SQL, prepared" "$pp_tps" "$pp_p50" "$pp_p99"
echo "  sessions written: $((v1 - v0))"
cpu_report pgbench-prepared "$(awk '/number of transactions actually processed/ { split($6, a, "/"); print a[1]; exit }' "$WORK/pgbench-prepared.out")" 0 0 "$pg0" "$pg1" "$stalls"
run_wrk get
run_wrk create

printf '%-28s %10.2f   (target >= 0.5)\n' "ratio HTTP PATCH / pgbench" "$(python3 -c "print($patch_rps / $pg_tps)")"
# The DevHost prepares its statements (Npgsql's Max Auto Prepare), so this is the like-for-like comparison.
printf '%-28s %10.2f\n' "ratio HTTP PATCH / prepared" "$(python3 -c "print($patch_rps / $pp_tps)")"
