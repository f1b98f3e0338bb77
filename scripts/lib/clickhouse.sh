# A throwaway ClickHouse server for benchmarks: Debian's clickhouse-server on free-ish ports
# with a data directory of its own. Source from the repository root.
#   start_clickhouse DIR HTTP_PORT   starts it and waits for /ping; sets clickhouse_url
#   stop_clickhouse                  stops it
#   clickhouse_query SQL             runs SQL, prints the result (TabSeparated); clickhouse_timeout=S for long ones
#   clickhouse_bench_setup PORT      a ClickHouse benchmark's start: run folder, builds, a fresh server

start_clickhouse() {
  local dir="$1" port="$2" binary
  binary=$(command -v clickhouse-server || true)
  if [ -z "$binary" ]; then
    echo "clickhouse-server is not installed (apt-get install clickhouse-server; scripts/test.sh does)" >&2
    return 1
  fi
  mkdir -p "$dir"
  clickhouse_url="http://127.0.0.1:$port"
  (cd "$dir" && exec "$binary" --config-file=/etc/clickhouse-server/config.xml -- \
    --path="$dir/data/" --tmp_path="$dir/tmp/" --user_files_path="$dir/user_files/" \
    --format_schema_path="$dir/format_schemas/" --listen_host=127.0.0.1 --http_port="$port" \
    --tcp_port=$((port + 1)) --interserver_http_port=$((port + 2)) \
    --logger.log="$dir/server.log" --logger.errorlog="$dir/error.log" >"$dir/stdout.log" 2>&1) &
  clickhouse_pid=$!
  for _ in $(seq 1 300); do
    curl -fsS --max-time 1 "$clickhouse_url/ping" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "clickhouse-server did not start; see $dir/error.log" >&2
  return 1
}

stop_clickhouse() {
  [ -n "${clickhouse_pid:-}" ] && kill "$clickhouse_pid" 2>/dev/null && wait "$clickhouse_pid" 2>/dev/null
  clickhouse_pid=""
}

# clickhouse_bench_setup PORT: the run folder ($TRACEFLOW_RUN_DIR, its old summary gone), the
# load generator and collector builds, and a fresh server on PORT that stops with the collector on
# exit; sets dir, loadgen_dir, target and TRACEFLOW_CLICKHOUSE_URL. Needs scripts/lib/common.sh.
clickhouse_bench_setup() {
  dir="$TRACEFLOW_RUN_DIR"
  mkdir -p "$dir"
  rm -f "$dir/summary.txt"
  build_bench_tools
  target="http://127.0.0.1:$TRACEFLOW_PORT"
  rm -rf "$dir/clickhouse"
  start_clickhouse "$dir/clickhouse" "$1" || return 1
  trap 'scripts/stop.sh >/dev/null 2>&1; stop_clickhouse' EXIT
  export TRACEFLOW_CLICKHOUSE_URL="$clickhouse_url"
}

clickhouse_query() { curl -fsS --max-time "${clickhouse_timeout:-30}" "$clickhouse_url/" --data-binary "$1"; }
