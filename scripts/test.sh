#!/usr/bin/env bash
# The test command: on a bare machine installs what the tests need, then builds, checks
# formatting and runs every test. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use; apt-get update runs once, and only if something is missing.
# clickhouse-server: the ClickHouse tests start their own server on free ports with a temporary directory.
# chromium: the browser UI tests drive it headless through Playwright (tests/TraceFlow.Web.Tests).
# redis-server: the cluster tests start their own on a free port for Redis membership (tests/TraceFlow.Cluster.Tests).
packages=(curl clickhouse-server clickhouse-client chromium redis-server)
commands=(curl clickhouse-server clickhouse-client chromium redis-server)
missing=()
for i in "${!commands[@]}"; do
  command -v "${commands[$i]}" >/dev/null 2>&1 || missing+=("${packages[$i]}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing packages: ${missing[*]} (run as root, or install them)" >&2
    exit 1
  fi
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet on PATH)." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
started=$(date +%s)

echo "== build"
dotnet build TraceFlow.sln -c Release -nologo -v quiet

echo "== format"
dotnet format TraceFlow.sln --verify-no-changes --no-restore

echo "== test"
dotnet test TraceFlow.sln -c Release --no-build -nologo --logger "console;verbosity=minimal"

echo "== benchmark smoke check (zero loss and a sane rate, not the performance target)"
scripts/bench.sh --spans --quick --min-rate 2000

echo "== UI screenshots: artifacts/ui/"
echo "== all tests passed in $(( $(date +%s) - started )) s"
