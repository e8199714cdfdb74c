#!/usr/bin/env bash
# Installs what the tests need, builds with zero warnings, runs every test (unit and end-to-end through the
# whole suite) and ends with one line: "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh

summary() {
  echo "tests: $1 passed, $2 failed"
}

if ! hp_ensure_prerequisites; then
  summary 0 1
  exit 1
fi

# TreatWarningsAsErrors is on everywhere: a warning fails the build.
if ! dotnet build HuangpuPlatform.sln -c Release -m:2 -nologo -v q; then
  echo "The build failed." >&2
  summary 0 1
  exit 1
fi

# A failed start of the suite under test is summarised here by the end-to-end fixture (printed at the end).
start_failures=tests/Huangpu.EndToEnd.Tests/bin/Release/net10.0/TestResults/platform-start-failures.log
rm -f "$start_failures"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
dotnet test HuangpuPlatform.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
# A test host that crashed leaves no counters: count it as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

# The checks beside the .NET tests, each ending with "<name>: N passed, N failed": the gRPC contract (buf lint and
# breaking changes against the last release), the Kubernetes manifests (rendered and validated offline) and the
# partner packages (packed, and built against by a program outside the repository).
for check in scripts/check-protos.sh scripts/check-deploy.sh scripts/check-packages.sh; do
  output=$("$check" 2>&1)
  echo "$output"
  counts=$(tail -1 <<<"$output" | sed -n 's/^[a-z]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
  read -r check_passed check_failed <<<"${counts:-0 1}"
  passed=$((passed + check_passed))
  failed=$((failed + check_failed))
  [ "$check_failed" -eq 0 ] || status=1
done
if [ -s "$start_failures" ]; then
  echo "The end-to-end suite failed to start at least once ($start_failures):"
  tail -n 70 "$start_failures"
fi
summary "$passed" "$failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
