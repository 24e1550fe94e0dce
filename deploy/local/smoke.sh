#!/usr/bin/env bash
# Proves the README's first command works: runs up.sh, checks that every service in urls.env answers /health
# with Healthy and serves its OpenAPI document, and that the RabbitMQ management UI answers, then runs down.sh
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
    answer="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 "$2" 2>&1)" || true
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
