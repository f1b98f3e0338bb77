# The ClickHouse outage measurement behind `scripts/bench.sh --clickhouse-outage [SECONDS]`:
# a collector that keeps every trace, writing to a ClickHouse server on this machine, under a
# steady span load; after --before seconds the server is killed (SIGKILL), and SECONDS (60)
# later restarted on the same port and data directory; the load runs --after seconds more.
# Then it waits until ClickHouse holds what it should and compares, trace by trace, the spans
# the collector acknowledged (2xx) with the spans stored.
# Sourced by scripts/bench.sh from the repository root.
#
#   scripts/bench.sh --clickhouse-outage [SECONDS] [--before S] [--after S] [--rate N] [load generator options...]
#   TRACEFLOW_BENCH_QUEUE_CAPACITY   the collector's ClickHouse queue (100000 spans, so a minute
#                                    at the default 5,000 spans/s outlasts it and ingest is refused)
#   Results: run/bench-clickhouse-outage/summary.txt, load.json and traces.tsv.
#   Prints "acknowledged N, kept K, stored S, lost L"; exits 1 on any loss.

outage=60
before=10
after=20
rate=5000
passthrough=()
if [ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+$ ]]; then
  outage="$1"
  shift
fi
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$2"; shift 2 ;;
    --after) after="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    *) passthrough+=("$1"); shift ;;
  esac
done

export TRACEFLOW_RUN_DIR="${TRACEFLOW_RUN_DIR:-$PWD/run/bench-clickhouse-outage}"
export TRACEFLOW_PORT="${TRACEFLOW_BENCH_PORT:-19431}"
export TRACEFLOW_OTLP_GRPC_PORT=0
export TRACEFLOW_OTLP_HTTP_PORT=0
export TraceFlow__Cluster__SiloPort="${TRACEFLOW_BENCH_SILO_PORT:-21131}"
export TraceFlow__Cluster__GatewayPort="${TRACEFLOW_BENCH_GATEWAY_PORT:-21132}"
export TraceFlow__Cluster__ClusterId="outage-$$"
export ASPNETCORE_ENVIRONMENT=Production
# Every trace kept: every acknowledged span must reach ClickHouse.
export TraceFlow__Sampling__KeepAll=true
export TraceFlow__ClickHouse__Database="outage_$$"
export TraceFlow__ClickHouse__QueueCapacity="${TRACEFLOW_BENCH_QUEUE_CAPACITY:-100000}"
source scripts/lib/common.sh
source scripts/lib/clickhouse.sh

clickhouse_port="${TRACEFLOW_BENCH_CLICKHOUSE_PORT:-18233}"
table="outage_$$.spans"
clickhouse_bench_setup "$clickhouse_port" || exit 1
echo "== ClickHouse $(clickhouse_query 'SELECT version()') at $clickhouse_url; outage of $outage s after $before s of load, then $after s more"

scripts/start_collector.sh >/dev/null || exit 1
dotnet "$loadgen_dir/TraceFlow.LoadGen.dll" --target "$target" --duration $((before + outage + after)) --rate "$rate" \
  --json-out "$dir/load.json" --traces-out "$dir/traces.tsv" "${passthrough[@]}" >"$dir/load.log" 2>&1 &
load_pid=$!

sleep "$before"
kill -KILL "$clickhouse_pid"
wait "$clickhouse_pid" 2>/dev/null
echo "== $(date +%T) ClickHouse killed; load continues"
sleep "$outage"
start_clickhouse "$dir/clickhouse" "$clickhouse_port" || exit 1
echo "== $(date +%T) ClickHouse restarted on the same port and data"
wait "$load_pid"
grep -E '^ +[0-9.]+s ' "$dir/load.log" | awk 'NR % 10 == 0'
acknowledged=$(sed -n 's/.*"accepted_spans": *\([0-9]*\).*/\1/p' "$dir/load.json" | head -1)
shed=$(sed -n 's/.*"shed_spans": *\([0-9]*\).*/\1/p' "$dir/load.json" | head -1)

# Until every kept span is written (up to 5 min) and the writer's queue is empty.
metric() { curl -fsS "$target/metrics" | awk -v name="$1" '$1 == name || index($1, name "{") == 1 { sum += $2 } END { printf "%d", sum }'; }
for _ in $(seq 1 1500); do
  kept=$(metric traceflow_clickhouse_spans_queued_total)
  stored=$(clickhouse_query "SELECT uniqExact(trace_id, span_id) FROM $table" 2>/dev/null || echo 0)
  [ "$(metric traceflow_clickhouse_queue_spans)" = 0 ] && [ "$(metric traceflow_traces_live)" = 0 ] && [ "${stored:-0}" -ge "${kept:-0}" ] && break
  sleep 0.2
done
failures=$(metric traceflow_clickhouse_write_failures_total)
dropped=$(metric traceflow_spans_dropped_total)
refused=$(metric traceflow_traces_refused_storage_backpressure_total)
scripts/stop.sh >/dev/null
stored=$(clickhouse_query "SELECT uniqExact(trace_id, span_id) FROM $table")

# Trace by trace: spans acknowledged for it and not stored are lost.
clickhouse_query "SELECT trace_id, uniqExact(span_id) FROM $table GROUP BY trace_id" >"$dir/stored.tsv"
rows=$(clickhouse_query "SELECT count() FROM $table FINAL")
awk -F '\t' -v acknowledged="${acknowledged:-0}" -v kept="${kept:-0}" -v stored="${stored:-0}" -v rows="${rows:-0}" -v shed="${shed:-0}" \
    -v failures="${failures:-0}" -v dropped="${dropped:-0}" -v refused="${refused:-0}" -v outage="$outage" '
  FNR == NR { have[$1] = $2; next }
  FNR == 1 { next }
  { if ($3 > have[$1] + 0) { lost += $3 - have[$1]; incomplete++ } }
  END {
    printf "acknowledged %d, kept %d, stored %d, lost %d\n", acknowledged, kept, stored, lost
    printf "  ClickHouse down %d s under load: %d write failures retried; %d new traces refused with 503 + Retry-After (%d spans shed, not acknowledged); %d traces stored incomplete; %d spans dropped; %d rows after dedup\n",
      outage, failures, refused, shed, incomplete, dropped, rows
    exit (lost == 0 && dropped == 0 && stored >= acknowledged && rows == stored) ? 0 : 1
  }' "$dir/stored.tsv" "$dir/traces.tsv" | tee -a "$dir/summary.txt" || { echo "LOSS: ClickHouse does not hold every acknowledged span exactly once" | tee -a "$dir/summary.txt"; exit 1; }
exit 0
