#!/usr/bin/env bash
# Loads three incubator networks (networks/networks.json): an urban one in Lyon (with a hub in Geneva), a regional
# one across Auvergne-Rhône-Alpes and a rural one in Dordogne, each with its hubs, members, programmes, two years of
# calls and cohorts, ventures at every stage (admitted, phase changes, incorporated, funded, indicators, graduated,
# exited, abandoned) and upcoming public events (networks/*.ndjson, one {"kind", "body"} message per line).
#
# The first two networks publish their activity over HTTP; the rural one over AMQP, with the sample publisher
# (samples/NetworkPublisher) and its own RabbitMQ user (deploy/local/network-credentials.sh), as a network would.
#
# Idempotent: networks are found by name before being founded, hubs and members by name and actor before being
# added, and every activity message carries a fixed eventId, which the service applies once (a replay answers
# the first result over HTTP, and is acknowledged without effect over AMQP). Needs curl and jq.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
: "${ACTORS_URL:?ACTORS_URL is not set (up.sh exports every line of .run/urls.env)}"
: "${INCUBATOR_NETWORKS_URL:?INCUBATOR_NETWORKS_URL is not set}"
networks_url="$INCUBATOR_NETWORKS_URL"
auth=()
[ -n "${SOCIALTECH_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $SOCIALTECH_TOKEN")

log() { printf '[demo/networks] %s\n' "$*"; }
fail() { printf '[demo/networks] error: %s\n' "$*" >&2; exit 1; }
command -v jq >/dev/null || fail "jq is required (apt-get install jq)"

# curl wrapper: prints the body, fails the loader with the answer on any status but 2xx.
call() { # method url [json] [extra curl args…]
  local method="$1" url="$2" body="${3:-}" out status
  shift 3 || shift $#
  out="$(mktemp)"
  if [ -n "$body" ]; then
    status="$(curl -sS --max-time 60 -o "$out" -w '%{http_code}' -X "$method" "${auth[@]}" -H 'Content-Type: application/json' "$@" --data-binary "$body" "$url")"
  else
    status="$(curl -sS --max-time 60 -o "$out" -w '%{http_code}' -X "$method" "${auth[@]}" "$@" "$url")"
  fi
  if [[ "$status" != 2* ]]; then
    printf '[demo/networks] error: %s %s answered %s:\n%s\n' "$method" "$url" "$status" "$(head -c 2000 "$out")" >&2
    rm -f "$out"
    exit 1
  fi
  cat "$out"
  rm -f "$out"
}

etag_of() { curl -sS --max-time 30 -o /dev/null -D - "${auth[@]}" "$1" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p'; }

# The registry's actor of that exact name (10-actors.sh loaded it), once the networks' directory knows it too.
actor_id() {
  local name="$1" id
  id="$(curl -sS --max-time 30 -G "${auth[@]}" --data-urlencode "q=$name" --data-urlencode "pageSize=50" "$ACTORS_URL/api/actors" |
    jq -r --arg n "$name" '[.items[] | select(.name == $n)][0].id // empty')"
  [ -n "$id" ] || fail "no actor named '$name' in $ACTORS_URL (deploy/local/demo/actors.csv)"
  for _ in $(seq 1 60); do
    [ "$(curl -sS -o /dev/null -w '%{http_code}' "${auth[@]}" "$networks_url/api/networks/actors/$id")" = 200 ] && { echo "$id"; return; }
    sleep 1
  done
  fail "the networks' directory does not know actor $id ('$name') after 60 s"
}

# Kind of message → its HTTP route under /api/networks/{id}/ (the AMQP body carries the path's reference).
route_of() { # kind body
  local kind="$1" body="$2" v e c
  v="$(jq -r '.ventureRef // empty' <<<"$body")" e="$(jq -r '.publicEventRef // empty' <<<"$body")" c="$(jq -r '.callRef // empty' <<<"$body")"
  case "$kind" in
    programme-launched) echo programmes ;;
    call-opened) echo calls ;;
    call-closed) echo "calls/$c/closure" ;;
    cohort-announced) echo cohorts ;;
    venture-admitted) echo ventures ;;
    venture-phase-changed) echo "ventures/$v/phase" ;;
    venture-incorporated) echo "ventures/$v/incorporation" ;;
    venture-funding-raised) echo "ventures/$v/funding" ;;
    venture-indicators-reported) echo "ventures/$v/indicators" ;;
    venture-graduated) echo "ventures/$v/graduation" ;;
    venture-exited) echo "ventures/$v/exit" ;;
    venture-abandoned) echo "ventures/$v/abandonment" ;;
    public-event-scheduled) echo events ;;
    public-event-changed) echo "events/$e/changes" ;;
    public-event-cancelled) echo "events/$e/cancellation" ;;
    public-event-held) echo "events/$e/held" ;;
    *) fail "unknown kind $kind" ;;
  esac
}

publish_over_http() { # networkId file
  local id="$1" file="$2" kind body replayed=0 applied=0 headers
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    kind="$(jq -r .kind <<<"$line")" body="$(jq -c .body <<<"$line")"
    headers="$(mktemp)"
    call POST "$networks_url/api/networks/$id/$(route_of "$kind" "$body")" "$body" -D "$headers" >/dev/null
    if grep -qi '^Idempotent-Replayed: true' "$headers"; then replayed=$((replayed + 1)); else applied=$((applied + 1)); fi
    rm -f "$headers"
  done <"$file"
  log "  over HTTP: $applied applied, $replayed already there"
}

publish_over_amqp() { # networkId file
  local id="$1" file="$2" amqp batch last
  amqp="$(RABBITMQ_MANAGEMENT_URL="${RABBITMQ_MANAGEMENT_URL:-http://127.0.0.1:15672}" "$root/deploy/local/network-credentials.sh" "$id" | sed -n 's/^NETWORKS_AMQP=//p')"
  [ -n "$amqp" ] || fail "network-credentials.sh printed no address"
  log "  over AMQP as network-$id (deploy/local/network-credentials.sh), with samples/NetworkPublisher"
  dotnet build "$root/samples/NetworkPublisher" -c Release -v quiet -nologo >/dev/null || fail "could not build samples/NetworkPublisher"
  dotnet "$root/samples/NetworkPublisher/bin/Release/net10.0/NetworkPublisher.dll" --amqp "$amqp" --network "$id" --batch "$file" >/dev/null ||
    fail "the sample publisher failed (exit $?)"

  # The inbox applies messages in order: once the last one's subject shows it, all of them were handled.
  last="$(tail -n 1 "$file")"
  batch="$(jq -r '.body | (.publicEventRef // .ventureRef)' <<<"$last")"
  for _ in $(seq 1 60); do
    if [ "$(curl -sS -o /dev/null -w '%{http_code}' "${auth[@]}" "$networks_url/api/networks/$id/events/$batch")" = 200 ]; then
      log "  over AMQP: $(grep -c . "$file") messages confirmed and applied"
      return
    fi
    sleep 1
  done
  fail "the AMQP messages were not applied within 60 s: see the queue networks-inbox-error in the RabbitMQ management UI"
}

count="$(jq length "$here/networks/networks.json")"
for i in $(seq 0 $((count - 1))); do
  network="$(jq -c ".[$i]" "$here/networks/networks.json")"
  name="$(jq -r .name <<<"$network")"
  head_id="$(actor_id "$(jq -r .head <<<"$network")")"

  id="$(curl -sS --max-time 30 -G "${auth[@]}" --data-urlencode "q=$name" "$networks_url/api/networks" |
    jq -r --arg n "$name" '[.items[] | select(.name == $n)][0].id // empty')"
  if [ -z "$id" ]; then
    id="$(call POST "$networks_url/api/networks" "$(jq -c --arg h "$head_id" '{name, headActorId: $h, website}' <<<"$network")" | jq -r .id)"
    log "$name: founded ($id)"
  else
    log "$name: already there ($id)"
  fi

  details="$(call GET "$networks_url/api/networks/$id")"
  while IFS= read -r hub; do
    if ! jq -e --arg n "$(jq -r .name <<<"$hub")" '.hubs | any(.name == $n)' <<<"$details" >/dev/null; then
      call POST "$networks_url/api/networks/$id/hubs" "$hub" -H "If-Match: $(etag_of "$networks_url/api/networks/$id")" >/dev/null
      log "  hub $(jq -r .name <<<"$hub") opened"
    fi
  done < <(jq -c '.hubs[]' <<<"$network")
  while IFS= read -r member; do
    member_id="$(actor_id "$(jq -r .actor <<<"$member")")"
    if ! jq -e --arg a "$member_id" '.members | any(.actorId == $a)' <<<"$details" >/dev/null; then
      call POST "$networks_url/api/networks/$id/members" "$(jq -c --arg a "$member_id" '{actorId: $a, role, joinedOn}' <<<"$member")" \
        -H "If-Match: $(etag_of "$networks_url/api/networks/$id")" >/dev/null
      log "  member $(jq -r .actor <<<"$member") joined"
    fi
  done < <(jq -c '.members[]' <<<"$network")

  file="$here/networks/$(jq -r .activity <<<"$network")"
  case "$(jq -r .publishedOver <<<"$network")" in
    amqp) publish_over_amqp "$id" "$file" ;;
    *) publish_over_http "$id" "$file" ;;
  esac
done

upcoming="$(curl -sS "${auth[@]}" "$networks_url/api/networks/events.ics" | grep -c '^BEGIN:VEVENT' || true)"
log "done: $count networks; $upcoming public events in $networks_url/api/networks/events.ics"
