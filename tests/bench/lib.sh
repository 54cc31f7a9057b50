# shellcheck shell=bash
# What the benchmark scripts (tests/bench/*/run) share: a private Postgres and Kafka on free ports
# in a temp dir, started while the `release` preset builds, an outbox relay in the background, and
# the cleanup that stops all of it on any exit. Sourced, not run. The script sets bench_name first.
# Environment: SHOP_KAFKA_LIBS, SHOP_BENCH_KEEP_TMP=1 (keep the temp dir and its logs),
# SHOP_BENCH_PRESET (release; e.g. dev to measure the debug build, which the figures must say),
# SHOP_BENCH_RELAY_BIN (another outbox-relay binary, e.g. an older commit's, to compare).

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
kafka_libs=${SHOP_KAFKA_LIBS:-$root/.local/kafka/libs}
preset=${SHOP_BENCH_PRESET:-release}
build_dir=$root/build/$preset
relay_bin=${SHOP_BENCH_RELAY_BIN:-$build_dir/outbox-relay/outbox-relay} # another relay to compare

say() { printf '[bench/%s] %s\n' "$bench_name" "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}

# calc EXPRESSION [FORMAT]: an awk arithmetic expression, printed with FORMAT (default %.2f).
calc() { awk "BEGIN { printf \"${2:-%.2f}\", $1 }"; }
# holds CONDITION: an awk comparison of decimals, as an exit status.
holds() { awk "BEGIN { exit !($1) }"; }

# running PID: the process exists and is not a zombie waiting to be reaped.
running() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $state != Z* ]]
}

# free_ports N: N free loopback ports on one line.
free_ports() {
  python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks: s.close()' "$1"
}

if ! compgen -G "$kafka_libs/kafka_2.13-*.jar" >/dev/null ||
  ! command -v java >/dev/null || ! command -v cmake >/dev/null || ! command -v ninja >/dev/null ||
  [[ ! -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
  say "dependencies missing: running deploy/local/install-deps"
  SHOP_KAFKA_LIBS=$kafka_libs "$root/deploy/local/install-deps"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/shop-bench.XXXXXX")
chmod 0755 "$tmp" # the postgres user must reach its data dir inside
infra_pid=
relay_pid=
read -r pg_port kafka_port controller_port < <(free_ports 3)
bootstrap=127.0.0.1:$kafka_port
pg_uri=postgresql://postgres@127.0.0.1:$pg_port

# infra start TOPICS_FILE | infra stop: the private Postgres and Kafka of this run (Postgres alone
# when TOPICS_FILE is "").
infra() {
  local -a env_vars=(SHOP_LOCAL_DIR="$tmp" SHOP_PG_PORT="$pg_port" SHOP_KAFKA_PORT="$kafka_port"
    SHOP_KAFKA_CONTROLLER_PORT="$controller_port" SHOP_KAFKA_LIBS="$kafka_libs")
  if [[ $1 == start ]]; then
    env "${env_vars[@]}" "$root/deploy/local/postgres" start || return 1
    [[ -n $2 ]] || return 0
    env "${env_vars[@]}" "$root/deploy/local/kafka-ctl" start &&
      env "${env_vars[@]}" "$root/deploy/local/kafka-ctl" create-topics "$2"
  else
    local rc=0
    setsid -w env "${env_vars[@]}" "$root/deploy/local/kafka-ctl" stop || rc=1
    setsid -w env "${env_vars[@]}" "$root/deploy/local/postgres" stop || rc=1
    return "$rc"
  fi
}

# stop_process PID NAME: SIGTERM (a service drains, the relay finishes its round), wait up to 30 s,
# then SIGKILL.
stop_process() {
  kill -TERM "$1" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while running "$1"; do
    if ((SECONDS >= deadline)); then
      say "$2 did not stop in 30 s; killing it"
      kill -KILL "$1" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  wait "$1" 2>/dev/null || true
}

stop_relay() {
  [[ -n $relay_pid ]] || return 0
  stop_process "$relay_pid" "the relay"
  relay_pid=
}

# start_service NAME BINARY PORT [VAR=VALUE...]: a service binary in the background on PORT,
# logging to $tmp/NAME.log (at SHOP_BENCH_LOG_LEVEL, default info); waits up to 30 s for its
# /health. Its pid is then in service_pid; the cleanup stops it if it still runs.
service_pids=()
start_service() {
  local name=$1 bin=$2 port=$3
  shift 3
  env SHOP_HTTP_PORT="$port" SHOP_LOG_LEVEL="${SHOP_BENCH_LOG_LEVEL:-info}" "$@" "$bin" \
    </dev/null >"$tmp/$name.log" 2>&1 &
  service_pid=$!
  service_pids+=("$service_pid")
  local deadline=$((SECONDS + 30))
  until curl -fsS -m 1 -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; do
    running "$service_pid" || die "$name exited during start-up (see $tmp/$name.log)"
    ((SECONDS < deadline)) || die "$name did not answer /health within 30 s"
    sleep 0.1
  done
  say "$name on :$port (pid $service_pid)"
}

# shellcheck disable=SC2317 # called by the EXIT trap
bench_cleanup() {
  local rc=$?
  trap '' INT TERM
  trap - EXIT
  if declare -F bench_stop_extra >/dev/null; then bench_stop_extra; fi
  local pid
  for pid in "${service_pids[@]}"; do stop_process "$pid" "service pid $pid"; done
  stop_relay
  if [[ -n $infra_pid ]]; then wait "$infra_pid" 2>/dev/null || true; fi
  if ! infra stop >"$tmp/stop.log" 2>&1; then
    say "cleanup: stopping Postgres/Kafka failed:"
    cat "$tmp/stop.log" >&2
  fi
  if [[ ${SHOP_BENCH_KEEP_TMP:-0} == 1 ]]; then
    say "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# pg DATABASE ARGS...: psql as the superuser.
pg() {
  local db=$1
  shift
  psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d "$db" "$@"
}

create_outbox_db() {
  pg postgres -c "CREATE DATABASE $1"
  pg "$1" -f "$root/events/sql/outbox.sql" -f "$root/events/sql/outbox_parking.sql"
}

# start_relay DATABASE HTTP_PORT: the relay in the background on one database, logging to $tmp.
start_relay() {
  SHOP_RELAY_CLEANUP_EVERY=${SHOP_RELAY_CLEANUP_EVERY:-5m} \
    SHOP_RELAY_DATABASE_URLS="$pg_uri/$1" \
    SHOP_KAFKA_BOOTSTRAP="$bootstrap" SHOP_HTTP_PORT="$2" SHOP_LOG_LEVEL=info \
    "$relay_bin" >"$tmp/relay-$1.log" 2>&1 &
  relay_pid=$!
}

kafka_java() {
  mkdir -p "$tmp/tmp"
  java -Djava.awt.headless=true -Djava.io.tmpdir="$tmp/tmp" \
    -Dlog4j.configuration="file:$root/deploy/local/kafka/tools-log4j.properties" \
    -cp "$kafka_libs/*" "$@"
}

# start_infra_and_build TOPICS_FILE [TARGET...]: Postgres and Kafka start (topics from the file;
# Postgres alone when it is "") while the preset builds (only the TARGETs when given); fails with
# the servers' log when they did not start.
start_infra_and_build() {
  say "starting Postgres :$pg_port${1:+ and Kafka :$kafka_port} in $tmp, building meanwhile"
  (
    trap '' INT
    if infra start "$1" >"$tmp/infra.log" 2>&1; then echo 0 >"$tmp/infra.rc"; else echo 1 >"$tmp/infra.rc"; fi
  ) &
  infra_pid=$!
  say "building preset $preset${2:+: ${*:2}}"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" ${2:+--target "${@:2}"} >&2 # stdout is the benchmark's figures
  wait "$infra_pid" || true
  infra_pid=
  if [[ $(cat "$tmp/infra.rc" 2>/dev/null) != 0 ]]; then
    cat "$tmp/infra.log" >&2
    die "could not start Postgres/Kafka (log above)"
  fi
}
