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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
wait_for() { # url timeout-seconds
  local deadline=$(( $(date +%s) + $2 ))
  until curl -fsS -m 2 "$1" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

suite_pid=""
stop_suite() {
  [ -n "$suite_pid" ] || return 0
  kill -TERM "$suite_pid" 2>/dev/null || true
  wait "$suite_pid" 2>/dev/null || true
  suite_pid=""
}
trap 'stop_suite; rm -rf "$work"' EXIT

start_suite() { # state-dir rest-port
  local state="$1" rest="$2" dash
  dash=$(free_port)
  mkdir -p "$state"
  (cd aspire/Huangpu.AppHost && exec env ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development \
      ASPNETCORE_URLS="http://127.0.0.1:$dash" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$(free_port)" \
      ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="http://127.0.0.1:$(free_port)" ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
      dotnet bin/Release/net10.0/Huangpu.AppHost.dll \
      "Huangpu:StateDirectory=$state" "Huangpu:Ports:Postgres=$(free_port)" "Huangpu:Ports:RabbitMq=$(free_port)" \
      "Huangpu:Ports:RabbitMqDistribution=$(free_port)" "Huangpu:Ports:Epmd=$(free_port)" "Huangpu:Ports:Redis=$(free_port)" \
      "HP_GATEWAY_PORT=$rest" "HP_GATEWAY_GRPC_PORT=$(free_port)") >"$state.log" 2>&1 &
  suite_pid=$!
}

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
