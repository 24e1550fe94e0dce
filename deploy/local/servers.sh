#!/usr/bin/env bash
# Installs (if missing) and starts PostgreSQL and RabbitMQ as plain local processes on loopback, with data kept
# between runs, and writes their connection settings to deploy/local/.run/connections.env.
# Safe to run again: it only does what is not done yet. Used by up.sh, test.sh, .ci/run and the AppHost (its
# `servers` resource). Options: --databases "a b" creates those databases (owned by the generated role) if missing;
# --vhost NAME creates that RabbitMQ virtual host (with the generated user's permissions) if missing;
# --in-order-queues runs in-order-queues.sh on it (or on /) once the broker is up: only while none of its consumers run.
set -euo pipefail
databases="" vhost="" in_order_queues=""
while [ $# -gt 0 ]; do
  case "$1" in
    --databases) databases="${2:-}"; shift 2 ;;
    --vhost) vhost="${2:-}"; shift 2 ;;
    --in-order-queues) in_order_queues=1; shift ;;
    *) echo "servers.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="$here/.run"
mkdir -p "$run"

log() { printf '[servers] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: '$*' needs root; run this script as root or install sudo." >&2; exit 1; fi
}

# --- install --------------------------------------------------------------------------------------------------
missing=()
command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
command -v rabbitmq-server >/dev/null || [ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} from Debian packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- credentials (generated once per machine, never committed) ------------------------------------------------
# The PostgreSQL role and RabbitMQ user belong to the machine, not to a checkout: keep their password in one
# machine-wide place, so that a second checkout (a worktree, CI's fresh clone) reuses it instead of resetting it.
state="${SOCIALTECH_STATE_DIR:-/var/lib/socialtech}"
if [ ! -w "$(dirname "$state")" ] && [ ! -d "$state" ]; then state="$run"; fi
mkdir -p "$state"
if [ ! -f "$state/credentials.env" ]; then
  pw="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf 'SOCIALTECH_DB_USER=socialtech\nSOCIALTECH_DB_PASSWORD=%s\nSOCIALTECH_MQ_USER=socialtech\nSOCIALTECH_MQ_PASSWORD=%s\n' "$pw" "$pw" >"$state/credentials.env"
  chmod 600 "$state/credentials.env"
fi
[ "$state" = "$run" ] || install -m 600 "$state/credentials.env" "$run/credentials.env"
# shellcheck disable=SC1091
. "$run/credentials.env"

# --- PostgreSQL -----------------------------------------------------------------------------------------------
pg_version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$pg_version main"; then
  log "creating PostgreSQL $pg_version cluster"
  as_root pg_createcluster "$pg_version" main >/dev/null
fi
if ! pg_lsclusters -h | awk '$1=="'"$pg_version"'" && $2=="main" {print $4}' | grep -q online; then
  log "starting PostgreSQL $pg_version"
  as_root pg_ctlcluster "$pg_version" main start
fi
pg_port="$(pg_lsclusters -h | awk '$1=="'"$pg_version"'" && $2=="main" {print $3}')"

psql_admin() { as_root runuser -u postgres -- psql -p "$pg_port" -v ON_ERROR_STOP=1 -qtA "$@"; }
for _ in $(seq 1 30); do psql_admin -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$SOCIALTECH_DB_USER'")" != "1" ]; then
  psql_admin -c "CREATE ROLE $SOCIALTECH_DB_USER LOGIN CREATEDB PASSWORD '$SOCIALTECH_DB_PASSWORD'"
else
  psql_admin -c "ALTER ROLE $SOCIALTECH_DB_USER LOGIN CREATEDB PASSWORD '$SOCIALTECH_DB_PASSWORD'"
fi
# Test classes each create a database; lift the default connection ceiling a little for parallel test projects.
# Debian's default shared_buffers (128 MB, 16 384 pages) could not keep the 18 240 heap pages one département's flow
# query reads: measured, each such query copied them in again from the OS cache (docs/performance.md,
# "funding-flows"). 2 GB is under a tenth of a 24 GB machine's memory (PostgreSQL suggests up to a quarter).
if [ "$(psql_admin -c 'SHOW max_connections')" -lt 300 ] \
   || [ "$(psql_admin -c "SELECT setting::bigint * 8 / 1024 FROM pg_settings WHERE name = 'shared_buffers'")" -lt 2048 ]; then
  psql_admin -c "ALTER SYSTEM SET max_connections = 300" >/dev/null
  psql_admin -c "ALTER SYSTEM SET shared_buffers = '2GB'" >/dev/null
  as_root pg_ctlcluster "$pg_version" main restart
  for _ in $(seq 1 30); do psql_admin -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
fi

# --- RabbitMQ -------------------------------------------------------------------------------------------------
if [ ! -f /etc/rabbitmq/rabbitmq.conf ] || ! grep -q socialtech /etc/rabbitmq/rabbitmq.conf; then
  as_root tee /etc/rabbitmq/rabbitmq.conf >/dev/null <<'CONF'
# socialtech: loopback only (deploy/local/servers.sh)
listeners.tcp.default = 127.0.0.1:5672
management.tcp.ip = 127.0.0.1
management.tcp.port = 15672
loopback_users = none
CONF
  printf 'NODENAME=rabbit@localhost\nERL_EPMD_ADDRESS=127.0.0.1\nNODE_IP_ADDRESS=127.0.0.1\n' | as_root tee /etc/rabbitmq/rabbitmq-env.conf >/dev/null
fi
as_root rabbitmq-plugins --offline enable rabbitmq_management >/dev/null 2>&1 || true
if ! as_root rabbitmqctl -q status >/dev/null 2>&1; then
  log "starting RabbitMQ"
  as_root rabbitmq-server -detached >/dev/null 2>&1 || as_root /usr/sbin/rabbitmq-server -detached
  # await_startup needs the node registered with epmd first; poll until the CLI reaches it.
  for _ in $(seq 1 120); do as_root rabbitmqctl -q status >/dev/null 2>&1 && break; sleep 1; done
  as_root rabbitmqctl -q await_startup --timeout 120
fi
if ! as_root rabbitmqctl -q list_users | awk '{print $1}' | grep -qx "$SOCIALTECH_MQ_USER"; then
  as_root rabbitmqctl -q add_user "$SOCIALTECH_MQ_USER" "$SOCIALTECH_MQ_PASSWORD" >/dev/null
fi
as_root rabbitmqctl -q change_password "$SOCIALTECH_MQ_USER" "$SOCIALTECH_MQ_PASSWORD" >/dev/null
as_root rabbitmqctl -q set_user_tags "$SOCIALTECH_MQ_USER" administrator >/dev/null
as_root rabbitmqctl -q set_permissions -p / "$SOCIALTECH_MQ_USER" '.*' '.*' '.*' >/dev/null
for _ in $(seq 1 60); do
  curl -fsS -u "$SOCIALTECH_MQ_USER:$SOCIALTECH_MQ_PASSWORD" http://127.0.0.1:15672/api/overview >/dev/null 2>&1 && break; sleep 1
done

for database in $databases; do
  [[ "$database" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "servers.sh: bad database name '$database'" >&2; exit 2; }
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
    log "creating database $database"
    psql_admin -c "CREATE DATABASE \"$database\" OWNER \"$SOCIALTECH_DB_USER\""
  fi
done
if [ -n "$vhost" ]; then
  as_root rabbitmqctl -q add_vhost "$vhost" >/dev/null 2>&1 || true
  as_root rabbitmqctl -q set_permissions -p "$vhost" "$SOCIALTECH_MQ_USER" '.*' '.*' '.*' >/dev/null
fi
[ -z "$in_order_queues" ] || "$here/in-order-queues.sh" "${vhost:-/}"

cat >"$run/connections.env" <<ENV
SOCIALTECH_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=$SOCIALTECH_DB_USER;Password=$SOCIALTECH_DB_PASSWORD'
SOCIALTECH_RABBITMQ='amqp://$SOCIALTECH_MQ_USER:$SOCIALTECH_MQ_PASSWORD@127.0.0.1:5672/'
SOCIALTECH_RABBITMQ_MANAGEMENT='http://127.0.0.1:15672/'
ENV
chmod 600 "$run/connections.env"
log "PostgreSQL on 127.0.0.1:$pg_port, RabbitMQ on 127.0.0.1:5672 (management 15672); settings in $run/connections.env"
