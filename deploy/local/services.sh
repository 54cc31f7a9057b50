# shellcheck shell=bash disable=SC2034
# The table of local components that deploy/local/up, down and status share. Sourced, not run.
# Needs lib.sh and deploy/local/postgres (for pg_service_url) sourced first.

: "${SHOP_OUTBOX_RELAY_PORT:=8086}"
: "${SHOP_LOG_LEVEL:=info}"
: "${SHOP_HEALTH_TIMEOUT:=30}"
SHOP_ADMIN_ENV_FILE="$SHOP_LOCAL_DIR/admin.env"
SHOP_JWT_KEYS_DIR_DEFAULT="$SHOP_LOCAL_DIR/auth/keys"
SHOP_BIN_DIR="$SHOP_LOCAL_DIR/bin"
SHOP_RUN_DIR="$SHOP_LOCAL_DIR/run"
SHOP_LOG_DIR="$SHOP_LOCAL_DIR/logs"

# name  binary  port-variable  database (service whose db it owns, or -)
# Start order: owners of data first, the gateway and the relay last; down stops in reverse.
SHOP_COMPONENTS=(
  "auth         auth-service      SHOP_AUTH_PORT          auth"
  "category     category-service  SHOP_CATEGORY_PORT      category"
  "product      product-service   SHOP_PRODUCT_PORT       product"
  "cart         cart-service      SHOP_CART_PORT          cart"
  "order        order-service     SHOP_ORDER_PORT         order"
  "payment-sim  payment-provider-sim SHOP_PAYMENT_SIM_PORT payment_sim"
  "payment      payment-service   SHOP_PAYMENT_PORT       payment"
  "notification notification-service SHOP_NOTIFICATION_PORT notification"
  "delivery     delivery-service  SHOP_DELIVERY_PORT      delivery"
  "gateway      gateway           SHOP_GATEWAY_PORT       -"
  "outbox-relay outbox-relay      SHOP_OUTBOX_RELAY_PORT  -"
)

# ensure_admin_credentials: the first admin's login. SHOP_ADMIN_EMAIL / SHOP_ADMIN_PASSWORD when
# set; else those stored in .local/admin.env; else a generated password, stored there (0600).
# Sets SHOP_ADMIN_GENERATED=1 when it generated one now.
ensure_admin_credentials() {
  SHOP_ADMIN_GENERATED=0
  if [[ -z ${SHOP_ADMIN_PASSWORD:-} && -f $SHOP_ADMIN_ENV_FILE ]]; then
    # shellcheck disable=SC1090 # written by this function
    source "$SHOP_ADMIN_ENV_FILE"
  fi
  : "${SHOP_ADMIN_EMAIL:=admin@shop.local}"
  if [[ -z ${SHOP_ADMIN_PASSWORD:-} ]]; then
    SHOP_ADMIN_PASSWORD=$(openssl rand -base64 24 | tr -d '/+=' | cut -c1-24)
    SHOP_ADMIN_GENERATED=1
    (
      umask 077
      printf 'SHOP_ADMIN_EMAIL=%q\nSHOP_ADMIN_PASSWORD=%q\n' "$SHOP_ADMIN_EMAIL" "$SHOP_ADMIN_PASSWORD" \
        >"$SHOP_ADMIN_ENV_FILE"
    )
  fi
}

# ensure_jwt_key: auth-service's signing keys live in SHOP_JWT_KEYS_DIR (default .local/auth/keys);
# a P-256 key named by today's date is generated when there is none (rotation:
# docs/runbooks/jwt-key-rotation.md).
ensure_jwt_key() {
  : "${SHOP_JWT_KEYS_DIR:=$SHOP_JWT_KEYS_DIR_DEFAULT}"
  mkdir -p "$SHOP_JWT_KEYS_DIR"
  chmod 0700 "$SHOP_JWT_KEYS_DIR"
  if ! compgen -G "$SHOP_JWT_KEYS_DIR/*.pem" >/dev/null; then
    local key
    key="$SHOP_JWT_KEYS_DIR/$(date -u +%Y-%m-%d).pem"
    (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key" 2>/dev/null)
    log "generated the JWT signing key $key"
  fi
}

svc_pidfile() { printf '%s/%s.pid' "$SHOP_RUN_DIR" "$1"; }
svc_logfile() { printf '%s/%s.log' "$SHOP_LOG_DIR" "$1"; }

# proc_running NAME PATTERN: the pidfile of NAME names a live process whose command line (one
# argument a line) matches the grep PATTERN: not a recycled pid.
proc_running() {
  local pidfile
  pidfile=$(svc_pidfile "$1")
  pid_alive "$pidfile" || return 1
  tr '\0' '\n' <"/proc/$(cat "$pidfile")/cmdline" 2>/dev/null | grep -q -- "$2"
}

# svc_running INSTANCE BINARY: the instance (product, product-2, ...) runs BINARY.
svc_running() { proc_running "$1" "/$2\$"; }

svc_healthy() { curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$1/health"; }

# Several instances per component (docs/decisions/0041): SHOP_<NAME>_REPLICAS=N (default 1; NAME
# upper-cased, '-' as '_': SHOP_PRODUCT_REPLICAS, SHOP_GATEWAY_REPLICAS). Instance 1 is the
# component itself (product, on SHOP_PRODUCT_PORT, run/product.pid, logs/product.log); instance i
# >= 2 is product-<i> on SHOP_PRODUCT_PORT + 100*(i-1) (8183, 8283, ...), with its own pid file
# and log. The base ports are contiguous (8080-8090), so +1 steps would land on the next service.
SHOP_REPLICA_PORT_STEP=100
# One instance only: several relays over one outbox need the relay's own scheme (issue 15), and
# the provider simulator keeps its ledger in one process's answers.
SHOP_SINGLE_INSTANCE=(outbox-relay payment-sim)

svc_replicas_var() { printf 'SHOP_%s_REPLICAS' "$(tr '[:lower:]-' '[:upper:]_' <<<"$1")"; }
svc_replicas() {
  local var
  var=$(svc_replicas_var "$1")
  printf '%s' "${!var:-1}"
}

# svc_instances NAME PORT_VAR: one line "INSTANCE PORT" per instance of the component.
svc_instances() {
  local name=$1 base=${!2} n i
  n=$(svc_replicas "$name")
  for ((i = 1; i <= n; i++)); do
    if ((i == 1)); then
      echo "$name $base"
    else
      echo "$name-$i $((base + SHOP_REPLICA_PORT_STEP * (i - 1)))"
    fi
  done
}

# svc_urls NAME: the comma-separated base URLs of every instance of a component, what its callers
# get as SHOP_<NAME>_URL (the gateway and the owner clients balance over the list).
svc_urls() {
  local name=$1 row n bin port_var instance port urls=()
  for row in "${SHOP_COMPONENTS[@]}"; do
    read -r n bin port_var _ <<<"$row"
    [[ $n == "$name" ]] || continue
    while read -r instance port; do urls+=("http://127.0.0.1:$port"); done < <(svc_instances "$n" "$port_var")
  done
  ((${#urls[@]})) || return 1
  (IFS=,; echo "${urls[*]}")
}

# svc_check_layout: refuses (return 1, saying why) a SHOP_<NAME>_REPLICAS that is no number >= 1,
# more than one instance of a SHOP_SINGLE_INSTANCE component, and any port that two instances, or
# an instance and Postgres, Kafka, the mail sink, Redis or Prometheus, would share.
svc_check_layout() {
  local row name bin port_var n var instance port i
  local -A owner=()
  owner[$SHOP_PG_PORT]=postgres
  owner[$SHOP_SMTP_PORT]=mail-sink
  owner[$SHOP_REDIS_PORT]=redis
  owner[${SHOP_PROMETHEUS_PORT:-9090}]=prometheus
  for ((i = 0; i < SHOP_KAFKA_BROKERS; i++)); do
    owner[$((SHOP_KAFKA_PORT + i))]="kafka node $((i + 1))"
    owner[$((SHOP_KAFKA_CONTROLLER_PORT + i))]="kafka controller $((i + 1))"
  done
  for row in "${SHOP_COMPONENTS[@]}"; do
    read -r name bin port_var _ <<<"$row"
    var=$(svc_replicas_var "$name")
    n=$(svc_replicas "$name")
    if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
      log "$var=$n: want a number of instances, 1 or more"
      return 1
    fi
    if ((n > 1)) && [[ " ${SHOP_SINGLE_INSTANCE[*]} " == *" $name "* ]]; then
      log "$var=$n: $name runs as one instance only (docs/decisions/0041)"
      return 1
    fi
    while read -r instance port; do
      if ((port > 65535)); then
        log "$instance: port $port is out of range ($var=$n from ${!port_var})"
        return 1
      fi
      if [[ -n ${owner[$port]:-} ]]; then
        log "$instance and ${owner[$port]} would both listen on port $port (move a SHOP_*_PORT or lower a SHOP_*_REPLICAS)"
        return 1
      fi
      owner[$port]=$instance
    done < <(svc_instances "$name" "$port_var")
  done
}

# svc_env NAME DB INSTANCE PORT: the environment of one instance of a component, as NAME=VALUE
# lines.
svc_env() {
  local name=$1 db=$2 instance=$3 port=$4 s upper
  echo "SHOP_HTTP_PORT=$port"
  echo "SHOP_KAFKA_BOOTSTRAP=$(kafka_bootstrap)" # every node of SHOP_KAFKA_BROKERS (kafka-ctl)
  echo "SHOP_LOG_LEVEL=$SHOP_LOG_LEVEL"
  echo "SHOP_SERVICE_NAME=$name"
  # Static consumer-group membership: a service restarted after a crash takes its partitions back
  # at once instead of waiting for the dead member's session to expire (docs/decisions/0023).
  # One id per instance (two live members with one id fence each other); the group id is the
  # service's, so its instances share the partitions (docs/decisions/0041).
  echo "SHOP_KAFKA_INSTANCE_ID=$instance-local"
  if [[ $db != - ]]; then echo "SHOP_DATABASE_URL=$(pg_service_url "$db")"; fi
  # Where the others listen (gateway upstreams, HTTP calls between services): every instance.
  for s in "${SHOP_SERVICES[@]}"; do
    upper=$(tr '[:lower:]' '[:upper:]' <<<"$s")
    echo "SHOP_${upper}_URL=$(svc_urls "${s//_/-}")"
  done
  case $name in
    outbox-relay)
      # The relay reads the outbox of every installed service, each with that service's own role
      # (a service not built yet has no outbox table). The list is comma-separated.
      local urls=()
      for s in "${SHOP_SERVICES[@]}"; do
        if [[ " ${SHOP_SERVICES_WITHOUT_OUTBOX[*]} " == *" $s "* ]]; then continue; fi
        if [[ -x "$SHOP_BIN_DIR/$s-service" ]]; then urls+=("$(pg_service_url "$s")"); fi
      done
      echo "SHOP_RELAY_DATABASE_URLS=$(IFS=,; echo "${urls[*]}")"
      ;;
    payment)
      echo "SHOP_PAYMENT_PROVIDER_URL=http://127.0.0.1:$SHOP_PAYMENT_SIM_PORT"
      ;;
    notification)
      # The local mail sink (mail_sink_start); account e-mail links point at the gateway.
      echo "SHOP_SMTP_URL=smtp://127.0.0.1:$SHOP_SMTP_PORT"
      echo "SHOP_MAIL_FROM=${SHOP_MAIL_FROM:-shop@shop.local}"
      echo "SHOP_PUBLIC_URL=${SHOP_PUBLIC_URL:-http://127.0.0.1:$SHOP_GATEWAY_PORT}"
      ;;
    payment-sim)
      # Its tok_timeout answers hold a worker for SHOP_SIM_TIMEOUT_DELAY: room for several.
      echo "SHOP_HTTP_WORKERS=16"
      ;;
    gateway)
      # Rate limits shared through Redis (docs/decisions/0038): SHOP_GATEWAY_REDIS_URL as given,
      # else the local Redis when SHOP_REDIS=1 started it; unset, each gateway limits on its own.
      if [[ -n ${SHOP_GATEWAY_REDIS_URL:-} ]]; then
        echo "SHOP_GATEWAY_REDIS_URL=$SHOP_GATEWAY_REDIS_URL"
      elif [[ ${SHOP_REDIS:-0} == 1 ]]; then
        echo "SHOP_GATEWAY_REDIS_URL=redis://127.0.0.1:$SHOP_REDIS_PORT"
      fi
      ;;
    auth)
      echo "SHOP_ADMIN_EMAIL=$SHOP_ADMIN_EMAIL"
      echo "SHOP_ADMIN_PASSWORD=$SHOP_ADMIN_PASSWORD"
      echo "SHOP_JWT_KEYS_DIR=$SHOP_JWT_KEYS_DIR"
      ;;
  esac
}

# Auxiliary processes (the mail sink, Redis): one process on one port, pid file run/NAME.pid, log
# logs/NAME.log. aux_running NAME PATTERN: as proc_running.
aux_running() { proc_running "$1" "$2"; }

# aux_start NAME PORT PORT_VAR PATTERN WHAT COMMAND...: starts COMMAND (setsid, its output to the
# log) unless NAME runs; refuses a port another process holds; waits until COMMAND listens on PORT.
aux_start() {
  local name=$1 port=$2 port_var=$3 pattern=$4 what=$5 logfile pid pidfile
  shift 5
  pidfile=$(svc_pidfile "$name")
  if aux_running "$name" "$pattern"; then
    log "$name already running (pid $(cat "$pidfile"), :$port)"
    return 0
  fi
  if port_open "$port"; then
    log "$name: port $port is taken by another process; not started (set $port_var)"
    return 1
  fi
  logfile=$(svc_logfile "$name")
  log "starting $name on 127.0.0.1:$port ($what; log $logfile)"
  setsid "$@" </dev/null >>"$logfile" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"
  if ! wait_until 15 "$name on :$port" port_held_by "$pid" "$port"; then
    tail -n 20 "$logfile" >&2 || true
    return 1
  fi
}

# aux_stop NAME PATTERN: SIGTERM (then SIGKILL after 30 s) when it runs; the pid file goes.
aux_stop() {
  local pidfile
  pidfile=$(svc_pidfile "$1")
  if aux_running "$1" "$2"; then
    log "stopping $1 (pid $(cat "$pidfile"))"
    stop_pidfile "$pidfile" "$1"
  else
    rm -f "$pidfile"
  fi
}

# The local mail sink (deploy/local/mail-sink): every e-mail notification-service sends lands in
# the Maildir $SHOP_MAIL_DIR (default .local/mail; read new/). Started by up before the services,
# stopped by down after them.
SHOP_MAIL_DIR="${SHOP_MAIL_DIR:-$SHOP_LOCAL_DIR/mail}"
MAIL_SINK_PATTERN='/mail-sink$'
mail_sink_pidfile() { svc_pidfile mail-sink; }
mail_sink_running() { aux_running mail-sink "$MAIL_SINK_PATTERN"; }
mail_sink_start() {
  aux_start mail-sink "$SHOP_SMTP_PORT" SHOP_SMTP_PORT "$MAIL_SINK_PATTERN" "Maildir $SHOP_MAIL_DIR" \
    env SHOP_SMTP_PORT="$SHOP_SMTP_PORT" "$SHOP_ROOT/deploy/local/mail-sink" "$SHOP_MAIL_DIR"
}
mail_sink_stop() { aux_stop mail-sink "$MAIL_SINK_PATTERN"; }

# The local Redis (SHOP_REDIS=1 deploy/local/up): the gateways' shared rate limits, on
# 127.0.0.1:$SHOP_REDIS_PORT, nothing persisted (limits are minutes of state). Started by up before
# the services, stopped by down after them (whatever SHOP_REDIS says then).
REDIS_PATTERN='^/usr/bin/redis-server'
redis_pidfile() { svc_pidfile redis; }
redis_running() { aux_running redis "$REDIS_PATTERN"; }
redis_start() {
  aux_start redis "$SHOP_REDIS_PORT" SHOP_REDIS_PORT "$REDIS_PATTERN" "nothing persisted" \
    /usr/bin/redis-server --port "$SHOP_REDIS_PORT" --bind 127.0.0.1 --save "" \
    --appendonly no --dir "$SHOP_RUN_DIR" --daemonize no
}
redis_stop() { aux_stop redis "$REDIS_PATTERN"; }
