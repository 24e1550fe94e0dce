#!/usr/bin/env bash
# The benchmark command (README "Benchmarks"; not part of ./test.sh): starts PostgreSQL and RabbitMQ if needed,
# builds the services and the benchmark in Release, and runs bench/SocialTech.Benchmarks with the named scenarios
# (all without names). Prints a table; writes bench/results/latest.json (git-ignored).
# Settings: BENCH_ROUNDS (4), BENCH_ROUND_SECONDS (5), BENCH_WARMUP_SECONDS (10, per case), BENCH_GRANTS (1000000, funding-flows).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

deploy/local/servers.sh >&2
build/purge-shim.sh >&2
# shellcheck disable=SC1091
. deploy/local/.run/connections.env

# A virtual host of its own: a service started here must never consume from a running platform's queues.
vhost=socialtech-bench
mq_user="$(sed -E 's#amqp://([^:]+):.*#\1#' <<<"$SOCIALTECH_RABBITMQ")"
mq_password="$(sed -E 's#amqp://[^:]+:([^@]+)@.*#\1#' <<<"$SOCIALTECH_RABBITMQ")"
curl -fsS -u "$mq_user:$mq_password" -X PUT "${SOCIALTECH_RABBITMQ_MANAGEMENT%/}/api/vhosts/$vhost" >/dev/null
curl -fsS -u "$mq_user:$mq_password" -X PUT -H 'Content-Type: application/json' \
  -d '{"configure":".*","write":".*","read":".*"}' "${SOCIALTECH_RABBITMQ_MANAGEMENT%/}/api/permissions/$vhost/$mq_user" >/dev/null

dotnet build bench/SocialTech.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly >&2

export SOCIALTECH_POSTGRES SOCIALTECH_REPOSITORY="$PWD" SOCIALTECH_BENCH_RABBITMQ="${SOCIALTECH_RABBITMQ%/}/$vhost"
exec dotnet bench/SocialTech.Benchmarks/bin/Release/net10.0/SocialTech.Benchmarks.dll "$@"
