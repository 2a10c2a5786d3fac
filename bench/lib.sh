# The preamble the HTTP benchmarks share; sourced (`source "$(dirname "$0")/lib.sh"`), not run.
#
# bench_start_devhost starts the Release DevHost on 127.0.0.1:$BENCH_PORT with a throw-away PostgreSQL of its own
# (DevHost:PostgresPort on a free port; the cluster and its folder are removed when the script exits). By default
# the run is as deployed: durable commits (synchronous_commit=on) and the logging the apps ship with (host.json,
# Information). BENCH_SYNCHRONOUS_COMMIT=off measures the code path without this machine's fsync;
# BENCH_LOG_LEVEL=Warning (or any level) overrides the shipped logging. Both are printed with the figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BENCH_SYNCHRONOUS_COMMIT=${BENCH_SYNCHRONOUS_COMMIT:-on}
BENCH_LOG_LEVEL=${BENCH_LOG_LEVEL:-}
BENCH_WORK=$(mktemp -d /tmp/event-wizard-bench-XXXXXX)
# The DevHost build to start (bench/ab.sh starts other builds from copies of this folder).
BENCH_DEVHOST_DIR=${BENCH_DEVHOST_DIR:-DevHost.Server/bin/Release/net10.0}
BENCH_HOST_PID=""
BENCH_PG_PORT=""
BENCH_PG_ROOT=""

bench_free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

bench_pg_ctl() { command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1; }

# Runs a command as the postgres user when run as root (initdb and pg_ctl refuse root).
bench_as_postgres() { if [[ "$(id -u)" = 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Several hosts at once (bench/ab.sh's variants, bench/scale.sh's small and large databases): bench_start_host NAME
# [DevHost arguments...] starts one on a free port as bench_start_devhost does and remembers it; bench_use_host NAME
# points BENCH_PORT, BENCH_PG_PORT, BENCH_PG_ROOT and BENCH_HOST_PID, which the other functions use, at it.
declare -A BENCH_HOSTS=()
bench_start_host() {
    local name=$1; shift
    BENCH_PORT=$(bench_free_port)
    bench_start_devhost "$@"
    BENCH_HOSTS[$name]="$BENCH_PORT $BENCH_PG_PORT $BENCH_PG_ROOT $BENCH_HOST_PID"
}
bench_use_host() { read -r BENCH_PORT BENCH_PG_PORT BENCH_PG_ROOT BENCH_HOST_PID <<<"${BENCH_HOSTS[$1]}"; }

# bench_stop_host PID PG_ROOT: the DevHost stops its PostgreSQL on the way out; a cluster left running is stopped here.
bench_stop_host() {
    local pid=$1 pg_root=$2
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    if [[ -n "$pg_root" && -f "$pg_root/data/postmaster.pid" ]]; then
        bench_as_postgres "$(bench_pg_ctl)" stop -D "$pg_root/data" -m fast >/dev/null 2>&1 || true
    fi
    [[ -n "$pg_root" ]] && rm -rf "$pg_root"
    return 0
}

bench_cleanup() {
    local name port pg_port pg_root pid
    for name in "${!BENCH_HOSTS[@]}"; do
        read -r port pg_port pg_root pid <<<"${BENCH_HOSTS[$name]}"
        bench_stop_host "$pid" "$pg_root"
    done
    bench_stop_host "$BENCH_HOST_PID" "$BENCH_PG_ROOT"
    rm -rf "$BENCH_WORK"
}
trap bench_cleanup EXIT

# Builds the DevHost (its server, which the benchmarks start directly) and any further projects named, Release.
bench_build() {
    echo "Building (Release)"
    local project
    for project in DevHost.Server "$@"; do
        dotnet build -c Release "$project" -nologo -clp:ErrorsOnly -v quiet >/dev/null
    done
}

# Starts the DevHost (any further DevHost arguments are passed on: bench_start_devhost --DevHost:MaxPoolSize=16),
# setting BENCH_HOST_PID, BENCH_PG_PORT and BENCH_PG_ROOT for the host just started.
bench_start_devhost() {
    if curl -s -o /dev/null "http://127.0.0.1:$BENCH_PORT/api/health"; then
        echo "Port $BENCH_PORT is already serving; stop that first or set BENCH_PORT." >&2
        exit 1
    fi
    BENCH_PG_PORT=$(bench_free_port)
    BENCH_PG_ROOT=${TMPDIR:-/tmp}/event-wizard-pg-$BENCH_PG_PORT
    rm -rf "$BENCH_PG_ROOT"
    local logging=()
    [[ -n "$BENCH_LOG_LEVEL" ]] && logging=(--Logging:LogLevel:Default="$BENCH_LOG_LEVEL")
    echo "Starting the DevHost on 127.0.0.1:$BENCH_PORT with PostgreSQL on $BENCH_PG_PORT"
    dotnet "$BENCH_DEVHOST_DIR/EventWizard.DevHost.dll" \
        --DevHost:Urls="http://127.0.0.1:$BENCH_PORT" --DevHost:PostgresPort="$BENCH_PG_PORT" "${logging[@]}" "$@" \
        >"$BENCH_WORK/devhost-$BENCH_PORT.log" 2>&1 &
    BENCH_HOST_PID=$!
    for _ in $(seq 1 120); do
        curl -sf -o /dev/null "http://127.0.0.1:$BENCH_PORT/api/health" && break
        kill -0 "$BENCH_HOST_PID" 2>/dev/null || { cat "$BENCH_WORK/devhost-$BENCH_PORT.log" >&2; exit 1; }
        sleep 1
    done
    curl -sf -o /dev/null "http://127.0.0.1:$BENCH_PORT/api/health" \
        || { echo "The DevHost did not come up" >&2; cat "$BENCH_WORK/devhost-$BENCH_PORT.log" >&2; exit 1; }
    bench_psql_super postgres -c "alter system set synchronous_commit = '$BENCH_SYNCHRONOUS_COMMIT'" -c "select pg_reload_conf()" >/dev/null
}

# psql as the cluster's superuser over its socket: bench_psql_super DATABASE [psql arguments...]
bench_psql_super() { local db=$1; shift; psql -X -q -v ON_ERROR_STOP=1 -h "$BENCH_PG_ROOT" -p "$BENCH_PG_PORT" -U postgres -d "$db" "$@"; }

# psql as the schema owner over TCP: bench_psql_owner [psql arguments...]
bench_psql_owner() {
    PGPASSWORD=local-owner-password psql -X -q -h 127.0.0.1 -p "$BENCH_PG_PORT" -U event_wizard_owner -d event_wizard "$@"
}

bench_owner_connection() {
    echo "Host=127.0.0.1;Port=$BENCH_PG_PORT;Username=event_wizard_owner;Password=local-owner-password;Database=event_wizard"
}

# Fresh statistics, as a live database has them after autovacuum.
bench_analyze() { bench_psql_super event_wizard -c "vacuum (analyze)"; }

# Open sessions of an organization (what the sessions list shows by default): bench_open_sessions ORGANIZATION
bench_open_sessions() {
    bench_psql_super event_wizard -At -c "select count(*) from wizard_sessions
        where organization_id = '$1' and status = 'in_progress' and expires_at > now()"
}

# The sessions list's cursor DEPTH rows into an organization's open sessions, as the API encodes it
# (Shared/Http/PageCursor.cs): base64url of "1|<.NET ticks>|<session id>" for the row just before the page, in the
# list's order (newest first). bench_list_cursor ORGANIZATION DEPTH
bench_list_cursor() {
    local organization=$1 depth=$2
    bench_psql_super event_wizard -At -F ' ' -c "select (extract(epoch from updated_at) * 10000000)::bigint + 621355968000000000, session_id
        from wizard_sessions where organization_id = '$organization' and status = 'in_progress' and expires_at > now()
        order by updated_at desc, session_id desc offset $(( depth > 0 ? depth - 1 : 0 )) limit 1" \
        | python3 -c 'import base64, sys; ticks, key = sys.stdin.read().split(); print(base64.urlsafe_b64encode(f"1|{ticks}|{key}".encode()).decode().rstrip("="))'
}

bench_postmaster_pid() { head -1 "$BENCH_PG_ROOT/data/postmaster.pid"; }

# bench_ticks PID...: the CPU time (clock ticks, getconf CLK_TCK a second) the processes have used so far.
bench_ticks() { for pid in "$@"; do awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null; done | awk '{ s += $1 } END { print s + 0 }'; }
# bench_ms_per_request TICKS REQUESTS: CPU time in milliseconds per request, three decimals.
bench_ms_per_request() { awk -v ticks="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f\n", ticks * 1000 / hz / n }'; }
# bench_pg_ticks: the same for PostgreSQL: the postmaster with its reaped children (cutime/cstime: backends that have
# exited, such as pgbench's; bench_pg_clients_gone waits for them) plus the live backends (the DevHost's pool).
bench_pg_ticks() {
    local pm; pm=$(bench_postmaster_pid)
    echo $(( $(awk '{ print $16 + $17 }' "/proc/$pm/stat") + $(bench_ticks "$pm" $(pgrep -P "$pm")) ))
}
# bench_pg_clients_gone: waits (up to 5 s) until pgbench's backends have exited and been reaped, so that their CPU
# time is in the postmaster's (read just after pgbench returns, a backend still exiting is counted nowhere).
bench_pg_clients_gone() {
    local tries=0
    while (( tries++ < 50 )) && [[ $(bench_psql_super postgres -At -c \
        "select count(*) from pg_stat_activity where application_name = 'pgbench'") != 0 ]]; do sleep 0.1; done
    sleep 0.2
}

# A signed token (HS256, the local settings' key) for tenant N: organization 00000000-0000-4000-8000-<N, 12 digits>,
# user 00000000-0000-4000-9000-<N, 12 digits>.
bench_token() { python3 bench/sessions_bench.py token "$1"; }

# The line to paste above the figures: how to run the same again, on which commit, on what machine and load.
# bench_command VARIABLE... (the settings the script reads)
bench_command() {
    local settings="" name
    for name in "$@" BENCH_SYNCHRONOUS_COMMIT BENCH_LOG_LEVEL; do
        [[ -n "${!name}" ]] && settings+="$name=${!name} "
    done
    echo "command: ${settings}bash bench/$(basename "$0")"
    echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')," \
        "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
        "synchronous_commit=$BENCH_SYNCHRONOUS_COMMIT, logging ${BENCH_LOG_LEVEL:-as shipped (host.json)}"
}

# wrk's run: bench_wrk OUT SECONDS CONNECTIONS [wrk arguments...] URL. Its figures: bench_wrk_figures OUT prints
# "requests/s p50_ms p99_ms non_2xx requests".
bench_wrk() {
    local out=$1 seconds=$2 connections=$3; shift 3
    wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${seconds}s" --latency "$@" >"$out"
}

# bench_wrk_measured OUT SECONDS CONNECTIONS LUA [ATTEMPT]: one wrk run against the current host (BENCH_PORT) and the CPU
# its DevHost (BENCH_HOST_PID) and PostgreSQL spent on it; sets rps, p50, p99, bad (non-2xx), requests, and host_cpu
# and pg_cpu (ms per request). The attempt's number (bench_undisturbed passes it) is not used.
bench_wrk_measured() {
    local out=$1 seconds=$2 connections=$3 lua=$4 host0 pg0 host1 pg1
    host0=$(bench_ticks "$BENCH_HOST_PID") pg0=$(bench_pg_ticks)
    bench_wrk "$out" "$seconds" "$connections" -s "$lua" "http://127.0.0.1:$BENCH_PORT"
    host1=$(bench_ticks "$BENCH_HOST_PID") pg1=$(bench_pg_ticks)
    read -r rps p50 p99 bad requests < <(bench_wrk_figures "$out")
    host_cpu=$(bench_ms_per_request $(( host1 - host0 )) "$requests")
    pg_cpu=$(bench_ms_per_request $(( pg1 - pg0 )) "$requests")
}

bench_wrk_figures() {
    awk '
        function ms(value,   unit) { unit = value; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", value)
                                     return unit == "us" ? value / 1000 : unit == "s" ? value * 1000 : value }
        /Requests\/sec/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx/ { bad = $5 }
        /requests in/ { requests = $1 }
        END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, bad, requests }' "$1"
}

# What the machine itself did to a measurement, for telling its stalls from the system's: bench_machine_stalls prints
# the microseconds some task has waited on I/O (the kernel's pressure stall information, 0 where it has none) and the
# clock ticks the hypervisor has stolen from the CPUs, both since boot; bench_machine_stalls_since "BEFORE" prints the
# milliseconds of each since BEFORE.
bench_machine_stalls() {
    local io=0
    [[ -r /proc/pressure/io ]] && io=$(awk '$1 == "some" { sub("total=", "", $5); print $5 }' /proc/pressure/io)
    echo "$io $(awk '$1 == "cpu" { print $9 }' /proc/stat)"
}

bench_machine_stalls_since() {
    local io_before steal_before io steal
    read -r io_before steal_before <<<"$1"
    read -r io steal < <(bench_machine_stalls)
    echo "$(( (io - io_before) / 1000 )) $(( (steal - steal_before) * 1000 / $(getconf CLK_TCK) ))"
}

# bench_undisturbed COMMAND...: runs COMMAND ATTEMPT (in this shell), again while the hypervisor took more than
# BENCH_MAX_STOLEN percent of the machine's CPU time during it (other machines' work, not this system's: it moves every
# figure of a run alike), BENCH_ATTEMPTS times at most. Leaves what the machine did during the last attempt in
# BENCH_IO_MS and BENCH_STEAL_MS (as bench_machine_stalls_since), the attempts taken in BENCH_ATTEMPT, and
# BENCH_DISTURBED=* when the last was disturbed too (empty otherwise).
BENCH_MAX_STOLEN=${BENCH_MAX_STOLEN:-5} BENCH_ATTEMPTS=${BENCH_ATTEMPTS:-3}
bench_undisturbed() {
    local stalls started elapsed_ms
    BENCH_ATTEMPT=0 BENCH_DISTURBED=*
    while [[ -n $BENCH_DISTURBED ]] && (( BENCH_ATTEMPT < BENCH_ATTEMPTS )); do
        BENCH_ATTEMPT=$(( BENCH_ATTEMPT + 1 ))
        stalls=$(bench_machine_stalls) started=$(date +%s%N)
        "$@" "$BENCH_ATTEMPT"
        read -r BENCH_IO_MS BENCH_STEAL_MS < <(bench_machine_stalls_since "$stalls")
        elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
        (( BENCH_STEAL_MS * 100 > elapsed_ms * $(nproc) * BENCH_MAX_STOLEN )) || BENCH_DISTURBED=""
    done
}

# What bench_undisturbed did, for a report line: "; attempt N" when a run was taken again, ", disturbed in all N" when
# every attempt was disturbed; nothing for a run taken once.
bench_attempts_note() {
    (( BENCH_ATTEMPT > 1 )) && printf '; attempt %d' "$BENCH_ATTEMPT"
    [[ -n $BENCH_DISTURBED ]] && printf ', disturbed in all %d' "$BENCH_ATTEMPT"
    true
}

# Bulk loads the way a restore does: the tables' keys, checks and indexes are dropped before the rows go in and made
# again after, once each (maintained row by row, they were most of the load's CPU: docs/scaling.md, "At scale").
# bench_drop_keys TABLE... saves the definitions of the tables' indexes and constraints, and of the foreign keys
# that point at them, then drops them all; bench_restore_keys makes them again, validated, as the schema has them:
# each table's keys, checks and indexes on one of two connections at once (the largest table first), then the
# foreign keys. Made from their definitions' text, as pg_restore makes them: a varchar `in (...)` list comes back spelled
# element by element (the same test once constants are folded; the partial indexes still serve their queries).
bench_drop_keys() {
    local tables keys=$BENCH_WORK/keys table
    tables="array[$(printf "'%s'::regclass," "$@")"
    tables="${tables%,}]"
    rm -rf "$keys" && mkdir -p "$keys"
    echo "$tables" >"$keys/tables"
    for table in "$@" foreign; do : >"$keys/$table.sql"; done
    # One row per object: the file its definition goes to, the statement that makes it, the one that drops it. A
    # table's keys and checks are one statement each way (made in one pass over the rows); foreign keys drop first.
    bench_psql_super event_wizard -At -F $'\t' -c "
        select file, make_sql, drop_sql from (
            select 1 as step, 'foreign.sql' as file,
                   format('alter table %s add constraint %I %s;', conrelid::regclass, conname,
                          pg_get_constraintdef(oid)) as make_sql,
                   format('alter table %s drop constraint %I;', conrelid::regclass, conname) as drop_sql
            from pg_constraint where contype = 'f' and (conrelid = any($tables) or confrelid = any($tables))
            union all
            select 2, conrelid::regclass || '.sql',
                   format('alter table %s %s;', conrelid::regclass, string_agg(format('add constraint %I %s', conname,
                          pg_get_constraintdef(oid)), ', ' order by conname)),
                   format('alter table %s %s;', conrelid::regclass,
                          string_agg(format('drop constraint %I', conname), ', '))
            from pg_constraint where contype in ('p', 'u', 'c', 'x') and conrelid = any($tables) group by conrelid
            union all
            select 3, indrelid::regclass || '.sql', pg_get_indexdef(indexrelid) || ';',
                   format('drop index %s;', indexrelid::regclass)
            from pg_index i
            where indrelid = any($tables) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
        ) as objects order by step" |
        while IFS=$'\t' read -r file make drop; do echo "$make" >>"$keys/$file"; echo "$drop"; done |
        bench_psql_super event_wizard
}

bench_restore_keys() {
    local keys=$BENCH_WORK/keys
    export -f bench_psql_super
    export BENCH_PG_ROOT BENCH_PG_PORT
    bench_psql_super event_wizard -At -c "select t::regclass || '.sql' from unnest($(cat "$keys/tables")) as t
        order by pg_relation_size(t) desc" |
        (cd "$keys" && xargs -P 2 -I {} env PGOPTIONS='-c maintenance_work_mem=512MB' \
            bash -c 'bench_psql_super event_wizard -f "$1"' restore {})
    bench_psql_super event_wizard -f "$keys/foreign.sql"
}

# psql as the superuser with no trigger firing (neither the analytics rollups nor foreign key checks), as a restore
# loads: bench_psql_load [psql arguments...]
bench_psql_load() { PGOPTIONS='-c session_replication_role=replica' bench_psql_super event_wizard "$@"; }

# bench_psql_load_parts PARTS [psql arguments...]: PARTS runs of bench_psql_load at once, the K-th with -v part=K
# -v parts=PARTS, for the fixtures that split their rows so (lists-fixture.sql, scale-fixture.sql): one core each.
bench_psql_load_parts() {
    local parts=$1 part pid failed=0 pids=()
    shift
    for (( part = 0; part < parts; part++ )); do
        bench_psql_load -v part="$part" -v parts="$parts" "$@" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || failed=1
    done
    return "$failed"
}
