#!/usr/bin/env bash
# Runs once, on the first start of the postgres container (empty data volume): one database per service, as the
# services never share one (docs/architecture.md). The names come from SOCIALTECH_DATABASES in compose.yaml.
set -euo pipefail
for database in ${SOCIALTECH_DATABASES}; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -c "CREATE DATABASE \"${database}\" OWNER \"${POSTGRES_USER}\";"
done
