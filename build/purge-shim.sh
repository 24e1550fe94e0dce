#!/usr/bin/env bash
# Until 2026-12 the package mirror lacked Patched.DistributedLock.Postgres 1.3.3 and this repository packed a
# metadata-only shim under that same id and version (docs/adr/0002, superseded). NuGet never re-downloads a version
# it has in its global packages folder, so a machine that once restored the shim would keep it and Marten's HotCold
# daemon would fail there. Remove the cached copy when, and only when, it is the shim. Every script that restores
# (test.sh, deploy/local/up.sh, bench.sh, faults.sh) runs this first; it is a no-op everywhere else.
set -euo pipefail
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
cached="$packages/patched.distributedlock.postgres/1.3.3"
if [ -f "$cached/patched.distributedlock.postgres.nuspec" ] &&
  grep -q 'Compatibility shim' "$cached/patched.distributedlock.postgres.nuspec"; then
  echo "[restore] removing the cached Patched.DistributedLock.Postgres shim ($cached); the real package replaces it" >&2
  rm -rf "$cached"
fi
