#!/usr/bin/env bash
# Connection pool sizes under durable commits, one command: bash bench/pool.sh
#
# bench/ab.sh with one variant per pool size (DevHost:MaxPoolSize), built first: one Release DevHost per size, each
# with its own throw-away PostgreSQL, seeded alike, warmed up, then measured in turns (ABBA) with autosave PATCHes.
# Prints every run (requests/s, p50, p99, the DevHost's CPU per PATCH) and the median per size.
#
# Settings (environment): POOL_SIZES ("4 8 16 32"), POOL_ROUNDS (3), POOL_DURATION (10), POOL_CONNECTIONS (16),
# POOL_WARMUP (10), and bench/lib.sh's BENCH_SYNCHRONOUS_COMMIT (on) and BENCH_LOG_LEVEL (the shipped logging).
set -euo pipefail
cd "$(dirname "$0")/.."
POOL_SIZES=${POOL_SIZES:-4 8 16 32}
variants=""
for size in $POOL_SIZES; do
    variants+="pool-$size=DevHost.Server/bin/Release/net10.0,--DevHost:MaxPoolSize=$size "
done
AB_BUILD=1 AB_VARIANTS=$variants AB_KIND=patch AB_ROUNDS=${POOL_ROUNDS:-3} AB_DURATION=${POOL_DURATION:-10} \
    AB_CONNECTIONS=${POOL_CONNECTIONS:-16} AB_WARMUP=${POOL_WARMUP:-10} exec bash bench/ab.sh
