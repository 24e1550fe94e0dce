#!/usr/bin/env bash
# Stops the services up.sh started from this checkout. With --all it also stops RabbitMQ and PostgreSQL (other
# checkouts and test runs on this machine share them). Data stays: databases, queues and credentials are kept
# for the next up.sh.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

all=false
case "${1:-}" in
  '') ;;
  --all) all=true ;;
  -h | --help) echo "usage: $0 [--all]   (--all: also stop RabbitMQ and PostgreSQL)"; exit 0 ;;
  *) echo "usage: $0 [--all]" >&2; exit 2 ;;
esac

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: '$*' needs root; run this script as root or install sudo." >&2; exit 1; fi
}

load_services
for name in "${svc_names[@]}"; do stop_service "$name"; done
# The URLs no longer answer; scripts reading urls.env should not find stale ones.
rm -f "$run/urls.env"

if $all; then
  if command -v rabbitmqctl >/dev/null && as_root rabbitmqctl -q status >/dev/null 2>&1; then
    echo "[down] stopping RabbitMQ"
    # shutdown stops the node and waits for the Erlang VM to exit (stop_app alone would leave it running).
    as_root rabbitmqctl -q shutdown
  fi
  if command -v pg_lsclusters >/dev/null; then
    # Only the cluster servers.sh uses (newest version, "main"); the data directory stays as it is.
    pg_version="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)"
    if pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
      echo "[down] stopping PostgreSQL $pg_version"
      as_root pg_ctlcluster "$pg_version" main stop
    fi
  fi
fi
echo "[down] done"
