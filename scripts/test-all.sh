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
pnpm -r --workspace-concurrency=2 build >/dev/null
echo "» type-checking"
pnpm -r --workspace-concurrency=2 typecheck
echo "» biome check (lint, format, import order)"
pnpm exec biome check .
echo "» package metadata"
node scripts/package-metadata.mjs
echo "» API reference (typedoc, warnings are errors)"
pnpm exec typedoc --treatWarningsAsErrors --logLevel Warn
echo "» release dry run"
bash scripts/release-dry-run.sh

echo "» testing"
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile=.test-results.json || status=$?
node -e '
const r = require("./.test-results.json");
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
if (r.numTotalTests === 0) { console.error("no tests ran"); process.exit(1); }
' || status=1
exit $status
