#!/usr/bin/env bash
# PostgreSQL 15 for the AppHost's local mode: initdb on first use, then exec postgres in the foreground
# (exec: the AppHost's stop signal reaches postgres itself). postgres refuses root, so as root it runs as
# the postgres user through setpriv, which also execs.
# usage: postgres.sh <state-dir> <port>   (password in <state-dir>/password, written by the AppHost)
set -euo pipefail
state="$1"
port="$2"
bin=/usr/lib/postgresql/15/bin
data="$state/data"
run="$state/run"
as_postgres=()
if [ "$(id -u)" = 0 ]; then
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  mkdir -p "$data" "$run"
  chown postgres:postgres "$state" "$data" "$run"
  chmod 700 "$data"
else
  mkdir -p "$data" "$run"
  chmod 700 "$data"
fi
if [ ! -s "$data/PG_VERSION" ]; then
  pwfile="$run/initdb-password"
  cp "$state/password" "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pwfile"
  "${as_postgres[@]}" "$bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-instructions >/dev/null
  rm -f "$pwfile"
fi
exec "${as_postgres[@]}" "$bin/postgres" -D "$data" -p "$port" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories="$run" -c max_connections=300
