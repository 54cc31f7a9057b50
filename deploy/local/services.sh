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

# svc_running NAME BINARY: the pidfile names a live process running BINARY (not a recycled pid).
svc_running() {
  local pidfile
  pidfile=$(svc_pidfile "$1")
  pid_alive "$pidfile" || return 1
  tr '\0' '\n' <"/proc/$(cat "$pidfile")/cmdline" 2>/dev/null | grep -q "/$2\$"
}

svc_healthy() { curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$1/health"; }

# svc_env NAME DB: the environment of one component, as NAME=VALUE lines.
svc_env() {
  local name=$1 db=$2 port_var=$3 s upper
  echo "SHOP_HTTP_PORT=${!port_var}"
  echo "SHOP_KAFKA_BOOTSTRAP=$(kafka_bootstrap)" # every node of SHOP_KAFKA_BROKERS (kafka-ctl)
  echo "SHOP_LOG_LEVEL=$SHOP_LOG_LEVEL"
  echo "SHOP_SERVICE_NAME=$name"
  # Static consumer-group membership: a service restarted after a crash takes its partitions back
  # at once instead of waiting for the dead member's session to expire (docs/decisions/0023).
  echo "SHOP_KAFKA_INSTANCE_ID=$name-local"
  if [[ $db != - ]]; then echo "SHOP_DATABASE_URL=$(pg_service_url "$db")"; fi
  # Where the others listen (gateway upstreams, HTTP calls between services).
  for s in "${SHOP_SERVICES[@]}"; do
    upper=$(tr '[:lower:]' '[:upper:]' <<<"$s")
    local pv="SHOP_${upper}_PORT"
    echo "SHOP_${upper}_URL=http://127.0.0.1:${!pv}"
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

# The local mail sink (deploy/local/mail-sink): every e-mail notification-service sends lands in
# the Maildir $SHOP_MAIL_DIR (default .local/mail; read new/). Started by up before the services,
# stopped by down after them.
SHOP_MAIL_DIR="${SHOP_MAIL_DIR:-$SHOP_LOCAL_DIR/mail}"
mail_sink_pidfile() { svc_pidfile mail-sink; }

mail_sink_running() {
  local pidfile
  pidfile=$(mail_sink_pidfile)
  pid_alive "$pidfile" || return 1
  tr '\0' '\n' <"/proc/$(cat "$pidfile")/cmdline" 2>/dev/null | grep -q '/mail-sink$'
}

mail_sink_start() {
  if mail_sink_running; then
    log "mail sink already running (pid $(cat "$(mail_sink_pidfile)"), :$SHOP_SMTP_PORT)"
    return 0
  fi
  if port_open "$SHOP_SMTP_PORT"; then
    log "mail sink: port $SHOP_SMTP_PORT is taken by another process; not started (set SHOP_SMTP_PORT)"
    return 1
  fi
  local logfile pid
  logfile=$(svc_logfile mail-sink)
  log "starting the mail sink on 127.0.0.1:$SHOP_SMTP_PORT (Maildir $SHOP_MAIL_DIR, log $logfile)"
  SHOP_SMTP_PORT=$SHOP_SMTP_PORT setsid "$SHOP_ROOT/deploy/local/mail-sink" "$SHOP_MAIL_DIR" \
    </dev/null >>"$logfile" 2>&1 &
  pid=$!
  echo "$pid" >"$(mail_sink_pidfile)"
  if ! wait_until 15 "the mail sink on :$SHOP_SMTP_PORT" port_held_by "$pid" "$SHOP_SMTP_PORT"; then
    tail -n 20 "$logfile" >&2 || true
    return 1
  fi
}

mail_sink_stop() {
  if mail_sink_running; then
    log "stopping the mail sink (pid $(cat "$(mail_sink_pidfile)"))"
    stop_pidfile "$(mail_sink_pidfile)" mail-sink
  else
    rm -f "$(mail_sink_pidfile)"
  fi
}

# The local Redis (SHOP_REDIS=1 deploy/local/up): the gateways' shared rate limits, on
# 127.0.0.1:$SHOP_REDIS_PORT, nothing persisted (limits are minutes of state). Started by up before
# the services, stopped by down after them (whatever SHOP_REDIS says then).
redis_pidfile() { svc_pidfile redis; }

redis_running() {
  local pidfile
  pidfile=$(redis_pidfile)
  pid_alive "$pidfile" || return 1
  tr '\0' '\n' <"/proc/$(cat "$pidfile")/cmdline" 2>/dev/null | grep -q '^/usr/bin/redis-server'
}

redis_start() {
  if redis_running; then
    log "redis already running (pid $(cat "$(redis_pidfile)"), :$SHOP_REDIS_PORT)"
    return 0
  fi
  if port_open "$SHOP_REDIS_PORT"; then
    log "redis: port $SHOP_REDIS_PORT is taken by another process; not started (set SHOP_REDIS_PORT)"
    return 1
  fi
  local logfile pid
  logfile=$(svc_logfile redis)
  log "starting redis on 127.0.0.1:$SHOP_REDIS_PORT (log $logfile)"
  setsid /usr/bin/redis-server --port "$SHOP_REDIS_PORT" --bind 127.0.0.1 --save "" \
    --appendonly no --dir "$SHOP_RUN_DIR" --daemonize no </dev/null >>"$logfile" 2>&1 &
  pid=$!
  echo "$pid" >"$(redis_pidfile)"
  if ! wait_until 15 "redis on :$SHOP_REDIS_PORT" port_held_by "$pid" "$SHOP_REDIS_PORT"; then
    tail -n 20 "$logfile" >&2 || true
    return 1
  fi
}

redis_stop() {
  if redis_running; then
    log "stopping redis (pid $(cat "$(redis_pidfile)"))"
    stop_pidfile "$(redis_pidfile)" redis
  else
    rm -f "$(redis_pidfile)"
  fi
}
