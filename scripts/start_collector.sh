#!/usr/bin/env bash
# Starts the TraceFlow collector (the gateway co-hosting one silo, local profile) in the
# background, waits until it is ready and prints the URL. Builds first when needed.
#
#   TRACEFLOW_HOST / TRACEFLOW_PORT   where the UI and API listen (127.0.0.1:9411)
#   TRACEFLOW_OTLP_GRPC_PORT          OTLP/gRPC on the same host (4317; 0 turns it off)
#   TRACEFLOW_OTLP_HTTP_PORT          OTLP/HTTP on the same host (4318; 0 turns it off)
#   TRACEFLOW_RUN_DIR                 pid and log files (./run)
#   ASPNETCORE_ENVIRONMENT            configuration profile (Local: keep every trace)
#   TraceFlow__Section__Key=value     any setting from the README's configuration table
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

host="${TRACEFLOW_HOST:-127.0.0.1}"
url="http://$host:${TRACEFLOW_PORT:-9411}"
otlp_grpc_port="${TRACEFLOW_OTLP_GRPC_PORT:-${TraceFlow__Otlp__GrpcPort:-4317}}"
otlp_http_port="${TRACEFLOW_OTLP_HTTP_PORT:-${TraceFlow__Otlp__HttpPort:-4318}}"
out_dir="$PWD/src/TraceFlow.Gateway/bin/Release/net10.0"

if is_running collector; then
  echo "TraceFlow collector already running (pid $(cat "$run_dir/collector.pid")) at $url"
  exit 0
fi

build_if_stale src/TraceFlow.Gateway/TraceFlow.Gateway.csproj "$out_dir/TraceFlow.Gateway.dll"

started=$(date +%s%N)
ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Local}" \
DOTNET_gcServer="${DOTNET_gcServer:-1}" \
DOTNET_GCDynamicAdaptationMode="${DOTNET_GCDynamicAdaptationMode:-0}" \
TraceFlow__Otlp__GrpcPort="$otlp_grpc_port" \
TraceFlow__Otlp__HttpPort="$otlp_http_port" \
  start_background collector "$out_dir" dotnet TraceFlow.Gateway.dll --urls "$url"
wait_ready collector "$url/readyz"

elapsed_ms=$((($(date +%s%N) - started) / 1000000))
printf 'TraceFlow collector ready in %d.%03d s (pid %s)\n' $((elapsed_ms / 1000)) $((elapsed_ms % 1000)) "$(cat "$run_dir/collector.pid")"
echo "UI and API: $url    logs: $run_dir/collector.log    stop: scripts/stop.sh"
[ "$otlp_grpc_port" = 0 ] || echo "OTLP/gRPC:  http://$host:$otlp_grpc_port"
[ "$otlp_http_port" = 0 ] || echo "OTLP/HTTP:  http://$host:$otlp_http_port/v1/traces"
