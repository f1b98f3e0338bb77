#!/usr/bin/env bash
# Sends five checkout requests, prints each answer, then the collector's stats once the five
# traces have been decided (the local profile decides after 1 s of quiet).
#
#   TRACEFLOW_CHECKOUT_PORT   the checkout service (9001)
#   TRACEFLOW_COLLECTOR_URL   the collector (http://127.0.0.1:$TRACEFLOW_PORT, default 9411)
set -euo pipefail
checkout="http://127.0.0.1:${TRACEFLOW_CHECKOUT_PORT:-9001}/checkout"
collector="${TRACEFLOW_COLLECTOR_URL:-http://127.0.0.1:${TRACEFLOW_PORT:-9411}}"

trace_ids=()
for _ in 1 2 3 4 5; do
  answer=$(curl -sS --max-time 10 "$checkout")
  echo "checkout: $answer"
  id=$(sed -n 's/.*"trace_id":"\([0-9a-f]*\)".*/\1/p' <<<"$answer")
  [ -n "$id" ] && trace_ids+=("$id")
done

for id in "${trace_ids[@]}"; do
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null --max-time 2 "$collector/api/traces/$id" 2>/dev/null && break
    sleep 0.25
  done
done

# Stats are aggregated on a one-second cycle; wait until they include this run's traces.
expected=${#trace_ids[@]}
stats=""
for _ in $(seq 1 40); do
  stats=$(curl -fsS --max-time 2 "$collector/api/stats")
  count=$(sed -n 's/.*"trace_count":\([0-9]*\).*/\1/p' <<<"$stats")
  [ "${count:-0}" -ge "$expected" ] && break
  sleep 0.25
done

echo
echo "collector stats ($collector/api/stats):"
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; s=json.load(sys.stdin); print(json.dumps({k: s[k] for k in ("trace_count","span_count","service_count","services","p50_ms","p95_ms","p99_ms")}, indent=2))' <<<"$stats"
else
  echo "$stats"
fi
echo
echo "See the traces at $collector"
