#!/usr/bin/env bash
# Application submissions benchmark (docs/benchmarks.md): an open-loop load of submissions through the
# gateway's REST port, first above what the suite can take (the completions per second are the sustained
# rate), then at half that rate (the p99 a user sees), beside a raw MassTransit confirmed publish-and-consume
# rate on the suite's own RabbitMQ, measured in the same run.
# usage: bench/run-submissions.sh   (SECONDS_PER_PHASE=60 OVERLOAD_RATE=800 WARMUP_SECONDS=30 TRACE_SAMPLE_RATIO=0.01 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bench_prepare
trap bench_cleanup EXIT

start_ready_suite

dotnet bench/Huangpu.Bench/bin/Release/net10.0/Huangpu.Bench.dll submissions \
  "http://127.0.0.1:$rest" "amqp://guest:guest@127.0.0.1:$suite_rabbit_port/" "${SECONDS_PER_PHASE:-60}" "${OVERLOAD_RATE:-800}" "${WARMUP_SECONDS:-30}"
