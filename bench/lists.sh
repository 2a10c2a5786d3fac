#!/usr/bin/env bash
# Sessions-list benchmark, one command: bash bench/lists.sh
#
# Starts the DevHost with a throw-away PostgreSQL (bench/lib.sh), loads bench/lists-fixture.sql (LISTS_SESSIONS
# sessions, LISTS_ORG_SESSIONS of them in organization 1), then measures GET /api/wizard-session for organization 1
# with wrk, one query shape at a time: the first page, a deep page (a cursor LISTS_DEPTH rows into the list), mine=true,
# status=expired and include=payloads, each LISTS_LIMIT rows a page. Prints p50/p99, requests/s and the size of one
# answer per shape, as a table to paste into a note, under the command that reproduces it.
#
# Settings (environment): LISTS_SESSIONS (1000000), LISTS_ORG_SESSIONS (300000), LISTS_USERS (users per
# organization, 10), LISTS_LIMIT (100), LISTS_DEPTH (half of organization 1's open sessions), LISTS_DURATION
# (seconds per shape, 20), LISTS_WARMUP (seconds per shape, 5), LISTS_CONNECTIONS (1: the latency of one request at
# a time), BENCH_PORT (7084), and bench/lib.sh's BENCH_SYNCHRONOUS_COMMIT and BENCH_LOG_LEVEL.
# A quick check of the script: LISTS_SESSIONS=20000 LISTS_ORG_SESSIONS=6000 LISTS_DURATION=3 LISTS_WARMUP=1 bash bench/lists.sh
source "$(dirname "$0")/lib.sh"

LISTS_SESSIONS=${LISTS_SESSIONS:-1000000}
LISTS_ORG_SESSIONS=${LISTS_ORG_SESSIONS:-300000}
LISTS_USERS=${LISTS_USERS:-10}
LISTS_LIMIT=${LISTS_LIMIT:-100}
LISTS_DEPTH=${LISTS_DEPTH:-}
LISTS_DURATION=${LISTS_DURATION:-20}
LISTS_WARMUP=${LISTS_WARMUP:-5}
LISTS_CONNECTIONS=${LISTS_CONNECTIONS:-1}
BENCH_PORT=${BENCH_PORT:-7084}
ORGANIZATION=00000000-0000-4000-8000-000000000001

(( LISTS_ORG_SESSIONS <= LISTS_SESSIONS )) || { echo "LISTS_ORG_SESSIONS must not exceed LISTS_SESSIONS" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }

bench_build
bench_start_devhost

echo "Loading $LISTS_SESSIONS sessions ($LISTS_ORG_SESSIONS in organization 1)"
start=$(date +%s)
bench_psql_owner \
    -v sessions="$LISTS_SESSIONS" -v org_sessions="$LISTS_ORG_SESSIONS" -v other_orgs=999 -v users="$LISTS_USERS" \
    -f bench/lists-fixture.sql
bench_analyze
bench_psql_super postgres -c checkpoint
echo "Loaded in $(( $(date +%s) - start )) s"

open_sessions=$(bench_open_sessions "$ORGANIZATION")
LISTS_DEPTH=${LISTS_DEPTH:-$(( open_sessions / 2 ))}
cursor=$(bench_list_cursor "$ORGANIZATION" "$LISTS_DEPTH")

BASE="http://127.0.0.1:$BENCH_PORT/api/wizard-session?limit=$LISTS_LIMIT"
SHAPES=(
    "first page|$BASE"
    "deep page (cursor at row $LISTS_DEPTH)|$BASE&cursor=$cursor"
    "mine=true|$BASE&mine=true"
    "status=expired|$BASE&status=expired"
    "include=payloads|$BASE&include=payloads"
)
AUTH="Authorization: Bearer $(bench_token 1)"

# Each shape answers 200 with a full page before it is measured: a figure for an error page would mean nothing.
for shape in "${SHAPES[@]}"; do
    url=${shape#*|}
    items=$(curl -sf -H "$AUTH" "$url" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["items"]))') \
        || { echo "GET $url failed" >&2; curl -s -H "$AUTH" "$url" >&2; exit 1; }
    (( items == LISTS_LIMIT )) || echo "note: ${shape%%|*} returns $items items, not $LISTS_LIMIT (a small fixture?)"
done

# Warm-up of every shape first (JIT, pools, caches), so the first shape measured is not the one that paid for it.
for shape in "${SHAPES[@]}"; do
    bench_wrk "$BENCH_WORK/warmup.out" "$LISTS_WARMUP" "$LISTS_CONNECTIONS" -H "$AUTH" "${shape#*|}"
done
rows=()
for shape in "${SHAPES[@]}"; do
    name=${shape%%|*} url=${shape#*|}
    bench_wrk "$BENCH_WORK/run.out" "$LISTS_DURATION" "$LISTS_CONNECTIONS" -H "$AUTH" "$url"
    read -r rps p50 p99 bad requests < <(bench_wrk_figures "$BENCH_WORK/run.out")
    bytes=$(curl -s -o /dev/null -w '%{size_download}' -H "$AUTH" "$url")
    rows+=("$(printf '| %-36s | %8.2f | %8.2f | %8s | %8s | %9s | %s |' "$name" "$p50" "$p99" "$rps" "$requests" "$bytes" "$bad")")
done

echo
echo "Sessions list, organization 1 of $LISTS_SESSIONS sessions ($LISTS_ORG_SESSIONS in it, $open_sessions open;" \
    "$LISTS_USERS users each), limit=$LISTS_LIMIT, $LISTS_CONNECTIONS connection(s), ${LISTS_DURATION}s per shape after ${LISTS_WARMUP}s warm-up of each"
bench_command LISTS_SESSIONS LISTS_ORG_SESSIONS LISTS_USERS LISTS_LIMIT LISTS_DEPTH LISTS_DURATION LISTS_WARMUP LISTS_CONNECTIONS
echo
echo "| shape                                |  p50 ms  |  p99 ms  |  req/s   | requests | bytes     | non-2xx |"
echo "|--------------------------------------|----------|----------|----------|----------|-----------|---------|"
printf '%s\n' "${rows[@]}"
