#!/usr/bin/env bash
# Analytics benchmark, one command: bash bench/analytics.sh
#
# Starts the DevHost with a throw-away PostgreSQL (bench/lib.sh), loads bench/analytics-fixture.sql into organization 1
# (ANALYTICS_SESSIONS sessions over the last ANALYTICS_DAYS days and ANALYTICS_INTERACTIONS interactions, inserted
# with no trigger firing and the keys, checks and indexes made afterwards, as a restore loads), writes the rollups with
# the migration's backfill, analytics_backfill() (which writes them in day order, as a year of appends would). Then:
# 1. GET /api/wizard-analytics for the last ANALYTICS_RANGE days, one request at a time after a warm-up: p50/p95/p99.
# 2. The write paths in the same organization, with the analytics on and off (off: the rollup triggers disabled,
#    the folds parked and their indexes dropped; see set_rollups), alternated ABBA over ANALYTICS_ROUNDS rounds:
#    autosave PATCH (every request moves the stage, so the session trigger runs each time), an assistant turn POSTed
#    (no counter row: the fold counts it within a minute, sql/006), and publish (no counter row either: its event is
#    folded, sql/007; from reviewPublish no trigger runs either). Prints requests/s and p50/p99 of each, and on/off.
# 3. The read again while turns are POSTed at full speed beside it (its unfolded part is then largest), and what the
#    folds of the run wrote and took (from the DevHost's log).
#
# Settings (environment): ANALYTICS_SESSIONS (1000000), ANALYTICS_INTERACTIONS (5000000), ANALYTICS_DAYS (365),
# ANALYTICS_RANGE (90), ANALYTICS_DURATION (seconds per measurement, 20), ANALYTICS_WARMUP (seconds, 5),
# ANALYTICS_CONNECTIONS (write paths, 8), ANALYTICS_ROUNDS (2), ANALYTICS_WRITE_SESSIONS (sessions autosaved and
# talked to, 2000), ANALYTICS_PUBLISH_SESSIONS (complete sessions per publish run and wrk thread, 20000; a run that
# runs out answers 4xx, counted as non-2xx), ANALYTICS_PUBLISH_STAGE (the stage the publishes start from, reviewPublish;
# see below), ANALYTICS_PATHS (the write paths, "patch turn publish"), BENCH_PORT
# (7085), and bench/lib.sh's BENCH_SYNCHRONOUS_COMMIT and BENCH_LOG_LEVEL.
# A quick check of the script: ANALYTICS_SESSIONS=20000 ANALYTICS_INTERACTIONS=100000 ANALYTICS_DURATION=3 \
#     ANALYTICS_WARMUP=1 ANALYTICS_ROUNDS=1 ANALYTICS_PUBLISH_SESSIONS=3000 bash bench/analytics.sh
source "$(dirname "$0")/lib.sh"

ANALYTICS_SESSIONS=${ANALYTICS_SESSIONS:-1000000}
ANALYTICS_INTERACTIONS=${ANALYTICS_INTERACTIONS:-5000000}
ANALYTICS_DAYS=${ANALYTICS_DAYS:-365}
ANALYTICS_RANGE=${ANALYTICS_RANGE:-90}
ANALYTICS_DURATION=${ANALYTICS_DURATION:-20}
ANALYTICS_WARMUP=${ANALYTICS_WARMUP:-5}
ANALYTICS_CONNECTIONS=${ANALYTICS_CONNECTIONS:-8}
ANALYTICS_ROUNDS=${ANALYTICS_ROUNDS:-2}
ANALYTICS_WRITE_SESSIONS=${ANALYTICS_WRITE_SESSIONS:-2000}
ANALYTICS_PUBLISH_SESSIONS=${ANALYTICS_PUBLISH_SESSIONS:-20000}
ANALYTICS_PATHS=${ANALYTICS_PATHS:-patch turn publish}
ANALYTICS_PUBLISH_STAGE=${ANALYTICS_PUBLISH_STAGE:-reviewPublish}
BENCH_PORT=${BENCH_PORT:-7085}
ORGANIZATION=00000000-0000-4000-8000-000000000001
TRIGGERS=("wizard_sessions wizard_sessions_analytics_insert" "wizard_sessions wizard_sessions_analytics_update"
          "wizard_actions wizard_actions_analytics_insert" "wizard_actions wizard_actions_analytics_update")
# The turn and the publish write no counter row (sql/006, sql/007): their analytics are the fold every minute and the
# indexes it and the read use (the publish's unfolded read uses events_org_created_idx, which the events list uses too).
FOLD_INDEXES=(wizard_interactions_org_unredacted_created_idx events_created_idx)

command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }

bench_build
bench_start_devhost

echo "Loading $ANALYTICS_SESSIONS sessions and $ANALYTICS_INTERACTIONS interactions into organization 1"
start=$(date +%s)
# The fold is parked while the fixture loads (its rows would be counted twice: by a fold, then by the backfill, which
# refuses rollups that are not empty); the backfill sets its cutoff.
bench_psql_super event_wizard -c "update analytics_folds set folded_before = 'infinity'" >/dev/null
bench_drop_keys wizard_sessions wizard_interactions wizard_actions
bench_psql_load -v sessions="$ANALYTICS_SESSIONS" \
    -v interactions="$ANALYTICS_INTERACTIONS" -v days="$ANALYTICS_DAYS" -f bench/analytics-fixture.sql
bench_restore_keys
loaded=$(date +%s)
bench_psql_super event_wizard -c "select analytics_backfill()" >/dev/null
backfilled=$(date +%s)
bench_analyze
bench_psql_super postgres -c checkpoint
echo "Loaded in $(( loaded - start )) s, rollups backfilled in $(( backfilled - loaded )) s"
bench_psql_super event_wizard -c "select (select count(*) from analytics_session_days) as session_day_rows,
    (select count(*) from analytics_counts) as count_rows, pg_size_pretty(pg_total_relation_size('analytics_session_days')
    + pg_total_relation_size('analytics_counts')) as rollup_size"

AUTH="Authorization: Bearer $(bench_token 1)"
BASE="http://127.0.0.1:$BENCH_PORT"
to=$(date -u +%F)
from=$(date -u -d "$to - $(( ANALYTICS_RANGE - 1 )) days" +%F)
URL="$BASE/api/wizard-analytics?from=$from&to=$to"
started=$(curl -sf -H "$AUTH" "$URL" | python3 -c 'import json, sys; print(json.load(sys.stdin)["funnel"]["started"])') \
    || { echo "GET $URL failed" >&2; curl -s -H "$AUTH" "$URL" >&2; exit 1; }
echo "The range $from..$to holds $started sessions of organization 1"

# wrk reports p50/p75/p90/p99; this prints p50, p95 and p99 (ms) from its histogram at the end of a run.
cat >"$BENCH_WORK/percentiles.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("percentiles %.2f %.2f %.2f %d %d\n", latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests, summary.errors.status))
end
LUA
bench_wrk "$BENCH_WORK/warmup.out" "$ANALYTICS_WARMUP" 1 -s "$BENCH_WORK/percentiles.lua" -H "$AUTH" "$URL"
bench_wrk "$BENCH_WORK/read.out" "$ANALYTICS_DURATION" 1 -s "$BENCH_WORK/percentiles.lua" -H "$AUTH" "$URL"
read -r _ read_p50 read_p95 read_p99 read_requests read_bad < <(grep '^percentiles' "$BENCH_WORK/read.out")
read_bytes=$(curl -s -o /dev/null -w '%{size_download}' -H "$AUTH" "$URL")

# The write paths' sessions, created today in organization 1 (its busiest counter rows): analytics-ab-N at paymentSetup
# with every stage filled (autosaves move between stages), analytics-pub-R-T-N complete for publish run R, wrk thread T,
# at ANALYTICS_PUBLISH_STAGE: reviewPublish, where the reference page publishes from (it autosaves the move to the review
# step before it shows the button, and that autosave counts the stage reached); paymentSetup measures a publish that
# reaches the review stage itself, which moves the session's funnel row in the publish's transaction.
payloads="'{\"name\": \"Atelier Nord\", \"email\": \"hello@atelier-nord.example\"}',
    jsonb_build_object('title', 'Autumn Runway', 'type', 'fashion_show', 'date', (now() + interval '30 days')::date,
                       'startTime', '18:30', 'endTime', '21:00', 'description', 'The autumn collection.'),
    '{\"tiers\": [{\"name\": \"General\", \"price\": 0, \"quantity\": 100}], \"totalCapacity\": 100}',
    '{\"mode\": \"physical\", \"name\": \"Hall 4\", \"address\": {\"line1\": \"1 Dock Street\", \"city\": \"Brooklyn\", \"country\": \"US\"}}',
    '{\"enabled\": false}'"
bench_psql_super event_wizard -c "
    insert into wizard_sessions (organization_id, session_id, user_id, current_stage, organizer_data, event_data, ticket_data,
                                 venue_data, payment_data)
    select '$ORGANIZATION', 'analytics-ab-' || i, '00000000-0000-4000-9000-000000000001', 'paymentSetup', $payloads
    from generate_series(0, $ANALYTICS_WRITE_SESSIONS - 1) i;
    insert into wizard_sessions (organization_id, session_id, user_id, current_stage, organizer_data, event_data, ticket_data,
                                 venue_data, payment_data)
    select '$ORGANIZATION', 'analytics-pub-' || r || '-' || t || '-' || i, '00000000-0000-4000-9000-000000000001',
           '$ANALYTICS_PUBLISH_STAGE', $payloads
    from generate_series(1, 2 * $ANALYTICS_ROUNDS) r, generate_series(1, 2) t, generate_series(1, $ANALYTICS_PUBLISH_SESSIONS) i" \
    -c "vacuum analyze wizard_sessions"

write_lua() { # kind run
    local request
    case $1 in
        patch) request='local n = math.random(0, SESSIONS - 1)
  local k = counter % 5 + 1
  return wrk.format("PATCH", "/api/wizard-session", headers, string.format([[{"sessionId":"analytics-ab-%d","stage":"%s","data":%s}]], n, stages[k], payloads[k]))' ;;
        turn) request='local n = math.random(0, SESSIONS - 1)
  return wrk.format("POST", "/api/wizard-session/analytics-ab-" .. n .. "/interactions", headers, string.format(
    [[{"role":"assistant","stage":"venueSetup","text":"Which hall?","model":"%s","latencyMs":%d,"tokensUsed":%d}]],
    models[counter % 4 + 1], math.random(200, 20000), math.random(50, 1500)))' ;;
        publish) request='return wrk.format("POST", "/api/publish-event", headers, string.format([[{"sessionId":"analytics-pub-%d-%d-%d"}]], RUN, tid, counter))' ;;
    esac
    cat <<LUA
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) math.randomseed(os.time() * 1000 + tid) end
SESSIONS, RUN, counter = $ANALYTICS_WRITE_SESSIONS, $2, 0
headers = { ["Authorization"] = "Bearer $(bench_token 1)", ["Content-Type"] = "application/json" }
stages = { "organizerSetup", "eventSetup", "ticketSetup", "venueSetup", "paymentSetup" }
models = { "gpt-4o", "gpt-4o-mini", "claude-sonnet", "llama-70b" }
payloads = { [[{"name":"Atelier Nord","email":"hello@atelier-nord.example"}]],
  [[{"title":"Autumn Runway","type":"fashion_show","date":"$(date -u -d '+30 days' +%F)","startTime":"18:30","endTime":"21:00","description":"The autumn collection."}]],
  [[{"tiers":[{"name":"General","price":0,"quantity":100}],"totalCapacity":100}]],
  [[{"mode":"physical","name":"Hall 4","address":{"line1":"1 Dock Street","city":"Brooklyn","country":"US"}}]],
  [[{"enabled":false}]] }
request = function()
  counter = counter + 1
  $request
end
$(cat "$BENCH_WORK/percentiles.lua")
LUA
}

# Off: the triggers disabled, the fold's and the read's indexes of unfolded rows dropped, and the fold parked (its cutoff at
# infinity, so each minute's fold finds nothing). On: all back, the cutoff at now(): the off runs' turns are never
# counted, so no fold of theirs lands in an on run. A fold counts a turn a minute or two after it, which is mostly
# after the 20-second run that wrote it: its cost is reported on its own, from the folds' log lines.
fold_index_sql=$(bench_psql_super event_wizard -Atc "select string_agg(replace(pg_get_indexdef(i::regclass),
    'CREATE INDEX', 'CREATE INDEX IF NOT EXISTS'), '; ') from unnest(string_to_array('${FOLD_INDEXES[*]}', ' ')) i")
set_rollups() { # on|off
    local action=$([[ $1 == on ]] && echo enable || echo disable) sql="" pair
    for pair in "${TRIGGERS[@]}"; do sql+="alter table ${pair% *} $action trigger ${pair#* };"; done
    if [[ $1 == on ]]; then
        sql+="$fold_index_sql;"
        sql+="update analytics_folds set folded_before = least(folded_before, now());"
    else
        sql+="drop index if exists $(IFS=,; echo "${FOLD_INDEXES[*]}"); update analytics_folds set folded_before = 'infinity';"
    fi
    # Rebuilding the interactions' index writes its whole size (5,000,000 rows at full size): without a checkpoint here
    # the run after it paid for flushing that and for the full-page images of every page it first touched, so on runs
    # measured the switch, not the analytics.
    sql+="checkpoint;"
    bench_psql_super event_wizard -c "$sql" >/dev/null 2>&1
}

declare -A rps p50 p99 bad runs
run=0
for round in $(seq 1 "$ANALYTICS_ROUNDS"); do
    order=(on off); (( round % 2 == 0 )) && order=(off on)
    for mode in "${order[@]}"; do
        set_rollups "$mode"
        run=$(( run + 1 ))
        for kind in $ANALYTICS_PATHS; do
            write_lua "$kind" "$run" >"$BENCH_WORK/$kind.lua"
            (( run == 1 )) && bench_wrk "$BENCH_WORK/warmup.out" "$ANALYTICS_WARMUP" "$ANALYTICS_CONNECTIONS" -s "$BENCH_WORK/$kind.lua" "$BASE"
            bench_wrk "$BENCH_WORK/$kind.out" "$ANALYTICS_DURATION" "$ANALYTICS_CONNECTIONS" -s "$BENCH_WORK/$kind.lua" "$BASE"
            read -r _ _ _ q99 requests errors < <(grep '^percentiles' "$BENCH_WORK/$kind.out")
            read -r r q50 _ _ _ < <(bench_wrk_figures "$BENCH_WORK/$kind.out")
            key="$kind $mode"
            rps[$key]=$(python3 -c "print(${rps[$key]:-0} + $r)")
            p50[$key]=$(python3 -c "print(${p50[$key]:-0} + $q50)")
            p99[$key]=$(python3 -c "print(${p99[$key]:-0} + $q99)")
            bad[$key]=$(( ${bad[$key]:-0} + errors ))
            runs[$key]=$(( ${runs[$key]:-0} + 1 ))
        done
    done
done
set_rollups on

# The read while turns are written in the same organization at full speed: its unfolded part is then the last minute
# or two of those turns.
write_lua turn $(( run + 1 )) >"$BENCH_WORK/turn.lua"
bench_wrk "$BENCH_WORK/busy-turn.out" "$ANALYTICS_DURATION" "$ANALYTICS_CONNECTIONS" -s "$BENCH_WORK/turn.lua" "$BASE" &
busy_turns=$!
bench_wrk "$BENCH_WORK/busy-read.out" "$ANALYTICS_DURATION" 1 -s "$BENCH_WORK/percentiles.lua" -H "$AUTH" "$URL"
wait "$busy_turns"
read -r _ busy_p50 busy_p95 busy_p99 busy_requests busy_bad < <(grep '^percentiles' "$BENCH_WORK/busy-read.out")
read -r busy_turn_rps _ _ _ _ < <(bench_wrk_figures "$BENCH_WORK/busy-turn.out")
unfolded=$(bench_psql_super event_wizard -Atc "select count(*) from wizard_interactions
    where created_at >= (select folded_before from analytics_folds where source = 'interactions') and redacted_at is null")
# The fold of those turns on demand once they are a minute old (the every-minute timer may have taken some first).
sleep 61
fold=$(curl -sf -X POST "$BASE/admin/functions/AnalyticsFold") || { echo "POST /admin/functions/AnalyticsFold failed" >&2; exit 1; }
read -r fold_interactions fold_rows fold_ms < <(python3 -c "import json, sys; r = json.loads(sys.argv[1]); print(r['interactions'], r['counterRows'], r['elapsedMs'])" "$fold")

echo
echo "Wizard analytics, organization 1: $ANALYTICS_SESSIONS sessions over $ANALYTICS_DAYS days, $ANALYTICS_INTERACTIONS interactions"
bench_command ANALYTICS_SESSIONS ANALYTICS_INTERACTIONS ANALYTICS_DAYS ANALYTICS_RANGE ANALYTICS_DURATION ANALYTICS_WARMUP \
    ANALYTICS_CONNECTIONS ANALYTICS_ROUNDS ANALYTICS_WRITE_SESSIONS ANALYTICS_PUBLISH_SESSIONS ANALYTICS_PUBLISH_STAGE ANALYTICS_PATHS
echo
echo "| read ($ANALYTICS_RANGE days, $started sessions, 1 connection) | p50 ms | p95 ms | p99 ms | requests | non-2xx | bytes |"
echo "|---|---|---|---|---|---|---|"
printf '| GET /api/wizard-analytics | %s | %s | %s | %s | %s | %s |\n' "$read_p50" "$read_p95" "$read_p99" "$read_requests" "$read_bad" "$read_bytes"
printf '| the same, with turns POSTed beside it at %s req/s | %s | %s | %s | %s | %s | |\n' \
    "$busy_turn_rps" "$busy_p50" "$busy_p95" "$busy_p99" "$busy_requests" "$busy_bad"
echo
echo "Unfolded interactions after the turns beside the read: $unfolded. Their fold a minute later (the timer's may have"
echo "taken some first): $fold_interactions interactions into $fold_rows counter rows in $fold_ms ms" \
    "($(python3 -c "print('%.1f' % (1000 * $fold_ms / max(1, $fold_interactions)))") us an interaction)."
echo
echo "| write path ($ANALYTICS_CONNECTIONS connections, mean of $ANALYTICS_ROUNDS runs each) | rollups | req/s | p50 ms | p99 ms | non-2xx | req/s on/off |"
echo "|---|---|---|---|---|---|---|"
for kind in $ANALYTICS_PATHS; do
    for mode in on off; do
        key="$kind $mode"
        python3 -c "
n = ${runs[$key]}
ratio = '' if '$mode' == 'off' else '%.3f' % (${rps["$kind on"]} / ${rps["$kind off"]})
print('| %s | %s | %.0f | %.2f | %.2f | %d | %s |' % ('$kind', '$mode', ${rps[$key]} / n, ${p50[$key]} / n, ${p99[$key]} / n, ${bad[$key]}, ratio))"
    done
done
