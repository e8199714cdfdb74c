#!/usr/bin/env bash
# Payments benchmark (docs/benchmarks.md): 10,000 final awards (AwardFinalised on the suite's RabbitMQ) to
# disbursed through the treasury simulator — obligation, order, eligibility on the payment date, instruction,
# confirmation through the gateway — beside 10,000 bare ledger transactions committed to the same PostgreSQL in
# the same run; then the latency of one disbursement at a time.
# usage: bench/run-payments.sh   (AWARDS=10000 ORGANIZATIONS=100 SINGLES=100 TRACE_SAMPLE_RATIO=0.01 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bench_prepare
trap bench_cleanup EXIT

start_ready_suite

dotnet bench/Huangpu.Bench/bin/Release/net10.0/Huangpu.Bench.dll payments \
  "http://127.0.0.1:$rest" "amqp://guest:guest@127.0.0.1:$suite_rabbit_port/" \
  "Host=127.0.0.1;Port=$suite_pg_port;Username=postgres;Password=$(cat "$work/state/postgres/password");Database=payments" \
  "${AWARDS:-10000}" "${ORGANIZATIONS:-100}" "${SINGLES:-100}"
