# Sourced by scripts/bench.sh --silo-kill: zero loss of acknowledged spans across a silo crash.
#   scripts/bench.sh --silo-kill [--traces N]
# Runs TraceFlow.Cluster.Tests' AcknowledgedSpansTests: redis-server, 2 TraceFlow.Silo processes
# with Redis membership and a TraceFlow.Gateway client; N traces of 5 spans sent one span per
# request, one silo killed with SIGKILL after the second round; then every trace read back.
# Prints "acknowledged N, stored M, lost K" (also in artifacts/cluster/zero-loss.txt).
traces=200
while [ $# -gt 0 ]; do
  case "$1" in
    --traces) traces="$2"; shift 2 ;;
    *) echo "unknown option: $1 (usage: scripts/bench.sh --silo-kill [--traces N])" >&2; exit 2 ;;
  esac
done
command -v redis-server >/dev/null || { echo "--silo-kill needs redis-server (apt-get install redis-server)" >&2; exit 1; }
dotnet build tests/TraceFlow.Cluster.Tests -c Release -nologo -v quiet || exit 1
rm -f artifacts/cluster/zero-loss.txt
TRACEFLOW_ZERO_LOSS_TRACES="$traces" dotnet test tests/TraceFlow.Cluster.Tests -c Release --no-build \
  --filter "FullyQualifiedName~AcknowledgedSpansTests" -nologo
status=$?
[ -f artifacts/cluster/zero-loss.txt ] && cat artifacts/cluster/zero-loss.txt
exit $status
