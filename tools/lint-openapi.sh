#!/usr/bin/env bash
# Lints every service's OpenAPI document and the gateway's merge of them with Spectral's `spectral:oas` rules
# (.spectral.yaml): any error fails, and so does any warning of the rules that mean a real defect (an example that
# breaks its own schema, an operationId twice, a path parameter undeclared). Other warnings are style: counted, shown.
# The documents come from the tests (Platform.Tests OpenApiDocumentsTests writes artifacts/openapi/*.json); run
# `dotnet test tests/Platform.Tests -c Release --filter OpenApiDocumentsTests` first, as ./test.sh does.
# Spectral is pinned in tools/openapi-lint/package.json (package-lock.json) and installed from npm on first use.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

documents=(artifacts/openapi/{actors,funding,labelling,networks,gateway}.json)
for document in "${documents[@]}"; do
  [[ -s "$document" ]] || { echo "lint-openapi: $document is missing: run the OpenApiDocumentsTests first" >&2; exit 1; }
done

if ! command -v npm >/dev/null; then
  echo "lint-openapi: npm is missing (Debian: apt-get install npm)" >&2
  exit 1
fi
tool=tools/openapi-lint
if [[ ! -x "$tool/node_modules/.bin/spectral" ]]; then
  # No install scripts: Spectral needs none, and one of its dependencies' would report the install to a third party.
  npm ci --prefix "$tool" --ignore-scripts --no-audit --no-fund --silent
fi

defects='operation-success-response|oas3-valid-media-example|oas3-valid-schema-example|oas2-valid-media-example|oas2-valid-schema-example|operation-operationId-unique|path-params|oas3-schema|oas3-unused-component|no-\$ref-siblings|duplicated-entry-in-enum|typed-enum'
status=0
for document in "${documents[@]}"; do
  report="$(mktemp)"
  "$tool/node_modules/.bin/spectral" lint --ruleset .spectral.yaml --format text --fail-severity error "$document" >"$report" || status=1
  # Text format: "file:line:col severity rule message path".
  errors=$(awk '$2 == "error"' "$report" | wc -l)
  real=$(awk -v d="^($defects)\$" '$2 == "warning" && $3 ~ d' "$report" | wc -l)
  style=$(awk -v d="^($defects)\$" '$2 == "warning" && $3 !~ d' "$report" | wc -l)
  printf '%s: %d errors, %d defect warnings, %d style warnings' "$document" "$errors" "$real" "$style"
  if ((style > 0)); then
    printf ' (%s)' "$(awk -v d="^($defects)\$" '$2 == "warning" && $3 !~ d { print $3 }' "$report" | sort | uniq -c | awk '{ printf "%s%s %d", sep, $2, $1; sep = ", " }')"
  fi
  printf '\n'
  if ((errors > 0 || real > 0)); then
    awk -v d="^($defects)\$" '$2 == "error" || ($2 == "warning" && $3 ~ d)' "$report" | head -n 40
    status=1
  fi
  rm -f "$report"
done
exit "$status"
