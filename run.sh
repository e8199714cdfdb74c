#!/usr/bin/env bash
# Builds and starts the whole platform through the Aspire AppHost; Ctrl+C or SIGTERM stops everything it started.
# usage: ./run.sh [--demo [--keep]] [AppHost settings, e.g. Huangpu:StateDirectory=/tmp/x]
#   --demo  once ready, walk one fictional organisation from registration to a paid award through the gateway,
#           printing each step and its call, then stop (exit 0, or 1 naming the step that failed)
#   --keep  with --demo: leave the suite running afterwards to explore
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh
hp_ensure_prerequisites

demo=false
keep=false
apphost_args=()
for arg in "$@"; do
  case "$arg" in
    --demo) demo=true ;;
    --keep) keep=true ;;
    *) apphost_args+=("$arg") ;;
  esac
done

gateway_port="${HP_GATEWAY_PORT:-8080}"
gateway_grpc_port="${HP_GATEWAY_GRPC_PORT:-8081}"
dashboard_port="${HP_DASHBOARD_PORT:-18888}"

echo "Building..."
dotnet build aspire/Huangpu.AppHost/Huangpu.AppHost.csproj -c Release -m:2 -v q -nologo
if $demo; then
  dotnet build src/Huangpu.Demo/Huangpu.Demo.csproj -c Release -m:2 -v q -nologo
fi

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_ENVIRONMENT="$ASPNETCORE_ENVIRONMENT"
export ASPNETCORE_URLS="http://127.0.0.1:${dashboard_port}"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$((dashboard_port + 1))"
export ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="http://127.0.0.1:$((dashboard_port + 2))"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export HP_GATEWAY_PORT="$gateway_port" HP_GATEWAY_GRPC_PORT="$gateway_grpc_port"

# Every process this run started carries this mark in its environment: the AppHost, and through it the
# orchestrator (DCP), which detaches from the AppHost, and every server and service DCP starts.
export HUANGPU_RUN_ID="run-$$-$(date +%s%N)"

log_dir=.state/logs
mkdir -p "$log_dir"
# Run from the project folder so its appsettings.json is the content root.
if $demo; then
  # The walk's own lines are the output; the AppHost's go to its log only.
  (cd aspire/Huangpu.AppHost && exec dotnet bin/Release/net10.0/Huangpu.AppHost.dll "${apphost_args[@]}") >"$log_dir/apphost.log" 2>&1 &
else
  (cd aspire/Huangpu.AppHost && exec dotnet bin/Release/net10.0/Huangpu.AppHost.dll "${apphost_args[@]}") > >(tee "$log_dir/apphost.log") 2>&1 &
fi
apphost=$!

# The processes started by this run, as "pid pid ..." (this script's own shells left out).
started_processes() {
  local environ pid found=()
  for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}
    pid=${pid%/environ}
    [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
    grep -qsa "HUANGPU_RUN_ID=$HUANGPU_RUN_ID" "$environ" && found+=("$pid")
  done
  echo "${found[@]:-}"
}

# Waits (bounded) until none of the given processes runs; names and kills those that refuse.
await_exit() {
  local pids=("$@") alive pid
  for _ in $(seq 1 60); do
    alive=()
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null && alive+=("$pid")
    done
    ((${#alive[@]} == 0)) && return 0
    sleep 0.5
  done
  echo "Still running 30 s after the stop; killing:" >&2
  for pid in "${alive[@]}"; do
    echo "  $pid $(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null | cut -c1-160)" >&2
    kill -KILL "$pid" 2>/dev/null || true
  done
  return 1
}

stop() {
  local code="${1:-0}"
  trap - INT TERM
  echo "Stopping..."
  local started
  read -r -a started <<<"$(started_processes)"
  # SIGTERM: the AppHost stops every resource it started (a background job ignores SIGINT). It can return
  # before the last of them has exited, so every process it had started is waited for as well.
  kill -TERM "$apphost" 2>/dev/null || true
  wait "$apphost" 2>/dev/null || true
  if ((${#started[@]})) && ! await_exit "${started[@]}"; then
    exit 1
  fi
  echo "Stopped."
  exit "$code"
}
trap stop INT TERM

for _ in $(seq 1 240); do
  if ! kill -0 "$apphost" 2>/dev/null; then
    reason=$(grep -o -m1 'Cannot start: .*' "$log_dir/apphost.log" || true)
    echo "The AppHost exited${reason:+: $reason}; see $log_dir/apphost.log" >&2
    exit 1
  fi
  if curl -fsS -m 2 "http://127.0.0.1:${gateway_port}/health/ready" >/dev/null 2>&1; then
    login=$(grep -o "http://127.0.0.1:${dashboard_port}/login?t=[0-9a-f]*" "$log_dir/apphost.log" | tail -1 || true)
    echo
    echo "Huangpu Platform is ready."
    echo "  Gateway (REST/JSON): http://127.0.0.1:${gateway_port}"
    echo "  Gateway (gRPC):      http://127.0.0.1:${gateway_grpc_port}"
    echo "  Dashboard:           ${login:-http://127.0.0.1:${dashboard_port}}"
    if $demo; then
      echo
      demo_status=0
      dotnet src/Huangpu.Demo/bin/Release/net10.0/Huangpu.Demo.dll "http://127.0.0.1:${gateway_port}" || demo_status=$?
      if ! $keep || [ "$demo_status" -ne 0 ]; then
        echo
        stop "$demo_status"
      fi
      echo
    fi
    echo "Press Ctrl+C to stop."
    break
  fi
  sleep 1
done
wait "$apphost"
