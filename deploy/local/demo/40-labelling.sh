#!/usr/bin/env bash
# Loads the demo label schemes, campaigns and applications (labelling.tsv, next to this script) through the
# Labelling API, as label owners and applicants would. Actors and places are looked up in the Actors API by an
# identifier or a name (10-actors.sh and 20-places.sh load them first).
# Idempotent: every scheme, campaign and application is created with an Idempotency-Key derived from its key
# column, so a second run gets back what the first created (200); each application is then moved from the status
# it is in towards its target one, so steps already taken are not taken again.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${ACTORS_URL:?ACTORS_URL is not set (up.sh exports every line of .run/urls.env)}"
: "${LABELLING_URL:?LABELLING_URL is not set (up.sh exports every line of .run/urls.env)}"
auth=(); [ -n "${SOCIALTECH_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $SOCIALTECH_TOKEN")

log() { printf '[demo/labelling] %s\n' "$*"; }
fail() { printf '[demo/labelling] error: %s\n' "$*" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
declare -A ids=()
created=0 existing=0 steps=0

day() { date -u -d "today ${1} days" +%F; } # days from today → YYYY-MM-DD

first_id() { grep -o '"id":"[0-9a-f-]*"' "$1" | head -n 1 | cut -d'"' -f4; }

actor_id() { # SIREN, SIRET or RNA → the actor's id in Actors
  curl -sS --fail-with-body "${auth[@]}" -G "$ACTORS_URL/api/actors" --data-urlencode "q=$1" --data-urlencode pageSize=1 -o "$work/actor.json" \
    || fail "looking up actor $1: $(cat "$work/actor.json")"
  local id; id="$(first_id "$work/actor.json")"
  [ -n "$id" ] || fail "no actor has the identifier $1 (did 10-actors.sh run?)"
  printf '%s' "$id"
}

place_id() { # name → the place's id in Actors
  curl -sS --fail-with-body "${auth[@]}" -G "$ACTORS_URL/api/places" --data-urlencode "q=$1" --data-urlencode pageSize=1 -o "$work/place.json" \
    || fail "looking up place $1: $(cat "$work/place.json")"
  local id; id="$(first_id "$work/place.json")"
  [ -n "$id" ] || fail "no place is named $1 (did 20-places.sh run?)"
  printf '%s' "$id"
}

create() { # create <what> <key> <uri> <json>: POST with an Idempotency-Key; remembers the id under <key>
  local status
  status="$(curl -sS "${auth[@]}" -o "$work/created.json" -w '%{http_code}' -X POST "$LABELLING_URL$3" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: demo-labelling/$1/$2" --data-binary "$4")"
  case "$status" in
    201) created=$((created + 1)) ;;
    200) existing=$((existing + 1)) ;;
    *) fail "$1 $2: HTTP $status: $(cat "$work/created.json")" ;;
  esac
  ids["$2"]="$(first_id "$work/created.json")"
}

step() { # step <key> <uri> <etag> <json>: one If-Match transition
  local status
  status="$(curl -sS "${auth[@]}" -o "$work/step.json" -w '%{http_code}' -X POST "$LABELLING_URL$2" \
    -H 'Content-Type: application/json' -H "If-Match: $3" --data-binary "$4")"
  [ "$status" = 200 ] || fail "$1: POST $2: HTTP $status: $(cat "$work/step.json")"
  steps=$((steps + 1))
}

advance() { # advance <key> <target status> <decision day>: from the current status to the target, one step at a time
  local key="$1" target="$2" decided="$3" id="${ids[$1]}" uri status etag
  uri="/api/labelling/applications/$id"
  for _ in 1 2 3 4 5 6; do
    etag="$(curl -sS --fail-with-body "${auth[@]}" -D "$work/headers" -o "$work/application.json" "$LABELLING_URL$uri" \
      && grep -i '^etag:' "$work/headers" | cut -d' ' -f2- | tr -d '\r')" || fail "$key: GET $uri: $(cat "$work/application.json")"
    status="$(grep -o '"status":"[a-z-]*"' "$work/application.json" | head -n 1 | cut -d'"' -f4)"
    [ "$status" = "$target" ] && return 0
    case "$target:$status" in
      withdrawn:*) step "$key" "$uri/withdrawal" "$etag" '{"reason":"Le collectif reporte sa candidature à l'\''an prochain."}' ;;
      granted:drafted) if grep -q '"mode":"open-brand"' "$work/application.json"; then
          step "$key" "$uri/charter-signature" "$etag" "{\"signatory\":\"la présidente\",\"signedOn\":\"$decided\",\"declaresCriteriaMet\":true}"
        else
          step "$key" "$uri/submission" "$etag" '{}'
        fi ;;
      *:drafted) step "$key" "$uri/submission" "$etag" '{}' ;;
      incomplete:submitted) step "$key" "$uri/incompleteness" "$etag" '{"missing":["Bilan d'\''activité de l'\''année passée"]}' ;;
      *:submitted | *:completed) step "$key" "$uri/admissibility" "$etag" '{"admissible":true}' ;;
      *:admissible) step "$key" "$uri/instruction" "$etag" '{}' ;;
      granted:under-instruction) step "$key" "$uri/jury-decision" "$etag" \
        "{\"verdict\":\"granted\",\"decidedOn\":\"$decided\",\"conditions\":[\"Un rapport de suivi chaque année\"]}" ;;
      rejected:under-instruction) step "$key" "$uri/jury-decision" "$etag" \
        "{\"verdict\":\"rejected\",\"decidedOn\":\"$decided\",\"reason\":\"Le collectif est encore trop restreint ; candidature encouragée à la prochaine vague.\"}" ;;
      *) fail "$key: no way from $status to $target" ;;
    esac
  done
  fail "$key: still $status after six steps towards $target"
}

while IFS=$'\t' read -r kind key a b c d e f; do
  case "$kind" in
    scheme)
      create scheme "$key" /api/labelling/schemes "{\"ownerId\":\"$(actor_id "$a")\",${b#\{}" ;;
    campaign)
      create campaign "$key" /api/labelling/campaigns \
        "{\"schemeId\":\"${ids[$a]}\",\"opensOn\":\"$(day "$b")\",\"closesOn\":\"$(day "$c")\",${d#\{}" ;;
    application)
      case "$c" in
        territory=*)
          territory="${c%% *}" territory="${territory#territory=}" collective="${c#* collective=}" members=""
          IFS=',' read -ra identifiers <<<"$collective"
          for identifier in "${identifiers[@]}"; do members+="${members:+,}\"$(actor_id "$identifier")\""; done
          holder="{\"territory\":\"$territory\",\"collective\":[$members]}" ;;
        actor=*) holder="{\"id\":\"$(actor_id "${c#actor=}")\"}" ;;
        place=*) holder="{\"id\":\"$(place_id "${c#place=}")\"}" ;;
        *) fail "$key: holder '$c' is neither territory=, actor= nor place=" ;;
      esac
      campaign=""; [ "$b" != - ] && campaign=",\"campaignId\":\"${ids[$b]}\""
      create application "$key" /api/labelling/applications "{\"schemeId\":\"${ids[$a]}\"$campaign,\"holder\":$holder,\"evidence\":$f}"
      advance "$key" "$d" "$(day "$e")" ;;
    '' | '#'*) ;;
    *) fail "unknown line kind '$kind' in $here/labelling.tsv" ;;
  esac
done <"$here/labelling.tsv"

log "$created created, $existing already there, $steps application steps taken"
