#!/usr/bin/env bash
# Overload without collapse (docs/benchmarks.md): the suite's capacity measured under a rush, then submissions
# offered open loop at 1 × and 4 × that capacity in the same run: served rates, refusals (429/503) and how fast
# they are answered, client timeouts, other server errors.
# usage: bench/run-admission.sh   (SECONDS_PER_PHASE=30 PROBE_RATE=800 WARMUP_SECONDS=20 by default;
#        CAPACITY=n skips the ramp and takes n as the capacity, to look into the 1 × and 4 × phases alone;
#        ROUNDS=n alternates the 1 × and 4 × phases n times, 2 by default;
#        PLACEMENT=split gives the gateway (with the generator) one CPU and everything behind it the other, bench/lib.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bench_prepare
trap bench_cleanup EXIT

# Telemetry to a collector that keeps nothing, as a deployment exports to one on other machines.
start_otlp_sink
start_ready_suite
place_suite

# The generator's idle worker threads block at once rather than spin on cores the suite needs (as the suite's own do).
DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 \
  $(generator_placement) ${GENERATOR_NICE:+nice -n "$GENERATOR_NICE"} dotnet bench/Huangpu.Bench/bin/Release/net10.0/Huangpu.Bench.dll admission \
  "http://127.0.0.1:$rest" "${SECONDS_PER_PHASE:-30}" "${PROBE_RATE:-800}" "${WARMUP_SECONDS:-20}" ${CAPACITY:+"$CAPACITY"}
