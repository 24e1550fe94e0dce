#!/usr/bin/env bash
# The README's first command: brings the whole platform up on this machine, with no Docker and no systemd.
# Starts PostgreSQL and RabbitMQ (installing them first if missing), creates the services' databases, publishes
# every service listed in services.tsv, restarts the instances a previous run started, waits until each /health
# says Healthy, loads demo data (deploy/local/demo/*.sh), then prints the URLs and writes them to .run/urls.env.
# Safe to run again: servers, credentials, databases and data are reused; services restart on the new build.
# OTEL_EXPORTER_OTLP_ENDPOINT, when set in the caller's environment, reaches the services (OTLP export on).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
started_at=$SECONDS
health_timeout="${SOCIALTECH_HEALTH_TIMEOUT:-120}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[up] %s\n' "$*"; }
fail() { printf '[up] error: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null ||
  fail "the .NET SDK is not installed (the version global.json names); see https://learn.microsoft.com/dotnet/core/install/linux-debian"
load_services
mkdir -p "$run" "$pids" "$logs" "$bins"

databases=()
for database in "${svc_databases[@]}"; do [ "$database" = - ] || databases+=("$database"); done
# Two runtimes on the same databases would run two sets of consumers and daemons side by side: refuse.
clash="$(other_database_users "${databases[@]}")"
[ -z "$clash" ] || fail "the databases ${databases[*]} are already used by another runtime (the AppHost, or another checkout's up.sh); stop it first:
$clash"

# A port held by a process this checkout did not start would fail a service late; say so before building.
check_ports() {
  local i
  for i in "${!svc_names[@]}"; do
    if ! running_pid "${svc_names[$i]}" >/dev/null && port_open "${svc_ports[$i]}"; then
      fail "port ${svc_ports[$i]} (for ${svc_names[$i]}) is taken by a process this checkout did not start (the AppHost, or another checkout's up.sh?); stop it, or change the port in $local_dir/services.tsv"
    fi
  done
}
check_ports

# --- servers and databases ------------------------------------------------------------------------------------
# The generated role owns the databases (it has CREATEDB), so the services never need the postgres superuser.
"$local_dir/servers.sh" --databases "${databases[*]}"
# shellcheck disable=SC1091
. "$run/credentials.env"
# shellcheck disable=SC1091
. "$run/connections.env"

# Tokens: the development signing key (generated once, never committed) for the services, an admin token for the
# demo loaders, and service discovery entries (services:<name>:http:0) so the gateway, the portal and Funding's SCDL import find the
# services they call.
ensure_signing_key
discovery=()
for i in "${!svc_names[@]}"; do
  # Discovery names are the gateway's cluster addresses, the services' resource names everywhere else
  # (http://actors-api… and http://networks-api for IncubatorNetworks), and the bare name (http://portal).
  discovery_name="${svc_names[$i],,}" && discovery_name="${discovery_name#incubator}"
  discovery+=("services__${discovery_name}-api__http__0=http://127.0.0.1:${svc_ports[$i]}"
    "services__${discovery_name}__http__0=http://127.0.0.1:${svc_ports[$i]}")
done

# --- build ----------------------------------------------------------------------------------------------------
# A cached copy of the old compatibility shim must go before any restore (build/purge-shim.sh).
"$root/build/purge-shim.sh"
publish_started_at=$SECONDS
# Publish into a staging folder while the old instances still run: their files are not overwritten under them,
# and a failed build leaves the running platform as it was. One project at a time (2 cores; the shared projects
# build once, the later publishes reuse them).
for i in "${!svc_names[@]}"; do
  name="${svc_names[$i]}"
  log "publishing $name"
  rm -rf "$bins/$name.new"
  if ! dotnet publish "$root/${svc_projects[$i]}" -c Release -o "$bins/$name.new" --nologo -v quiet \
    -clp:ErrorsOnly >"$logs/$name.build.log" 2>&1; then
    tail -n 40 "$logs/$name.build.log" >&2
    fail "publishing $name failed (full output: $logs/$name.build.log); the running services were left as they were"
  fi
done

log "published in $((SECONDS - publish_started_at)) s"

# --- (re)start ------------------------------------------------------------------------------------------------

for name in "${svc_names[@]}"; do stop_service "$name"; done
# Queues kept from before the in-order consumers were single-active-consumer go while nothing consumes them
# (deploy/local/in-order-queues.sh; one that still holds messages stops up.sh, naming it).
vhost="$(printf '%s' "$SOCIALTECH_RABBITMQ" | sed -E 's#^amqp://[^/]*/?##')"
vhost="$(printf '%b' "${vhost//%/\\x}")"
"$local_dir/in-order-queues.sh" "${vhost:-/}" || fail "the broker keeps messages in a queue that must be declared anew (above)"
# Again now that ours are stopped, and for every port before starting anything, so a clash leaves no
# half-started platform behind.
check_ports

for i in "${!svc_names[@]}"; do
  name="${svc_names[$i]}" port="${svc_ports[$i]}" database="${svc_databases[$i]}"
  rm -rf "${bins:?}/$name"
  mv "$bins/$name.new" "$bins/$name"
  dll="$bins/$name/$(basename "${svc_projects[$i]}" .csproj).dll"
  if [ -f "$logs/$name.log" ]; then mv "$logs/$name.log" "$logs/$name.previous.log"; fi
  log "starting $name on http://127.0.0.1:$port"
  # setsid: the service outlives this script and the terminal it ran in. The inner shell writes its own pid,
  # then execs dotnet, so the pid file names the service process itself. It starts in the published folder
  # because ASP.NET Core takes the working directory as content root, where it reads appsettings.json.
  connection=()
  [ "$database" = - ] || connection=("ConnectionStrings__$database=$SOCIALTECH_POSTGRES;Database=$database")
  # shellcheck disable=SC2016 # $$ and "$@" are the inner shell's.
  env ASPNETCORE_ENVIRONMENT=Development \
    "${connection[@]}" \
    ConnectionStrings__messaging="$SOCIALTECH_RABBITMQ" \
    Auth__SigningKey="$SOCIALTECH_AUTH_SIGNING_KEY" Auth__Issuer="$auth_issuer" Auth__Audience="$auth_audience" \
    "${discovery[@]}" \
    setsid bash -c 'cd "$1" && echo $$ >"$2" && shift 2 && exec "$@"' _ "$bins/$name" "$pids/$name.pid" \
    dotnet "$dll" --urls "http://127.0.0.1:$port" </dev/null >"$logs/$name.log" 2>&1 &
done

# --- wait for health ------------------------------------------------------------------------------------------
# Healthy means PostgreSQL answers and RabbitMQ is connected (a broker outage reports Degraded): the platform is
# only "up" when both work.
unhealthy() { # $1 name, $2 why
  printf '[up] error: %s is not healthy: %s\n[up] last lines of %s:\n' "$1" "$2" "$logs/$1.log" >&2
  tail -n 40 "$logs/$1.log" >&2 || true
  printf '[up] the other services keep running; deploy/local/down.sh stops them\n' >&2
  exit 1
}
health_started_at=$SECONDS
deadline=$((SECONDS + health_timeout))
for i in "${!svc_names[@]}"; do
  name="${svc_names[$i]}" port="${svc_ports[$i]}"
  for _ in 1 2 3 4 5 6 7 8 9 10; do [ -f "$pids/$name.pid" ] && break; sleep 0.2; done
  body=""
  while true; do
    running_pid "$name" >/dev/null || unhealthy "$name" "the process exited"
    body="$(curl -sS --max-time 5 "http://127.0.0.1:$port/health" 2>&1)" || true
    [[ "$body" == '{"status":"Healthy"'* ]] && break
    [ "$SECONDS" -lt "$deadline" ] || unhealthy "$name" "no Healthy /health within ${health_timeout} s (last answer: ${body:-none})"
    sleep 1
  done
  log "$name is healthy ($((SECONDS - health_started_at)) s after start)"
done

# --- URLs -----------------------------------------------------------------------------------------------------
{
  for i in "${!svc_names[@]}"; do printf '%s_URL=http://127.0.0.1:%s\n' "${svc_keys[$i]}" "${svc_ports[$i]}"; done
  printf 'RABBITMQ_MANAGEMENT_URL=%s\n' "${SOCIALTECH_RABBITMQ_MANAGEMENT%/}"
} >"$run/urls.env.new"
mv "$run/urls.env.new" "$run/urls.env"

# --- demo data ---------------------------------------------------------------------------------------------
# demo/load.sh loads every data set through the gateway with an admin token, as a user would (each loader is
# idempotent). A failing loader fails up.sh: the platform would be up without the data the README promises.
log "loading demo data"
# shellcheck disable=SC1091
(set -a && . "$run/urls.env" && exec "$local_dir/demo/load.sh") || fail "loading the demo data failed"

# --- report ---------------------------------------------------------------------------------------------------
echo
printf '%-18s %-24s %-31s %s\n' service API health 'API reference'
for i in "${!svc_names[@]}"; do
  url="http://127.0.0.1:${svc_ports[$i]}"
  printf '%-18s %-24s %-31s %s\n' "${svc_names[$i]}" "$url" "$url/health" "$url/scalar"
done
printf '%-18s %s (user %s, password in %s)\n' RabbitMQ "${SOCIALTECH_RABBITMQ_MANAGEMENT%/}" \
  "$SOCIALTECH_MQ_USER" "${run#"$root"/}/credentials.env"
for i in "${!svc_names[@]}"; do
  if [ "${svc_names[$i]}" = Gateway ]; then
    echo
    printf 'Entry point: http://127.0.0.1:%s (every API under /api, the combined reference at /scalar)\n' "${svc_ports[$i]}"
    printf 'Tokens:      deploy/local/mint-token.sh --role admin (README: Access control)\n'
  fi
done
echo
log "up in $((SECONDS - started_at)) s; URLs in ${run#"$root"/}/urls.env, logs in ${logs#"$root"/}/, stop with deploy/local/down.sh"
