#!/usr/bin/env bash
# Idle memory (docs/benchmarks.md, "Idle memory"): every platform process after IDLE_SECONDS with no traffic, and beside
# them the same libraries without the platform (bench/Huangpu.MemoryFloor: ASP.NET Core alone; + gRPC, EF Core on
# Npgsql and a MassTransit bus on RabbitMQ; + OpenTelemetry exported over OTLP), started against the suite's own
# PostgreSQL and RabbitMQ with the environment the AppHost gives the services.
# usage: bench/run-memory.sh   (IDLE_SECONDS=60 by default)
# Per process, MB: resident (RSS), proportional (PSS: shared pages divided among the processes sharing them), anonymous
# (GC heap and native allocations), mapped assemblies and native libraries, and the runtime's double-mapped memory
# (memfd:doublemapper: JIT-compiled code, stubs and the type system's loader heaps).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bench_prepare
trap bench_cleanup EXIT
idle="${IDLE_SECONDS:-60}"

memory_row() { # pid name
  awk -v name="$2" '
    /^[0-9a-f]+-[0-9a-f]+ / { path = $6 }
    /^Rss:/ { rss += $2; if (path ~ /doublemapper/) doubled += $2; else if (path ~ /\.(dll|so)/) mapped += $2; else if (path == "" || path ~ /^\[(heap|stack)/) anon += $2 }
    /^Pss:/ { pss += $2 }
    END { printf "| %s | %d | %d | %d | %d | %d |\n", name, rss / 1024, pss / 1024, anon / 1024, mapped / 1024, doubled / 1024 }' "/proc/$1/smaps"
}

start_otlp_sink
start_ready_suite
echo "suite ready; idle for ${idle} s"

floor=bench/Huangpu.MemoryFloor/bin/Release/net10.0/Huangpu.MemoryFloor.dll
postgres="Host=127.0.0.1;Port=$suite_pg_port;Database=postgres;Username=postgres;Password=$(suite_pg_password)"
amqp="amqp://guest:guest@127.0.0.1:$suite_rabbit_port/"
declare -A floor_pids
for layer in aspnet stack stack+telemetry; do
  env MALLOC_ARENA_MAX=2 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 ASPNETCORE_ENVIRONMENT=Development \
    OTEL_EXPORTER_OTLP_ENDPOINT="$OTLP_ENDPOINT" OTEL_EXPORTER_OTLP_PROTOCOL=grpc OTEL_METRIC_EXPORT_INTERVAL=1000 \
    OTEL_SERVICE_NAME="floor-$layer" dotnet "$floor" "$layer" "$(free_port)" "$postgres" "$amqp" >"$work/floor-$layer.log" 2>&1 &
  floor_pids[$layer]=$!
  started_helper "$!"
done
sleep "$idle"

echo
echo "| process (idle ${idle} s) | resident | proportional | anonymous | assemblies and libraries | double-mapped |"
echo "|---|---:|---:|---:|---:|---:|"
for service in Registry Applications ExpertReview Payments Compliance Gateway TreasurySimulator; do
  pid=$(pgrep -f "Huangpu\.$service\.dll" | head -1)
  [ -n "$pid" ] && memory_row "$pid" "$service"
done
for layer in aspnet stack stack+telemetry; do
  if kill -0 "${floor_pids[$layer]}" 2>/dev/null; then
    memory_row "${floor_pids[$layer]}" "libraries alone: $layer"
  else
    echo "libraries alone: $layer exited:"; tail -5 "$work/floor-$layer.log"
  fi
done
