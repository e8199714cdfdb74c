#!/usr/bin/env bash
# Review benchmark (docs/benchmarks.md): a panel draw with recusal against 2,000 experts and 50,000 registry
# link keys, and finalising 1,000 notice entries, each beside a baseline measured in the same run, on a
# throwaway PostgreSQL 15 (nothing else of the suite is started).
# usage: bench/run-review.sh   (DRAWS=500 ENTRIES=1000 ROUNDS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
hp_ensure_prerequisites
dotnet build bench/Huangpu.Bench/Huangpu.Bench.csproj -c Release -m:2 -v q -nologo >/dev/null
exec dotnet bench/Huangpu.Bench/bin/Release/net10.0/Huangpu.Bench.dll review "${DRAWS:-500}" "${ENTRIES:-1000}" "${ROUNDS:-3}"
