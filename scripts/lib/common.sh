# Shared by the start scripts: run directory, build-when-stale, background start, readiness wait.
# Source it from the repository root.

run_dir="${TRACEFLOW_RUN_DIR:-$PWD/run}"
mkdir -p "$run_dir"

# build_if_stale PROJECT DLL: builds PROJECT (Release) when DLL is missing or older than a source.
# build_bench_tools: the load generator and the collector, built if stale; sets loadgen_dir.
build_bench_tools() {
  loadgen_dir="$PWD/bench/TraceFlow.LoadGen/bin/Release/net10.0"
  build_if_stale bench/TraceFlow.LoadGen/TraceFlow.LoadGen.csproj "$loadgen_dir/TraceFlow.LoadGen.dll"
  build_if_stale src/TraceFlow.Gateway/TraceFlow.Gateway.csproj "$PWD/src/TraceFlow.Gateway/bin/Release/net10.0/TraceFlow.Gateway.dll"
}

build_if_stale() {
  local project="$1" dll="$2" stale=""
  if [ -f "$dll" ]; then
    stale=$(find src web Directory.Build.props Directory.Packages.props -type f -newer "$dll" \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' -o -name '*.props' -o -path 'web/*' \) \
      -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)
  fi
  if [ ! -f "$dll" ] || [ -n "$stale" ]; then
    echo "Building $(basename "$project" .csproj) (Release)..."
    dotnet build "$project" -c Release -nologo -v quiet
  fi
}

# is_running NAME: true when NAME's pid file names a live process.
is_running() {
  local pid_file="$run_dir/$1.pid"
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

# start_background NAME DIR COMMAND...: runs COMMAND in DIR, detached, logging to run/NAME.log.
start_background() {
  local name="$1" dir="$2"
  shift 2
  (
    cd "$dir"
    exec nohup "$@" >"$run_dir/$name.log" 2>&1
  ) &
  echo "$!" >"$run_dir/$name.pid"
}

# wait_ready NAME URL: polls URL until it answers (60 s), or fails with NAME's last log lines.
wait_ready() {
  local name="$1" url="$2" pid
  pid=$(cat "$run_dir/$name.pid")
  for _ in $(seq 1 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited during start-up; last log lines ($run_dir/$name.log):" >&2
      tail -n 30 "$run_dir/$name.log" >&2
      rm -f "$run_dir/$name.pid"
      return 1
    fi
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.25
  done
  echo "$name did not become ready within 60 s; see $run_dir/$name.log" >&2
  kill "$pid" 2>/dev/null || true
  rm -f "$run_dir/$name.pid"
  return 1
}
