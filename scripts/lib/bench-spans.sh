# The throughput benchmark behind `scripts/bench.sh --spans`: the same load twice, first
# against a decode-only collector (the baseline: read, decode, validate, discard), then
# against the full pipeline (trace grains, tail sampling with a 5 s decision wait, in-memory
# store), and the ratio of the two. Sourced by scripts/bench.sh from the repository root.
#
#   scripts/bench.sh --spans [--duration S] [--quick] [--min-rate SPANS_PER_S] [--no-baseline] [--silos N] [load generator options...]
#   --no-baseline skips the decode-only run (a soak: --duration 300 --rate 60000 --no-baseline).
#   --silos N runs the collector as N TraceFlow.Silo processes with Redis membership (a redis-server
#   of its own on TRACEFLOW_BENCH_REDIS_PORT, 16379) behind the gateway as an Orleans client; the
#   CPU figures then add up the gateway and every silo, and the memory-per-span figures are skipped.
#   Exits non-zero on any failed request, on any loss of kept spans, or when the pipeline
#   accepted fewer spans/s than --min-rate (the smoke check scripts/test.sh runs).
#   Results: run/bench/summary.txt, summary.json (for CI history), throughput.svg, and each
#   run's per-second JSON. (load generator options: `dotnet bench/TraceFlow.LoadGen/bin/Release/net10.0/TraceFlow.LoadGen.dll --help`)

duration=60
min_rate=0
baseline=true
silos=0
passthrough=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --quick) duration=10; shift ;;
    --min-rate) min_rate="$2"; shift 2 ;;
    --no-baseline) baseline=false; shift ;;
    --silos) silos="$2"; shift 2 ;;
    *) passthrough+=("$1"); shift ;;
  esac
done

export TRACEFLOW_RUN_DIR="${TRACEFLOW_RUN_DIR:-$PWD/run/bench}"
export TRACEFLOW_PORT="${TRACEFLOW_BENCH_PORT:-19411}"
export TRACEFLOW_OTLP_GRPC_PORT="${TRACEFLOW_BENCH_OTLP_GRPC_PORT:-14317}"
export TRACEFLOW_OTLP_HTTP_PORT="${TRACEFLOW_BENCH_OTLP_HTTP_PORT:-14318}"
export TraceFlow__Cluster__SiloPort="${TRACEFLOW_BENCH_SILO_PORT:-21111}"
# Below the ephemeral range (32768+): the tests' free ports cannot collide with it.
export TraceFlow__Cluster__GatewayPort="${TRACEFLOW_BENCH_GATEWAY_PORT:-21112}"
export TraceFlow__Cluster__ClusterId="bench-$$"
# The default profile: tail sampling on (errors, slow traces, 10 % of the rest), 5 s decision wait.
export ASPNETCORE_ENVIRONMENT="${TRACEFLOW_BENCH_ENVIRONMENT:-Production}"
# GET /debug/memory: the heap after a full collection, for bytes per live and per stored span.
export TraceFlow__Diagnostics__MemoryEndpoint=true
source scripts/lib/common.sh

build_bench_tools
target="http://127.0.0.1:$TRACEFLOW_PORT"
loadgen() { DOTNET_TieredPGO=0 dotnet "$loadgen_dir/TraceFlow.LoadGen.dll" "$@"; }

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

# cpu_ticks PID...: CPU ticks (user+system) used so far by the processes, added up.
cpu_ticks() { local pid; for pid in "$@"; do cat "/proc/$pid/stat"; done | awk '{ t += $14 + $15 } END { print t + 0 }'; }

# start_silos: redis-server and $silos TraceFlow.Silo processes on fixed ports (pid files and logs
# in $TRACEFLOW_RUN_DIR/silos), each ready once its /metrics answers; the gateway joins them as a client.
silo_pids=()
start_silos() {
  local dir="$TRACEFLOW_RUN_DIR/silos" redis_port="${TRACEFLOW_BENCH_REDIS_PORT:-16379}" silo_out="$PWD/src/TraceFlow.Silo/bin/Release/net10.0" i
  command -v redis-server >/dev/null || { echo "--silos needs redis-server (apt-get install redis-server)" >&2; exit 1; }
  build_if_stale src/TraceFlow.Silo/TraceFlow.Silo.csproj "$silo_out/TraceFlow.Silo.dll"
  mkdir -p "$dir"
  run_dir="$dir" start_background redis "$dir" redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir"
  for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export TraceFlow__Gateway__Mode=Client TraceFlow__Cluster__Membership=Redis TraceFlow__Cluster__RedisConnectionString="127.0.0.1:$redis_port"
  for i in $(seq 0 $((silos - 1))); do
    run_dir="$dir" TraceFlow__Cluster__SiloPort=$((21121 + 2 * i)) TraceFlow__Cluster__GatewayPort=$((21122 + 2 * i)) \
      TraceFlow__Silo__MetricsPort=$((19464 + i)) start_background "silo$i" "$silo_out" dotnet TraceFlow.Silo.dll
  done
  for i in $(seq 0 $((silos - 1))); do
    run_dir="$dir" wait_ready "silo$i" "http://localhost:$((19464 + i))/metrics" || exit 1
    silo_pids+=("$(cat "$dir/silo$i.pid")")
  done
  echo "cluster: $silos silo process(es) with Redis membership on port $redis_port (logs: $dir)"
}

# json_number FILE KEY: a number from a flat JSON document.
json_number() { sed -n "s/.*\"$2\": *\([0-9.eE+-]*\).*/\1/p" "$1" | head -1; }

# run_mode NAME DECODE_ONLY: one collector, one load run, one line of results (and KEY=VALUE lines in NAME.vars).
run_mode() {
  local name="$1" decode_only="$2" dir="$TRACEFLOW_RUN_DIR"
  echo
  echo "== $name: ${duration} s against $target"
  TraceFlow__Ingest__DecodeOnly="$decode_only" scripts/start_collector.sh >/dev/null
  local pid samples="$dir/$name-process.txt"
  pid=$(cat "$dir/collector.pid")
  rm -f "$samples"
  loadgen memory --target "$target" >"$dir/$name-memory-before.json"
  sample_process "$pid" "$samples" &
  local sampler=$!
  local cpu_start cpu_end started ended
  cpu_start=$(cpu_ticks "$pid" "${silo_pids[@]}")
  started=$(date +%s.%N)
  loadgen --target "$target" --grpc-target "http://127.0.0.1:$TRACEFLOW_OTLP_GRPC_PORT" \
    --otlp-http-target "http://127.0.0.1:$TRACEFLOW_OTLP_HTTP_PORT" --duration "$duration" \
    --json-out "$dir/$name.json" --traces-out "$dir/$name-traces.tsv" "${passthrough[@]}"
  local code=$?
  cpu_end=$(cpu_ticks "$pid" "${silo_pids[@]}")
  ended=$(date +%s.%N)
  if [ "$decode_only" = false ]; then
    # The moment the load stops: live traces buffered, some already stored.
    loadgen memory --target "$target" >"$dir/$name-memory-loaded.json"
    # After the drain: every kept trace stored, with every span that was accepted for it.
    loadgen verify --target "$target" --traces "$dir/$name-traces.tsv" | tee "$dir/$name-loss.txt" || code=1
    loadgen memory --target "$target" >"$dir/$name-memory-drained.json"
  fi
  local peak_kib
  peak_kib=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  scripts/stop.sh >/dev/null
  wait "$sampler" 2>/dev/null
  local accepted rate p50 p99 steady_kib slope
  # The steady working set: the median RSS over the second half of the load, and its trend
  # there (least-squares slope, MiB per minute): flat memory means a slope near zero.
  steady_kib=$(awk -v t0="$started" -v t1="$ended" '$1 >= t0 + (t1 - t0) / 2 && $1 <= t1 { print $3 }' "$samples" | sort -n |
    awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : 0 }')
  slope=$(awk -v t0="$started" -v t1="$ended" '$1 >= t0 + (t1 - t0) / 2 && $1 <= t1 { n++; x = $1 - t0; y = $3 / 1024; sx += x; sy += y; sxx += x * x; sxy += x * y }
    END { d = n * sxx - sx * sx; printf "%.1f", (n > 2 && d > 0) ? 60 * (n * sxy - sx * sy) / d : 0 }' "$samples")
  accepted=$(json_number "$dir/$name.json" accepted_spans)
  rate=$(json_number "$dir/$name.json" accepted_spans_per_s)
  p50=$(json_number "$dir/$name.json" latency_p50_ms)
  p99=$(json_number "$dir/$name.json" latency_p99_ms)
  # Collector CPU while the load ran (not the drain after it) and spans per CPU second.
  awk -v name="$name" -v accepted="${accepted:-0}" -v rate="${rate:-0}" -v hz="$(getconf CLK_TCK)" -v peak="${peak_kib:-0}" \
      -v secs="$duration" -v c0="$cpu_start" -v c1="$cpu_end" -v steady="${steady_kib:-0}" -v slope="${slope:-0}" -v p50="${p50:-0}" -v p99="${p99:-0}" \
      -v vars="$dir/$name.vars" 'BEGIN {
      cpu = (c1 - c0) / hz
      us = accepted > 0 ? cpu * 1e6 / accepted : 0
      printf "%s: %.0f spans/s accepted, p50 %.1f ms, p99 %.1f ms, collector CPU %.1f s (%.2f cores), %.0f spans per CPU second (%.1f us/span), RSS steady %.0f MiB (trend %+.1f MiB/min), peak %.0f MiB\n",
        name, rate, p50, p99, cpu, cpu / secs, (cpu > 0 ? accepted / cpu : 0), us, steady / 1024, slope, peak / 1024
      printf "rate=%.0f\ncpu_cores=%.3f\nus_per_span=%.3f\nspans_per_cpu_s=%.0f\nrss_steady_mib=%.0f\nrss_trend_mib_per_min=%.1f\nrss_peak_mib=%.0f\np50_ms=%.2f\np99_ms=%.2f\n",
        rate, cpu / secs, us, (cpu > 0 ? accepted / cpu : 0), steady / 1024, slope, peak / 1024, p50, p99 > vars
    }' | tee -a "$dir/summary.txt"
  return $code
}

# memory_per_span: bytes per live (undecided) span and per stored span, from three snapshots
# of the heap after a full collection: before the load, when it stops, after the drain.
# heap = base + L * live_spans + K * stored_spans, solved for K (drained) then L (loaded).
memory_per_span() {
  local dir="$TRACEFLOW_RUN_DIR" b="$TRACEFLOW_RUN_DIR/pipeline-memory-before.json" l="$TRACEFLOW_RUN_DIR/pipeline-memory-loaded.json" d="$TRACEFLOW_RUN_DIR/pipeline-memory-drained.json"
  [ -s "$b" ] && [ -s "$l" ] && [ -s "$d" ] || return 0
  awk -v hb="$(json_number "$b" gc_heap_bytes)" -v hl="$(json_number "$l" gc_heap_bytes)" -v hd="$(json_number "$d" gc_heap_bytes)" \
      -v live="$(json_number "$l" live_spans)" -v sl="$(json_number "$l" stored_spans)" -v sd="$(json_number "$d" stored_spans)" \
      -v vars="$dir/memory.vars" 'BEGIN {
    k = sd > 0 ? (hd - hb) / sd : 0
    l = live > 0 ? (hl - hb - k * sl) / live : 0
    printf "memory: %.0f bytes per live (undecided) span (%d live spans), %.0f bytes per stored span (%d stored spans)\n", l, live, k, sd
    printf "bytes_per_live_span=%.0f\nbytes_per_stored_span=%.0f\n", l, k > vars
  }' | tee -a "$dir/summary.txt"
}

# summary_json: every figure of both runs in one document, for CI history.
summary_json() {
  local dir="$TRACEFLOW_RUN_DIR"
  {
    echo "{"
    echo "  \"duration_s\": $duration,"
    for part in decode-only pipeline memory; do
      [ -f "$dir/$part.vars" ] || continue
      echo "  \"${part//-/_}\": {"
      awk -F= '{ printf "%s    \"%s\": %s", (NR > 1 ? ",\n" : ""), $1, $2 } END { print "" }' "$dir/$part.vars"
      echo "  },"
    done
    awk -F= '$1 == "rate" { r[FILENAME] = $2 } END {
      d = r[ARGV[1]]; p = r[ARGV[2]]; printf "  \"end_to_end_over_decode_only\": %.3f\n", (d > 0 ? p / d : 0) }' "$dir/decode-only.vars" "$dir/pipeline.vars" 2>/dev/null
    echo "}"
  } >"$dir/summary.json"
}

mkdir -p "$TRACEFLOW_RUN_DIR"
rm -f "$TRACEFLOW_RUN_DIR"/*.vars "$TRACEFLOW_RUN_DIR/summary.txt" "$TRACEFLOW_RUN_DIR"/*-memory-*.json
status=0
if [ "$silos" -gt 0 ]; then
  trap 'TRACEFLOW_RUN_DIR="$TRACEFLOW_RUN_DIR/silos" scripts/stop.sh >/dev/null' EXIT
  start_silos
fi
if [ "$baseline" = true ]; then
  run_mode decode-only true || status=1
fi
run_mode pipeline false || status=1

echo
echo "== summary (results in $TRACEFLOW_RUN_DIR)"
cat "$TRACEFLOW_RUN_DIR/summary.txt"
# The gateway's heap alone says nothing about spans held by separate silo processes.
[ "$silos" -gt 0 ] || memory_per_span
cat "$TRACEFLOW_RUN_DIR/pipeline-loss.txt" 2>/dev/null
[ -f "$TRACEFLOW_RUN_DIR/decode-only.vars" ] && awk -F= '$1 == "rate" { r[FILENAME] = $2 } $1 == "us_per_span" { u[FILENAME] = $2 } END {
  d = ARGV[1]; p = ARGV[2]
  if (r[d] > 0) printf "end-to-end / decode-only: %.2f (spans/s)\n", r[p] / r[d]
  if (u[p] > 0) printf "collector CPU per span: decode-only %.1f us, pipeline %.1f us; tail-sampling stage (grains, sampling, store) %.1f us\n", u[d], u[p], u[p] - u[d]
}' "$TRACEFLOW_RUN_DIR/decode-only.vars" "$TRACEFLOW_RUN_DIR/pipeline.vars"
summary_json
plot_runs=(--run "pipeline=$TRACEFLOW_RUN_DIR/pipeline.json")
[ "$baseline" = true ] && plot_runs=(--run "decode-only=$TRACEFLOW_RUN_DIR/decode-only.json" "${plot_runs[@]}")
loadgen plot "${plot_runs[@]}" \
  --out "$TRACEFLOW_RUN_DIR/throughput.svg" && echo "plot: $TRACEFLOW_RUN_DIR/throughput.svg"
if ! awk -F= -v min="$min_rate" '$1 == "rate" && $2 >= min { ok = 1 } END { exit ok ? 0 : 1 }' "$TRACEFLOW_RUN_DIR/pipeline.vars" 2>/dev/null; then
  echo "FAILED: the pipeline accepted fewer than $min_rate spans/s" >&2
  status=1
fi
exit $status
