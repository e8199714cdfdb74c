#!/usr/bin/env bash
# The gateway against nginx (docs/benchmarks.md, "Gateway against nginx"): one cached CheckEligibility call direct to
# the Registry, through the gateway's gRPC port (authentication, rate limiting and admission on) and through nginx
# as a gRPC reverse proxy in front of the same Registry, in one run, each target in turn in short slices.
# usage: bench/run-gateway.sh   (SECONDS_TOTAL=60 CONCURRENCY=16 WARMUP_SECONDS=15 by default)
# nginx comes from the Debian packages (installed here if missing); it keeps HTTP/2 connections to the Registry
# (grpc_pass, keepalive), runs one worker per core, and logs nothing per request, as a tuned proxy would.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bench_prepare
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >/dev/null 2>&1 \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

trap bench_cleanup EXIT

# Telemetry goes to a collector that keeps nothing, as in the eligibility benchmark.
start_otlp_sink
start_ready_suite
registry_port=$suite_registry_port

nginx_port=$(free_port)
mkdir -p "$work/nginx/logs" "$work/nginx/temp"
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"
cat >"$work/nginx/nginx.conf" <<CONF
$user_line
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/temp/body;
  proxy_temp_path $work/nginx/temp/proxy;
  fastcgi_temp_path $work/nginx/temp/fastcgi;
  uwsgi_temp_path $work/nginx/temp/uwsgi;
  scgi_temp_path $work/nginx/temp/scgi;
  upstream registry {
    server 127.0.0.1:$registry_port;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$nginx_port http2;
    http2_max_concurrent_streams 1024;
    location / { grpc_pass grpc://registry; }
  }
}
CONF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
started_helper "$nginx_pid"
sleep 1
echo "nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///') on :$nginx_port in front of the Registry on :$registry_port"

dotnet bench/Huangpu.Bench/bin/Release/net10.0/Huangpu.Bench.dll gateway \
  "http://127.0.0.1:$rest" "http://127.0.0.1:$registry_port" "http://127.0.0.1:$grpc" "http://127.0.0.1:$nginx_port" \
  "${SECONDS_TOTAL:-60}" "${CONCURRENCY:-16}" "${WARMUP_SECONDS:-15}"
