#!/usr/bin/env bash
# Two runs of the fault-injection tests at once on this machine, as when a developer's run meets CI's or two
# checkouts test together (docs/faults.md, "Several runs at once"): each must pass, which it can only do if neither
# stops or restarts the other's servers. Builds once, then starts FAULTS_RUNS (2) `dotnet test --no-build` processes
# with their own results directories, and prints each one's outcome and wall time. Arguments name tests (a part of
# their name, as for ./faults.sh); none runs them all. Exit code 0 when every run passed and left no server directory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

runs="${FAULTS_RUNS:-2}"
deploy/local/servers.sh >&2
build/purge-shim.sh >&2
dotnet build tests/FaultInjection.Tests -c Release --nologo -v q >&2

filter=()
if [ $# -gt 0 ]; then
  expression=""
  for name in "$@"; do expression="${expression:+$expression|}FullyQualifiedName~$name"; done
  filter=(--filter "$expression")
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
before="$(ls -d "${TMPDIR:-/tmp}"/socialtech-faults-* 2>/dev/null | sort || true)"
started="$(date +%s)"
pids=()
for i in $(seq 1 "$runs"); do
  (
    begin="$(date +%s)"
    status=0
    dotnet test tests/FaultInjection.Tests -c Release --no-build --nologo --results-directory "$out/run$i" "${filter[@]}" \
      >"$out/run$i.log" 2>&1 || status=$?
    echo "$status $(($(date +%s) - begin))" >"$out/run$i.result"
  ) &
  pids+=("$!")
done
wait "${pids[@]}"

failed=0
for i in $(seq 1 "$runs"); do
  read -r status seconds <"$out/run$i.result"
  summary="$(grep -E '(Passed|Failed)! +-' "$out/run$i.log" | tail -n 1 | sed 's/^ *//')"
  echo "run $i: exit $status in ${seconds} s: ${summary:-no summary}"
  if [ "$status" -ne 0 ]; then failed=1; tail -n 60 "$out/run$i.log"; fi
done
after="$(ls -d "${TMPDIR:-/tmp}"/socialtech-faults-* 2>/dev/null | sort || true)"
left="$(comm -13 <(echo "$before") <(echo "$after") | sed '/^$/d')"
if [ -n "$left" ]; then echo "left behind: $left"; failed=1; fi
echo "$runs runs at once: $(($(date +%s) - started)) s in all"
exit "$failed"
