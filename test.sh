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

# The Kubernetes manifests: each rendering (base, production overlay) validated against the schemas offline.
deploy_output=$(scripts/validate-deploy.sh 2>&1)
echo "$deploy_output"
deploy_report=$(tail -1 <<<"$deploy_output")
deploy_passed=$(sed -n 's/^deploy: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$deploy_report")
deploy_failed=$(sed -n 's/^deploy: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$deploy_report")
[ -n "$deploy_passed" ] || { deploy_passed=0; deploy_failed=1; }
passed=$((passed + deploy_passed))
failed=$((failed + deploy_failed))
[ "$deploy_failed" -eq 0 ] || status=1
summary "$passed" "$failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
