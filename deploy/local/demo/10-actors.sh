#!/usr/bin/env bash
# Loads the demo organisations (actors.csv, next to this script) through the Actors bulk import, as a user would
# upload them. Idempotent by the import's own rule: every row has a natural key (SIREN, RNA, or else its name and
# commune), so a second run reports each row as a duplicate and creates nothing. Fails if any row is invalid: the
# platform would be up without part of the data the README promises.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${ACTORS_URL:?ACTORS_URL is not set (up.sh exports every line of .run/urls.env)}"

log() { printf '[demo/actors] %s\n' "$*"; }
# Writes need a token: up.sh exports an admin one (deploy/local/mint-token.sh).
auth=(); [ -n "${SOCIALTECH_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $SOCIALTECH_TOKEN")

started_at="$(date +%s.%N)"
report="$(curl -sS --max-time 300 --fail-with-body "${auth[@]}" -X POST -H 'Content-Type: text/csv' \
  --data-binary "@$here/actors.csv" "$ACTORS_URL/api/actors/imports")" || {
  printf '[demo/actors] error: POST %s/api/actors/imports failed:\n%s\n' "$ACTORS_URL" "$report" >&2
  exit 1
}
elapsed="$(awk -v s="$started_at" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')"

# The report opens with its totals ({"totals":{"rows":…,"created":…,"duplicate":…,"invalid":…}, …}): read them
# with a bash pattern, so the loader needs nothing beyond curl.
totals_re='^\{"totals":\{"rows":([0-9]+),"created":([0-9]+),"duplicate":([0-9]+),"invalid":([0-9]+)\}'
if ! [[ "$report" =~ $totals_re ]]; then
  printf '[demo/actors] error: unexpected answer from %s/api/actors/imports:\n%.2000s\n' "$ACTORS_URL" "$report" >&2
  exit 1
fi
rows="${BASH_REMATCH[1]}" created="${BASH_REMATCH[2]}" duplicate="${BASH_REMATCH[3]}" invalid="${BASH_REMATCH[4]}"
log "$rows rows in ${elapsed} s: $created created, $duplicate already there, $invalid invalid"

if [ "$invalid" -ne 0 ]; then
  echo "[demo/actors] error: invalid rows in $here/actors.csv:" >&2
  if command -v jq >/dev/null; then
    jq -c '.rows[] | select(.status == "invalid")' <<<"$report" >&2
  else
    printf '%s\n' "$ACTORS_URL" "$report" >&2
  fi
  exit 1
fi
