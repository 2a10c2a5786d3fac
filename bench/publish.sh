#!/usr/bin/env bash
# Publish benchmark, one command: builds Release, starts the DevHost on 127.0.0.1:7082 with a PostgreSQL of its
# own (a fresh cluster on a free port, removed afterwards), prepares complete sessions across tenants with real
# HS256 tokens, measures publish latency for distinct sessions at 8 connections and the time until 50
# concurrent duplicates (same key; 50 different keys) are all answered. Also: the CPU time per publish of the
# DevHost and PostgreSQL (independent of what else runs on the machine) and the latency one request at a time.
#
#   bench/publish.sh                      # defaults: 3000 sessions (+10000 warm-up), 20 tenants, 8 connections
#   SESSIONS=10000 CONNECTIONS=8 bench/publish.sh
#
# The warm-up is long on purpose: under this load .NET's tiered JIT is still recompiling thousands of hot
# methods for ~20 s (counted with DOTNET_JitStdOutFile + DOTNET_JitDisasmSummary=1), and a run
# measured inside that window measures the compiler. After it the tables are ANALYZEd, as autovacuum would
# have done in a running deployment.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-7082}"
SESSIONS="${SESSIONS:-3000}"
WARMUP="${WARMUP:-10000}"
TENANTS="${TENANTS:-20}"
CONNECTIONS="${CONNECTIONS:-8}"
BURST_ROUNDS="${BURST_ROUNDS:-5}"
SINGLE="${SINGLE:-300}"
PG_PORT="${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
PG_ROOT="${TMPDIR:-/tmp}/event-wizard-pg-${PG_PORT}"
SIGNING_KEY="$(python3 -c 'import json; print(json.load(open("local.settings.sample.json"))["Values"]["Auth__SigningKey"])')"
REPORT="bench/results/publish-$(date -u +%Y%m%dT%H%M%SZ).txt"

if curl -s -o /dev/null "http://127.0.0.1:${PORT}/api/health"; then
    echo "Port ${PORT} is already serving; stop that first." >&2
    exit 1
fi

echo "Building (Release)..."
dotnet build -c Release DevHost/DevHost.csproj -nologo -clp:ErrorsOnly -v:quiet >/dev/null
dotnet build -c Release bench/PublishLoad/PublishLoad.csproj -nologo -clp:ErrorsOnly -v:quiet >/dev/null

LOG="$(mktemp)"
dotnet DevHost/bin/Release/net10.0/EventWizard.DevHost.dll \
    --DevHost:Urls="http://127.0.0.1:${PORT}" --DevHost:PostgresPort="${PG_PORT}" \
    --Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning >"$LOG" 2>&1 &
HOST_PID=$!
cleanup() {
    kill "$HOST_PID" 2>/dev/null && wait "$HOST_PID" 2>/dev/null || true
    # The DevHost stops its PostgreSQL on shutdown; make sure, then remove the throw-away cluster.
    if [ -f "${PG_ROOT}/data/postmaster.pid" ]; then
        PG_CTL="$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)"
        if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PG_CTL" stop -D "${PG_ROOT}/data" -m fast >/dev/null 2>&1 || true
        else "$PG_CTL" stop -D "${PG_ROOT}/data" -m fast >/dev/null 2>&1 || true; fi
    fi
    rm -rf "${PG_ROOT}" "$LOG"
}
trap cleanup EXIT

echo "Starting the DevHost on port ${PORT} (PostgreSQL on ${PG_PORT})..."
for _ in $(seq 1 120); do
    if curl -sf -o /dev/null "http://127.0.0.1:${PORT}/api/health"; then break; fi
    if ! kill -0 "$HOST_PID" 2>/dev/null; then cat "$LOG" >&2; exit 1; fi
    sleep 1
done
curl -sf -o /dev/null "http://127.0.0.1:${PORT}/api/health" || { cat "$LOG" >&2; exit 1; }

dotnet bench/PublishLoad/bin/Release/net10.0/PublishLoad.dll \
    --base-url "http://127.0.0.1:${PORT}" \
    --owner-connection "Host=127.0.0.1;Port=${PG_PORT};Username=event_wizard_owner;Password=local-owner-password;Database=event_wizard" \
    --signing-key "$SIGNING_KEY" --sessions "$SESSIONS" --warmup "$WARMUP" --tenants "$TENANTS" \
    --connections "$CONNECTIONS" --burst-rounds "$BURST_ROUNDS" --single "$SINGLE" --report "$REPORT" \
    --server-pid "$HOST_PID" --postmaster-pid "$(head -1 "${PG_ROOT}/data/postmaster.pid")"
echo "Report written to ${REPORT}"
