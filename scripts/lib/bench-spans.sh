# The throughput benchmark behind `scripts/bench.sh --spans`: the same load twice, first
# against a decode-only collector (the baseline: read, decode, validate, discard), then
# against the full pipeline (trace grains, tail sampling with a 5 s decision wait, in-memory
# store), and the ratio of the two. Sourced by scripts/bench.sh from the repository root.
#
#   scripts/bench.sh --spans [--duration S] [--quick] [--min-rate SPANS_PER_S] [load generator options...]
#   Exits non-zero on any failed request, on any loss of kept spans, or when the pipeline
#   accepted fewer spans/s than --min-rate (the smoke check scripts/test.sh runs).
#   (see `dotnet bench/TraceFlow.LoadGen/bin/Release/net10.0/TraceFlow.LoadGen.dll --help`)

duration=60
min_rate=0
passthrough=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --quick) duration=10; shift ;;
    --min-rate) min_rate="$2"; shift 2 ;;
    *) passthrough+=("$1"); shift ;;
  esac
done

export TRACEFLOW_RUN_DIR="${TRACEFLOW_RUN_DIR:-$PWD/run/bench}"
export TRACEFLOW_PORT="${TRACEFLOW_BENCH_PORT:-19411}"
export TRACEFLOW_OTLP_GRPC_PORT="${TRACEFLOW_BENCH_OTLP_GRPC_PORT:-14317}"
export TRACEFLOW_OTLP_HTTP_PORT="${TRACEFLOW_BENCH_OTLP_HTTP_PORT:-14318}"
export TraceFlow__Cluster__SiloPort="${TRACEFLOW_BENCH_SILO_PORT:-21111}"
export TraceFlow__Cluster__GatewayPort="${TRACEFLOW_BENCH_GATEWAY_PORT:-40000}"
export TraceFlow__Cluster__ClusterId="bench-$$"
# The default profile: tail sampling on (errors, slow traces, 10 % of the rest), 5 s decision wait.
export ASPNETCORE_ENVIRONMENT="${TRACEFLOW_BENCH_ENVIRONMENT:-Production}"
source scripts/lib/common.sh

loadgen_dir="$PWD/bench/TraceFlow.LoadGen/bin/Release/net10.0"
build_if_stale bench/TraceFlow.LoadGen/TraceFlow.LoadGen.csproj "$loadgen_dir/TraceFlow.LoadGen.dll"
build_if_stale src/TraceFlow.Gateway/TraceFlow.Gateway.csproj "$PWD/src/TraceFlow.Gateway/bin/Release/net10.0/TraceFlow.Gateway.dll"
target="http://127.0.0.1:$TRACEFLOW_PORT"

# sample_process PID FILE: once a second, CPU ticks (user+system) and resident KiB of PID.
sample_process() {
  local pid="$1" file="$2"
  while kill -0 "$pid" 2>/dev/null; do
    if read -r -a stat <"/proc/$pid/stat" 2>/dev/null; then
      rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      echo "$(date +%s.%N) $((stat[13] + stat[14])) ${rss:-0}" >>"$file"
    fi
    sleep 1
  done
}

# run_mode NAME DECODE_ONLY: one collector, one load run, one line of results.
run_mode() {
  local name="$1" decode_only="$2"
  echo
  echo "== $name: ${duration} s against $target"
  TraceFlow__Ingest__DecodeOnly="$decode_only" scripts/start_collector.sh >/dev/null
  local pid samples="$TRACEFLOW_RUN_DIR/$name-process.txt"
  pid=$(cat "$TRACEFLOW_RUN_DIR/collector.pid")
  rm -f "$samples"
  sample_process "$pid" "$samples" &
  local sampler=$!
  local cpu_start cpu_end
  cpu_start=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  dotnet "$loadgen_dir/TraceFlow.LoadGen.dll" --target "$target" \
    --grpc-target "http://127.0.0.1:$TRACEFLOW_OTLP_GRPC_PORT" --duration "$duration" \
    --json-out "$TRACEFLOW_RUN_DIR/$name.json" --traces-out "$TRACEFLOW_RUN_DIR/$name-traces.tsv" "${passthrough[@]}"
  local code=$?
  cpu_end=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  if [ "$decode_only" = false ]; then
    # After the drain: every kept trace stored, with every span that was accepted for it.
    dotnet "$loadgen_dir/TraceFlow.LoadGen.dll" verify --target "$target" --traces "$TRACEFLOW_RUN_DIR/$name-traces.tsv" \
      | tee "$TRACEFLOW_RUN_DIR/$name-loss.txt" || code=1
  fi
  local peak_kib
  peak_kib=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  scripts/stop.sh >/dev/null
  wait "$sampler" 2>/dev/null
  local accepted rate ticks_per_s
  accepted=$(sed -n 's/.*"accepted_spans": *\([0-9]*\).*/\1/p' "$TRACEFLOW_RUN_DIR/$name.json" | head -1)
  rate=$(sed -n 's/.*"accepted_spans_per_s": *\([0-9.]*\).*/\1/p' "$TRACEFLOW_RUN_DIR/$name.json" | head -1)
  ticks_per_s=$(getconf CLK_TCK)
  # Collector CPU seconds while the load ran (not the drain after it), and spans per CPU second.
  awk -v name="$name" -v accepted="${accepted:-0}" -v rate="${rate:-0}" -v hz="$ticks_per_s" -v peak="${peak_kib:-0}" -v secs="$duration" \
      -v c0="$cpu_start" -v c1="$cpu_end" '
    BEGIN {
      cpu = (c1 - c0) / hz
      printf "%s: %.0f spans/s accepted, collector CPU %.1f s (%.2f cores), %.0f spans per CPU second, peak RSS %.0f MiB\n",
        name, rate, cpu, cpu / secs, (cpu > 0 ? accepted / cpu : 0), peak / 1024
      printf "%s %.0f\n", name, rate > "/dev/stderr"
    }' 2>>"$TRACEFLOW_RUN_DIR/rates.txt" | tee -a "$TRACEFLOW_RUN_DIR/summary.txt"
  return $code
}

mkdir -p "$TRACEFLOW_RUN_DIR"
rm -f "$TRACEFLOW_RUN_DIR/rates.txt" "$TRACEFLOW_RUN_DIR/summary.txt"
status=0
run_mode decode-only true || status=1
run_mode pipeline false || status=1

echo
echo "== summary (results in $TRACEFLOW_RUN_DIR)"
cat "$TRACEFLOW_RUN_DIR/summary.txt"
cat "$TRACEFLOW_RUN_DIR/pipeline-loss.txt" 2>/dev/null
awk '$1 == "decode-only" { d = $2 } $1 == "pipeline" { p = $2 }
  END { if (d > 0) printf "end-to-end / decode-only: %.2f\n", p / d }' "$TRACEFLOW_RUN_DIR/rates.txt"
if ! awk -v min="$min_rate" '$1 == "pipeline" && $2 >= min { ok = 1 } END { exit ok ? 0 : 1 }' "$TRACEFLOW_RUN_DIR/rates.txt"; then
  echo "FAILED: the pipeline accepted fewer than $min_rate spans/s" >&2
  status=1
fi
exit $status
