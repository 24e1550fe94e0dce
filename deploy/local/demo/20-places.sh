#!/usr/bin/env bash
# Opens the demo tiers-lieux (places.tsv) through the Actors API. Each place's operator is found by its SIREN
# among the actors 10-actors.sh imported. Idempotent: every place is opened with an Idempotency-Key derived from
# its key column, so a second run answers 200 with the place the first run opened and creates nothing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${ACTORS_URL:?ACTORS_URL is not set (up.sh sets it from .run/urls.env)}"

# Writes need a token: up.sh exports an admin one (deploy/local/mint-token.sh).
auth=(); [ -n "${SOCIALTECH_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $SOCIALTECH_TOKEN")

json_list() { # a|b|c → "a","b","c"
  local IFS='|' item out=""
  for item in $1; do out+="${out:+,}\"$item\""; done
  printf '%s' "$out"
}

created=0 existing=0
while IFS=$'\t' read -r key name typologies commune operator_siren opened_on website; do
  case "$key" in ''|'#'*) continue ;; esac
  operator="$(curl -fsS "${auth[@]}" "$ACTORS_URL/api/actors?q=$operator_siren&pageSize=1" | grep -o '"id":"[0-9a-f-]*"' | head -n 1 | cut -d'"' -f4)"
  if [ -z "$operator" ]; then
    echo "[places] $key: no actor has SIREN $operator_siren (did 10-actors.sh run?)" >&2
    exit 1
  fi
  body="$(printf '{"name":"%s","typologies":[%s],"communeCode":"%s","operatorId":"%s","openedOn":"%s"%s}' \
    "$name" "$(json_list "$typologies")" "$commune" "$operator" "$opened_on" "${website:+,\"website\":\"$website\"}")"
  status="$(curl -sS -o /tmp/socialtech-place.json -w '%{http_code}' "${auth[@]}" -X POST "$ACTORS_URL/api/places" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: demo-place/$key" --data-binary "$body")"
  case "$status" in
    201) created=$((created + 1)) ;;
    200) existing=$((existing + 1)) ;;
    *) echo "[places] $key: HTTP $status: $(cat /tmp/socialtech-place.json)" >&2; exit 1 ;;
  esac
done <"$here/places.tsv"
rm -f /tmp/socialtech-place.json
echo "[places] $created opened, $existing already there"
