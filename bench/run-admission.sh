#!/usr/bin/env bash
# Overload without collapse (docs/benchmarks.md): the suite's capacity measured under a rush, then submissions
# offered open loop at 1 × and 4 × that capacity in the same run: served rates, refusals (429/503) and how fast
# they are answered, client timeouts, other server errors.
# usage: bench/run-admission.sh   (SECONDS_PER_PHASE=30 PROBE_RATE=800 WARMUP_SECONDS=60 by default;
#        CAPACITY=n skips the ramp and takes n as the capacity, to look into the 1 × and 4 × phases alone;
#        ROUNDS=n alternates the 1 × and 4 × phases n times, 2 by default;
#        PLACEMENT=split gives the gateway (with the generator) one CPU and everything behind it the other, bench/lib.sh)
# Each phase also prints the refusals by reason, the connections the generator opened, and the collections (each in
# its stages, and every pause over 20 ms with its start) and thread-pool changes of the gateway, Applications,
# Registry and the generator (EventPipe, RuntimeEvents.cs); each refusal slower than 50 ms is listed with its
# idempotency key and what those runtimes did meanwhile.
# After the phases: what PostgreSQL's active sessions waited on in each phase (sampled twice a second by one session,
# pg_stat_activity) and the submissions committed in each second (from the applications' own submission times).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bench_prepare
trap bench_cleanup EXIT

# Telemetry to a collector that keeps nothing, as a deployment exports to one on other machines.
start_otlp_sink
start_ready_suite
place_suite

export PGPASSWORD
PGPASSWORD=$(suite_pg_password)
pg() { psql -h 127.0.0.1 -p "$suite_pg_port" -U postgres -X -q -A -F ' ' -t "$@"; }
# Every half second, one line per active session, "epoch database/wait_event_type:wait_event" (CPU when not waiting),
# and one "epoch sample" line.
pg -d postgres <<<"SELECT extract(epoch FROM now())::int, datname || '/' || coalesce(wait_event_type || ':' || wait_event, 'CPU')
  FROM pg_stat_activity WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
  UNION ALL SELECT extract(epoch FROM now())::int, 'sample' \watch 0.5" >"$work/pg-waits.txt" 2>&1 &
started_helper "$!"

# The generator's idle worker threads block at once rather than spin on cores the suite needs (as the suite's own do).
DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 \
  $(generator_placement) ${GENERATOR_NICE:+nice -n "$GENERATOR_NICE"} dotnet bench/Huangpu.Bench/bin/Release/net10.0/Huangpu.Bench.dll admission \
  "http://127.0.0.1:$rest" "${SECONDS_PER_PHASE:-30}" "${PROBE_RATE:-800}" "${WARMUP_SECONDS:-60}" ${CAPACITY:+"$CAPACITY"} \
  | tee "$work/phases.txt"

# Each phase of the run ("HH:MM:SS <name>: <rate>/s for <n> s") with what its seconds hold.
phase_windows() {
  grep -E '^[0-9]{2}:[0-9]{2}:[0-9]{2} .*: [0-9]+/s for [0-9]+ s$' "$work/phases.txt" | while read -r clock rest_of_line; do
    local start seconds
    start=$(date -u -d "$(date -u +%F) $clock" +%s)
    seconds=$(sed -E 's/.* ([0-9]+) s$/\1/' <<<"$rest_of_line")
    echo "$start $((start + seconds)) ${rest_of_line%%:*} $(sed -E 's/.*: ([0-9]+\/s).*/\1/' <<<"$rest_of_line")"
  done
}
pg -d applications -c "SELECT extract(epoch FROM date_trunc('second', submitted_at))::int, count(*) FROM applications
  WHERE submitted_at IS NOT NULL GROUP BY 1 ORDER BY 1" >"$work/committed.txt"
echo
echo "PostgreSQL's active sessions per phase (mean over samples; by what they waited on) and submissions committed per second:"
phase_windows | while read -r from to name rate; do
  waits=$(awk -v a="$from" -v b="$to" '$1 >= a && $1 < b { n[$2]++ }
    END { for (k in n) if (k != "sample") printf "%s %.1f, ", k, n[k] / n["sample"] }' "$work/pg-waits.txt")
  commits=$(awk -v a="$from" -v b="$to" '$1 >= a && $1 < b { printf "%d ", $2 }' "$work/committed.txt")
  echo "  $name $rate: ${waits%, }"
  echo "    committed per second: $commits"
done
