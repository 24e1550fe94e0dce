#!/usr/bin/env bash
# Disposable PostgreSQL and RabbitMQ servers for the fault-injection tests (tests/FaultInjection.Tests, ./faults.sh):
# they stop, kill -9 and restart these, never the shared servers of deploy/local/servers.sh, which every other test
# and the local runtime use. Both listen on loopback only: PostgreSQL 15 cluster "faults" on 5439 (pg_createcluster),
# RabbitMQ node faults@localhost on 5679 (its own data, log, config and plugin files; no management plugin).
# Their state is machine-wide (one port each), under $SOCIALTECH_STATE_DIR/faults (/var/lib/socialtech/faults).
#
#   fault-servers.sh start                  create (first time) and start both; idempotent; writes .run/faults.env
#   fault-servers.sh stop                   stop both
#   fault-servers.sh rabbitmq-stop|rabbitmq-start|rabbitmq-kill   the broker's faults (kill = SIGKILL of the VM)
#   fault-servers.sh postgres-restart-immediate                   pg_ctl restart -m immediate (crash recovery)
#   fault-servers.sh vhost NAME | vhost-delete NAME               a virtual host of the broker, for one test
#   fault-servers.sh queues NAME            each queue of the virtual host: name, messages ready, unacknowledged
#                                           (asked of the queues themselves, not a sampled statistic)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="$here/.run"
mkdir -p "$run"
log() { printf '[fault-servers] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: '$*' needs root; run this script as root or install sudo." >&2; exit 1; fi
}

pg_port=5439
mq_port=5679
mq_dist_port=25679
node=faults@localhost
state="${SOCIALTECH_STATE_DIR:-/var/lib/socialtech}/faults"
mq_dir="$state/rabbitmq"

# The shared servers' script installs both packages and makes the machine's credentials; reuse them.
if [ ! -f "$run/credentials.env" ]; then "$here/servers.sh" >&2; fi
# shellcheck disable=SC1091
. "$run/credentials.env"
pg_version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"

# RabbitMQ's scripts read /etc/rabbitmq (the shared node's name, ports and plugins) unless told otherwise: every
# file the node reads is named here. The Erlang cookie stays rabbitmq's own, so rabbitmqctl reaches both nodes.
rabbit() {
  local tool="$1"
  shift
  as_root runuser -u rabbitmq -- env HOME=/var/lib/rabbitmq \
    RABBITMQ_CONF_ENV_FILE="$mq_dir/rabbitmq-env.conf" RABBITMQ_NODENAME="$node" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$mq_port" RABBITMQ_DIST_PORT="$mq_dist_port" \
    RABBITMQ_CONFIG_FILE="$mq_dir/rabbitmq.conf" RABBITMQ_ADVANCED_CONFIG_FILE="$mq_dir/advanced.config" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$mq_dir/enabled_plugins" RABBITMQ_MNESIA_BASE="$mq_dir/mnesia" \
    RABBITMQ_LOG_BASE="$mq_dir/log" RABBITMQ_PID_FILE="$mq_dir/pid" ERL_EPMD_ADDRESS=127.0.0.1 \
    "/usr/lib/rabbitmq/bin/$tool" "$@"
}
ctl() { rabbit rabbitmqctl -q -n "$node" "$@"; }
# The AMQP port answers once the node has booted; far quicker to ask than the CLI (an Erlang VM per call).
mq_running() { (exec 3<>"/dev/tcp/127.0.0.1/$mq_port") 2>/dev/null; }

mq_start() {
  if mq_running; then return; fi
  as_root mkdir -p "$mq_dir/mnesia" "$mq_dir/log"
  [ -f "$mq_dir/rabbitmq.conf" ] || printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users = none\n' "$mq_port" | as_root tee "$mq_dir/rabbitmq.conf" >/dev/null
  [ -f "$mq_dir/enabled_plugins" ] || echo '[].' | as_root tee "$mq_dir/enabled_plugins" >/dev/null
  [ -f "$mq_dir/advanced.config" ] || echo '[].' | as_root tee "$mq_dir/advanced.config" >/dev/null
  [ -f "$mq_dir/rabbitmq-env.conf" ] || as_root touch "$mq_dir/rabbitmq-env.conf"
  as_root chown -R rabbitmq:rabbitmq "$mq_dir"
  as_root rm -f "$mq_dir/pid"
  log "starting RabbitMQ node $node on 127.0.0.1:$mq_port"
  # From its own directory: the VM keeps the caller's working directory for good and spawns helpers (epmd, on
  # shutdown) in it; started from a test's output directory that was later deleted, it could no longer stop.
  (cd "$mq_dir" && rabbit rabbitmq-server -detached >"$mq_dir/log/startup.log" 2>&1) || true
  for _ in $(seq 1 480); do mq_running && break; sleep 0.25; done
  if [ ! -f "$mq_dir/user-created" ]; then
    ctl await_startup --timeout 120
    ctl add_user "$SOCIALTECH_MQ_USER" "$SOCIALTECH_MQ_PASSWORD" >/dev/null 2>&1 || ctl change_password "$SOCIALTECH_MQ_USER" "$SOCIALTECH_MQ_PASSWORD"
    ctl set_user_tags "$SOCIALTECH_MQ_USER" administrator >/dev/null
    ctl set_permissions -p / "$SOCIALTECH_MQ_USER" '.*' '.*' '.*' >/dev/null
    as_root touch "$mq_dir/user-created"
  fi
}

mq_stop() {
  if mq_running; then ctl stop >/dev/null; fi
  for _ in $(seq 1 120); do mq_running || break; sleep 0.25; done
}

# SIGKILL of the Erlang VM: no clean shutdown, queues recover from their files on the next start.
mq_kill() {
  local pid
  pid="$(as_root cat "$mq_dir/pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && [ -d "/proc/$pid" ]; then as_root kill -9 "$pid"; fi
  for _ in $(seq 1 40); do mq_running || break; sleep 0.25; done
}

pg() { as_root pg_ctlcluster "$pg_version" faults "$@"; }

pg_start() {
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$pg_version faults"; then
    log "creating PostgreSQL $pg_version cluster faults on 127.0.0.1:$pg_port"
    # fsync stays on (the default): a restart with -m immediate must lose nothing that was committed.
    as_root pg_createcluster "$pg_version" faults --port "$pg_port" --start-conf manual \
      -o max_connections=200 >/dev/null
  fi
  if ! pg_lsclusters -h | awk '$1=="'"$pg_version"'" && $2=="faults" {print $4}' | grep -q online; then
    log "starting PostgreSQL cluster faults"
    pg start
  fi
  psql_admin() { as_root runuser -u postgres -- psql -p "$pg_port" -v ON_ERROR_STOP=1 -qtA "$@"; }
  for _ in $(seq 1 30); do psql_admin -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
  if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$SOCIALTECH_DB_USER'")" != "1" ]; then
    psql_admin -c "CREATE ROLE $SOCIALTECH_DB_USER LOGIN CREATEDB PASSWORD '$SOCIALTECH_DB_PASSWORD'"
  fi
}

pg_stop() {
  if pg_lsclusters -h | awk '$1=="'"$pg_version"'" && $2=="faults" {print $4}' | grep -q online; then pg stop -m fast; fi
}

case "${1:-}" in
  start)
    pg_start
    mq_start
    cat >"$run/faults.env" <<ENV
SOCIALTECH_FAULTS_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=$SOCIALTECH_DB_USER;Password=$SOCIALTECH_DB_PASSWORD'
SOCIALTECH_FAULTS_RABBITMQ='amqp://$SOCIALTECH_MQ_USER:$SOCIALTECH_MQ_PASSWORD@127.0.0.1:$mq_port/'
ENV
    chmod 600 "$run/faults.env"
    log "PostgreSQL on 127.0.0.1:$pg_port, RabbitMQ on 127.0.0.1:$mq_port; settings in $run/faults.env"
    ;;
  stop) mq_stop; pg_stop ;;
  rabbitmq-stop) mq_stop ;;
  rabbitmq-start) mq_start ;;
  rabbitmq-kill) mq_kill ;;
  postgres-restart-immediate) pg restart -m immediate ;;
  vhost)
    ctl add_vhost "$2" >/dev/null
    ctl set_permissions -p "$2" "$SOCIALTECH_MQ_USER" '.*' '.*' '.*' >/dev/null
    ;;
  vhost-delete) ctl delete_vhost "$2" >/dev/null 2>&1 || true ;;
  queues) ctl list_queues -p "$2" --no-table-headers name messages_ready messages_unacknowledged ;;
  *)
    echo "usage: $0 start|stop|rabbitmq-stop|rabbitmq-start|rabbitmq-kill|postgres-restart-immediate|vhost NAME|vhost-delete NAME|queues NAME" >&2
    exit 2
    ;;
esac
