#!/usr/bin/env bash
# Runs every check CI runs, on a fresh machine with only Node 20 and npm: installs what is needed,
# builds every package (the CLI's tests spawn the built binary), type-checks, runs `biome check`
# (lint, format and import order, exactly as `pnpm lint`), checks the package metadata, builds the
# API reference with typedoc warnings as errors, rehearses a release (publint --strict and attw on
# every packed package, install the tarballs into an empty project, import and bundle them; see
# scripts/release-dry-run.sh), then runs the whole vitest suite once (including the README runner,
# which executes every code block of every README) and ends with 'N passed, N failed, N skipped'.
set -euo pipefail
cd "$(dirname "$0")/.."
# No telemetry from our tools: turbo's notice and upload off (DO_NOT_TRACK is the common switch).
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
bash scripts/ensure-tools.sh --browser

echo "» building"
build_log=$(mktemp)
pnpm -r --workspace-concurrency=2 build >"$build_log" 2>&1 || { cat "$build_log"; exit 1; }
rm -f "$build_log"

# The checks below all run even when one fails, so one run shows every problem; the script fails
# at the end if any did. (The build above is the exception: everything after it needs it.)
failed_checks=()
check() {
  local name=$1
  shift
  echo "» $name"
  "$@" || failed_checks+=("$name")
}
check "type-checking" pnpm -r --workspace-concurrency=2 typecheck
check "type-checking scripts/" pnpm exec tsc -p scripts/tsconfig.json
check "biome check (lint, format, import order)" pnpm exec biome check .
check "package metadata" node scripts/package-metadata.mjs
check "API reference (typedoc, warnings are errors)" pnpm exec typedoc --treatWarningsAsErrors --logLevel Warn
check "release dry run" bash scripts/release-dry-run.sh

echo "» testing"
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile=.test-results.json || status=$?
if [[ ${#failed_checks[@]} -gt 0 ]]; then
  printf 'failed checks:\n' >&2
  printf '  %s\n' "${failed_checks[@]}" >&2
  status=1
fi
node -e '
const r = require("./.test-results.json");
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
if (r.numTotalTests === 0) { console.error("no tests ran"); process.exit(1); }
' || status=1
exit $status
