# shellcheck shell=bash disable=SC2034
# Shared helpers for the deploy/local scripts. Sourced, not run.
# Every setting is an environment variable with a default; README.md lists them.

: "${SHOP_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${SHOP_LOCAL_DIR:=$SHOP_ROOT/.local}"
: "${SHOP_PG_PORT:=55432}"
: "${SHOP_KAFKA_BROKERS:=1}"
: "${SHOP_KAFKA_PORT:=9092}"
# Node i of SHOP_KAFKA_BROKERS listens on SHOP_KAFKA_PORT + i - 1 and its controller on
# SHOP_KAFKA_CONTROLLER_PORT + i - 1: by default right after the client ports (9093 for one node).
# (A SHOP_KAFKA_BROKERS that is no number is refused by kafka-ctl.)
if [[ $SHOP_KAFKA_BROKERS =~ ^[1-9][0-9]*$ ]]; then
  : "${SHOP_KAFKA_CONTROLLER_PORT:=$((SHOP_KAFKA_PORT + SHOP_KAFKA_BROKERS))}"
fi
: "${SHOP_GATEWAY_PORT:=8080}"
: "${SHOP_AUTH_PORT:=8081}"
: "${SHOP_CATEGORY_PORT:=8082}"
: "${SHOP_PRODUCT_PORT:=8083}"
: "${SHOP_CART_PORT:=8084}"
: "${SHOP_ORDER_PORT:=8085}"
: "${SHOP_PAYMENT_PORT:=8087}"
: "${SHOP_PAYMENT_SIM_PORT:=8088}"
: "${SHOP_NOTIFICATION_PORT:=8090}"
: "${SHOP_SMTP_PORT:=8025}"
# Redis for the gateways' shared rate limits, started only with SHOP_REDIS=1 (not 6379: Debian's
# redis-server package may run a system instance there).
: "${SHOP_REDIS_PORT:=6380}"
: "${SHOP_DELIVERY_PORT:=8089}"
# Per node: three nodes share the machine with the rest of the system.
if [[ $SHOP_KAFKA_BROKERS == 1 ]]; then : "${SHOP_KAFKA_HEAP:=512m}"; else : "${SHOP_KAFKA_HEAP:=384m}"; fi

PG_BIN=/usr/lib/postgresql/15/bin
# One database <svc>_db and role <svc>_svc each; payment_sim is payment-provider-sim's ledger.
SHOP_SERVICES=(auth category product cart order payment payment_sim delivery notification)
# Services that write no events: no outbox in their database, so the relay does not read it.
SHOP_SERVICES_WITHOUT_OUTBOX=(payment_sim notification)

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "error: $*"; exit 1; }

sudo_if_needed() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

kafka_version() {
  sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$SHOP_ROOT/deploy/local/kafka/pom.xml"
}

# wait_until DEADLINE_SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds or the deadline passes.
wait_until() {
  local deadline=$(($(date +%s) + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    if (($(date +%s) >= deadline)); then
      log "timed out waiting for $what"
      return 1
    fi
    sleep 0.2
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# port_held_by PID PORT: a socket listening on PORT belongs to process PID. A port that accepts
# connections may be another process's: two starts that picked the same free port at once.
port_held_by() {
  local pid=$1 hex inode
  hex=$(printf ':%04X' "$2")
  for inode in $(awk -v p="$hex" '$2 ~ p"$" && $4 == "0A" { print $10 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null); do
    if find "/proc/$pid/fd" -lname "socket:\[$inode\]" 2>/dev/null | grep -q .; then return 0; fi
  done
  return 1
}

# pid_alive PIDFILE: true when the file names a running process.
pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pidfile PIDFILE NAME: SIGTERM, wait up to 30 s, then SIGKILL.
stop_pidfile() {
  local pidfile=$1 name=$2 pid
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop in 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
