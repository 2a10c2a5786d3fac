#!/usr/bin/env bash
# Autosave benchmark, one command: bash bench/sessions.sh
#
# Builds Release, starts the DevHost on 127.0.0.1:${BENCH_PORT:-7083} with a throw-away PostgreSQL of its own
# (DevHost:PostgresPort on a free port; its folder is deleted afterwards), seeds sessions for several tenants
# over HTTP with real HS256 tokens, then drives create, GET and autosave PATCH with wrk at 16 connections, and
# runs pgbench with the same SQL transaction as the autosave (tenant setting + the one autosave statement, one
# round trip) at 16 clients against the same database. Prints requests/s, p50/p99 and the ratio HTTP/pgbench.
#
# Settings (environment): BENCH_PORT, BENCH_DURATION (seconds per run, default 20), BENCH_TENANTS (8),
# BENCH_SESSIONS (sessions per tenant, 250), BENCH_CONNECTIONS (16), BENCH_SYNCHRONOUS_COMMIT (off).
# The DevHost runs as `dotnet run --project DevHost` does: its own PostgreSQL, Npgsql's automatic preparation,
# a pool of 2 x cores connections.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-7083}
DURATION=${BENCH_DURATION:-20}
TENANTS=${BENCH_TENANTS:-8}
SESSIONS=${BENCH_SESSIONS:-250}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PGROOT=/tmp/event-wizard-pg-$PGPORT
WORK=$(mktemp -d /tmp/bench-sessions-XXXXXX)
HOST_PID=""

cleanup() {
    if [[ -n "$HOST_PID" ]] && kill -0 "$HOST_PID" 2>/dev/null; then
        kill -TERM "$HOST_PID" 2>/dev/null || true    # the DevHost stops its PostgreSQL on the way out
        wait "$HOST_PID" 2>/dev/null || true
    fi
    if [[ -f "$PGROOT/data/postmaster.pid" ]]; then
        runuser -u postgres -- "$(dirname "$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)")/pg_ctl" \
            stop -D "$PGROOT/data" -m fast >/dev/null 2>&1 || true
    fi
    rm -rf "$PGROOT" "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null 2>&1; then
    echo "Installing wrk (Debian package)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
command -v pgbench >/dev/null 2>&1 || { echo "pgbench missing: apt-get install -y postgresql-client"; exit 1; }

echo "Building Release"
dotnet build -c Release DevHost -nologo -clp:ErrorsOnly -v quiet >/dev/null

echo "Starting the DevHost on 127.0.0.1:$PORT with PostgreSQL on $PGPORT"
rm -rf "$PGROOT"
dotnet DevHost/bin/Release/net10.0/EventWizard.DevHost.dll \
    --DevHost:Urls=http://127.0.0.1:$PORT --DevHost:PostgresPort=$PGPORT \
    --Logging:LogLevel:Default=Warning >"$WORK/devhost.log" 2>&1 &
HOST_PID=$!
for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
    kill -0 "$HOST_PID" 2>/dev/null || { cat "$WORK/devhost.log"; exit 1; }
    sleep 1
done
curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null || { echo "DevHost did not come up"; cat "$WORK/devhost.log"; exit 1; }

# Durability off for the run (both HTTP and pgbench alike): measure the code path, not this machine's fsync.
# BENCH_SYNCHRONOUS_COMMIT=on keeps PostgreSQL's default.
SYNC=${BENCH_SYNCHRONOUS_COMMIT:-off}
psql -q -h "$PGROOT" -p "$PGPORT" -U postgres -d postgres \
    -c "alter system set synchronous_commit = '$SYNC'" -c "select pg_reload_conf()" >/dev/null

python3 bench/sessions_bench.py seed "$PORT" "$TENANTS" "$SESSIONS"
# Fresh statistics, as a live database has them (a 2,000-row table planned with empty-table statistics can pick
# a scan of every in-progress session instead of the unique key).
psql -q -h "$PGROOT" -p "$PGPORT" -U postgres -d event_wizard -c "analyze" >/dev/null
for kind in patch get create; do
    python3 bench/sessions_bench.py lua "$kind" "$TENANTS" "$SESSIONS" "$WORK/$kind.lua"
done
# Warm-up (JIT, pools; most sessions get their stage's payload once): the measured PATCHes are steady-state autosaves.
wrk -t2 -c"$CONNECTIONS" -d10s -s "$WORK/patch.lua" "http://127.0.0.1:$PORT" >/dev/null

# wrk's latency distribution lines: "50%  1.23ms"; normalise us/ms/s to ms.
ms() { awk -v p="$1" '$1 == p { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
       print (u == "us" ? v / 1000 : u == "s" ? v * 1000 : v) }'; }

# CPU time (clock ticks) used so far by the DevHost, and by PostgreSQL: the postmaster with its reaped
# children (cutime/cstime: backends that have exited, such as pgbench's) plus the live backends.
ticks() { for pid in "$@"; do awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null; done | awk '{ s += $1 } END { print s + 0 }'; }
pg_ticks() {
    local pm; pm=$(head -1 "$PGROOT/data/postmaster.pid")
    echo $(( $(awk '{ print $16 + $17 }' "/proc/$pm/stat") + $(ticks "$pm" $(pgrep -P "$pm")) ))
}
HZ=$(getconf CLK_TCK)
# Sum of all session versions (as the superuser, past RLS): a check that pgbench's transactions really wrote.
versions() { psql -Atq -h "$PGROOT" -p "$PGPORT" -U postgres -d event_wizard -c "select coalesce(sum(version), 0) from wizard_sessions"; }
cpu_report() { # label requests host_before host_after pg_before pg_after
    python3 -c "
n, hz = $2, $HZ
print('  CPU per request: DevHost %.3f ms, PostgreSQL %.3f ms' % (($4 - $3) * 1000 / hz / n, ($6 - $5) * 1000 / hz / n))" ; }

run_wrk() {
    local kind=$1 label=${2:-HTTP $1} var=${3:-$1}
    local host0 pg0 host1 pg1
    host0=$(ticks "$HOST_PID"); pg0=$(pg_ticks)
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/$kind.lua" "http://127.0.0.1:$PORT" >"$WORK/$kind.out"
    local rps p50 p99 bad
    rps=$(awk '/Requests\/sec/ { print $2 }' "$WORK/$kind.out")
    p50=$(ms 50% <"$WORK/$kind.out")
    p99=$(ms 99% <"$WORK/$kind.out")
    bad=$(awk '/Non-2xx/ { print $5 }' "$WORK/$kind.out")
    printf '%-28s %10.0f req/s   p50 %7.2f ms   p99 %7.2f ms   non-2xx %s\n' "$label" "$rps" "$p50" "$p99" "${bad:-0}"
    eval "${var}_rps=$rps"
    host1=$(ticks "$HOST_PID"); pg1=$(pg_ticks)
    local requests
    requests=$(awk '/requests in/ { print $1 }' "$WORK/$kind.out")
    cpu_report "$kind" "$requests" "$host0" "$host1" "$pg0" "$pg1"
}

echo
echo "Results ($CONNECTIONS connections, ${DURATION}s each, $TENANTS tenants x $SESSIONS sessions, synchronous_commit=$SYNC,"
echo "$(nproc) cores shared by DevHost, PostgreSQL, wrk and pgbench; load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
run_wrk patch
SCRIPTS=$(python3 bench/sessions_bench.py pgbench "$TENANTS" "$SESSIONS" "$WORK")
PGBENCH_ARGS=()
for script in $SCRIPTS; do PGBENCH_ARGS+=(-f "$script@1"); done
pg0=$(pg_ticks); v0=$(versions)
(cd "$WORK" && PGPASSWORD=local-app-password pgbench -h 127.0.0.1 -p "$PGPORT" -U event_wizard_app -n -M simple \
    -c "$CONNECTIONS" -j 2 -T "$DURATION" -l "${PGBENCH_ARGS[@]}" event_wizard >"$WORK/pgbench.out" 2>&1) \
    || { cat "$WORK/pgbench.out"; exit 1; }
pg_tps=$(awk '/^tps/ { print $3; exit }' "$WORK/pgbench.out")
read -r pg_p50 pg_p99 < <(python3 bench/sessions_bench.py percentiles "$WORK")
pg_failed=$(awk '/number of failed transactions/ { print $5; exit }' "$WORK/pgbench.out")
printf '%-28s %10.0f tps     p50 %7.2f ms   p99 %7.2f ms   failed %s\n' "pgbench autosave SQL" "$pg_tps" "$pg_p50" "$pg_p99" "${pg_failed:-0}"
pg1=$(pg_ticks); v1=$(versions)
echo "  sessions written: $((v1 - v0))"
cpu_report pgbench "$(awk '/number of transactions actually processed/ { split($6, a, "/"); print a[1]; exit }' "$WORK/pgbench.out")" 0 0 "$pg0" "$pg1"
# The same transaction with prepared statements (pipeline, -M prepared): how the DevHost sends it (Npgsql's
# automatic preparation), and how much of PostgreSQL's share is parsing and planning when it is not prepared.
PREPARED_ARGS=()
for script in $SCRIPTS; do PREPARED_ARGS+=(-f "${script/autosave_/autosave_prepared_}@1"); done
mkdir -p "$WORK/prepared"
pg0=$(pg_ticks); v0=$(versions)
(cd "$WORK/prepared" && PGPASSWORD=local-app-password pgbench -h 127.0.0.1 -p "$PGPORT" -U event_wizard_app -n -M prepared \
    -c "$CONNECTIONS" -j 2 -T "$DURATION" -l "${PREPARED_ARGS[@]}" event_wizard >"$WORK/pgbench-prepared.out" 2>&1) \
    || { cat "$WORK/pgbench-prepared.out"; exit 1; }
pg1=$(pg_ticks); v1=$(versions)
read -r pp_p50 pp_p99 < <(python3 bench/sessions_bench.py percentiles "$WORK/prepared")
pp_tps=$(awk '/^tps/ { print $3; exit }' "$WORK/pgbench-prepared.out")
printf '%-28s %10.0f tps     p50 %7.2f ms   p99 %7.2f ms\n' "pgbench same SQL, prepared" "$pp_tps" "$pp_p50" "$pp_p99"
echo "  sessions written: $((v1 - v0))"
cpu_report pgbench-prepared "$(awk '/number of transactions actually processed/ { split($6, a, "/"); print a[1]; exit }' "$WORK/pgbench-prepared.out")" 0 0 "$pg0" "$pg1"
run_wrk get
run_wrk create

printf '%-28s %10.2f   (target >= 0.5)\n' "ratio HTTP PATCH / pgbench" "$(python3 -c "print($patch_rps / $pg_tps)")"
# The DevHost prepares its statements (Npgsql's Max Auto Prepare), so this is the like-for-like comparison.
printf '%-28s %10.2f\n' "ratio HTTP PATCH / prepared" "$(python3 -c "print($patch_rps / $pp_tps)")"
