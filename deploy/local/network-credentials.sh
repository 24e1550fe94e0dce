#!/usr/bin/env bash
# Creates (or rotates) the RabbitMQ user a network publishes with on the raw AMQP path (docs/networks-amqp.md):
#
#   deploy/local/network-credentials.sh <networkId>
#
# The user, network-<networkId>, may write to the exchange socialtech.networks.inbox only, and there only routing
# keys that start with "<networkId>." (a topic permission): publishing under another network's id closes its
# channel with ACCESS_REFUSED. It may configure nothing and read nothing. Running the command again gives the user a
# new password (rotation). It prints the AMQP address to hand to the network, as NETWORKS_AMQP=amqp://…/%2F (the
# virtual host escaped in the path, as standard AMQP clients read it).
#
# Talks to the RabbitMQ management HTTP API. Environment (all optional):
#   RABBITMQ_MANAGEMENT_URL   default http://127.0.0.1:15672
#   RABBITMQ_ADMIN_USER, RABBITMQ_ADMIN_PASSWORD
#                             default: SOCIALTECH_MQ_USER/SOCIALTECH_MQ_PASSWORD of deploy/local/.run/credentials.env
#                             or /var/lib/socialtech/credentials.env
#   NETWORK_VHOST             virtual host, default /
#   NETWORK_AMQP_HOST         host:port written in the printed address, default 127.0.0.1:5672
#   NETWORK_PASSWORD          the password to set, default 32 random hex characters
set -euo pipefail

network="${1:-}"
if ! [[ "$network" =~ ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$ ]]; then
  echo "usage: $0 <networkId>   (the network's id, a GUID such as 0195f3a2-7c1e-7d30-9b5e-2f4c8a1d6e90)" >&2
  exit 1
fi
network="${network,,}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -z "${RABBITMQ_ADMIN_USER:-}" ]; then
  for file in "$here/.run/credentials.env" /var/lib/socialtech/credentials.env; do
    if [ -r "$file" ]; then
      # shellcheck disable=SC1090
      . "$file"
      break
    fi
  done
  RABBITMQ_ADMIN_USER="${SOCIALTECH_MQ_USER:?no RabbitMQ admin user: set RABBITMQ_ADMIN_USER or run deploy/local/servers.sh}"
  RABBITMQ_ADMIN_PASSWORD="${SOCIALTECH_MQ_PASSWORD:?}"
fi

management="${RABBITMQ_MANAGEMENT_URL:-http://127.0.0.1:15672}"
management="${management%/}"
vhost="${NETWORK_VHOST:-/}"
amqp_host="${NETWORK_AMQP_HOST:-127.0.0.1:5672}"
password="${NETWORK_PASSWORD:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
user="network-$network"
exchange="socialtech.networks.inbox"

urlencode() { local s="$1" out="" c i; for ((i = 0; i < ${#s}; i++)); do c="${s:i:1}"; case "$c" in [a-zA-Z0-9.~_-]) out+="$c" ;; *) printf -v c '%%%02X' "'$c"; out+="$c" ;; esac; done; printf '%s' "$out"; }
api() { # method path json
  curl -sS --fail-with-body --max-time 30 -u "$RABBITMQ_ADMIN_USER:$RABBITMQ_ADMIN_PASSWORD" \
    -H 'Content-Type: application/json' -X "$1" "$management/api/$2" -d "$3" >/dev/null
}

v="$(urlencode "$vhost")"
api PUT "users/$user" "{\"password\":\"$password\",\"tags\":\"\"}"
# Write on the inbox exchange only; configure and read nothing (publishing with confirms needs neither).
api PUT "permissions/$v/$user" "{\"configure\":\"^\$\",\"write\":\"^socialtech\\\\.networks\\\\.inbox\$\",\"read\":\"^\$\"}"
# And on that exchange, only this network's routing keys.
api PUT "topic-permissions/$v/$user" "{\"exchange\":\"$exchange\",\"write\":\"^$network\\\\.\",\"read\":\"^\$\"}"

# The virtual host always goes in the path, escaped: the root one is "/%2F". An empty path ("…:5672/") means "/" to
# RabbitMQ.Client but the empty name "" to pika, amqp-tools and other clients of the AMQP URI spec (vhost not found).
echo "NETWORKS_AMQP=amqp://$user:$password@$amqp_host/$v"
