#!/usr/bin/env bash
# Stops everything the start scripts started, by the pid files in the run directory.
set -euo pipefail
cd "$(dirname "$0")/.."
run_dir="${TRACEFLOW_RUN_DIR:-$PWD/run}"

shopt -s nullglob
stopped=0
for pid_file in "$run_dir"/*.pid; do
  name=$(basename "$pid_file" .pid)
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    # Longer than the collector's own shutdown timeout (TraceFlow:Shutdown:Timeout, 30 s).
    for _ in $(seq 1 160); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$name (pid $pid) did not stop within 40 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "stopped $name (pid $pid)"
    stopped=$((stopped + 1))
  fi
  rm -f "$pid_file"
done
[ "$stopped" -gt 0 ] || echo "nothing to stop"
