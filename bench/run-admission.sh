#!/usr/bin/env bash
# Overload without collapse (docs/benchmarks.md): the suite's capacity measured under a rush, then submissions
# offered open loop at 1 × and 4 × that capacity in the same run: served rates, refusals (429/503) and how fast
# they are answered, client timeouts, other server errors.
# usage: bench/run-admission.sh   (SECONDS_PER_PHASE=30 PROBE_RATE=800 WARMUP_SECONDS=20 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bench_prepare
trap 'stop_suite; rm -rf "$work" 2>/dev/null || true' EXIT

start_ready_suite

dotnet bench/Huangpu.Bench/bin/Release/net10.0/Huangpu.Bench.dll admission \
  "http://127.0.0.1:$rest" "${SECONDS_PER_PHASE:-30}" "${PROBE_RATE:-800}" "${WARMUP_SECONDS:-20}"
