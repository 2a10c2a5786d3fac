#!/usr/bin/env bash
# Scale benchmark, one command: bash bench/scale.sh
#
# The same requests on a small database and on a large one, in one run, alternated. Starts two DevHosts, each with a
# throw-away PostgreSQL (bench/lib.sh: durable commits, shipped logging); in each seeds 8 tenants x 250 sessions over
# HTTP (bench/sessions_bench.py), a published event and a session with 150 interactions (bench/scale_bench.py), and
# loads bench/lists-fixture.sql (sessions in 1,000 organizations, some of them in organization 1, the one measured) and
# bench/scale-fixture.sql (interactions, published events): into the small one at 1/SCALE_SMALL_DIVISOR of the sizes
# below, into the large one at full size (SCALE_SESSIONS sessions, SCALE_ORG_SESSIONS in organization 1,
# SCALE_INTERACTIONS interactions, SCALE_EVENTS events). Then SCALE_ROUNDS rounds measure every route on both, small
# first in odd rounds and large first in even ones (ABBA: the machine's drift falls on both alike), with wrk, one
# request at a time after a warm-up. Publish is measured one call at a time over SCALE_PUBLISHES fresh complete
# sessions, after 20 not counted. Prints each round's p50/p99, their medians for both databases and the ratios (target:
# large within 1.2 x small), under the command that reproduces it, with what the machine did during each measurement
# (the time some task waited on I/O, the CPU time the hypervisor took: bench_machine_stalls), and writes the plans of
# every statement those routes run on the large database to bench/results/scale-explain.txt. A measurement during which
# the hypervisor took more than BENCH_MAX_STOLEN percent of the machine's CPU time is taken again (bench_undisturbed);
# the table says how many were. The medians that judge the target leave out the measurements still disturbed after
# BENCH_ATTEMPTS attempts; the medians of all rounds follow them.
#
# Settings (environment): SCALE_SESSIONS (1000000), SCALE_ORG_SESSIONS (300000), SCALE_INTERACTIONS (5000000),
# SCALE_EVENTS (200000), SCALE_ROUNDS (6), SCALE_DURATION (seconds per route and round, 5), SCALE_WARMUP (seconds per
# route and round, 3), SCALE_PUBLISHES (1000: over 200 calls a p99 is the second-slowest call, too noisy to judge 20%
# by), SCALE_LIMIT (the list's page size, 20), SCALE_LOAD_PARTS (connections loading the fixture at once, 1; see
# load_fixture), SCALE_SMALL_DIVISOR (1000), and bench/lib.sh's BENCH_MAX_STOLEN (5),
# BENCH_ATTEMPTS (at most 3 per measurement), BENCH_SYNCHRONOUS_COMMIT and BENCH_LOG_LEVEL. SCALE_SMALL_DIVISOR=1
# loads both databases alike: its ratios are the method's own spread on the machine of the day (an A/A run), the
# yardstick for the ratios of a run at 1000.
# A quick check of the script: SCALE_SESSIONS=20000 SCALE_ORG_SESSIONS=6000 SCALE_INTERACTIONS=100000 SCALE_EVENTS=4000 SCALE_DURATION=2 SCALE_WARMUP=1 SCALE_PUBLISHES=20 bash bench/scale.sh
source "$(dirname "$0")/lib.sh"

SCALE_SESSIONS=${SCALE_SESSIONS:-1000000}
SCALE_ORG_SESSIONS=${SCALE_ORG_SESSIONS:-300000}
SCALE_INTERACTIONS=${SCALE_INTERACTIONS:-5000000}
SCALE_EVENTS=${SCALE_EVENTS:-200000}
SCALE_ROUNDS=${SCALE_ROUNDS:-6}
SCALE_DURATION=${SCALE_DURATION:-5}
SCALE_WARMUP=${SCALE_WARMUP:-3}
SCALE_PUBLISHES=${SCALE_PUBLISHES:-1000}
SCALE_LIMIT=${SCALE_LIMIT:-20}
SCALE_LOAD_PARTS=${SCALE_LOAD_PARTS:-1}
SCALE_SMALL_DIVISOR=${SCALE_SMALL_DIVISOR:-1000}
ORGANIZATION=00000000-0000-4000-8000-000000000001
TENANTS=8 SESSIONS=250

command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }

bench_build
# prepare NAME: a host with the seeded tenants, the published event and the interactions the routes read.
declare -A SLUG TAIL AFTER
prepare() {
    bench_start_host "$1"
    python3 bench/sessions_bench.py seed "$BENCH_PORT" "$TENANTS" "$SESSIONS"
    # At the last data stage, as in bench/sessions.sh: the measured autosaves type into a stage at or behind the current one.
    bench_psql_super event_wizard -c "update wizard_sessions set current_stage = 'paymentSetup'"
    read -r "SLUG[$1]" "TAIL[$1]" "AFTER[$1]" < <(cd bench && python3 scale_bench.py prepare "$BENCH_PORT" run)
}
prepare small
prepare large
for kind in patch get; do
    python3 bench/sessions_bench.py lua "$kind" "$TENANTS" "$SESSIONS" "$BENCH_WORK/$kind.lua"
done
AUTH="Authorization: Bearer $(bench_token 1)"

# measure NAME ROUND: every route once on host NAME, one request at a time; appends "route|p50|p99|I/O stall ms|stolen
# CPU ms|attempts" lines to $BENCH_WORK/NAME.ROUND.
measure() {
    local name=$1 round=$2 cursor depth
    bench_use_host "$name"
    local API="http://127.0.0.1:$BENCH_PORT/api" slug=${SLUG[$name]} tail=${TAIL[$name]} after=${AFTER[$name]}
    depth=$(( $(bench_open_sessions "$ORGANIZATION") / 2 ))
    cursor=$(bench_list_cursor "$ORGANIZATION" "$depth")
    local routes=(
        "autosave PATCH|-s $BENCH_WORK/patch.lua|http://127.0.0.1:$BENCH_PORT"
        "GET session|-s $BENCH_WORK/get.lua|http://127.0.0.1:$BENCH_PORT"
        "list, first page|-H $AUTH|$API/wizard-session?limit=$SCALE_LIMIT"
        "list, deep page|-H $AUTH|$API/wizard-session?limit=$SCALE_LIMIT&cursor=$cursor"
        "interactions tail (100)|-H $AUTH|$API/wizard-session/$tail/interactions?after=$after&limit=100"
        "public event page|-H Accept: application/json|$API/public/events/$slug"
    )
    local route label args url
    for route in "${routes[@]}"; do    # each answers 2xx before it is measured
        IFS='|' read -r label args url <<<"$route"
        [[ $args == -s* ]] && continue
        curl -sf -o /dev/null -H "${args#-H }" "$url" || { echo "$label: GET $url failed" >&2; exit 1; }
    done
    for route in "${routes[@]}"; do
        IFS='|' read -r label args url <<<"$route"
        local wrk_args=("${args%% *}" "${args#* }")
        bench_wrk "$BENCH_WORK/warmup.out" "$SCALE_WARMUP" 1 "${wrk_args[@]}" "$url"
        measure_undisturbed "$name.$round" "$label" measure_route "$label" "${wrk_args[@]}" "$url"
    done
    measure_undisturbed "$name.$round" publish measure_publish "$round"
}

# measure_undisturbed FILE LABEL COMMAND...: runs COMMAND ATTEMPT, which writes "p50 p99" to $BENCH_WORK/figures,
# until it was not disturbed (bench_undisturbed); appends the last attempt's figures, the machine's stalls during it and
# the number of attempts (marked * when the last was disturbed too) to $BENCH_WORK/FILE.
measure_undisturbed() {
    local file=$1 label=$2 p50 p99
    shift 2
    bench_undisturbed "$@"
    read -r p50 p99 <"$BENCH_WORK/figures"
    echo "$label|$p50|$p99|$BENCH_IO_MS|$BENCH_STEAL_MS|$BENCH_ATTEMPT$BENCH_DISTURBED" >>"$BENCH_WORK/$file"
}

# measure_route LABEL WRK_ARGUMENTS... URL ATTEMPT: one wrk run; any answer not 2xx stops the benchmark.
measure_route() {
    local label=$1 rps p50 p99 bad requests
    shift
    bench_wrk "$BENCH_WORK/run.out" "$SCALE_DURATION" 1 "${@:1:$#-1}"
    read -r rps p50 p99 bad requests < <(bench_wrk_figures "$BENCH_WORK/run.out")
    (( bad == 0 )) || { echo "$label: $bad of $requests answers were not 2xx" >&2; exit 1; }
    echo "$p50 $p99" >"$BENCH_WORK/figures"
}

# measure_publish ROUND ATTEMPT: each attempt publishes sessions of its own.
measure_publish() {
    (cd bench && python3 scale_bench.py publish "$BENCH_PORT" "round$1-$2" "$SCALE_PUBLISHES" 20) >"$BENCH_WORK/figures"
}

# load_fixture SESSIONS ORG_SESSIONS INTERACTIONS EVENTS: bench/lists-fixture.sql's sessions (ORG_SESSIONS of them in
# organization 1) and bench/scale-fixture.sql's interactions and events, in place of any loaded before. Loaded as a
# restore loads: no trigger fires (session_replication_role = replica: neither the analytics rollups of sql/003,
# which this benchmark does not read, nor the foreign key checks), and the tables' keys, checks and indexes are made
# after the rows are in, validated (bench_drop_keys). SCALE_LOAD_PARTS=2 splits the rows over two connections
# (bench_psql_load_parts): 68 s instead of 73-80 s at full size on 2 cores (2026-12-03), but runs after such loads
# stalled on the disk (2026-12-02 and 12-03; not explained), so one connection stays the default for measuring.
load_fixture() {
    local sessions=$1 org_sessions=$2 interactions=$3 events=$4 start loaded
    echo "Loading $sessions sessions ($org_sessions in organization 1), $interactions interactions, $events events"
    start=$(date +%s)
    bench_psql_super event_wizard -c "delete from wizard_sessions where session_id like 'lists-%'" \
        -c "delete from events where source_session_id like 'scale-event-%'"
    bench_drop_keys wizard_sessions wizard_interactions events
    bench_psql_load_parts "$SCALE_LOAD_PARTS" -v sessions="$sessions" \
        -v org_sessions="$org_sessions" -v other_orgs=999 -v users=10 -f bench/lists-fixture.sql
    bench_psql_load_parts "$SCALE_LOAD_PARTS" -v sessions="$sessions" \
        -v interactions="$interactions" -v events="$events" \
        -v share="$(python3 -c "print($org_sessions / $sessions)")" -f bench/scale-fixture.sql
    loaded=$(date +%s)
    bench_restore_keys
    echo "Rows inserted in $(( loaded - start )) s, keys, checks and indexes made in $(( $(date +%s) - loaded )) s"
    bench_analyze
    bench_psql_super postgres -c checkpoint
}

# The small database holds the same kinds of rows at a thousandth of the size (by default), so that both lists page
# through alike (a deep page of fixture sessions with the same payloads) and only the size differs.
bench_use_host small
load_fixture $(( SCALE_SESSIONS / SCALE_SMALL_DIVISOR )) $(( SCALE_ORG_SESSIONS / SCALE_SMALL_DIVISOR )) \
    $(( SCALE_INTERACTIONS / SCALE_SMALL_DIVISOR )) $(( SCALE_EVENTS / SCALE_SMALL_DIVISOR ))
bench_use_host large
load_fixture "$SCALE_SESSIONS" "$SCALE_ORG_SESSIONS" "$SCALE_INTERACTIONS" "$SCALE_EVENTS"

for round in $(seq 1 "$SCALE_ROUNDS"); do
    order=(small large)
    (( round % 2 == 0 )) && order=(large small)
    for name in "${order[@]}"; do
        echo "Round $round: measuring on the $name database"
        measure "$name" "$round"
    done
done

# The plans of every statement those routes run on the large database, as PostgreSQL executed them (auto_explain,
# with actual times and buffers): the app's pooled connections are ended so that new ones load the module; the
# first request after that may meet an ended connection (503), so each route is asked three times.
explain_routes() {
    bench_use_host large
    local log="$BENCH_PG_ROOT/postgres.log" offset API="http://127.0.0.1:$BENCH_PORT/api"
    local slug=${SLUG[large]} tail=${TAIL[large]} after=${AFTER[large]}
    bench_psql_super postgres -c "load 'auto_explain'" -c "alter system set session_preload_libraries = 'auto_explain'" \
        -c "alter system set auto_explain.log_min_duration = 0" -c "alter system set auto_explain.log_analyze = on" \
        -c "alter system set auto_explain.log_buffers = on" -c "alter system set auto_explain.log_nested_statements = on" \
        -c "select pg_reload_conf()" >/dev/null
    bench_psql_super postgres -c "select pg_terminate_backend(pid) from pg_stat_activity where usename = 'event_wizard_app'" >/dev/null
    for _ in 1 2 3; do curl -s -o /dev/null -H "$AUTH" "$API/wizard-session/bench-1-1"; done
    local depth cursor
    depth=$(( $(bench_open_sessions "$ORGANIZATION") / 2 ))
    cursor=$(bench_list_cursor "$ORGANIZATION" "$depth")
    offset=$(stat -c %s "$log")
    curl -s -o /dev/null -X PATCH -H "$AUTH" -H "Content-Type: application/json" \
        -d '{"sessionId":"bench-1-1","stage":"eventSetup","data":{"title":"Explained"}}' "$API/wizard-session"
    curl -s -o /dev/null -H "$AUTH" "$API/wizard-session/bench-1-1"
    curl -s -o /dev/null -H "$AUTH" "$API/wizard-session?limit=$SCALE_LIMIT"
    curl -s -o /dev/null -H "$AUTH" "$API/wizard-session?limit=$SCALE_LIMIT&cursor=$cursor"
    curl -s -o /dev/null -H "$AUTH" "$API/wizard-session/$tail/interactions?after=$after&limit=100"
    curl -s -o /dev/null "$API/public/events/$slug"
    (cd bench && python3 scale_bench.py publish "$BENCH_PORT" explain 1 0 >/dev/null)
    mkdir -p bench/results
    tail -c +"$(( offset + 1 ))" "$log" >"bench/results/scale-explain.txt"
    bench_psql_super postgres -c "alter system reset session_preload_libraries" -c "select pg_reload_conf()" >/dev/null
    echo "Plans of every statement of the routes above: bench/results/scale-explain.txt"
}
explain_routes

echo
bench_command SCALE_SESSIONS SCALE_ORG_SESSIONS SCALE_INTERACTIONS SCALE_EVENTS SCALE_ROUNDS SCALE_DURATION SCALE_WARMUP SCALE_PUBLISHES SCALE_LIMIT SCALE_LOAD_PARTS SCALE_SMALL_DIVISOR BENCH_MAX_STOLEN BENCH_ATTEMPTS
echo "One request at a time; both: $TENANTS tenants x $SESSIONS sessions seeded over HTTP and the fixture, small at 1/$SCALE_SMALL_DIVISOR of the large one's sizes; $SCALE_ROUNDS rounds (ABBA). Target: large within 1.2 x small."
echo
python3 - "$BENCH_WORK" "$SCALE_ROUNDS" "$BENCH_MAX_STOLEN" "$BENCH_ATTEMPTS" <<'PY'
import statistics, sys
work, rounds, max_stolen, attempts = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def figures(name, round):
    return [line.strip().split("|") for line in open("%s/%s.%d" % (work, name, round))]
routes = [row[0] for row in figures("small", 1)]
runs = {(name, r): figures(name, r) for name in ("small", "large") for r in range(1, rounds + 1)}
print("| route | round | small p50 ms | small p99 ms | large p50 ms | large p99 ms | I/O stall ms (small, large) | stolen CPU ms (small, large) | attempts (small, large) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for i, route in enumerate(routes):
    for r in range(1, rounds + 1):
        s, l = runs[("small", r)][i], runs[("large", r)][i]
        print("| %s | %d | %s | %s | %s | %s | %s, %s | %s, %s | %s, %s |" % (route, r, s[1], s[2], l[1], l[2], s[3], l[3], s[4], l[4], s[5], l[5]))
measured = [row for run in runs.values() for row in run]
def disturbed(row):  # still disturbed after the last attempt (bench_undisturbed marks its last attempt with *)
    return row[5].endswith("*")
print()
print("Taken again because the hypervisor took more than %s%% of the CPU time during them: %d of %d measurements; "
      "disturbed in all %s attempts and kept as they were (attempts marked *): %d." % (max_stolen,
      sum(1 for row in measured if int(row[5].rstrip("*")) > 1), len(measured), attempts, sum(1 for row in measured if disturbed(row))))

# The medians twice: over the rounds whose measurement was not kept disturbed (the judgement: a round the hypervisor
# took CPU from in all its attempts measured the machine, not the database, and such rounds need not fall on both hosts
# alike), and over every round. A host with no undisturbed round of a route is judged on all of them, marked *.
def medians(i, counts):
    cells, used = {}, []
    for name in ("small", "large"):
        rows = [runs[(name, r)][i] for r in range(1, rounds + 1)]
        counted = [row for row in rows if counts(row)]
        chosen = counted or rows
        used.append("%d%s" % (len(chosen), "" if counted else "*"))
        for k in (1, 2):
            cells[(name, k)] = statistics.median(float(row[k]) for row in chosen)
    return cells, ", ".join(used)
def table(title, counts):
    print()
    print(title)
    print()
    print("| route | small p50 ms | small p99 ms | large p50 ms | large p99 ms | p50 ratio | p99 ratio | rounds (small, large) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for i, route in enumerate(routes):
        med, used = medians(i, counts)
        print("| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %s |" % (route, med[("small", 1)], med[("small", 2)],
              med[("large", 1)], med[("large", 2)], med[("large", 1)] / med[("small", 1)],
              med[("large", 2)] / med[("small", 2)], used))
table("Medians of the rounds not kept disturbed (the judgement):", lambda row: not disturbed(row))
table("Medians of all rounds:", lambda row: True)
PY
