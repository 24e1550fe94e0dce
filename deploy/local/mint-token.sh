#!/usr/bin/env bash
# Prints a bearer token for the local platform, signed with the development key (README: Access control).
#   deploy/local/mint-token.sh --role network --id <network id> [--sub <subject>] [--ttl 8h]
# Roles: public-authority, network (--id: its network id), funder (--id: its actor id), label-owner (--id: its
# actor id), actor (--id: its actor id), operator, admin. --ttl: seconds, or a number followed by m, h or d (default 8h). The key is the
# local runtime's (generated on first use), or SOCIALTECH_AUTH_SIGNING_KEY when set.
# Use it as: curl -H "Authorization: Bearer $(deploy/local/mint-token.sh --role admin)" …
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
role="" id="" sub="" ttl=8h
while [ $# -gt 0 ]; do
  case "$1" in
    --role) role="${2:-}"; shift 2 ;;
    --id) id="${2:-}"; shift 2 ;;
    --sub) sub="${2:-}"; shift 2 ;;
    --ttl) ttl="${2:-}"; shift 2 ;;
    -h | --help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done

guid_re='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
case "$role" in
  network) claim=network_id ;;
  funder) claim=funder_id ;;
  label-owner) claim=label_owner_id ;;
  actor) claim=actor_id ;;
  public-authority | operator | admin) claim="" ;;
  *) echo "--role must be public-authority, network, funder, label-owner, actor, operator or admin" >&2; usage ;;
esac
if [ -n "$claim" ] && ! [[ "$id" =~ $guid_re ]]; then
  echo "--role $role needs --id <guid> (the id its $claim claim carries)" >&2
  exit 2
fi
case "$ttl" in
  *[0-9]d) seconds=$((${ttl%d} * 86400)) ;;
  *[0-9]h) seconds=$((${ttl%h} * 3600)) ;;
  *[0-9]m) seconds=$((${ttl%m} * 60)) ;;
  *[0-9]s) seconds="${ttl%s}" ;;
  *) seconds="$ttl" ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "--ttl: seconds, or a number followed by m, h or d" >&2; exit 2; }

# The key in the environment wins (tests, or a key kept elsewhere); otherwise the local runtime's.
[ -n "${SOCIALTECH_AUTH_SIGNING_KEY:-}" ] || ensure_signing_key
now="$(date +%s)"
sub="${sub:-$role${id:+:$id}}"
payload="{\"iss\":\"$auth_issuer\",\"aud\":\"$auth_audience\",\"sub\":\"$sub\",\"role\":\"$role\",\"iat\":$now,\"nbf\":$now,\"exp\":$((now + seconds))${claim:+,\"$claim\":\"$id\"}}"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
unsigned="$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url).$(printf '%s' "$payload" | b64url)"
key_hex="$(printf '%s' "$SOCIALTECH_AUTH_SIGNING_KEY" | openssl base64 -d -A | od -An -tx1 | tr -d ' \n')"
signature="$(printf '%s' "$unsigned" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | b64url)"
printf '%s.%s\n' "$unsigned" "$signature"
