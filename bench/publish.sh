#!/usr/bin/env bash
# Publish benchmark, one command: builds Release, starts the DevHost on 127.0.0.1:7082 with a PostgreSQL of its
# own (a fresh cluster on a free port, removed afterwards; bench/lib.sh: durable commits and the shipped logging
# unless BENCH_SYNCHRONOUS_COMMIT / BENCH_LOG_LEVEL say otherwise), prepares complete sessions across tenants with real
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
source "$(dirname "$0")/lib.sh"

BENCH_PORT="${BENCH_PORT:-${PORT:-7082}}"
SESSIONS="${SESSIONS:-3000}"
WARMUP="${WARMUP:-10000}"
TENANTS="${TENANTS:-20}"
CONNECTIONS="${CONNECTIONS:-8}"
BURST_ROUNDS="${BURST_ROUNDS:-5}"
SINGLE="${SINGLE:-300}"
SIGNING_KEY="$(python3 -c 'import json; print(json.load(open("local.settings.sample.json"))["Values"]["Auth__SigningKey"])')"
REPORT="bench/results/publish-$(date -u +%Y%m%dT%H%M%SZ).txt"

bench_build bench/PublishLoad/PublishLoad.csproj
bench_start_devhost
bench_command SESSIONS WARMUP TENANTS CONNECTIONS BURST_ROUNDS SINGLE

dotnet bench/PublishLoad/bin/Release/net10.0/PublishLoad.dll \
    --base-url "http://127.0.0.1:${BENCH_PORT}" \
    --owner-connection "$(bench_owner_connection)" \
    --signing-key "$SIGNING_KEY" --sessions "$SESSIONS" --warmup "$WARMUP" --tenants "$TENANTS" \
    --connections "$CONNECTIONS" --burst-rounds "$BURST_ROUNDS" --single "$SINGLE" --report "$REPORT" \
    --server-pid "$BENCH_HOST_PID" --postmaster-pid "$(bench_postmaster_pid)"
echo "Report written to ${REPORT}"
