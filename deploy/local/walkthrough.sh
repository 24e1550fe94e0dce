#!/usr/bin/env bash
# A new user's walk through the README, on a running platform (deploy/local/up.sh), through the gateway alone
# ($GATEWAY_URL from .run/urls.env) and with tokens minted as the README says (deploy/local/mint-token.sh): the
# front door and the portal, the quick start, access control, Actors, places and territories, Funding as a funder
# and as a public authority importing SCDL, the open flows and exports, a label campaign run by its owner, a network
# publishing over HTTP, the feeds and the register, then the 401/403/429 answers. Every step checks its status code
# and a field of the answer, prints one line, and the script stops at the first wrong answer. smoke.sh runs it.
# What it creates carries this run's stamp in its names, so that runs never collide; the quick start's actor is the
# README's own, registered once (its Idempotency-Key replays it). The networks' AMQP path does not go through the
# gateway (README: For incubator networks): 50-networks.sh exercises it.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v jq >/dev/null || { echo "[walk] error: needs jq (apt-get install -y jq)" >&2; exit 1; }
if [ -z "${GATEWAY_URL:-}" ]; then
  [ -s "$run/urls.env" ] || { echo "[walk] error: no $run/urls.env: run deploy/local/up.sh first" >&2; exit 1; }
  # shellcheck disable=SC1091
  . "$run/urls.env"
fi
gw="${GATEWAY_URL:?}"
work="$(mktemp -d)"
trap 'rm -rf "$work"; [ -z "${live_pid:-}" ] || kill "$live_pid" 2>/dev/null || true' EXIT
started_at=$SECONDS
stamp="$(date -u +%Y%m%dT%H%M%S)"
epoch="$(date -u +%s)"
today="$(date -u +%F)"
n=0

# --- one request, one check ----------------------------------------------------------------------------------
# call METHOD PATH [curl arguments…]: the answer's status in $status, body in $work/body, headers in $work/headers.
call() {
  local method="$1" path="$2"
  shift 2
  last="$method $path"
  status="$(curl -sS -o "$work/body" -D "$work/headers" -w '%{http_code}' --max-time 60 -X "$method" "$gw$path" "$@")" || status=000
}
# expect WHAT STATUS CHECK: CHECK is a jq filter that must be true on the JSON body, or ~TEXT that the body must
# contain, or "" for none. Prints the step's line, or the answer and exits.
expect() {
  local what="$1" want="$2" check="${3:-}" ok=true
  n=$((n + 1))
  [ "$status" = "$want" ] || ok=false
  if $ok && [ -n "$check" ]; then
    case "$check" in
      '~'*) grep -qF -- "${check#\~}" "$work/body" || ok=false ;;
      *) jq -e "$check" "$work/body" >/dev/null 2>&1 || ok=false ;;
    esac
  fi
  if $ok; then
    printf '[walk] ok   %2d %-62s %s %s\n' "$n" "$what" "$status" "$last"
  else
    printf '[walk] FAIL %2d %s\n     %s -> %s (expected %s%s)\n' "$n" "$what" "$last" "$status" "$want" "${check:+ and $check}" >&2
    head -c 1500 "$work/body" >&2
    echo >&2
    exit 1
  fi
}
json() { jq -r "$1" "$work/body"; }
header() { grep -i "^$1:" "$work/headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }
bearer() { printf 'Authorization: Bearer %s' "$1"; }
mint() { "$local_dir/mint-token.sh" "$@"; }
# until_status STATUS METHOD PATH [curl arguments…]: repeats a read (at most 60 s) until it answers STATUS: what
# another service learns from the bus arrives a moment after the write.
until_status() {
  local want="$1"
  shift
  for _ in $(seq 1 60); do
    call "$@"
    [ "$status" = "$want" ] && return 0
    sleep 1
  done
}
register() { # register TOKEN NAME KIND: an actor in Dordogne (Ribérac); prints its id
  call POST /api/actors -H "$(bearer "$1")" -H 'Content-Type: application/json' -H "Idempotency-Key: walkthrough/$stamp/$2" \
    -d "{\"name\":\"$2\",\"kinds\":[\"$3\"],\"headOfficeCommuneCode\":\"24352\"}"
}

# --- the front door ------------------------------------------------------------------------------------------
echo "[walk] through $gw only"
call GET /
expect "portal home page at /" 200 '~<html'
# The pages are rendered on the server (static SSR): the figures are in the HTML of one GET. The live feed is the one
# interactive component: its script, the circuit's negotiation and its WebSocket must all pass the gateway. What the
# pages show is the portal's browser tests' business.
call GET /territoire/departement/24
expect "portal territory page (funding flows) rendered on the server" 200 '~id="total-attribue"'
call GET /territoire/departement/24/direct
expect "portal live page holds its interactive feed" 200 '~<!--Blazor:'
call GET /_framework/blazor.web.js
expect "the portal's Blazor script" 200 '~Blazor'
call POST '/_blazor/negotiate?negotiateVersion=1'
expect "portal's Blazor circuit negotiates through the gateway" 200 '.connectionToken | length > 0'
connection_token="$(json .connectionToken)"
n=$((n + 1))
upgrade="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 3 -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
  -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: c29jaWFsdGVjaC13YWxrIQ==' \
  "$gw/_blazor?id=$connection_token" 2>/dev/null || true)"
[ "$upgrade" = 101 ] || { echo "[walk] FAIL $n the portal's WebSocket /_blazor through the gateway: $upgrade, expected 101" >&2; exit 1; }
printf '[walk] ok   %2d %-62s %s %s\n' "$n" "portal's WebSocket upgrade on /_blazor" 101 "GET /_blazor"
call GET /scalar -L
expect "combined API reference /scalar" 200 '~<'
call GET /openapi/v1.json
expect "combined OpenAPI holds every service's paths" 200 \
  '.paths | has("/api/actors") and has("/api/funding/grants") and has("/api/labelling/register") and has("/api/networks")'

# --- quick start and access control --------------------------------------------------------------------------
admin="$(mint --role admin --sub walkthrough:admin --ttl 30m)"
operator="$(mint --role operator --sub walkthrough:operator --ttl 30m)"
authority="$(mint --role public-authority --sub walkthrough:public-authority --ttl 30m)"
call POST /api/actors -H 'Content-Type: application/json' -d '{"name":"Recyclerie de Ribérac","kinds":["association"],"headOfficeCommuneCode":"24352"}'
expect "a write without a token" 401 '.status == 401'
call POST /api/actors -H 'Authorization: Bearer not.a.token' -H 'Content-Type: application/json' -d '{}'
expect "a write with an invalid token" 401 '.detail | test("invalid")'
# The README's quick-start command, with an Idempotency-Key so that running this again registers nothing new.
call POST /api/actors -H "$(bearer "$admin")" -H 'Content-Type: application/json' -H 'Idempotency-Key: walkthrough/quick-start' \
  -d '{"name":"Recyclerie de Ribérac","kinds":["association"],"headOfficeCommuneCode":"24352"}'
case "$status" in 200) want=200 ;; *) want=201 ;; esac
expect "quick start: register an actor as admin" "$want" '.name == "Recyclerie de Ribérac"'
recyclerie="$(json .id)"

# --- Actors, places, territories -----------------------------------------------------------------------------
call GET '/api/actors?territory=departement:24&kind=association&status=active&pageSize=5'
expect "search actors in Dordogne (open data)" 200 '.items | length > 0'
call GET "/api/actors/$recyclerie"
expect "an actor's profile, with its ETag" 200 ".id == \"$recyclerie\""
[ -n "$(header ETag)" ] || { echo "[walk] FAIL the profile has no ETag" >&2; exit 1; }
call GET "/api/actors/$recyclerie/history"
expect "an actor's history" 200 'length > 0'
call POST /api/actors/imports -H "$(bearer "$operator")" -H 'Content-Type: text/csv' --data-binary "@$local_dir/demo/actors.csv"
expect "bulk import of actors.csv as operator (again: nothing new)" 200 '.totals.rows == 102 and .totals.created == 0'
call GET '/api/places?territory=departement:24'
expect "search places (tiers-lieux) in Dordogne" 200 '.items | length > 0'
call GET '/api/territories?q=rib%C3%A9rac&level=commune'
expect "search territories by name" 200 '[.items[] | .code] | index("24352") != null'
call GET /api/territories/resolve/01
expect "resolve a code at every level" 200 '[.matches[].name] == ["Guadeloupe", "Ain"]'
call GET /api/territories/departement/24
expect "a territory's details" 200 '.name == "Dordogne"'
call GET '/api/territories/departement/24/children?childLevel=commune&pageSize=5'
expect "a territory's children" 200 '.totalItems > 400'

# --- Funding: a funder's own programme and grant -------------------------------------------------------------
register "$operator" "Fondation Parcours $stamp" foundation
expect "register the funder's organisation as operator" 201 '.id'
funder_id="$(json .id)"
funder="$(mint --role funder --id "$funder_id" --ttl 30m)"
until_status 200 GET "/api/funding/actors/$funder_id"
expect "Funding's directory knows the funder (from the bus)" 200 ".id == \"$funder_id\""
until_status 200 GET "/api/funding/actors/$recyclerie"
expect "Funding's directory knows the recipient" 200 ".id == \"$recyclerie\""
call POST /api/funding/funders -H "$(bearer "$funder")" -H 'Content-Type: application/json' \
  -d "{\"actorId\":\"$funder_id\",\"funderType\":\"foundation\"}"
expect "the funder declares itself" 201 '.funderType == "foundation"'
call POST /api/funding/programmes -H "$(bearer "$funder")" -H 'Content-Type: application/json' -H "Idempotency-Key: walkthrough/$stamp/programme" \
  -d "{\"name\":\"Programme Parcours $stamp\",\"funders\":[\"$funder_id\"],\"instructingBodies\":[\"$funder_id\"],\"themes\":[\"ess\"],\"beneficiaryKinds\":[\"association\"],\"aidTypes\":[\"grant\"],\"eligibleTerritories\":[\"departement:24\"],\"opensOn\":\"2026-01-01\",\"callForProjects\":false,\"budgetEnvelope\":100000}"
expect "the funder publishes its programme" 201 '.id'
programme="$(json .id)"
call POST /api/funding/grants -H "$(bearer "$funder")" -H 'Content-Type: application/json' -H "Idempotency-Key: walkthrough/$stamp/grant" \
  -d "{\"funders\":[{\"funderId\":\"$funder_id\",\"amount\":12000}],\"recipientId\":\"$recyclerie\",\"programmeId\":\"$programme\",\"purpose\":\"Atelier de réparation\",\"amount\":12000,\"decisionDate\":\"$today\",\"plannedStart\":\"$today\",\"plannedEnd\":\"$today\"}"
expect "the funder awards a grant" 201 '.id'
grant="$(json .id)"
call GET "/api/funding/grants/$grant" -H "$(bearer "$funder")"
expect "the funder reads its grant" 200 '.awarded == 12000'
call GET "/api/funding/grants/$grant" -H "$(bearer "$authority")"
expect "a public authority reads the grant's details" 200 ".id == \"$grant\""
call GET "/api/funding/grants/$grant"
expect "a grant's details without a token" 401 ''
other_funder="$(mint --role funder --id "$(cat /proc/sys/kernel/random/uuid)" --ttl 10m)"
call GET "/api/funding/grants/$grant" -H "$(bearer "$other_funder")"
expect "another funder reads the grant" 403 '.status == 403'
call POST /api/funding/programmes -H "$(bearer "$other_funder")" -H 'Content-Type: application/json' \
  -d "{\"name\":\"Pas le mien\",\"funders\":[\"$funder_id\"],\"instructingBodies\":[\"$funder_id\"],\"themes\":[\"ess\"],\"beneficiaryKinds\":[\"association\"],\"aidTypes\":[\"grant\"],\"eligibleTerritories\":[\"departement:24\"],\"opensOn\":\"2026-01-01\",\"callForProjects\":false,\"budgetEnvelope\":1}"
expect "another funder publishes a programme in its name" 403 '.status == 403'
call POST /api/actors -H "$(bearer "$funder")" -H 'Content-Type: application/json' -d '{"name":"x","kinds":["association"],"headOfficeCommuneCode":"24352"}'
expect "a funder registers an actor (wrong role)" 403 '.status == 403'

# --- open data: flows, Sankey, exports; SCDL import as a public authority ------------------------------------
call GET '/api/funding/flows/by-territory?territory=departement:24&level=commune'
expect "flows by territory, anonymously" 200 '.total > 0 and (.groups.items | length > 0)'
call GET '/api/funding/flows/by-funder?territory=departement:24'
expect "flows by funder, anonymously" 200 '.groups.items | length > 0'
call GET '/api/funding/flows/qpv-rural?territory=region:84'
expect "QPV and rural shares" 200 '.communesWithQpv.moneyShare >= 0 and .qpvCount >= 0'
call GET '/api/funding/flows/sankey?territory=region:84'
expect "the Sankey graph" 200 '.total > 0 and (.links | length > 0)'
call GET '/api/funding/exports/scdl?territory=departement:24'
expect "SCDL export" 200 '~nomAttribuant'
call GET '/api/funding/exports/360giving?territory=departement:24'
expect "360Giving export" 200 '.grants | length > 0'
call GET '/telechargements/scdl?territory=departement:24'
expect "the portal's SCDL download" 200 '~nomAttribuant'
printf 'nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;rnaBeneficiaire;objet;montant\n%s;%s;%s;%s;%s;%s;%s;%s\n' \
  'Département de la Dordogne' 222400012 "$today" "PARCOURS-$stamp" "Association Parcours $stamp" "W${epoch: -9}" \
  'Fête de la réparation' '2500,00' >"$work/scdl.csv"
call POST /api/funding/imports/scdl -H "$(bearer "$funder")" -H 'Content-Type: text/csv' --data-binary "@$work/scdl.csv"
expect "a funder imports an SCDL file (wrong role)" 403 '.status == 403'
call POST /api/funding/imports/scdl -H "$(bearer "$authority")" -H 'Content-Type: text/csv' --data-binary "@$work/scdl.csv"
expect "a public authority imports an SCDL file" 200 '.totals.created == 1 and (.registeredActors | length == 1)'

# --- Labelling: a campaign run by its owner ------------------------------------------------------------------
register "$operator" "Agence du label Parcours $stamp" association
expect "register the label owner's organisation" 201 '.id'
owner_id="$(json .id)"
owner="$(mint --role label-owner --id "$owner_id" --sub "label-owner:$owner_id:jury-secretary" --ttl 30m)"
call POST /api/labelling/schemes -H "$(bearer "$owner")" -H 'Content-Type: application/json' -H "Idempotency-Key: walkthrough/$stamp/scheme" \
  -d "{\"ownerId\":\"$owner_id\",\"name\":\"Label Parcours $stamp\",\"labels\":\"organisation\",\"mode\":\"obtention\",\"criteria\":[{\"code\":\"P1\",\"wording\":\"Un atelier ouvert au public\",\"evidence\":\"Programme\"}],\"validity\":{\"years\":1}}"
expect "the label owner publishes its scheme" 201 '.id'
scheme="$(json .id)"
call POST /api/labelling/campaigns -H "$(bearer "$owner")" -H 'Content-Type: application/json' -H "Idempotency-Key: walkthrough/$stamp/campaign" \
  -d "{\"schemeId\":\"$scheme\",\"name\":\"Vague Parcours\",\"opensOn\":\"$today\",\"closesOn\":\"$(date -u -d '+30 days' +%F)\"}"
expect "the label owner plans a campaign" 201 '.id'
campaign="$(json .id)"
call POST /api/labelling/applications -H "$(bearer "$authority")" -H 'Content-Type: application/json' -H "Idempotency-Key: walkthrough/$stamp/application" \
  -d "{\"schemeId\":\"$scheme\",\"campaignId\":\"$campaign\",\"holder\":{\"id\":\"$recyclerie\"},\"evidence\":[{\"criterionCode\":\"P1\",\"reference\":\"https://recyclerie.example.org/programme.pdf\"}]}"
expect "a public authority drafts an application" 201 '.status == "drafted"'
application="/api/labelling/applications/$(json .id)"
etag="$(header ETag)"
call GET "$application"
expect "an application without a token (not open data)" 401 ''
other_network="$(mint --role network --id "$(cat /proc/sys/kernel/random/uuid)" --ttl 10m)"
call POST "$application/withdrawal" -H "$(bearer "$other_network")" -H 'Content-Type: application/json' -H "If-Match: $etag" \
  -d '{"reason":"Un autre réseau retire la candidature"}'
expect "a network withdraws an application it did not draft" 403 '.detail | test("drafted")'
call GET "$application" -H "$(bearer "$authority")"
expect "the drafting authority reads its application, unchanged" 200 ".status == \"drafted\" and .draftedBy.role == \"public-authority\""
call POST "$application/submission" -H "$(bearer "$authority")" -H 'Content-Type: application/json' -H "If-Match: $etag" -d '{}'
expect "the public authority submits it" 200 '.status == "submitted"'
etag="$(header ETag)"
call POST "$application/admissibility" -H "$(bearer "$other_funder")" -H 'Content-Type: application/json' -H "If-Match: $etag" -d '{"admissible":true}'
expect "a funder decides admissibility (wrong role)" 403 '.status == 403'
stranger="$(mint --role label-owner --id "$(cat /proc/sys/kernel/random/uuid)" --ttl 10m)"
call POST "$application/admissibility" -H "$(bearer "$stranger")" -H 'Content-Type: application/json' -H "If-Match: $etag" -d '{"admissible":true}'
expect "another scheme's owner decides admissibility" 403 '.status == 403'
call POST "$application/admissibility" -H "$(bearer "$owner")" -H 'Content-Type: application/json' -H "If-Match: $etag" -d '{"admissible":true}'
expect "the owner declares it admissible" 200 '.status == "admissible"'
call POST "$application/instruction" -H "$(bearer "$owner")" -H 'Content-Type: application/json' -H "If-Match: $(header ETag)" -d '{}'
expect "the owner opens instruction" 200 '.status == "under-instruction"'
call POST "$application/jury-decision" -H "$(bearer "$owner")" -H 'Content-Type: application/json' -H "If-Match: $(header ETag)" \
  -d "{\"verdict\":\"granted\",\"decidedOn\":\"$today\",\"conditions\":[\"Un bilan annuel\"]}"
expect "the jury grants the label" 200 '.status == "granted"'
until_status 200 GET "/api/labelling/register?holder=$recyclerie&scheme=$scheme"
expect "the public register shows the label" 200 '.items | length == 1'
call GET '/api/labelling/register?territory=departement:24'
expect "the register of a territory" 200 '.items | length > 0'
call GET '/api/labelling/labels/expiring?within=P6M'
expect "labels expiring within six months" 200 '.items | length > 0'

# --- Networks: found as operator, publish as the network over HTTP, read the feeds ---------------------------
register "$operator" "Réseau Parcours $stamp" network-head
expect "register the network's head organisation" 201 '.id'
head_id="$(json .id)"
until_status 200 GET "/api/networks/actors/$head_id"
expect "the networks' directory knows the head (from the bus)" 200 ".id == \"$head_id\""
call POST /api/networks -H "$(bearer "$operator")" -H 'Content-Type: application/json' -H "Idempotency-Key: walkthrough/$stamp/network" \
  -d "{\"name\":\"Réseau Parcours $stamp\",\"headActorId\":\"$head_id\"}"
expect "an operator founds the network" 201 '.id'
network_id="$(json .id)"
network="$(mint --role network --id "$network_id" --ttl 8h)"
call POST "/api/networks/$network_id/hubs" -H "$(bearer "$network")" -H 'Content-Type: application/json' -H "If-Match: $(header ETag)" \
  -d "{\"name\":\"Antenne de Ribérac\",\"communeCode\":\"24352\",\"openedOn\":\"$today\"}"
expect "the network opens a hub" 200 '.hubs | length == 1'
call POST "/api/networks/$network_id/programmes" -H "$(bearer "$network")" -H 'Content-Type: application/json' \
  -d "{\"eventId\":\"parcours-001\",\"programmeRef\":\"INC-PARCOURS\",\"name\":\"Incubation rurale\",\"kind\":\"rural\",\"launchedOn\":\"$today\"}"
expect "the network launches a programme" 201 '.subject'
venture='{"eventId":"parcours-002","ventureRef":"V-1","name":"Ressourcerie du Ribéracois","programmeRef":"INC-PARCOURS","phase":"creation","communeCode":"24352","admittedOn":"'"$today"'"}'
call POST "/api/networks/$network_id/ventures" -H "$(bearer "$network")" -H 'Content-Type: application/json' -d "$venture"
expect "the network admits a venture" 201 '.subjectVersion >= 1'
call POST "/api/networks/$network_id/ventures" -H "$(bearer "$network")" -H 'Content-Type: application/json' -d "$venture"
expect "the same eventId again replays the first answer" 201 '.subject'
[ "$(header Idempotent-Replayed)" = true ] || { echo "[walk] FAIL the replay has no Idempotent-Replayed: true" >&2; exit 1; }
call GET "/api/networks/$network_id/ventures/V-1"
expect "the venture's state" 200 '.name == "Ressourcerie du Ribéracois"'
call POST "/api/networks/$(cat /proc/sys/kernel/random/uuid)/ventures" -H "$(bearer "$network")" -H 'Content-Type: application/json' -d "$venture"
expect "publishing under another network's id" 403 '.status == 403'
# The live feed, listened to through the gateway while the network publishes a public event.
curl -sS -N --max-time 30 "$gw/api/networks/feeds/live?network=$network_id" >"$work/live" 2>/dev/null &
live_pid=$!
sleep 2
call POST "/api/networks/$network_id/events" -H "$(bearer "$network")" -H 'Content-Type: application/json' \
  -d "{\"eventId\":\"parcours-003\",\"publicEventRef\":\"E-1\",\"title\":\"Portes ouvertes Parcours\",\"format\":\"open-day\",\"startsAt\":\"$(date -u -d '+10 days' +%F)T14:00:00+01:00\",\"endsAt\":\"$(date -u -d '+10 days' +%F)T18:00:00+01:00\",\"communeCode\":\"24352\",\"audiences\":[\"general-public\",\"entrepreneurs\"]}"
expect "the network schedules a public event" 201 '.subject'
for _ in $(seq 1 40); do grep -q 'Portes ouvertes Parcours' "$work/live" && break; sleep 0.5; done
n=$((n + 1))
if ! grep -q '^event: activity' "$work/live" || ! grep -q 'Portes ouvertes Parcours' "$work/live"; then
  echo "[walk] FAIL $n the live feed (server-sent events) did not carry the event:" >&2
  head -c 1000 "$work/live" >&2
  exit 1
fi
printf '[walk] ok   %2d %-62s %s %s\n' "$n" "the live feed pushed the event (server-sent events)" 200 "GET /api/networks/feeds/live"
kill "$live_pid" 2>/dev/null || true
live_pid=""
call GET "/api/networks/feed?network=$network_id"
expect "the network's feed" 200 '[.items[].summary] | any(test("Portes ouvertes Parcours"))'
call GET '/api/networks/feed?territory=departement:24&pageSize=5'
expect "the feed of a territory" 200 '.items | length > 0'
call GET "/api/networks/events.ics?network=$network_id"
expect "public events as iCalendar" 200 '~Portes ouvertes Parcours'
call GET "/api/networks/$network_id"
expect "the network with its hub" 200 '.hubs | length == 1'
call GET '/api/networks?territory=departement:24'
expect "search networks in Dordogne" 200 ".items | map(.id) | index(\"$network_id\") != null"
call GET /api/networks/schemas
expect "the AMQP message schemas" 200 '.kinds | length == 16'
call GET /api/networks/schemas/venture-admitted.json
# shellcheck disable=SC2016 # a jq key, not a shell variable
expect "one schema" 200 '."$schema" | test("2020-12")'

# --- rate limiting: an anonymous client beyond its allowance -------------------------------------------------
# Last, since it spends this address's allowance for the rest of the window.
for _ in $(seq 1 700); do printf 'url = "%s/api/territories/region/75"\noutput = /dev/null\n' "$gw"; done >"$work/burst"
n=$((n + 1))
curl -sS -K "$work/burst" -w '%{http_code}\n' >"$work/codes" 2>/dev/null || true
grep -q '^429$' "$work/codes" || { echo "[walk] FAIL $n 700 anonymous requests never answered 429" >&2; sort "$work/codes" | uniq -c >&2; exit 1; }
printf '[walk] ok   %2d %-62s %s %s\n' "$n" "anonymous burst answered 429 after $(grep -c '^200$' "$work/codes") answers" 429 "GET /api/territories/region/75"
call GET /api/territories/region/75
expect "the next one: 429 with Retry-After and problem details" 429 '.status == 429'
[ -n "$(header Retry-After)" ] || { echo "[walk] FAIL the 429 has no Retry-After" >&2; exit 1; }

echo "[walk] all $n steps passed in $((SECONDS - started_at)) s"
