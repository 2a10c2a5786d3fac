#!/usr/bin/env bash
# Autosave benchmark, one command: bash bench/sessions.sh
#
# Builds Release, starts the DevHost on 127.0.0.1:${BENCH_PORT:-7083} with a throw-away PostgreSQL of its own
# (DevHost:PostgresPort on a free port; its folder is deleted afterwards), seeds sessions for several tenants
# over HTTP with real HS256 tokens, then drives create (a POST without an id, as the reference page starts a new event),
# create with an id of the client's (create-or-resume of an id not taken yet), GET and autosave PATCH with wrk at 16
# connections, and runs pgbench with the same SQL transactions as the autosave and the create (tenant setting + the one
# statement, one round trip, read from the C# source) at 16 clients against the same database. Prints requests/s,
# p50/p99, CPU per request (DevHost and PostgreSQL), what the machine did meanwhile (bench/lib.sh's
# bench_machine_stalls), the ratios HTTP/pgbench of both, and create against autosave over HTTP and in pgbench. A run
# the hypervisor took more than BENCH_MAX_STOLEN percent of the CPU from is taken again, BENCH_ATTEMPTS times at most
# (bench_undisturbed, as bench/scale.sh does); the report says which were, and which stayed disturbed.
# BENCH_RUNS=3 measures the whole set three times on the same host and database, the order of the seven runs reversed
# every other time (ABBA, as bench/ab.sh: drift falls on both sides of a ratio alike), and ends with each run's figures
# against the targets of docs/scaling.md, how many runs met each, and the medians.
#
# Settings (environment): BENCH_PORT, BENCH_DURATION (seconds per run, default 20), BENCH_TENANTS (8),
# BENCH_SESSIONS (sessions per tenant, 250), BENCH_CONNECTIONS (16), BENCH_RUNS (1), and bench/lib.sh's BENCH_SYNCHRONOUS_COMMIT
# (on; it applies to the pgbench runs alike), BENCH_LOG_LEVEL (the shipped logging), BENCH_MAX_STOLEN (5) and
# BENCH_ATTEMPTS (3).
# The DevHost runs as `dotnet run --project DevHost` does: its own PostgreSQL, Npgsql's automatic preparation,
# a pool of 16 connections.
source "$(dirname "$0")/lib.sh"

BENCH_PORT=${BENCH_PORT:-7083} BENCH_DURATION=${BENCH_DURATION:-20} BENCH_TENANTS=${BENCH_TENANTS:-8}
BENCH_SESSIONS=${BENCH_SESSIONS:-250} BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-16} BENCH_RUNS=${BENCH_RUNS:-1}
DURATION=$BENCH_DURATION TENANTS=$BENCH_TENANTS SESSIONS=$BENCH_SESSIONS CONNECTIONS=$BENCH_CONNECTIONS
WORK=$BENCH_WORK

if ! command -v wrk >/dev/null 2>&1; then
    echo "Installing wrk (Debian package)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
command -v pgbench >/dev/null 2>&1 || { echo "pgbench missing: apt-get install -y postgresql-client"; exit 1; }

bench_build
bench_start_devhost
PORT=$BENCH_PORT PGPORT=$BENCH_PG_PORT

python3 bench/sessions_bench.py seed "$PORT" "$TENANTS" "$SESSIONS"
# Every session at the last data stage: an autosave at or behind the current stage is the one-statement path (a move
# forward is judged on the careful path, sessions.md), so session n, autosaving stage n % 5, moves back to it once
# (in the warm-up) and then types into it, as a person does. pgbench's statement then updates a row every time too.
bench_psql_super event_wizard -c "update wizard_sessions set current_stage = 'paymentSetup'"
# Fresh statistics, as a live database has them (a 2,000-row table planned with empty-table statistics can pick
# a scan of every in-progress session instead of the unique key).
bench_analyze
for kind in patch get create create_with_id; do
    python3 bench/sessions_bench.py lua "$kind" "$TENANTS" "$SESSIONS" "$WORK/$kind.lua"
done
# Warm-up (JIT, pools; most sessions get their stage's payload once): the measured PATCHes are steady-state autosaves.
bench_wrk "$WORK/warmup.out" 10 "$CONNECTIONS" -s "$WORK/patch.lua" "http://127.0.0.1:$PORT"

# Sum of all session versions (as the superuser, past RLS): a check that pgbench's transactions really wrote.
versions() { bench_psql_super event_wizard -At -c "select coalesce(sum(version), 0) from wizard_sessions"; }

# measure COMMAND...: COMMAND's report from its last attempt (bench_undisturbed: a run the hypervisor took more than
# BENCH_MAX_STOLEN percent of the CPU from measured the machine, and is taken again), and what the machine did during it.
measure() {
    bench_undisturbed measure_attempt "$@"
    cat "$WORK/attempt.out"
    echo "  machine meanwhile: some task waited on I/O ${BENCH_IO_MS} ms, the hypervisor took ${BENCH_STEAL_MS} ms of CPU$(bench_attempts_note)"
}
measure_attempt() { "${@:1:$#-1}" >"$WORK/attempt.out"; }  # the attempt's number (last) is not the command's

run_wrk() { # KIND: wrk with $WORK/KIND.lua; sets KIND_rps and KIND_p99
    local kind=$1 rps p50 p99 bad requests host_cpu pg_cpu
    bench_wrk_measured "$WORK/$kind.out" "$DURATION" "$CONNECTIONS" "$WORK/$kind.lua"
    printf '%-30s %10.0f req/s   p50 %7.2f ms   p99 %7.2f ms   non-2xx %s\n' "HTTP $kind" "$rps" "$p50" "$p99" "$bad"
    eval "${kind}_rps=$rps ${kind}_p99=$p99"
    echo "  CPU per request: DevHost $host_cpu ms, PostgreSQL $pg_cpu ms"
}

# run_pgbench KIND MODE: KIND's transaction at the same concurrency: the autosave (sessions_bench.py's scripts, sent
# simple, parsed and planned every time, or prepared) or the create of a new session (prepared). Prepared is a pipeline
# with -M prepared, as the DevHost sends it with Npgsql's automatic preparation. Sets KIND_MODE_tps.
run_pgbench() {
    local kind=$1 mode=$2 dir=$WORK/$1-$2 args=() script pg0 pg1 v0 v1 tps p50 p99 failed transactions
    if [[ $kind == create ]]; then
        args=(-f "$CREATE_SCRIPT")
    else
        for script in $SCRIPTS; do
            [[ $mode == prepared ]] && script=${script/autosave_/autosave_prepared_}
            args+=(-f "$script@1")
        done
    fi
    rm -rf "$dir" && mkdir -p "$dir"
    pg0=$(bench_pg_ticks); v0=$(versions)
    (cd "$dir" && PGPASSWORD=local-app-password pgbench -h 127.0.0.1 -p "$PGPORT" -U event_wizard_app -n -M "$mode" \
        -c "$CONNECTIONS" -j 2 -T "$DURATION" -l "${args[@]}" event_wizard >"$dir/pgbench.out" 2>&1) \
        || { cat "$dir/pgbench.out" >&2; exit 1; }
    bench_pg_clients_gone; pg1=$(bench_pg_ticks); v1=$(versions)
    tps=$(awk '/^tps/ { print $3; exit }' "$dir/pgbench.out")
    read -r p50 p99 < <(python3 bench/sessions_bench.py percentiles "$dir")
    failed=$(awk '/number of failed transactions/ { print $5; exit }' "$dir/pgbench.out")
    printf '%-30s %10.0f tps     p50 %7.2f ms   p99 %7.2f ms   failed %s\n' "pgbench $kind SQL, $mode" "$tps" "$p50" "$p99" "${failed:-0}"
    # A new session adds its version 1 to the sum, an autosave one more to its session's.
    echo "  sessions written: $((v1 - v0))"
    eval "${kind}_${mode}_tps=$tps"
    transactions=$(awk '/number of transactions actually processed/ { split($6, a, "/"); print a[1]; exit }' "$dir/pgbench.out")
    echo "  CPU per request: PostgreSQL $(bench_ms_per_request $(( pg1 - pg0 )) "$transactions") ms"
}

ratio() { printf '%-30s %10.2f%s\n' "$1" "$(python3 -c "print($2 / $3)")" "${4:-}"; }

# measure_set RUN: the seven runs (in reverse order when RUN is even), the ratios, and a line of $WORK/runs.tsv.
measure_set() {
    local run=$1 runs=("run_wrk patch" "run_pgbench autosave simple" "run_pgbench autosave prepared" "run_wrk get"
        "run_wrk create" "run_pgbench create prepared" "run_wrk create_with_id") i
    (( BENCH_RUNS > 1 )) && echo "run $run of $BENCH_RUNS$( (( run % 2 == 0 )) && echo ', in reverse order')"
    if (( run % 2 == 0 )); then
        for (( i = ${#runs[@]} - 1; i >= 0; i-- )); do measure ${runs[i]}; done
    else
        for i in "${runs[@]}"; do measure $i; done
    fi
    ratio "ratio HTTP PATCH / simple" "$patch_rps" "$autosave_simple_tps"
    # The DevHost prepares its statements (Npgsql's Max Auto Prepare), so this is the like-for-like comparison, the one
    # the target is set on (docs/scaling.md, "What one instance carries").
    ratio "ratio HTTP PATCH / prepared" "$patch_rps" "$autosave_prepared_tps" "   (target >= 0.5)"
    # What the worker adds to a create's database work, as the line above for the autosave; and the two SQL side by side:
    # a create that trails the autosave over HTTP by what its SQL trails by is the database's doing, not the worker's.
    ratio "ratio HTTP create / prepared" "$create_rps" "$create_prepared_tps"
    ratio "create / PATCH, HTTP" "$create_rps" "$patch_rps" "   (target >= 1)"
    ratio "create / autosave, pgbench" "$create_prepared_tps" "$autosave_prepared_tps"
    ratio "create with an id / PATCH, HTTP" "$create_with_id_rps" "$patch_rps"
    echo "$run $patch_rps $patch_p99 $autosave_prepared_tps $get_rps $get_p99 $create_rps $create_p99 $create_prepared_tps $create_with_id_rps" >>"$WORK/runs.tsv"
}

echo
echo "Results ($CONNECTIONS connections, ${DURATION}s each, $TENANTS tenants x $SESSIONS sessions; DevHost, PostgreSQL, wrk and pgbench share the cores)"
bench_command BENCH_PORT BENCH_DURATION BENCH_TENANTS BENCH_SESSIONS BENCH_CONNECTIONS BENCH_RUNS BENCH_MAX_STOLEN BENCH_ATTEMPTS
SCRIPTS=$(python3 bench/sessions_bench.py pgbench "$TENANTS" "$SESSIONS" "$WORK")
CREATE_SCRIPT=$(python3 bench/sessions_bench.py pgbench-create "$TENANTS" "$WORK")
for run in $(seq 1 "$BENCH_RUNS"); do
    measure_set "$run"
done
(( BENCH_RUNS > 1 )) && python3 bench/sessions_bench.py targets "$WORK/runs.tsv"
true
