#!/usr/bin/env bash
# Loads every demo data set (deploy/local/demo/[0-9]*.sh, in order) through the gateway at GATEWAY_URL, as a user
# would: each service's URL is the gateway's, with an admin token minted by mint-token.sh (SOCIALTECH_TOKEN when
# the caller gives one). The AppHost runs it as its `demo-data` resource once the gateway is healthy; up.sh runs it
# last. Every loader is idempotent, so running this again creates nothing new. Other variables a loader needs
# (RABBITMQ_MANAGEMENT_URL) come from the caller's environment.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${GATEWAY_URL:?GATEWAY_URL is not set (the address of the gateway, e.g. http://127.0.0.1:5100)}"
GATEWAY_URL="${GATEWAY_URL%/}"
export GATEWAY_URL ACTORS_URL="$GATEWAY_URL" FUNDING_URL="$GATEWAY_URL" LABELLING_URL="$GATEWAY_URL" \
  INCUBATOR_NETWORKS_URL="$GATEWAY_URL"
# The gateway counts a valid token's requests by its subject, with a larger allowance than an anonymous address's
# (RateLimiting:AuthenticatedPermitLimit), so a bulk load is not refused.
if [ -z "${SOCIALTECH_TOKEN:-}" ]; then
  SOCIALTECH_TOKEN="$("$here/../mint-token.sh" --role admin --sub admin:demo-loader --ttl 1h)"
fi
export SOCIALTECH_TOKEN
started=$SECONDS
for loader in "$here"/[0-9]*.sh; do
  [ -x "$loader" ] || continue
  printf '[demo] loading %s\n' "${loader#"$here"/}"
  "$loader" || { printf '[demo] error: %s failed\n' "${loader#"$here"/}" >&2; exit 1; }
done
printf '[demo] loaded in %s s\n' "$((SECONDS - started))"
