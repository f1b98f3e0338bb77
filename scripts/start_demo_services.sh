#!/usr/bin/env bash
# Starts the demo services in the background: checkout (9001) calls inventory (9002) and
# payment (9003), each reporting its spans to the collector. Builds first when needed.
#
#   TRACEFLOW_COLLECTOR_URL     where spans go (http://127.0.0.1:$TRACEFLOW_PORT, default 9411)
#   TRACEFLOW_CHECKOUT_PORT / TRACEFLOW_INVENTORY_PORT / TRACEFLOW_PAYMENT_PORT
#   TRACEFLOW_FAILURE_RATE      share of payments that fail, 0-1 (0)
#   TRACEFLOW_RUN_DIR           pid and log files (./run)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

out_dir="$PWD/src/TraceFlow.Demo/bin/Release/net10.0"
collector="${TRACEFLOW_COLLECTOR_URL:-http://127.0.0.1:${TRACEFLOW_PORT:-9411}}"
inventory_port="${TRACEFLOW_INVENTORY_PORT:-9002}"
payment_port="${TRACEFLOW_PAYMENT_PORT:-9003}"
checkout_port="${TRACEFLOW_CHECKOUT_PORT:-9001}"

build_if_stale src/TraceFlow.Demo/TraceFlow.Demo.csproj "$out_dir/TraceFlow.Demo.dll"

# start_service ROLE PORT [ARGS...]
start_service() {
  local role="$1" port="$2"
  shift 2
  if is_running "$role"; then
    echo "$role already running (pid $(cat "$run_dir/$role.pid")) on port $port"
    return 0
  fi
  start_background "$role" "$out_dir" dotnet TraceFlow.Demo.dll "$role" --port "$port" \
    --collector "$collector" --failure-rate "${TRACEFLOW_FAILURE_RATE:-0}" "$@"
}

start_service inventory "$inventory_port"
start_service payment "$payment_port"
start_service checkout "$checkout_port" \
  --inventory-url "http://127.0.0.1:$inventory_port" --payment-url "http://127.0.0.1:$payment_port"

for service in "inventory:$inventory_port" "payment:$payment_port" "checkout:$checkout_port"; do
  wait_ready "${service%%:*}" "http://127.0.0.1:${service##*:}/healthz"
done

echo "Demo services ready, reporting to $collector:"
echo "  checkout   http://127.0.0.1:$checkout_port/checkout   (pid $(cat "$run_dir/checkout.pid"))"
echo "  inventory  http://127.0.0.1:$inventory_port/inventory  (pid $(cat "$run_dir/inventory.pid"))"
echo "  payment    http://127.0.0.1:$payment_port/pay        (pid $(cat "$run_dir/payment.pid"))"
echo "Try scripts/demo.sh; logs in $run_dir; stop: scripts/stop.sh"
