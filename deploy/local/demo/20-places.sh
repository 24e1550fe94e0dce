#!/usr/bin/env bash
# Opens the demo tiers-lieux (places.tsv) through the Actors API, then declares the demo relay offers (relays.tsv;
# after the places, which offers that include their places count). Each place's operator, each relay, is found by
# an identifier among the actors 10-actors.sh imported. Idempotent: every place is opened and every offer declared
# with an Idempotency-Key derived from its key column, so a second run answers 200 and creates nothing.
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

# Relay offers: Dordogne, Rhône and Isère get real coverage and real gaps (relays.tsv says which).
declared=0 existing=0
while IFS=$'\t' read -r key identifier supports for_kinds territories mailbox includes_places includes_hubs; do
  case "$key" in ''|'#'*) continue ;; esac
  actor="$(curl -fsS -G "${auth[@]}" "$ACTORS_URL/api/actors" --data-urlencode "q=$identifier" --data-urlencode pageSize=1 | grep -o '"id":"[0-9a-f-]*"' | head -n 1 | cut -d'"' -f4)"
  if [ -z "$actor" ]; then
    echo "[relays] $key: no actor matches $identifier (did 10-actors.sh run?)" >&2
    exit 1
  fi
  body="$(printf '{"supports":[%s],"forKinds":[%s],"territories":[%s],"mailbox":"%s","includesPlaces":%s,"includesHubs":%s}' \
    "$(json_list "$supports")" "$(json_list "$for_kinds")" "$(json_list "$territories")" "$mailbox" "$includes_places" "${includes_hubs:-false}")"
  status="$(curl -sS -o /tmp/socialtech-relay.json -w '%{http_code}' "${auth[@]}" -X POST "$ACTORS_URL/api/actors/$actor/relay-offer" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: demo-relay/$key" --data-binary "$body")"
  case "$status" in
    201) declared=$((declared + 1)) ;;
    # 200: this loader's earlier run; 409: an offer declared otherwise meanwhile, which the demo leaves as it is.
    200 | 409) existing=$((existing + 1)) ;;
    *) echo "[relays] $key: HTTP $status: $(cat /tmp/socialtech-relay.json)" >&2; exit 1 ;;
  esac
done <"$here/relays.tsv"
rm -f /tmp/socialtech-relay.json
echo "[relays] $declared declared, $existing already there"
