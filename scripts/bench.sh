#!/usr/bin/env bash
# The seed's benchmark: N checkout requests at concurrency C against the running demo
# services; prints requests/s, latency p50/p95/p99 and how many of the traces the collector
# holds afterwards.   scripts/bench.sh [N=100] [C=20]
# The collector's own throughput benchmark: scripts/bench.sh --spans [--duration S] [--quick]
# The ClickHouse writer benchmark: scripts/bench.sh --clickhouse [--duration S] [--quick]
# The ClickHouse query benchmark: scripts/bench.sh --clickhouse-queries [--spans N] [--repeat R]
# Spans lost across a ClickHouse outage: scripts/bench.sh --clickhouse-outage [SECONDS=60] [--before S] [--after S]
# The browser UI benchmark: scripts/bench.sh --ui [--repeat R]
# The overload benchmark: scripts/bench.sh --overload [--duration S] [--factor F] [--connections N] [--memory-limit-mib M]
# Acknowledged spans across a silo crash: scripts/bench.sh --silo-kill [--traces N]
#
#   TRACEFLOW_CHECKOUT_PORT   the checkout service (9001)
#   TRACEFLOW_COLLECTOR_URL   the collector (http://127.0.0.1:$TRACEFLOW_PORT, default 9411)
set -euo pipefail
cd "$(dirname "$0")/.."

# scripts/bench.sh --spans [...]: the collector's throughput benchmark (scripts/lib/bench-spans.sh).
if [ "${1:-}" = "--spans" ]; then
  shift
  set +e
  source scripts/lib/bench-spans.sh
fi

# scripts/bench.sh --clickhouse [...]: spans stored per second in ClickHouse (scripts/lib/bench-clickhouse.sh).
if [ "${1:-}" = "--clickhouse" ]; then
  shift
  set +e
  source scripts/lib/bench-clickhouse.sh
fi

# scripts/bench.sh --clickhouse-queries [...]: query latency over millions of spans (scripts/lib/bench-clickhouse-queries.sh).
if [ "${1:-}" = "--clickhouse-queries" ]; then
  shift
  set +e
  source scripts/lib/bench-clickhouse-queries.sh
fi

# scripts/bench.sh --overload [...]: 10x the sustainable rate under a memory ceiling (scripts/lib/bench-overload.sh).
if [ "${1:-}" = "--overload" ]; then
  shift
  set +e
  source scripts/lib/bench-overload.sh
fi

# scripts/bench.sh --clickhouse-outage [...]: acknowledged vs stored spans across a ClickHouse outage (scripts/lib/bench-clickhouse-outage.sh).
if [ "${1:-}" = "--clickhouse-outage" ]; then
  shift
  set +e
  source scripts/lib/bench-clickhouse-outage.sh
fi

# scripts/bench.sh --ui [...]: a 10,000-span trace opened in headless Chromium (scripts/lib/bench-ui.sh).
if [ "${1:-}" = "--ui" ]; then
  shift
  set +e
  source scripts/lib/bench-ui.sh
fi

# scripts/bench.sh --silo-kill [...]: spans acknowledged vs stored across a SIGKILLed silo (scripts/lib/bench-silo-kill.sh).
if [ "${1:-}" = "--silo-kill" ]; then
  shift
  source scripts/lib/bench-silo-kill.sh
fi

source scripts/lib/common.sh

requests="${1:-100}"
concurrency="${2:-20}"
out_dir="$PWD/src/TraceFlow.Demo/bin/Release/net10.0"
build_if_stale src/TraceFlow.Demo/TraceFlow.Demo.csproj "$out_dir/TraceFlow.Demo.dll"

dotnet "$out_dir/TraceFlow.Demo.dll" load \
  --url "http://127.0.0.1:${TRACEFLOW_CHECKOUT_PORT:-9001}/checkout" \
  --collector "${TRACEFLOW_COLLECTOR_URL:-http://127.0.0.1:${TRACEFLOW_PORT:-9411}}" \
  --requests "$requests" --concurrency "$concurrency"
