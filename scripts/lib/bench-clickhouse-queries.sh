# The ClickHouse query benchmark behind `scripts/bench.sh --clickhouse-queries`: a ClickHouse
# server with N spans (default 10 million: traces of 10 spans over the past day, 20 services,
# 100 operations) generated inside ClickHouse, a collector answering queries from it
# (QueryMode=ClickHouse), and the latency of the query API timed over HTTP: a trace by id, a
# service search over the day, a narrower search, the day's statistics and dependencies.
# Sourced by scripts/bench.sh from the repository root.
#
#   scripts/bench.sh --clickhouse-queries [--spans N] [--repeat R]
#   Results: run/bench-clickhouse-queries/summary.txt

spans=10000000
repeat=20
while [ $# -gt 0 ]; do
  case "$1" in
    --spans) spans="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

export TRACEFLOW_RUN_DIR="${TRACEFLOW_RUN_DIR:-$PWD/run/bench-clickhouse-queries}"
export TRACEFLOW_PORT="${TRACEFLOW_BENCH_PORT:-19411}"
export TRACEFLOW_OTLP_GRPC_PORT=0 TRACEFLOW_OTLP_HTTP_PORT=0
export TraceFlow__Cluster__SiloPort="${TRACEFLOW_BENCH_SILO_PORT:-21111}"
export TraceFlow__Cluster__GatewayPort="${TRACEFLOW_BENCH_GATEWAY_PORT:-21112}"
export TraceFlow__Cluster__ClusterId="bench-$$"
export ASPNETCORE_ENVIRONMENT=Production
export TraceFlow__ClickHouse__QueryMode=ClickHouse
export TraceFlow__ClickHouse__Database=benchq
export TraceFlow__ClickHouse__RetentionDays=0
source scripts/lib/common.sh
source scripts/lib/clickhouse.sh

dir="$TRACEFLOW_RUN_DIR"
mkdir -p "$dir"
rm -f "$dir/summary.txt"
target="http://127.0.0.1:$TRACEFLOW_PORT"
rm -rf "$dir/clickhouse" # a fresh server: data left by an earlier (or interrupted) run would skew the counts
start_clickhouse "$dir/clickhouse" "${TRACEFLOW_BENCH_CLICKHOUSE_PORT:-18223}" || exit 1
trap 'scripts/stop.sh >/dev/null 2>&1; stop_clickhouse' EXIT
export TRACEFLOW_CLICKHOUSE_URL="$clickhouse_url"

# The collector creates the schema when it reaches the server.
scripts/start_collector.sh >/dev/null || exit 1
for _ in $(seq 1 100); do
  [ "$(clickhouse_query "EXISTS TABLE benchq.dependency_edges" 2>/dev/null)" = 1 ] && break
  sleep 0.2
done

now_s=$(date +%s)
day_start_ns=$(( (now_s - 86400) * 1000000000 ))
traces=$(( spans / 10 ))
echo "== generating $spans spans ($traces traces) in ClickHouse"
loaded=$(date +%s.%N)
clickhouse_timeout=1800
clickhouse_query "
INSERT INTO benchq.spans (date, start_time, tenant, trace_id, span_id, shared, parent_span_id, service, operation, kind,
  start_unix_nanos, duration_nanos, status, status_message, trace_state, flags, attribute_keys, attribute_values, attribute_types,
  resource_keys, resource_values, resource_types, scope, events, links, dropped_attributes, dropped_events, dropped_links, sampling_policy)
SELECT toDate(toDateTime(intDiv(start_ns, 1000000000))), toDateTime(intDiv(start_ns, 1000000000)), 'default', trace_id, span_id, 0,
  parent, service, operation, if(i = 0, 2, 3), start_ns, duration_ns, if(cityHash64(number) % 50 = 0, 2, 0), '', '', 1,
  ['http.method', 'http.status_code'], ['GET', toString(200 + (cityHash64(number) % 4) * 100)], [0, 2],
  ['service.name'], [service], [0], '', '', '', 0, 0, 0, 'always_sample'
FROM (
  SELECT number, intDiv(number, 10) AS t, number % 10 AS i,
    concat(lower(hex(cityHash64(t))), lower(hex(cityHash64(t, 1)))) AS trace_id,
    lower(hex(cityHash64(number, 2))) AS span_id,
    if(i = 0, '', lower(hex(cityHash64(t * 10, 2)))) AS parent,
    concat('service-', toString((cityHash64(t) + i) % 20)) AS service,
    concat('op-', toString((cityHash64(t) % 10) * 10 + i)) AS operation,
    $day_start_ns + t * intDiv(86400000000000, $traces) + i * 1000000 AS start_ns,
    (cityHash64(number, 3) % 1000 + 1) * 1000000 AS duration_ns
  FROM numbers($spans))" || exit 1
clickhouse_query "
INSERT INTO benchq.trace_index
SELECT any(date), any(start_time), tenant, service, trace_id, min(start_unix_nanos), max(start_unix_nanos + duration_nanos),
  groupUniqArray(operation), count(), countIf(status = 2), any(sampling_policy)
FROM benchq.spans GROUP BY tenant, trace_id, service" || exit 1
clickhouse_query "
INSERT INTO benchq.traces
SELECT min(date), min(start_time), tenant, trace_id, min(start_unix_nanos), max(end_unix_nanos), sum(span_count), sum(error_count), any(sampling_policy)
FROM benchq.trace_index GROUP BY tenant, trace_id" || exit 1
# The calls between services per trace, as the writer inserts them.
clickhouse_query "
INSERT INTO benchq.dependency_edges
SELECT any(trace_date), toDateTime(intDiv(any(trace_start), 1000000000)), any(trace_start), tenant, trace_id, call.1 AS parent, call.2 AS child, count(), toUInt64(sum(call.3))
FROM (
  SELECT tenant, trace_id, min(date) AS trace_date, min(start_unix_nanos) AS trace_start,
    arraySort(groupArray((span_id, shared, service, parent_span_id, status = 2))) AS trace_spans,
    arrayMap(s -> s.1, trace_spans) AS span_ids,
    arrayFilter(c -> c.1 != c.2, arrayMap(c -> (tupleElement(trace_spans[c.1], 3), c.2, c.3),
      arrayFilter(c -> c.1 > 0, arrayMap(s -> (indexOf(span_ids, s.4), s.3, s.5), trace_spans)))) AS trace_calls
  FROM benchq.spans GROUP BY tenant, trace_id)
ARRAY JOIN trace_calls AS call
GROUP BY tenant, trace_id, parent, child" || exit 1
clickhouse_query "OPTIMIZE TABLE benchq.spans FINAL" >/dev/null 2>&1
clickhouse_timeout=30
echo "loaded in $(awk -v t0="$loaded" -v t1="$(date +%s.%N)" 'BEGIN { printf "%.0f", t1 - t0 }') s: $(clickhouse_query 'SELECT count() FROM benchq.spans') spans, $(clickhouse_query 'SELECT count() FROM benchq.trace_index') index rows, $(clickhouse_query 'SELECT count() FROM benchq.traces') trace rows, $(clickhouse_query 'SELECT count() FROM benchq.span_stats') span_stats rows, $(clickhouse_query 'SELECT count() FROM benchq.dependency_edges') dependency edge rows"

# time_query NAME URL...: times each URL over HTTP (after one warm-up), prints p50/p95/max in ms.
time_query() {
  local name="$1" file="$dir/$1.times"
  shift
  rm -f "$file"
  curl -fsS -o /dev/null "$1" || { echo "$name: $1 failed" | tee -a "$dir/summary.txt"; return 1; }
  for r in $(seq 1 "$repeat"); do
    local url="${@:$(( (r - 1) % $# + 1 )):1}"
    curl -fsS -o "$dir/$name.last.json" -w '%{http_code} %{time_total}\n' "$url" >>"$file"
  done
  sort -k2 -n "$file" | awk -v name="$name" '{ code[NR] = $1; t[NR] = $2 * 1000 } END {
    printf "%-28s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms  (%d requests, HTTP %s)\n", name, t[int((NR + 1) / 2)], t[int(NR * 0.95 + 0.5)], t[NR], NR, code[1] }' | tee -a "$dir/summary.txt"
}

from_ms=$(( now_s * 1000 - 86400000 ))
to_ms=$(( now_s * 1000 ))
ids=()
while read -r id; do ids+=("$target/api/traces/$id"); done < <(clickhouse_query "SELECT trace_id FROM benchq.trace_index SAMPLE 0.001 LIMIT $repeat" 2>/dev/null || clickhouse_query "SELECT trace_id FROM benchq.trace_index LIMIT $repeat")
echo "== query latency over $(clickhouse_query 'SELECT count() FROM benchq.spans') spans (QueryMode=ClickHouse, ${repeat} requests each)" | tee -a "$dir/summary.txt"
time_query trace-by-id "${ids[@]}"
time_query search-service-day "$target/api/traces?service=service-3&from_unix_ms=$from_ms&to_unix_ms=$to_ms&limit=20"
time_query search-narrow "$target/api/traces?service=service-3&operation=op-42&min_duration_ms=500&from_unix_ms=$from_ms&to_unix_ms=$to_ms&limit=20"
time_query search-error-tag "$target/api/traces?service=service-7&status=error&tag=http.status_code=500&from_unix_ms=$from_ms&to_unix_ms=$to_ms&limit=20"
time_query stats-day "$target/api/stats?from_unix_ms=$from_ms&to_unix_ms=$to_ms"
time_query dependencies-hour "$target/api/v2/dependencies?endTs=$to_ms&lookback=3600000"
time_query dependencies-day "$target/api/v2/dependencies?endTs=$to_ms&lookback=86400000"
exit 0
