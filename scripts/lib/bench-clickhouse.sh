# The ClickHouse writer benchmark behind `scripts/bench.sh --clickhouse`: the span load of
# `--spans` against a collector that keeps every trace and writes it to a ClickHouse server
# on the same machine, then waits until ClickHouse holds every accepted span, exactly once
# (and no more than the spans of requests that were partly refused besides).
# Reports spans stored per second (from the start of the load until the last span landed).
# Sourced by scripts/bench.sh from the repository root.
#
#   scripts/bench.sh --clickhouse [--duration S] [load generator options...]
#   Results: run/bench-clickhouse/summary.txt and the load generator's per-second JSON.

duration=60
passthrough=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --quick) duration=10; shift ;;
    *) passthrough+=("$1"); shift ;;
  esac
done

export TRACEFLOW_RUN_DIR="${TRACEFLOW_RUN_DIR:-$PWD/run/bench-clickhouse}"
export TRACEFLOW_PORT="${TRACEFLOW_BENCH_PORT:-19411}"
export TRACEFLOW_OTLP_GRPC_PORT="${TRACEFLOW_BENCH_OTLP_GRPC_PORT:-14317}"
export TRACEFLOW_OTLP_HTTP_PORT="${TRACEFLOW_BENCH_OTLP_HTTP_PORT:-14318}"
export TraceFlow__Cluster__SiloPort="${TRACEFLOW_BENCH_SILO_PORT:-21111}"
export TraceFlow__Cluster__GatewayPort="${TRACEFLOW_BENCH_GATEWAY_PORT:-21112}"
export TraceFlow__Cluster__ClusterId="bench-$$"
export ASPNETCORE_ENVIRONMENT=Production
# Every trace kept, so every accepted span must reach ClickHouse: the writer is what is measured.
export TraceFlow__Sampling__KeepAll=true
export TraceFlow__ClickHouse__Database="bench_$$"
source scripts/lib/common.sh
source scripts/lib/clickhouse.sh

clickhouse_bench_setup "${TRACEFLOW_BENCH_CLICKHOUSE_PORT:-18223}" || exit 1
echo "== ClickHouse $(clickhouse_query 'SELECT version()') at $clickhouse_url"

scripts/start_collector.sh >/dev/null || exit 1
started=$(date +%s.%N)
DOTNET_TieredPGO=0 dotnet "$loadgen_dir/TraceFlow.LoadGen.dll" --target "$target" --grpc-target "http://127.0.0.1:$TRACEFLOW_OTLP_GRPC_PORT" \
  --otlp-http-target "http://127.0.0.1:$TRACEFLOW_OTLP_HTTP_PORT" --duration "$duration" \
  --json-out "$dir/load.json" "${passthrough[@]}"
code=$?
load_ended=$(date +%s.%N)
accepted=$(sed -n 's/.*"accepted_spans": *\([0-9]*\).*/\1/p' "$dir/load.json" | head -1)
# A request refused with 503 may still have had some of its traces accepted (the others were
# refused), so ClickHouse may rightly hold up to the shed spans more than the accepted count.
shed=$(sed -n 's/.*"shed_spans": *\([0-9]*\).*/\1/p' "$dir/load.json" | head -1)
table="bench_$$.spans"

# Spans reach storage a decision wait (5 s) after they arrive: the count then, over the load's
# length, is the rate the writer kept up with while the load ran.
while awk -v t="$load_ended" -v now="$(date +%s.%N)" 'BEGIN { exit (now < t + 5) ? 0 : 1 }'; do sleep 0.1; done
shifted=$(clickhouse_query "SELECT count() FROM bench_$$.spans" 2>/dev/null || echo 0)

# Every accepted span is kept: wait (up to 5 min) until ClickHouse holds them all.
stored=0
for _ in $(seq 1 1500); do
  stored=$(clickhouse_query "SELECT count() FROM $table" 2>/dev/null || echo 0)
  [ "${stored:-0}" -ge "${accepted:-0}" ] && break
  sleep 0.2
done
stored_at=$(date +%s.%N)
queue_peak=$(curl -fsS "$target/metrics" | awk '/^traceflow_clickhouse_queue_spans / { print $2 }')
failures=$(curl -fsS "$target/metrics" | awk '/^traceflow_clickhouse_write_failures_total / { print $2 }')
scripts/stop.sh >/dev/null
distinct=$(clickhouse_query "SELECT uniqExact(trace_id, span_id) FROM $table")
final=$(clickhouse_query "SELECT count() FROM $table FINAL")
batches_line=$(clickhouse_query "SELECT count(), round(avg(rows)) FROM system.parts WHERE database = 'bench_$$' AND table = 'spans'")

awk -v accepted="${accepted:-0}" -v shed="${shed:-0}" -v stored="${stored:-0}" -v shifted="${shifted:-0}" -v distinct="${distinct:-0}" -v final="${final:-0}" \
    -v t0="$started" -v t1="$load_ended" -v t2="$stored_at" -v failures="${failures:-0}" -v parts="$batches_line" 'BEGIN {
  printf "clickhouse writer: %d spans accepted, %d stored (%d distinct, %d after dedup); while the load ran %.0f spans/s stored (counted a decision wait later); %.0f spans/s over %.1f s until the last landed (load %.1f s + %.1f s); write failures %d; parts (count, avg rows): %s\n",
    accepted, stored, distinct, final, (t1 > t0 ? shifted / (t1 - t0) : 0), (t2 > t0 ? stored / (t2 - t0) : 0), t2 - t0, t1 - t0, t2 - t1, failures, parts
  printf "  accepted %d <= distinct stored %d <= accepted + shed %d; rows after dedup %d\n", accepted, distinct, accepted + shed, final
  exit (distinct >= accepted && distinct <= accepted + shed && final == distinct) ? 0 : 1
}' | tee -a "$dir/summary.txt" || { echo "LOSS OR DUPLICATES: ClickHouse does not hold every accepted span exactly once" | tee -a "$dir/summary.txt"; code=1; }
exit $code
