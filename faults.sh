#!/usr/bin/env bash
# The long fault-injection run (docs/faults.md; not part of ./test.sh, which runs the same tests' quick variants):
# runs tests/FaultInjection.Tests with a longer load and a fault every FAULTS_EVERY seconds, and prints each fault's
# figures. The tests start disposable servers of their own for the run (deploy/local/fault-servers.sh) and stop them
# at the end, so that this can run beside ./test.sh or another checkout's run. Arguments name tests to run
# (a part of their name: ./faults.sh Broker); none runs them all.
# Settings: FAULTS_SECONDS (120), FAULTS_EVERY (30), FAULTS_CLIENTS (8), FAULTS_PAUSE_MS (0), FAULTS_SETTLE_SECONDS (600).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

deploy/local/servers.sh >&2
build/purge-shim.sh >&2

export FAULTS_SECONDS="${FAULTS_SECONDS:-120}" FAULTS_EVERY="${FAULTS_EVERY:-30}" FAULTS_CLIENTS="${FAULTS_CLIENTS:-8}"
export FAULTS_PAUSE_MS="${FAULTS_PAUSE_MS:-0}" FAULTS_SETTLE_SECONDS="${FAULTS_SETTLE_SECONDS:-600}"
FAULTS_REPORT="$(mktemp)"
export FAULTS_REPORT
trap 'rm -f "$FAULTS_REPORT"' EXIT

filter=()
if [ $# -gt 0 ]; then
  expression=""
  for name in "$@"; do expression="${expression:+$expression|}FullyQualifiedName~$name"; done
  filter=(--filter "$expression")
fi

status=0
dotnet test tests/FaultInjection.Tests -c Release --nologo "${filter[@]}" >&2 || status=$?
echo
echo "Fault injection: $FAULTS_SECONDS s of load per test, $FAULTS_CLIENTS clients, a fault every $FAULTS_EVERY s"
cat "$FAULTS_REPORT"
exit "$status"
