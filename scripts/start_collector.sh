#!/usr/bin/env bash
# Starts the TraceFlow collector (the gateway co-hosting one silo, local profile) in the
# background, waits until it is ready and prints the URL. Builds first when needed.
#
#   TRACEFLOW_HOST / TRACEFLOW_PORT   where the UI and API listen (127.0.0.1:9411)
#   TRACEFLOW_RUN_DIR                 pid and log files (./run)
#   ASPNETCORE_ENVIRONMENT            configuration profile (Local: keep every trace)
#   TraceFlow__Section__Key=value     any setting from the README's configuration table
set -euo pipefail
cd "$(dirname "$0")/.."

host="${TRACEFLOW_HOST:-127.0.0.1}"
port="${TRACEFLOW_PORT:-9411}"
run_dir="${TRACEFLOW_RUN_DIR:-$PWD/run}"
url="http://$host:$port"
out_dir="$PWD/src/TraceFlow.Gateway/bin/Release/net10.0"
dll="$out_dir/TraceFlow.Gateway.dll"
pid_file="$run_dir/collector.pid"
log_file="$run_dir/collector.log"
mkdir -p "$run_dir"

if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  echo "TraceFlow collector already running (pid $(cat "$pid_file")) at $url"
  exit 0
fi

stale=""
if [ -f "$dll" ]; then
  stale=$(find src web Directory.Build.props Directory.Packages.props -type f -newer "$dll" \
    \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' -o -name '*.props' -o -path 'web/*' \) \
    -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)
fi
if [ ! -f "$dll" ] || [ -n "$stale" ]; then
  echo "Building the collector (Release)..."
  dotnet build src/TraceFlow.Gateway/TraceFlow.Gateway.csproj -c Release -nologo -v quiet
fi

started=$(date +%s%N)
(
  cd "$out_dir"
  ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Local}" \
  DOTNET_gcServer="${DOTNET_gcServer:-1}" \
  DOTNET_GCDynamicAdaptationMode="${DOTNET_GCDynamicAdaptationMode:-0}" \
    exec nohup dotnet TraceFlow.Gateway.dll --urls "$url" >"$log_file" 2>&1
) &
pid=$!
echo "$pid" >"$pid_file"

for _ in $(seq 1 240); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "TraceFlow collector exited during start-up; last log lines ($log_file):" >&2
    tail -n 30 "$log_file" >&2
    rm -f "$pid_file"
    exit 1
  fi
  if curl -fsS -o /dev/null --max-time 2 "$url/readyz" 2>/dev/null; then
    elapsed_ms=$((($(date +%s%N) - started) / 1000000))
    printf 'TraceFlow collector ready in %d.%03d s (pid %s)\n' $((elapsed_ms / 1000)) $((elapsed_ms % 1000)) "$pid"
    echo "UI and API: $url    logs: $log_file    stop: scripts/stop.sh"
    exit 0
  fi
  sleep 0.25
done

echo "TraceFlow collector did not become ready within 60 s; see $log_file" >&2
kill "$pid" 2>/dev/null || true
rm -f "$pid_file"
exit 1
