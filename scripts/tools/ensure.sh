# Sourced by the check scripts: installs the tools' npm packages (scripts/tools/package-lock.json) if missing.
if [ ! -d scripts/tools/node_modules/kubernetes-models ] || [ ! -x scripts/tools/node_modules/.bin/buf ]; then
  (cd scripts/tools && npm ci --no-audit --no-fund --silent)
fi
