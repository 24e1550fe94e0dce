#!/usr/bin/env bash
# Proves the README's first command works: runs up.sh, checks that every service in urls.env answers /health
# with Healthy and serves its OpenAPI document, and that the RabbitMQ management UI answers, walks through the
# README through the gateway (walkthrough.sh), then runs down.sh
# (services only: the servers stay for whoever else uses them). Exits non-zero on any failure; .ci/run calls it.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Stop the services even when up.sh or a check fails, so CI leaves nothing running behind it.
trap '"$local_dir/down.sh" || echo "[smoke] down.sh failed" >&2' EXIT

"$local_dir/up.sh"

failures=0
check() { # $1 what, $2 URL, $3 test on the answer (shell pattern for the body, or "200" for the status code)
  local answer
  if [ "$3" = 200 ]; then
    # -L: a reference page may redirect to its canonical address (the gateway's /scalar does).
    answer="$(curl -sSL -o /dev/null -w '%{http_code}' --max-time 10 "$2" 2>&1)" || true
  else
    answer="$(curl -sS --max-time 10 "$2" 2>&1)" || true
  fi
  # shellcheck disable=SC2053 # $3 is a pattern on purpose
  if [[ "$answer" == $3 ]]; then
    printf '[smoke] ok    %-40s %s\n' "$1" "$2"
  else
    printf '[smoke] FAIL  %-40s %s -> %s\n' "$1" "$2" "${answer:0:300}" >&2
    failures=$((failures + 1))
  fi
}

[ -s "$run/urls.env" ] || { echo "[smoke] error: up.sh wrote no $run/urls.env" >&2; exit 1; }
services=0
while IFS='=' read -r key url; do
  case "$key" in
    RABBITMQ_MANAGEMENT_URL) check "$key management UI" "$url/" 200 ;;
    *_URL)
      services=$((services + 1))
      check "$key /health Healthy" "$url/health" '{"status":"Healthy"*'
      check "$key /openapi/v1.json" "$url/openapi/v1.json" 200
      ;;
  esac
done <"$run/urls.env"

# The front door: each service's API through the gateway, writes refused without a token and accepted with one.
# shellcheck disable=SC1091
. "$run/urls.env"
SOCIALTECH_TOKEN="$("$local_dir/mint-token.sh" --role admin --sub admin:smoke --ttl 10m)"
status_of() { # $1 method, $2 URL, then curl arguments
  curl -sS -o /dev/null -w '%{http_code}' --max-time 10 -X "$1" "$2" "${@:3}" 2>&1 || true
}
expect_status() { # $1 what, $2 expected status, $3 actual
  if [ "$3" = "$2" ]; then
    printf '[smoke] ok    %-40s %s\n' "$1" "$2"
  else
    printf '[smoke] FAIL  %-40s expected %s, got %s\n' "$1" "$2" "$3" >&2
    failures=$((failures + 1))
  fi
}
for path in /api/actors /api/territories/departement/24 /api/funding/programmes /api/labelling/register /api/networks; do
  check "gateway GET $path" "$GATEWAY_URL$path" 200
done
check "gateway /scalar" "$GATEWAY_URL/scalar" 200
expect_status "gateway POST /api/actors without token" 401 "$(status_of POST "$GATEWAY_URL/api/actors" -H 'Content-Type: application/json' -d '{}')"
expect_status "gateway POST /api/actors as admin" 400 \
  "$(status_of POST "$GATEWAY_URL/api/actors" -H 'Content-Type: application/json' -H "Authorization: Bearer $SOCIALTECH_TOKEN" -d '{}')"

# A new user's walk through the README, through the gateway alone (walkthrough.sh; it ends with a burst that spends
# the anonymous allowance, so it comes after the checks above).
if ! GATEWAY_URL="$GATEWAY_URL" "$local_dir/walkthrough.sh"; then
  echo "[smoke] FAIL  the README walk-through (deploy/local/walkthrough.sh)" >&2
  failures=$((failures + 1))
fi

# Every service in services.tsv must have made it into urls.env.
load_services
if [ "$services" -ne "${#svc_names[@]}" ]; then
  echo "[smoke] FAIL  urls.env lists $services services, services.tsv ${#svc_names[@]}" >&2
  failures=$((failures + 1))
fi

if [ "$failures" -gt 0 ]; then
  echo "[smoke] $failures check(s) failed" >&2
  exit 1
fi
echo "[smoke] all checks passed"
