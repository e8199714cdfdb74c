#!/usr/bin/env bash
# RabbitMQ 3.10 for the AppHost's local mode, with the port mapper (epmd) its node registers with: epmd is this
# script's child, listening before the node starts and stopped only after the node has exited. (The node watches its
# epmd and, finding it gone, starts one of its own as a daemon that outlives the suite and holds the port; so epmd must
# never stop first.) The node and its CLI tools run with -start_epmd false (RABBITMQ_*_ERL_ARGS from the AppHost).
# usage: rabbitmq.sh   (ERL_EPMD_PORT, ERL_EPMD_ADDRESS and the RABBITMQ_* variables set by the AppHost)
set -uo pipefail
epmd -port "$ERL_EPMD_PORT" &
epmd_pid=$!
node_pid=""

stop() {
  if [ -n "$node_pid" ]; then
    kill -TERM "$node_pid" 2>/dev/null
    wait "$node_pid" 2>/dev/null
  fi
  kill -TERM "$epmd_pid" 2>/dev/null
  wait "$epmd_pid" 2>/dev/null
}
trap 'stop; exit 0' TERM INT

for _ in $(seq 1 100); do
  epmd -port "$ERL_EPMD_PORT" -names >/dev/null 2>&1 && break
  kill -0 "$epmd_pid" 2>/dev/null || { echo "epmd could not listen on port $ERL_EPMD_PORT" >&2; exit 1; }
  sleep 0.1
done

# /usr/sbin/rabbitmq-server switches to the rabbitmq user; the script under /usr/lib runs as whoever starts it.
/usr/lib/rabbitmq/bin/rabbitmq-server &
node_pid=$!
wait "$node_pid"
status=$?
node_pid=""
stop
exit "$status"
