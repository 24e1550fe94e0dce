#!/usr/bin/env bash
# Packs the Patched.DistributedLock.Postgres shim into build/local-feed, the local feed nuget.config names.
# Restore of anything that uses Marten needs it first; test.sh and deploy/local/up.sh call this.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
feed="$root/build/local-feed"
if [ ! -f "$feed/Patched.DistributedLock.Postgres.1.3.3.nupkg" ]; then
  dotnet pack "$root/build/compat/Patched.DistributedLock.Postgres/Patched.DistributedLock.Postgres.csproj" \
    -c Release -o "$feed" --nologo -v quiet >/dev/null
fi
