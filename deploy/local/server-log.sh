#!/usr/bin/env bash
# Follows the log of this machine's PostgreSQL or RabbitMQ server (deploy/local/servers.sh started it), so that the
# AppHost's `postgres` and `rabbitmq` resources show what the server says in the dashboard. The server is the
# machine's and outlives this process: stopping the resource stops only the log.
set -euo pipefail
case "${1:-}" in
  postgres)
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    log="/var/log/postgresql/postgresql-$version-main.log" ;;
  rabbitmq)
    log="$(ls -t /var/log/rabbitmq/*.log 2>/dev/null | grep -v _upgrade | head -n 1)" ;;
  *) echo "usage: $0 postgres|rabbitmq" >&2; exit 2 ;;
esac
[ -n "$log" ] && [ -r "$log" ] || { echo "no readable log for $1 ($log)" >&2; sleep infinity; }
exec tail -n 20 -F "$log"
