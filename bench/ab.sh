#!/usr/bin/env bash
# Same-run A/B of DevHost builds or settings, one command:
#   AB_VARIANTS="before=/tmp/devhost-before after=DevHost.Server/bin/Release/net10.0" bash bench/ab.sh
#
# A variant is NAME=FOLDER[,ARGUMENT...]: a DevHost build folder (a copy of DevHost.Server/bin/Release/net10.0 taken
# before a change, say) and DevHost arguments (quiet=DevHost.Server/bin/Release/net10.0,--Logging:LogLevel:Default=Warning);
# an argument env:NAME=VALUE is set in that DevHost's environment instead (a runtime setting, say).
# Each variant gets its own throw-away PostgreSQL, seeded alike (8 tenants x 250 sessions at their last data stage,
# as bench/sessions.sh), and a warm-up; then AB_ROUNDS rounds, each giving every variant AB_DURATION seconds of
# AB_KIND requests (patch, get, create: a POST without an id, create_with_id: a POST of an id not taken yet, resume: a
# POST of an existing id, or health) from wrk at AB_CONNECTIONS connections, one host under load at a time, the order
# reversed every other round (ABBA), so the machine's drift falls on all variants alike. Prints every run (requests/s,
# p50, p99, the DevHost's and its PostgreSQL's CPU per request, the CPU time the hypervisor took meanwhile; a run it took
# more than 5% of is taken again, as bench/lib.sh's bench_undisturbed says), the medians per variant and each median's
# ratio to the first variant's.
#
# Settings (environment): AB_VARIANTS (required), AB_KIND (patch), AB_ROUNDS (4), AB_DURATION (10),
# AB_CONNECTIONS (16), AB_WARMUP (10), AB_BUILD (1: run bench/lib.sh's Release build first, for variants of the
# current tree; unset, nothing is built: build and copy the folders first), and bench/lib.sh's
# BENCH_SYNCHRONOUS_COMMIT (on) and BENCH_LOG_LEVEL.
source "$(dirname "$0")/lib.sh"

AB_VARIANTS=${AB_VARIANTS:?set AB_VARIANTS="name=folder[,argument...] ..."}
AB_KIND=${AB_KIND:-patch} AB_ROUNDS=${AB_ROUNDS:-4} AB_DURATION=${AB_DURATION:-10}
AB_CONNECTIONS=${AB_CONNECTIONS:-16} AB_WARMUP=${AB_WARMUP:-10}
TENANTS=8 SESSIONS=250
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }

[[ -n "${AB_BUILD:-}" ]] && bench_build

NAMES=()
for variant in $AB_VARIANTS; do
    name=${variant%%=*}
    IFS=, read -r -a spec <<<"${variant#*=}"
    [[ -f "${spec[0]}/EventWizard.DevHost.dll" ]] || { echo "$name: no EventWizard.DevHost.dll in ${spec[0]}" >&2; exit 1; }
    NAMES+=("$name")
    BENCH_DEVHOST_DIR=${spec[0]}
    arguments=() settings=()
    for argument in "${spec[@]:1}"; do
        if [[ $argument == env:* ]]; then settings+=("${argument#env:}"); else arguments+=("$argument"); fi
    done
    for setting in "${settings[@]}"; do export "$setting"; done
    bench_start_host "$name" "${arguments[@]}"
    for setting in "${settings[@]}"; do unset "${setting%%=*}"; done
    python3 bench/sessions_bench.py seed "$BENCH_PORT" "$TENANTS" "$SESSIONS" >/dev/null
    bench_psql_super event_wizard -c "update wizard_sessions set current_stage = 'paymentSetup'" >/dev/null
    bench_analyze >/dev/null
done
python3 bench/sessions_bench.py lua "$AB_KIND" "$TENANTS" "$SESSIONS" "$BENCH_WORK/requests.lua"
python3 bench/sessions_bench.py lua patch "$TENANTS" "$SESSIONS" "$BENCH_WORK/patch.lua"
for name in "${NAMES[@]}"; do
    bench_use_host "$name"
    # Autosaves first: most sessions get their stage's payload, as in bench/sessions.sh, whatever is measured.
    bench_wrk "$BENCH_WORK/warmup.out" "$AB_WARMUP" "$AB_CONNECTIONS" -s "$BENCH_WORK/patch.lua" "http://127.0.0.1:$BENCH_PORT"
    bench_wrk "$BENCH_WORK/warmup.out" "$AB_WARMUP" "$AB_CONNECTIONS" -s "$BENCH_WORK/requests.lua" "http://127.0.0.1:$BENCH_PORT"
done

echo
bench_command AB_VARIANTS AB_KIND AB_ROUNDS AB_DURATION AB_CONNECTIONS AB_WARMUP
for round in $(seq 1 "$AB_ROUNDS"); do
    order=("${NAMES[@]}")
    if (( round % 2 == 0 )); then
        order=(); for (( i = ${#NAMES[@]} - 1; i >= 0; i-- )); do order+=("${NAMES[$i]}"); done
    fi
    for name in "${order[@]}"; do
        bench_use_host "$name"
        bench_undisturbed bench_wrk_measured "$BENCH_WORK/run.out" "$AB_DURATION" "$AB_CONNECTIONS" "$BENCH_WORK/requests.lua"
        echo "$name $rps $p50 $p99 $host_cpu $pg_cpu" >>"$BENCH_WORK/runs"
        printf 'round %d  %-12s %6d req/s  p50 %7.2f ms  p99 %7.2f ms  CPU ms/request: DevHost %s, PostgreSQL %s  non-2xx %d  stolen %d ms%s\n' \
            "$round" "$name" "$rps" "$p50" "$p99" "$host_cpu" "$pg_cpu" "$bad" "$BENCH_STEAL_MS" "$(bench_attempts_note)"
    done
done
echo
echo "| variant | req/s (median) | p50 ms | p99 ms | DevHost CPU ms/request | PostgreSQL CPU ms/request | ratio req/s | ratio DevHost CPU | ratio PostgreSQL CPU |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
python3 - "$BENCH_WORK/runs" "${NAMES[@]}" <<'PY'
import statistics, sys
runs = [line.split() for line in open(sys.argv[1])]
first = None
for name in sys.argv[2:]:
    mine = [[float(v) for v in r[1:]] for r in runs if r[0] == name]
    med = [statistics.median(column) for column in zip(*mine)]
    first = first or med
    print("| %s | %.0f | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f | %.3f |" % (name, *med, med[0] / first[0], med[3] / first[3], med[4] / first[4]))
PY
