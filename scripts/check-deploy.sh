#!/usr/bin/env bash
# Renders the Kubernetes manifests (deploy/) with kubectl's kustomize and validates every object against the
# Kubernetes schemas offline (kubernetes-models, scripts/tools). One check per rendering, and one that production gives
# the gateway whole cores of its own; ends with
# "deploy: N passed, N failed". Installs kubectl (Debian) and the tools' npm packages if missing.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v kubectl >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubectl >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubectl >/dev/null; }
fi
. scripts/tools/ensure.sh

passed=0
failed=0
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for target in deploy/base deploy/overlays/production; do
  name=${target#deploy/}
  if kubectl kustomize "$target" >"$out/${name//\//-}.yaml" 2>"$out/error" \
     && node scripts/tools/validate-manifests.mjs "$out/${name//\//-}.yaml" >"$out/report" 2>&1; then
    echo "deploy: $name renders and every object is valid ($(tail -1 "$out/report"))"
    passed=$((passed + 1))
  else
    echo "deploy: $name FAILED" >&2
    cat "$out/error" "$out/report" 2>/dev/null | grep -v '^valid' >&2
    failed=$((failed + 1))
  fi
done
# Production gives the gateway a core of its own, as the admission benchmark places it (docs/deployment.md).
if node scripts/tools/check-exclusive-cpu.mjs "$out/overlays-production.yaml" gateway >"$out/report" 2>&1; then
  echo "deploy: overlays/production runs the gateway on whole cores of its own ($(cat "$out/report"))"
  passed=$((passed + 1))
else
  echo "deploy: overlays/production gateway FAILED: $(cat "$out/report")" >&2
  failed=$((failed + 1))
fi
echo "deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
