#!/usr/bin/env bash
# Since the daemon runs on every replica (docs/adr/0010-hotcold-daemon-on-every-replica.md), the queues of the
# consumers that keep a copy in stream order are single-active-consumer. RabbitMQ refuses to redeclare a queue with a
# new argument, so a broker that kept such a queue from an earlier version must lose it before the services start:
# this deletes each one that is empty. One that still holds messages is left, and this fails naming it: start the
# previous version until it drains, or set SOCIALTECH_DROP_OLD_QUEUES=1 to delete it with its messages. Run only
# while no consumer of the virtual host runs (up.sh after stopping its services; the AppHost's `servers` resource
# before any service starts). Usage: in-order-queues.sh [VHOST] (default /).
set -euo pipefail
vhost="${1:-/}"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
status=0
while read -r queue messages; do
  if [ "$messages" = 0 ] || [ "${SOCIALTECH_DROP_OLD_QUEUES:-}" = 1 ]; then
    printf '[queues] deleting %s (%s messages), declared before it was single-active-consumer\n' "$queue" "$messages"
    as_root rabbitmqctl -q delete_queue -p "$vhost" "$queue" >/dev/null </dev/null
  else
    printf '[queues] error: %s (virtual host %s) was declared before it was single-active-consumer and still holds %s messages; start the previous version until it drains, or set SOCIALTECH_DROP_OLD_QUEUES=1 to delete them\n' "$queue" "$vhost" "$messages" >&2
    status=1
  fi
done < <(as_root rabbitmqctl -q list_queues -p "$vhost" name messages arguments --no-table-headers 2>/dev/null |
  awk '$1 ~ /(-actor-directory|^labelling-(funding-facts|funded-programmes|network-facts|known-places))$/ && $0 !~ /x-single-active-consumer/ { print $1, $2 }')
exit "$status"
