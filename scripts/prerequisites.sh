# Sourced by run.sh and test.sh: makes sure the local servers the AppHost starts are installed.
# PostgreSQL 15, RabbitMQ and Redis come from the Debian packages; the AppHost runs them as local processes.
HP_APT_LINE="apt-get install -y rabbitmq-server redis-server postgresql"

hp_missing_prerequisites() {
  local missing=()
  [ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v epmd >/dev/null 2>&1 || missing+=(erlang-base)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  echo "${missing[@]:-}"
}

hp_ensure_prerequisites() {
  command -v dotnet >/dev/null 2>&1 || { echo "The .NET 10 SDK is required (dotnet on PATH)." >&2; return 1; }
  local missing
  missing=$(hp_missing_prerequisites)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # The packages' own services are not used (and may not start in a container): the AppHost runs its own.
    $HP_APT_LINE -qq >/dev/null
    missing=$(hp_missing_prerequisites)
    [ -z "$missing" ] && return 0
  fi
  echo "Missing: $missing. Install them as root with:" >&2
  echo "  $HP_APT_LINE" >&2
  return 1
}
