#!/usr/bin/env bash
# Disposable PostgreSQL and RabbitMQ servers for the fault-injection tests (tests/FaultInjection.Tests, ./faults.sh):
# they stop, kill -9 and restart these, never the shared servers of deploy/local/servers.sh, which every other test
# and the local runtime use. Each run has servers of its own, so that two runs on one machine (a developer's and
# CI's, two checkouts) never stop each other's: everything lives in the run's directory FAULTS_RUN_DIR (a temporary
# directory), and every port is picked free when the run starts. Both listen on loopback only:
#   PostgreSQL   initdb + pg_ctl, data in $FAULTS_RUN_DIR/postgres/data, socket directory $FAULTS_RUN_DIR/postgres/socket
#   RabbitMQ     node faults-<run>@localhost, its own AMQP and distribution ports, Erlang cookie, data, log, config and
#                plugin files under $FAULTS_RUN_DIR/rabbitmq (no plugin: no management port)
# As root, PostgreSQL runs as the user postgres and RabbitMQ as rabbitmq (the Debian packages' users); otherwise both
# run as the caller.
#
#   fault-servers.sh start                  creates the run (FAULTS_RUN_DIR, or a new temporary directory) and starts
#                                           both; prints the directory; writes $FAULTS_RUN_DIR/faults.env. Stops first
#                                           the servers of earlier runs whose owner (FAULTS_OWNER_PID) has died.
#   fault-servers.sh stop                   stops both and deletes the run's directory (FAULTS_KEEP=1 keeps it)
#   fault-servers.sh rabbitmq-stop|rabbitmq-start|rabbitmq-kill   the broker's faults (kill = SIGKILL of the VM)
#   fault-servers.sh postgres-restart-immediate                   pg_ctl restart -m immediate (crash recovery)
#   fault-servers.sh vhost NAME | vhost-delete NAME               a virtual host of the broker, for one test
#   fault-servers.sh queues NAME            each queue of the virtual host: name, messages ready, unacknowledged
#                                           (asked of the queues themselves, not a sampled statistic)
# Every command but start needs FAULTS_RUN_DIR, the directory start printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf '[fault-servers] %s\n' "$*" >&2; }
root() { [ "$(id -u)" -eq 0 ]; }
prefix="socialtech-faults-"
tmp="${TMPDIR:-/tmp}"

# The shared servers' script installs both packages and makes the machine's credentials; reuse them.
if [ ! -f "$here/.run/credentials.env" ]; then "$here/servers.sh" >&2; fi
# shellcheck disable=SC1091
. "$here/.run/credentials.env"
pg_bin="/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -n 1)/bin"

command="${1:-}"
if [ "$command" = start ] && [ -z "${FAULTS_RUN_DIR:-}" ]; then FAULTS_RUN_DIR="$(mktemp -d "$tmp/${prefix}XXXXXX")"; fi
dir="${FAULTS_RUN_DIR:?FAULTS_RUN_DIR must name the run directory that 'fault-servers.sh start' printed}"
pg_dir="$dir/postgres"
mq_dir="$dir/rabbitmq"
# shellcheck disable=SC1091
[ -f "$dir/ports.env" ] && . "$dir/ports.env"

# A port nobody listens on, drawn at random between 26000 and 31999: above the services' ports of the fault tests
# (20000-25000), below the kernel's ephemeral ports, away from the shared servers' 5432/5672/15672/25672/35672.
# Two runs starting at the same instant could only draw the same port once in thousands; that start then fails.
free_port() {
  local port taken
  for _ in $(seq 1 200); do
    port=$((26000 + RANDOM % 6000))
    case " ${picked:-} " in *" $port "*) continue ;; esac
    taken="$(ss -Hltn "sport = :$port" 2>/dev/null | head -n 1)"
    if [ -z "$taken" ]; then
      picked="${picked:-} $port"
      echo "$port"
      return
    fi
  done
  echo "error: no free port between 26000 and 31999" >&2
  exit 1
}

as_pg() { if root; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_mq() { if root; then runuser -u rabbitmq -- "$@"; else "$@"; fi; }

# RabbitMQ's scripts read /etc/rabbitmq and the rabbitmq user's home (the shared node's name, ports, plugins and
# cookie) unless told otherwise: every file the node and its CLI read is named here, HOME included (the cookie).
rabbit() {
  local tool="$1"
  shift
  as_mq env HOME="$mq_dir" \
    RABBITMQ_CONF_ENV_FILE="$mq_dir/rabbitmq-env.conf" RABBITMQ_NODENAME="$mq_node" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$mq_port" RABBITMQ_DIST_PORT="$mq_dist_port" \
    RABBITMQ_CONFIG_FILE="$mq_dir/rabbitmq.conf" RABBITMQ_ADVANCED_CONFIG_FILE="$mq_dir/advanced.config" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$mq_dir/enabled_plugins" RABBITMQ_MNESIA_BASE="$mq_dir/mnesia" \
    RABBITMQ_LOG_BASE="$mq_dir/log" RABBITMQ_PID_FILE="$mq_dir/pid" ERL_EPMD_ADDRESS=127.0.0.1 \
    "/usr/lib/rabbitmq/bin/$tool" "$@"
}
ctl() { rabbit rabbitmqctl -q -n "$mq_node" "$@"; }
# The AMQP port answers once the node has booted; far quicker to ask than the CLI (an Erlang VM per call).
mq_running() { (exec 3<>"/dev/tcp/127.0.0.1/$mq_port") 2>/dev/null; }

mq_create() {
  mkdir -p "$mq_dir/mnesia" "$mq_dir/log"
  # The user is the node's default user, created at its first boot: no CLI call (an Erlang VM each) is needed.
  cat >"$mq_dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$mq_port
loopback_users = none
default_vhost = /
default_user = $SOCIALTECH_MQ_USER
default_pass = $SOCIALTECH_MQ_PASSWORD
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
CONF
  echo '[].' >"$mq_dir/enabled_plugins"
  echo '[].' >"$mq_dir/advanced.config"
  : >"$mq_dir/rabbitmq-env.conf"
  od -An -N20 -tx1 /dev/urandom | tr -d ' \n' | tr 'a-f' 'A-F' >"$mq_dir/.erlang.cookie"
  chmod 600 "$mq_dir/rabbitmq.conf"
  chmod 400 "$mq_dir/.erlang.cookie"
  if root; then chown -R rabbitmq:rabbitmq "$mq_dir"; fi
}

mq_start() {
  if mq_running; then return; fi
  rm -f "$mq_dir/pid"
  log "starting RabbitMQ node $mq_node on 127.0.0.1:$mq_port"
  # From its own directory: the VM keeps the caller's working directory for good and spawns helpers (epmd, on
  # shutdown) in it; started from a test's output directory that was later deleted, it could no longer stop.
  (cd "$mq_dir" && rabbit rabbitmq-server -detached >>"$mq_dir/log/startup.log" 2>&1) || true
  for _ in $(seq 1 480); do mq_running && return; sleep 0.25; done
  log "RabbitMQ did not open 127.0.0.1:$mq_port in 120 s; $mq_dir/log:"
  tail -n 30 "$mq_dir"/log/*.log >&2 || true
  exit 1
}

mq_stop() {
  if mq_running; then ctl stop "$mq_dir/pid" >/dev/null; fi
  for _ in $(seq 1 120); do mq_running || break; sleep 0.25; done
}

# SIGKILL of the Erlang VM: no clean shutdown, queues recover from their files on the next start.
mq_kill() {
  local pid
  pid="$(cat "$mq_dir/pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && [ -d "/proc/$pid" ]; then kill -9 "$pid"; fi
  for _ in $(seq 1 40); do mq_running || break; sleep 0.25; done
}

pg_ctl() {
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 120 "$@"
}

pg_create() {
  mkdir -p "$pg_dir/socket"
  printf '%s\n' "$SOCIALTECH_DB_PASSWORD" >"$pg_dir/password"
  chmod 600 "$pg_dir/password"
  if root; then chown -R postgres:postgres "$pg_dir"; fi
  # The tests' role owns the cluster (it creates and drops their databases). Password over TCP, as on the shared
  # server; trust on the run's own socket, which only its owner can reach. fsync stays on (the default): a restart
  # with -m immediate must lose nothing that was committed.
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U "$SOCIALTECH_DB_USER" --pwfile="$pg_dir/password" \
    --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log"
  rm -f "$pg_dir/password"
  cat >>"$pg_dir/data/postgresql.conf" <<CONF
port = $pg_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pg_dir/socket'
max_connections = 200
CONF
}

pg_running() { [ -f "$pg_dir/data/postmaster.pid" ] && as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" status >/dev/null 2>&1; }

pg_start() {
  if pg_running; then return; fi
  log "starting PostgreSQL on 127.0.0.1:$pg_port"
  pg_ctl start >/dev/null
}

pg_stop() { if pg_running; then pg_ctl stop -m fast >/dev/null; fi; }

# The servers of earlier runs whose owner process is gone (a test host that crashed or was killed): stopped and
# deleted, so that they do not pile up. A run without an owner file (started by hand) is left alone.
reap() {
  local other owner
  for other in "$tmp/$prefix"*/; do
    other="${other%/}"
    [ -f "$other/owner" ] && [ "$other" != "$dir" ] || continue
    owner="$(cat "$other/owner")"
    if ! kill -0 "$owner" 2>/dev/null; then
      log "stopping the servers of $other (its owner, process $owner, is gone)"
      FAULTS_RUN_DIR="$other" FAULTS_KEEP=0 "$0" stop || true
    fi
  done
}

case "$command" in
  start)
    mkdir -p "$dir"
    chmod 755 "$dir"  # the postgres and rabbitmq users reach their directories through it
    reap
    if [ -n "${FAULTS_OWNER_PID:-}" ]; then echo "$FAULTS_OWNER_PID" >"$dir/owner"; fi
    if [ ! -f "$dir/ports.env" ]; then
      pg_port="$(free_port)"; picked="$pg_port"
      mq_port="$(free_port)"; picked="$picked $mq_port"
      mq_dist_port="$(free_port)"
      run_name="$(basename "$dir")"
      mq_node="faults-$(printf '%s' "${run_name#"$prefix"}" | tr -cd 'A-Za-z0-9-')@localhost"
      printf 'pg_port=%s\nmq_port=%s\nmq_dist_port=%s\nmq_node=%s\n' "$pg_port" "$mq_port" "$mq_dist_port" "$mq_node" >"$dir/ports.env"
      pg_create
      mq_create
    fi
    # Both at once: each takes seconds to start on a busy machine.
    pg_start &
    pg_job=$!
    mq_start
    wait "$pg_job"
    cat >"$dir/faults.env" <<ENV
SOCIALTECH_FAULTS_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=$SOCIALTECH_DB_USER;Password=$SOCIALTECH_DB_PASSWORD'
SOCIALTECH_FAULTS_RABBITMQ='amqp://$SOCIALTECH_MQ_USER:$SOCIALTECH_MQ_PASSWORD@127.0.0.1:$mq_port/%2F'
ENV
    chmod 600 "$dir/faults.env"
    log "PostgreSQL on 127.0.0.1:$pg_port, RabbitMQ $mq_node on 127.0.0.1:$mq_port; run directory $dir"
    echo "$dir"
    ;;
  stop)
    if [ -f "$dir/ports.env" ]; then
      mq_stop
      mq_kill  # a VM that did not stop in 30 s
      pg_stop
    fi
    if [ "${FAULTS_KEEP:-0}" = 1 ]; then log "kept $dir"; else rm -rf "$dir"; fi
    ;;
  rabbitmq-stop) mq_stop ;;
  rabbitmq-start) mq_start ;;
  rabbitmq-kill) mq_kill ;;
  postgres-restart-immediate) pg_ctl restart -m immediate >/dev/null ;;
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
