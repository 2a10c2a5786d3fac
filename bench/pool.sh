#!/usr/bin/env bash
# Connection pool sizes under durable commits, one command: bash bench/pool.sh
#
# One Release DevHost per pool size (DevHost:MaxPoolSize), each with its own throw-away PostgreSQL, seeded alike
# (8 tenants x 250 sessions at their last data stage, as bench/sessions.sh), warmed up, then measured in turns:
# POOL_ROUNDS rounds, in each round every size gets POOL_DURATION seconds of autosave PATCHes from wrk at
# POOL_CONNECTIONS connections. Only one host is under load at a time; taking turns spreads the machine's other
# load over all sizes alike. Prints every run (requests/s, p50, p99, the DevHost's CPU per PATCH) and the median
# per size.
#
# Settings (environment): POOL_SIZES ("4 8 16 32"), POOL_ROUNDS (3), POOL_DURATION (10), POOL_CONNECTIONS (16),
# POOL_WARMUP (10), and bench/lib.sh's BENCH_SYNCHRONOUS_COMMIT (on) and BENCH_LOG_LEVEL (the shipped logging).
source "$(dirname "$0")/lib.sh"

POOL_SIZES=${POOL_SIZES:-4 8 16 32}
POOL_ROUNDS=${POOL_ROUNDS:-3}
POOL_DURATION=${POOL_DURATION:-10}
POOL_CONNECTIONS=${POOL_CONNECTIONS:-16}
POOL_WARMUP=${POOL_WARMUP:-10}
TENANTS=8 SESSIONS=250
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }

declare -A HOST_PID PORT PG_ROOT
# bench/lib.sh's cleanup stops the last host started; the others are stopped here.
stop_hosts() {
    local size
    for size in $POOL_SIZES; do
        [[ -n "${HOST_PID[$size]:-}" ]] && kill -TERM "${HOST_PID[$size]}" 2>/dev/null && wait "${HOST_PID[$size]}" 2>/dev/null
        [[ -n "${PG_ROOT[$size]:-}" ]] && rm -rf "${PG_ROOT[$size]}"
    done
    bench_cleanup
}
trap stop_hosts EXIT

bench_build
for size in $POOL_SIZES; do
    BENCH_PORT=$(bench_free_port)
    bench_start_devhost --DevHost:MaxPoolSize="$size"
    PORT[$size]=$BENCH_PORT HOST_PID[$size]=$BENCH_HOST_PID PG_ROOT[$size]=$BENCH_PG_ROOT
    python3 bench/sessions_bench.py seed "$BENCH_PORT" "$TENANTS" "$SESSIONS" >/dev/null
    bench_psql_super event_wizard -c "update wizard_sessions set current_stage = 'paymentSetup'" >/dev/null
    bench_analyze >/dev/null
done
python3 bench/sessions_bench.py lua patch "$TENANTS" "$SESSIONS" "$BENCH_WORK/patch.lua"
for size in $POOL_SIZES; do
    bench_wrk "$BENCH_WORK/warmup.out" "$POOL_WARMUP" "$POOL_CONNECTIONS" -s "$BENCH_WORK/patch.lua" "http://127.0.0.1:${PORT[$size]}"
done

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
echo
bench_command POOL_SIZES POOL_ROUNDS POOL_DURATION POOL_CONNECTIONS POOL_WARMUP
for round in $(seq 1 "$POOL_ROUNDS"); do
    for size in $POOL_SIZES; do
        before=$(ticks "${HOST_PID[$size]}")
        bench_wrk "$BENCH_WORK/run.out" "$POOL_DURATION" "$POOL_CONNECTIONS" -s "$BENCH_WORK/patch.lua" "http://127.0.0.1:${PORT[$size]}"
        after=$(ticks "${HOST_PID[$size]}")
        read -r rps p50 p99 bad requests < <(bench_wrk_figures "$BENCH_WORK/run.out")
        cpu=$(python3 -c "print('%.3f' % (($after - $before) * 1000 / $HZ / $requests))")
        echo "$size $rps $p50 $p99 $cpu" >>"$BENCH_WORK/runs"
        printf 'round %d  pool %3d  %6d req/s  p50 %7.2f ms  p99 %7.2f ms  DevHost CPU %s ms/PATCH  non-2xx %d\n' \
            "$round" "$size" "$rps" "$p50" "$p99" "$cpu" "$bad"
    done
done
echo
echo "| pool | req/s (median) | p50 ms | p99 ms | DevHost CPU ms/PATCH |"
echo "| --- | --- | --- | --- | --- |"
python3 - "$BENCH_WORK/runs" $POOL_SIZES <<'PY'
import statistics, sys
runs = [line.split() for line in open(sys.argv[1])]
for size in sys.argv[2:]:
    mine = [[float(v) for v in r[1:]] for r in runs if r[0] == size]
    med = [statistics.median(column) for column in zip(*mine)]
    print("| %s | %.0f | %.2f | %.2f | %.3f |" % (size, *med))
PY
