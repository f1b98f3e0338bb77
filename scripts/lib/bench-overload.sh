# The overload benchmark behind `scripts/bench.sh --overload`: one collector run as in a container
# with a memory limit (--memory-limit-mib, 1024) takes its loads in a row:
#   warmup    the same load as before, unmeasured, until the in-memory store is full (it evicts)
#             or for at most 6 rounds: a long-running collector holds a full store, and a
#             fresh one's rate, with the store still filling, overstates what it sustains;
#   before    unbounded load from well-behaved clients: the sustainable rate S;
#   overload  FACTOR x S offered by CONNECTIONS clients (3072) that ignore Retry-After, for DURATION seconds,
#             while the working set is sampled every second (each client waits for its answer, and
#             on 2 cores shared with the collector even a 503 takes about a second under overload:
#             1,024 clients offered 3.6x);
#   after     once memory pressure is back to normal and the overload's traces are decided, the
#             same load as before: the recovery.
# The container is real where the script may make one (root, a writable memory cgroup, v1 or v2):
# the collector runs in a cgroup limited to the memory limit, so .NET sizes its GC heap as in a
# container (75 %) and the kernel kills the collector if it passes the limit. Elsewhere it is
# emulated as .NET sees one: DOTNET_GCHeapHardLimit at 75 % of the limit, from which the
# collector infers the same container. Admission's default working-set ceiling is 80 % of it.
# Sourced by scripts/bench.sh from the repository root.
#
#   scripts/bench.sh --overload [--duration S] [--factor F] [--connections N] [--memory-limit-mib M] [--quick]
#   Exits non-zero when the working set passed the container's limit (what would kill it) or the
#   collector died, when any acknowledged span was not
#   stored, or when the rate after the overload is below 80 % of the rate before it.
#   Results: run/bench-overload/summary.txt and each phase's JSON.

duration=60
factor=10
limit_mib=1024
calibrate=20
connections=3072
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --factor) factor="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --memory-limit-mib) limit_mib="$2"; shift 2 ;;
    --quick) duration=15; calibrate=10; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

export TRACEFLOW_RUN_DIR="${TRACEFLOW_RUN_DIR:-$PWD/run/bench-overload}"
export TRACEFLOW_PORT="${TRACEFLOW_BENCH_PORT:-19411}"
export TRACEFLOW_OTLP_GRPC_PORT="${TRACEFLOW_BENCH_OTLP_GRPC_PORT:-14317}"
export TRACEFLOW_OTLP_HTTP_PORT="${TRACEFLOW_BENCH_OTLP_HTTP_PORT:-14318}"
export TraceFlow__Cluster__SiloPort="${TRACEFLOW_BENCH_SILO_PORT:-21111}"
export TraceFlow__Cluster__GatewayPort="${TRACEFLOW_BENCH_GATEWAY_PORT:-21112}"
export TraceFlow__Cluster__ClusterId="bench-overload-$$"
export ASPNETCORE_ENVIRONMENT="${TRACEFLOW_BENCH_ENVIRONMENT:-Production}"
source scripts/lib/common.sh

build_bench_tools
target="http://127.0.0.1:$TRACEFLOW_PORT"
dir="$TRACEFLOW_RUN_DIR"
loadgen() { DOTNET_TieredPGO=0 dotnet "$loadgen_dir/TraceFlow.LoadGen.dll" "$@"; }
json_number() { sed -n "s/.*\"$2\": *\([0-9.eE+-]*\).*/\1/p" "$1" | head -1; }
metric() { curl -s "$target/metrics" | awk -v name="$1" '$1 == name { print $2 }'; }

# phase NAME SECONDS [load generator options...]: one load run against the collector.
phase() {
  local name="$1" seconds="$2"
  shift 2
  echo
  echo "== $name: ${seconds} s"
  loadgen --target "$target" --duration "$seconds" --json-out "$dir/$name.json" --traces-out "$dir/$name-traces.tsv" "$@" >"$dir/$name.log" || true
  tail -n 12 "$dir/$name.log"
}

mkdir -p "$dir"
rm -f "$dir"/*.json "$dir"/*.tsv "$dir/summary.txt"
# make_cgroup: a memory cgroup limited to the memory limit, its directory printed; fails where
# none can be made (not root, no memory controller, read-only cgroup file system).
make_cgroup() {
  local cg
  if [ -w /sys/fs/cgroup/memory ]; then
    cg=/sys/fs/cgroup/memory/traceflow-bench-$$
    mkdir "$cg" 2>/dev/null && echo $((limit_mib * 1024 * 1024)) >"$cg/memory.limit_in_bytes" || return 1
  elif grep -qw memory /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null && [ -w /sys/fs/cgroup ]; then
    cg=/sys/fs/cgroup/traceflow-bench-$$
    mkdir "$cg" 2>/dev/null && echo $((limit_mib * 1024 * 1024)) >"$cg/memory.max" || return 1
  else
    return 1
  fi
  echo "$cg"
}
cgroup=$(make_cgroup || true)
# The GC as the container manifests run it: .NET's default dynamic adaptation (DATAS), which
# start_collector.sh turns off for raw throughput on a whole machine. With it off, garbage filled
# the 1 GiB container between collections and the rate after an overload went to forced ones.
export DOTNET_GCDynamicAdaptationMode="${DOTNET_GCDynamicAdaptationMode:-1}"
trap 'scripts/stop.sh >/dev/null; [ -z "$cgroup" ] || rmdir "$cgroup" 2>/dev/null || true' EXIT
if [ -n "$cgroup" ]; then
  container="a memory cgroup of ${limit_mib} MiB ($cgroup)"
  # The collector and everything it starts run in the cgroup; this shell and the load generator do not.
  (echo "$BASHPID" >"$cgroup/cgroup.procs" && exec scripts/start_collector.sh) >/dev/null
else
  container="emulated: DOTNET_GCHeapHardLimit at 75 % of ${limit_mib} MiB"
  heap_limit=$(printf '0x%x' $((limit_mib * 1024 * 1024 * 3 / 4)))
  DOTNET_GCHeapHardLimit="${TRACEFLOW_BENCH_GC_HEAP_LIMIT:-$heap_limit}" scripts/start_collector.sh >/dev/null
fi
echo "container: $container"
pid=$(cat "$dir/collector.pid")
ceiling_mib=$(metric traceflow_memory_ceiling_bytes | awk '{ printf "%.0f", $1 / 1048576 }')

for round in 1 2 3 4 5 6; do
  phase "warmup-$round" "$calibrate"
  evicted=$(metric traceflow_store_evicted_traces_total)
  awk -v e="${evicted:-0}" 'BEGIN { exit (e > 0) ? 0 : 1 }' && break
done
echo "store: $(metric traceflow_store_traces) traces after $round warm-up rounds"
phase before "$calibrate"
sustainable=$(json_number "$dir/before.json" accepted_spans_per_s)
offered_rate=$(awk -v s="$sustainable" -v f="$factor" 'BEGIN { printf "%.0f", s * f }')

samples="$dir/overload-rss.txt"
: >"$samples"
( while kill -0 "$pid" 2>/dev/null; do awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" >>"$samples"; sleep 1; done ) &
sampler=$!
phase overload "$duration" --rate "$offered_rate" --connections "$connections" --ignore-retry-after
# Memory right after the overload counts too: admitted requests still allocate.
for _ in 1 2 3 4 5; do awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" >>"$samples"; sleep 1; done
kill "$sampler" 2>/dev/null
wait "$sampler" 2>/dev/null

# Recovery: until the memory pressure gauge reads 0 again and the overload's live traces are
# decided (the backlog an overload leaves is part of recovering from it).
recovered_at=$(date +%s.%N)
for _ in $(seq 1 600); do
  [ "$(metric traceflow_memory_pressure)" = "0" ] && [ "$(metric traceflow_traces_live)" = "0" ] && break
  sleep 0.1
done
recovery_s=$(awk -v a="$recovered_at" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
phase after "$calibrate"

status=0
lost_total=0
# The verifier's whole-trace count cannot be used here: the warm-up filled the in-memory store, which
# evicts its oldest kept traces by design, and its eviction counter spans every phase. What it can
# tell per phase is whether a stored trace misses any acknowledged span.
for name in before overload after; do
  loadgen verify --target "$target" --traces "$dir/$name-traces.tsv" >"$dir/$name-loss.txt" || true
  lost=$(awk '/spans sent for stored traces/ { sent = $6; stored = $9 } END { print (sent > stored ? sent - stored : 0) }' "$dir/$name-loss.txt")
  lost_total=$((lost_total + ${lost:-0}))
done
[ "$lost_total" -eq 0 ] || status=1

max_rss_mib=$(sort -n "$samples" | tail -1 | awk '{ printf "%.0f", $1 / 1024 }')
over_ceiling=$(awk -v c="$ceiling_mib" '$1 / 1024 > c { n++ } END { print n + 0 }' "$samples")
samples_taken=$(wc -l <"$samples")
offered=$(json_number "$dir/overload.json" offered_spans_per_s)
accepted=$(json_number "$dir/overload.json" accepted_spans_per_s)
shed=$(json_number "$dir/overload.json" shed_spans)
after=$(json_number "$dir/after.json" accepted_spans_per_s)
refusals=$(curl -s "$target/metrics" | grep '^traceflow_ingest_requests_rejected_total' || true)
shed_requests=$(echo "$refusals" | awk '$1 ~ /reason="(memory_pressure|in_flight_requests|in_flight_bytes|dispatch_backlog)"/ { n += $2 } END { print n + 0 }')
shed_by_reason=$(echo "$refusals" | awk 'NF == 2 { match($1, /reason="[a-z_]+"/); r = substr($1, RSTART + 8, RLENGTH - 9); n[r] += $2 } END { for (r in n) printf "%s%s %d", (s++ ? ", " : ""), r, n[r] }')
{
  printf "sustainable (before): %.0f spans/s accepted\n" "$sustainable"
  printf "overload: %.0f spans/s offered (%.1fx the sustainable rate) for %s s by %s clients ignoring Retry-After; %.0f spans/s accepted, %s spans shed (%s requests answered 503)\n" \
    "$offered" "$(awk -v o="$offered" -v s="$sustainable" 'BEGIN { print (s > 0 ? o / s : 0) }')" "$duration" "$connections" "$accepted" "$shed" "$shed_requests"
  echo "requests refused, by reason: ${shed_by_reason:-none}"
  echo "container: $container"
  echo "working set: max ${max_rss_mib} MiB against the container limit of ${limit_mib} MiB (GC heap limit $((limit_mib * 3 / 4)) MiB); above admission's ceiling of ${ceiling_mib} MiB in ${over_ceiling} of ${samples_taken} seconds"
  echo "recovered (normal memory pressure, every live trace decided) ${recovery_s} s after the overload"
  printf "after: %.0f spans/s accepted (%.0f %% of before)\n" "$after" "$(awk -v a="$after" -v s="$sustainable" 'BEGIN { print (s > 0 ? 100 * a / s : 0) }')"
  echo "acknowledged spans missing from stored traces (all phases): $lost_total"
} | tee "$dir/summary.txt"

if ! kill -0 "$pid" 2>/dev/null; then
  echo "FAILED: the collector died (see $dir/collector.log)" >&2
  status=1
fi
if [ "$max_rss_mib" -gt "$limit_mib" ]; then
  echo "FAILED: the working set passed the container's limit" >&2
  status=1
fi
if awk -v a="$after" -v s="$sustainable" 'BEGIN { exit (a >= 0.8 * s) ? 0 : 1 }'; then :; else
  echo "FAILED: the rate after the overload is below 80 % of the rate before it" >&2
  status=1
fi
exit $status
