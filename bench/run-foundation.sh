#!/usr/bin/env bash
# Foundation benchmarks (docs/benchmarks.md):
#  1. cold start of the whole suite after a build: AppHost launch → gateway /health/ready, on a fresh
#     state folder each run (initdb, RabbitMQ's first boot, migrations), beside the baseline of one bare
#     ASP.NET process (the gateway alone) from launch to /health/live, measured in the same run;
#  2. the registration slice through the gateway (bench/Huangpu.Bench), on the suite of the last run.
# usage: bench/run-foundation.sh   (RUNS=3 COUNT=1000 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
hp_ensure_prerequisites
runs="${RUNS:-3}"
count="${COUNT:-1000}"
work=$(mktemp -d /tmp/huangpu-bench-XXXXXX)
chmod 755 "$work"
dotnet build HuangpuPlatform.sln -c Release -m:2 -v q -nologo >/dev/null

. bench/lib.sh
trap bench_cleanup EXIT

baseline=()
suite=()
for run in $(seq 1 "$runs"); do
  port=$(free_port)
  started=$(now)
  (cd src/Huangpu.Gateway && exec env Auth__SigningKey=bench-baseline-signing-key-0123456789abcdef HP_GATEWAY_PORT="$port" \
      HP_GATEWAY_GRPC_PORT="$(free_port)" dotnet bin/Release/net10.0/Huangpu.Gateway.dll) >"$work/baseline-$run.log" 2>&1 &
  gw=$!
  wait_for "http://127.0.0.1:$port/health/live" 60
  baseline+=("$(elapsed "$started")")
  kill -TERM "$gw"; wait "$gw" 2>/dev/null || true

  port=$(free_port)
  started=$(now)
  start_suite "$work/state-$run" "$port"
  wait_for "http://127.0.0.1:$port/health/ready" 300
  suite+=("$(elapsed "$started")")
  [ "$run" -lt "$runs" ] && stop_suite
done

stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.1f | %.1f | %.1f", a[1], a[int((NR+1)/2)], a[NR]}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "## Cold start ($runs runs, seconds)"
echo
echo "| measurement | min | median | max |"
echo "|---|---:|---:|---:|"
echo "| baseline: gateway process alone, launch → /health/live | $(stats "${baseline[@]}") |"
echo "| whole suite, AppHost launch → gateway /health/ready (fresh state) | $(stats "${suite[@]}") |"
echo
echo "Median ratio suite ÷ baseline: $(awk -v s="$(median "${suite[@]}")" -v b="$(median "${baseline[@]}")" 'BEGIN { printf "%.1f", s / b }')"
echo
echo "## Registration slice"
echo
dotnet bench/Huangpu.Bench/bin/Release/net10.0/Huangpu.Bench.dll slice "http://127.0.0.1:$port" "$count"
