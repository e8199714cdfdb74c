#!/usr/bin/env bash
# Audit trail benchmark (docs/benchmarks.md): chained appends beside plain inserts of the same rows in the same
# run, and verify over a trail of 1,000,000 entries, on a throwaway PostgreSQL 15 (nothing else of the suite).
# usage: bench/run-audit.sh   (EVENTS=20000 VERIFY_ENTRIES=1000000 ROUNDS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
hp_ensure_prerequisites
dotnet build bench/Huangpu.Bench/Huangpu.Bench.csproj -c Release -m:2 -v q -nologo >/dev/null
exec dotnet bench/Huangpu.Bench/bin/Release/net10.0/Huangpu.Bench.dll audit "${EVENTS:-20000}" "${VERIFY_ENTRIES:-1000000}" "${ROUNDS:-3}"
