# Sourced by the benchmark scripts: free ports, timing, and starting/stopping the suite on a fresh state folder.
# A free port below the kernel's range for outgoing connections (32768 and up): a port handed out by the system as free
# could be taken by one of the suite's own outgoing connections before the process meant to listen on it binds.
free_port() { python3 -c '
import random, socket
while True:
    port = random.randrange(20000, 32000)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port)); print(port); break
    except OSError:
        pass
    finally:
        s.close()'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
wait_for() { # url timeout-seconds
  local deadline=$(( $(date +%s) + $2 ))
  until curl -fsS -m 2 "$1" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

suite_pid=""
stop_suite() {
  [ -n "$suite_pid" ] || return 0
  kill -TERM "$suite_pid" 2>/dev/null || true
  wait "$suite_pid" 2>/dev/null || true
  suite_pid=""
}

# Rate limits stay on (every call through the gateway is counted in Redis), with an allowance per client and route no
# benchmark reaches: a benchmark's few clients make many thousands of calls a second.
# RATE_LIMITS=off: not counted at all (to measure what counting costs).
bench_rate_limit="RateLimits:PermitsPerWindow=${BENCH_RATE_LIMIT:-2000000000}"
[ "${RATE_LIMITS:-on}" = off ] && bench_rate_limit="RateLimits:Enabled=false"

start_suite() { # state-dir rest-port [grpc-port]; OTLP_ENDPOINT set: the services' telemetry goes there, not to the dashboard;
  # BACKEND_NICE, BACKGROUND_NICE set: the priorities of the request path and of background work (ProcessPriority)
  local state="$1" rest="$2" grpc="${3:-$(free_port)}" dash otlp=()
  dash=$(free_port)
  suite_rabbit_port=$(free_port) # for benchmarks that talk to RabbitMQ directly (amqp://guest:guest@127.0.0.1:port/)
  suite_pg_port=$(free_port) # and to PostgreSQL (user postgres, password in $state/postgres/password)
  suite_registry_port=$(free_port) # the Registry's own listener, for benchmarks that call it directly
  mkdir -p "$state"
  [ -n "${OTLP_ENDPOINT:-}" ] && otlp=("Huangpu:OtlpEndpoint=$OTLP_ENDPOINT")
  (cd aspire/Huangpu.AppHost && exec env ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development \
      ASPNETCORE_URLS="http://127.0.0.1:$dash" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$(free_port)" \
      ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="http://127.0.0.1:$(free_port)" ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
      dotnet bin/Release/net10.0/Huangpu.AppHost.dll \
      "Huangpu:StateDirectory=$state" "Huangpu:Ports:Postgres=$suite_pg_port" "Huangpu:Ports:RabbitMq=$suite_rabbit_port" \
      "Huangpu:Ports:RabbitMqDistribution=$(free_port)" "Huangpu:Ports:Epmd=$(free_port)" "Huangpu:Ports:Redis=$(free_port)" "Huangpu:Ports:registry=$suite_registry_port" \
      "Huangpu:TraceSampleRatio=${TRACE_SAMPLE_RATIO:-1}" "HP_GATEWAY_PORT=$rest" "HP_GATEWAY_GRPC_PORT=$grpc" "$bench_rate_limit" ${BACKEND_NICE:+"Huangpu:BackendNice=$BACKEND_NICE"} ${BACKGROUND_NICE:+"Huangpu:BackgroundNice=$BACKGROUND_NICE"} "${otlp[@]}") >"$state.log" 2>&1 &
  suite_pid=$!
}


# The common start of a benchmark script: prerequisites, a Release build, a work folder ($work) removed on exit
# together with the suite.
bench_prepare() {
  . scripts/prerequisites.sh
  hp_ensure_prerequisites
  work=$(mktemp -d /tmp/huangpu-bench-XXXXXX)
  chmod 755 "$work"
  dotnet build HuangpuPlatform.sln -c Release -m:2 -v q -nologo >/dev/null
}

# Every benchmark ends the same way, however it ends: the suite stopped, its helpers (started_helper) killed and
# the work folder removed. A script says `trap bench_cleanup EXIT` once.
helper_pids=()
started_helper() { helper_pids+=("$1"); }
bench_cleanup() {
  # Each step whatever the one before did: under `set -e` a failing command would end the trap early, and a helper
  # that has already gone (the PostgreSQL watch ends with PostgreSQL) makes its kill fail.
  stop_suite || true
  local pid
  for pid in "${helper_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${work:-}" ]; then rm -rf "$work" 2>/dev/null || true; fi
  remove_cpu_groups || true
  restore_housekeeping || true
  return 0
}

# PLACEMENT=split: the gateway on CPU 0 and everything behind it on CPU 1, as a deployment gives the gateway nodes of
# its own (docs/deployment.md); the load generator and the telemetry collector, which stand for other machines, run on
# CPU 0 beside the gateway. Every thread of a process is moved (taskset -a), and a process started later (a
# PostgreSQL backend) inherits its parent's CPU. PLACEMENT=shared (the default): every process on both CPUs.
# With split placement each process behind the gateway also gets a CPU group of its own whose weight is its CPU
# request in the Kubernetes manifests (deploy/; 1024 shares per core, as the kubelet sets them), so that when the
# backends' core is full it is divided by process as on a node, not thread by thread as `nice` divides it (a process
# with many runnable threads would otherwise take more than its tier). PostgreSQL, outside the manifests (the
# district's managed database), weighs a whole core; the treasury simulator, standing for the treasury, as little as
# Compliance. CPU_GROUPS=off leaves the weights out.
front_cpu=0
back_cpu=1
cpu_groups_root=/sys/fs/cgroup/cpu/huangpu-bench-$$
# A container's CPU request in millicores, as production deploys it (the production overlay over the base manifest).
manifest_cpu() {
  local manifest=deploy/base/$1.yaml
  [ -f "deploy/overlays/production/$1-resources.yaml" ] && manifest="deploy/overlays/production/$1-resources.yaml"
  grep -m1 -oP 'requests: \{ cpu: \K[0-9]+(?=m)' "$manifest"
}
cpu_group() { # name millicores pid...
  local dir="$cpu_groups_root/$1" shares=$(( $2 * 1024 / 1000 )) pid
  shift 2
  mkdir -p "$dir" && echo "$shares" >"$dir/cpu.shares" || return 0
  for pid in "$@"; do echo "$pid" >"$dir/cgroup.procs" 2>/dev/null || true; done # cgroup v1: every thread moves
}
place_suite() {
  [ "${PLACEMENT:-shared}" = split ] || return 0
  local pid
  for pid in $(pgrep -f 'Huangpu\.Gateway\.dll') ${sink_pid:-}; do taskset -a -p -c "$front_cpu" "$pid" >/dev/null; done
  for pid in $(pgrep -f 'Huangpu\.(Registry|Applications|ExpertReview|Payments|Compliance|TreasurySimulator)\.dll') \
             $(pgrep -x postgres) $(pgrep -f 'beam\.smp') $(pgrep -x redis-server) $(pgrep -x epmd); do
    taskset -a -p -c "$back_cpu" "$pid" >/dev/null 2>&1 || true # a process that has just ended
  done
  # The orchestration stands for nothing a deployment runs on a gateway node: the AppHost, DCP with its process
  # monitors, and the container CLI that DCP starts every few seconds even with no container to run (a child inherits
  # DCP's CPU). Left free they took 3.5 % of the gateway's core in bursts of up to 41 ms. The benchmark's own shell
  # and the samplers it starts (psql, ps) go with them: the generator and the collector are put on the gateway's core
  # by name.
  for pid in ${suite_pid:-} $(pgrep -x dcp) $$; do taskset -a -p -c "$back_cpu" "$pid" >/dev/null 2>&1 || true; done
  # The kernel's page-out of cold memory (DAMON's kdamond) runs in kernel code that this kernel's preemption model
  # ("none") never interrupts: up to 24 ms at a time on the gateway's core, whatever the CPU weights. A node keeps such
  # housekeeping on CPUs reserved for it (docs/deployment.md); this machine has none to spare, so it goes to the back
  # core and waits there for idle moments (SCHED_IDLE) rather than take the services' time. Both until the end. The
  # machine's agent stays where the scheduler puts it.
  local thread
  for thread in $(pgrep '^kdamond'); do
    moved_housekeeping+=("$thread $(taskset -p -c "$thread" | sed 's/.*: //')")
    taskset -p -c "$back_cpu" "$thread" >/dev/null 2>&1 || true
    [ "${HOUSEKEEPING_IDLE:-1}" = 1 ] && chrt -i -p 0 "$thread" >/dev/null 2>&1 || true
  done
  echo "placement: gateway, generator and collector on CPU $front_cpu; services, PostgreSQL, RabbitMQ, Redis, the orchestration and the kernel's page-out on CPU $back_cpu"
  if [ "${CPU_GROUPS:-on}" = on ] && [ -w /sys/fs/cgroup/cpu ]; then
    local compliance
    compliance=$(manifest_cpu compliance)
    cpu_group applications "$(manifest_cpu applications)" $(pgrep -f 'Huangpu\.Applications\.dll')
    cpu_group registry "$(manifest_cpu registry)" $(pgrep -f 'Huangpu\.Registry\.dll')
    cpu_group payments "$(manifest_cpu payments)" $(pgrep -f 'Huangpu\.Payments\.dll')
    cpu_group expertreview "$(manifest_cpu expertreview)" $(pgrep -f 'Huangpu\.ExpertReview\.dll')
    cpu_group compliance "$compliance" $(pgrep -f 'Huangpu\.Compliance\.dll')
    cpu_group treasury-simulator "$compliance" $(pgrep -f 'Huangpu\.TreasurySimulator\.dll')
    cpu_group rabbitmq "$(manifest_cpu rabbitmq)" $(pgrep -f 'beam\.smp') $(pgrep -x epmd)
    cpu_group redis "$(manifest_cpu redis)" $(pgrep -x redis-server)
    cpu_group postgresql 1000 $(pgrep -x postgres)
    local groups
    groups=$(for g in "$cpu_groups_root"/*/; do printf '%s %d, ' "$(basename "$g")" $(( ($(cat "$g/cpu.shares") * 1000 + 512) / 1024 )); done)
    echo "CPU groups behind the gateway, by the manifests' requests (millicores): ${groups%, }"
  fi
  # BACKGROUND_IDLE=1 (an experiment, not the AppHost's setting): the background tier (Compliance, the treasury
  # simulator) under SCHED_IDLE, the least weight the scheduler gives a thread (not none: it still runs on a full core).
  if [ "${BACKGROUND_IDLE:-0}" = 1 ]; then
    for pid in $(pgrep -f 'Huangpu\.(Compliance|TreasurySimulator)\.dll'); do chrt -a -i -p 0 "$pid" >/dev/null; done
    echo "background tier under SCHED_IDLE"
  fi
}
# The housekeeping place_suite moved ("thread cpus" each) goes back to the CPUs it had, under the normal policy.
moved_housekeeping=()
restore_housekeeping() {
  local entry
  for entry in "${moved_housekeeping[@]}"; do
    taskset -p -c "${entry#* }" "${entry%% *}" >/dev/null 2>&1 || true
    chrt -o -p 0 "${entry%% *}" >/dev/null 2>&1 || true
  done
  moved_housekeeping=()
}
# The CPU groups go once their processes have ended, which the orchestrator sees to after the AppHost has gone: a
# helper left behind removes them within two minutes.
remove_cpu_groups() {
  [ -d "$cpu_groups_root" ] || return 0
  (
    echo "$BASHPID" >/sys/fs/cgroup/cpu/cgroup.procs # never inside a group it is removing
    for _ in $(seq 120); do
      for dir in "$cpu_groups_root"/*/; do rmdir "$dir" 2>/dev/null || true; done
      rmdir "$cpu_groups_root" 2>/dev/null && exit 0
      sleep 1
    done
  ) </dev/null >/dev/null 2>&1 &
  disown
  return 0
}

# Both stand-ins for other machines (the generator and the collector) compile their code fully optimised when first
# called (no tiered recompilation): beside the gateway, the collector's recompiling once took 66 ms of the gateway's
# core in the middle of a 4 × phase, and refusals waited behind it.
stand_in_env() { [ "${PLACEMENT:-shared}" = split ] && echo "env DOTNET_TieredCompilation=0" || true; }

# The command prefix that puts a load generator where PLACEMENT says. Pinned to one CPU, .NET would size its thread
# pool and GC for one core and send late while its pool grows; the generator stands for many callers, so it is sized
# for the machine's two.
generator_placement() { [ "${PLACEMENT:-shared}" = split ] && echo "$(stand_in_env) DOTNET_PROCESSOR_COUNT=2 taskset -c $front_cpu" || true; }

# A collector that keeps nothing, for the services' telemetry (as a deployment exports to one on other machines):
# sets sink_pid and OTLP_ENDPOINT.
start_otlp_sink() {
  local port
  port=$(free_port)
  $(stand_in_env) dotnet bench/Huangpu.Bench/bin/Release/net10.0/Huangpu.Bench.dll otlp-sink "$port" >"$work/sink.log" 2>&1 &
  sink_pid=$!
  started_helper "$sink_pid"
  export OTLP_ENDPOINT="http://127.0.0.1:$port"
}

# The password of the suite's PostgreSQL (user postgres), once start_ready_suite has started it.
suite_pg_password() { cat "$work/state/postgres/password"; }

# The suite on free ports with 1% of traces kept (TRACE_SAMPLE_RATIO), ready: sets rest and grpc (the gateway's ports).
start_ready_suite() {
  rest=$(free_port)
  grpc=$(free_port)
  TRACE_SAMPLE_RATIO=${TRACE_SAMPLE_RATIO:-0.01} start_suite "$work/state" "$rest" "$grpc"
  wait_for "http://127.0.0.1:$rest/health/ready" 300
}
