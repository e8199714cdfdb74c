#!/usr/bin/env bash
# CheckEligibility benchmark (docs/benchmarks.md): throughput and p50/p99 on cache hits and misses,
# directly against the Registry and through the gateway's gRPC port, each beside an empty gRPC handler
# measured in the same run by the same client.
# usage: bench/run-eligibility.sh   (SECONDS_PER_ROW=10 CONCURRENCY=16 WARMUP_SECONDS=45 TRACE_SAMPLE_RATIO=0.01 by default;
#        ROWS=hit-direct,miss-direct,hit-gateway,miss-gateway picks rows, all by default)
# The suite keeps 1% of traces here, as a busy deployment would; TRACE_SAMPLE_RATIO=1 keeps every trace.
# TELEMETRY=collector (default): the services export their telemetry over OTLP to a collector that keeps nothing
# (bench otlp-sink), as a deployment exports to a collector on other machines; the exporters' work is measured,
# the storing of it is not. TELEMETRY=dashboard: to the Aspire dashboard as in development, which stores every
# span in SQLite on these same two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bench_prepare

trap bench_cleanup EXIT

telemetry=${TELEMETRY:-collector}
case "$telemetry" in
  collector) start_otlp_sink ;;
  dashboard) unset OTLP_ENDPOINT ;;
  *) echo "TELEMETRY must be collector or dashboard, not '$telemetry'" >&2; exit 2 ;;
esac
echo "Telemetry: $telemetry; traces kept: ${TRACE_SAMPLE_RATIO:-0.01}"

start_ready_suite

# The Registry's own listener: the direct path.
registry_port=$suite_registry_port
empty=$(free_port)
dotnet bench/Huangpu.Bench/bin/Release/net10.0/Huangpu.Bench.dll empty-server "$empty" >"$work/empty.log" 2>&1 &
empty_pid=$!
started_helper "$empty_pid"
sleep 2

dotnet bench/Huangpu.Bench/bin/Release/net10.0/Huangpu.Bench.dll eligibility \
  "http://127.0.0.1:$rest" "http://127.0.0.1:$grpc" "http://127.0.0.1:$registry_port" "http://127.0.0.1:$empty" \
  "${SECONDS_PER_ROW:-10}" "${CONCURRENCY:-16}" "${WARMUP_SECONDS:-45}" "${ROWS:-hit-direct,miss-direct,hit-gateway,miss-gateway}"
