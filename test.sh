#!/usr/bin/env bash
# The test command (README, .ci/run): starts the real PostgreSQL and RabbitMQ the tests need (installing them from
# Debian packages on first use), removes a cached copy of the old Marten compatibility shim, then runs every test of the CI solution
# filter, the AppHost and its test (tests/AppHost.Tests) among them. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

deploy/local/servers.sh
build/purge-shim.sh

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test SocialTech.CI.slnf -c Release --nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test projects.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
